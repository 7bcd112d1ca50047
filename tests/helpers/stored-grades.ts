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
