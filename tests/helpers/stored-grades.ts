import type { AuditRecord } from "../../src/grading/audit.js";
import type { StoredGrade } from "../../src/grading/grade.js";
import { newId } from "../../src/lib/ids.js";

/**
 * A stored grade of the science rubric as the storage tests insert it: graded by the model, one
 * criterion, no student and no review unless `overrides` say so.
 */
export function storedGradeFixture(overrides: Partial<StoredGrade> = {}): StoredGrade {
  const at = "2026-11-28T10:00:00.000Z";
  return {
    id: newId("grd"),
    rubricId: "photosynthesis-basics",
    rubricVersion: "v1",
    studentId: null,
    submissionId: null,
    groupId: null,
    review: null,
    status: "graded",
    flags: [],
    criteria: [
      {
        criterionId: "inputs",
        points: 1,
        maxPoints: 2,
        rationale: "",
        evidence: [],
        confidence: null,
        comment: null,
      },
    ],
    totalPoints: 1,
    maxPoints: 2,
    feedback: "",
    explanation: "",
    gradedBy: "model",
    model: "openai:test",
    usage: { inputTokens: 1, outputTokens: 1 },
    cached: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/** The audit record of a grade stored as one before a rule was added: nothing screened, no change. */
export function storedAuditFixture(grade: StoredGrade): AuditRecord {
  return {
    gradeId: grade.id,
    rubricId: grade.rubricId,
    rubricVersion: grade.rubricVersion,
    promptVersion: "p",
    model: grade.model,
    parameters: {},
    strategy: "all-criteria",
    samples: 1,
    attempts: [],
    usage: grade.usage,
    cost: { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null },
    flags: [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult: { criteria: [], totalPoints: grade.totalPoints, feedback: "", explanation: "" },
    humanChanges: [],
  };
}
