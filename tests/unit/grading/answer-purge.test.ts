import { describe, expect, it } from "vitest";
import { scrubPurgedGrade, unlinkErasedSource } from "../../../src/grading/answer-purge.js";
import type { AuditRecord } from "../../../src/grading/audit.js";
import type { StoredGrade } from "../../../src/grading/grade.js";

const quote = "chlorophyll traps the light";

const grade: StoredGrade = {
  id: "grd_1",
  rubricId: "r",
  rubricVersion: "v1",
  studentId: "s-1",
  submissionId: null,
  groupId: null,
  review: null,
  status: "needs_review",
  flags: ["evidence_unverified", "injection_suspected"],
  criteria: [
    {
      criterionId: "inputs",
      points: 2,
      maxPoints: 2,
      rationale: "Names the inputs.",
      evidence: [quote],
      confidence: 1,
      comment: null,
    },
  ],
  totalPoints: 2,
  maxPoints: 2,
  feedback: "Well explained.",
  explanation: "All inputs named.",
  gradedBy: "model",
  model: "openai:m",
  usage: { inputTokens: 10, outputTokens: 5 },
  cached: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
};

const audit: AuditRecord = {
  gradeId: "grd_1",
  rubricId: "r",
  rubricVersion: "v1",
  promptVersion: "p",
  model: "openai:m",
  parameters: { temperature: 0 },
  strategy: "all-criteria",
  samples: 1,
  attempts: [
    {
      task: "grade-all-criteria",
      sample: 0,
      criterionId: null,
      repair: false,
      startedAt: "2026-01-01T00:00:00.000Z",
      latencyMs: 3,
      rawReply: `The answer says ${quote}`,
      finishReason: "stop",
      usage: { inputTokens: 10, outputTokens: 5 },
      problems: [
        `the reply is not valid JSON (Unexpected token 'T', "The answer says ${quote}" is not valid JSON)`,
      ],
      providerRetries: [],
    },
  ],
  usage: { inputTokens: 10, outputTokens: 5 },
  cost: { currency: "USD", amount: 0.001, inputPerMillionTokens: 1, outputPerMillionTokens: 1 },
  flags: [
    {
      code: "evidence_unverified",
      requiresReview: true,
      criterionId: "inputs",
      reason: `2 points need checking: quotes not found in the answer: "${quote} \\"exactly\\"".`,
    },
    { code: "injection_suspected", requiresReview: true, reason: `Model screen: the student wrote ${quote}` },
  ],
  screening: {
    findings: [{ technique: "grader-address", reason: "The answer addresses the grader.", excerpt: quote }],
    removedCharacters: [{ kind: "zero-width", count: 2 }],
    modelScreen: { injection: true, reasoning: `It says ${quote}` },
  },
  cachedFrom: null,
  modelResult: {
    criteria: grade.criteria,
    totalPoints: 2,
    feedback: "Well explained.",
    explanation: "All inputs named.",
  },
  humanChanges: [
    {
      at: "2026-01-02T00:00:00.000Z",
      reviewer: "Ms Smith",
      reason: "Checked.",
      criteria: [{ criterionId: "inputs", from: 2, to: 2 }],
      action: "changed",
      keyId: null,
      comments: [],
      feedback: null,
      status: null,
      groupId: null,
      groupDecisionVersion: null,
      appealId: null,
    },
  ],
};

describe("a grade whose answer is purged", () => {
  it("keeps no quote of the answer and keeps everything else", () => {
    const scrubbed = scrubPurgedGrade({ grade, audit });
    expect(JSON.stringify(scrubbed)).not.toContain(quote);
    expect(scrubbed.grade).toEqual({ ...grade, criteria: [{ ...grade.criteria[0]!, evidence: [] }] });
    expect(scrubbed.audit.attempts[0]).toMatchObject({
      rawReply: null,
      usage: audit.attempts[0]!.usage,
      latencyMs: 3,
    });
    expect(scrubbed.audit.attempts[0]!.problems[0]).toContain("is not valid JSON");
    expect(scrubbed.audit.flags.map((flag) => [flag.code, flag.requiresReview, flag.criterionId])).toEqual(
      audit.flags.map((flag) => [flag.code, flag.requiresReview, flag.criterionId]),
    );
    expect(scrubbed.audit.flags[0]!.reason).toBe(
      '2 points need checking: quotes not found in the answer: "[purged]".',
    );
    expect(scrubbed.audit.flags[1]!.reason).toBe("Model screen: [purged]");
    expect(scrubbed.audit.screening).toEqual({
      findings: [{ technique: "grader-address", reason: "The answer addresses the grader.", excerpt: "" }],
      removedCharacters: audit.screening.removedCharacters,
      modelScreen: { injection: true, reasoning: "" },
    });
    expect(scrubbed.audit.modelResult).toMatchObject({ totalPoints: 2, feedback: "Well explained." });
    expect(scrubbed.audit.humanChanges).toEqual(audit.humanChanges);
    expect(scrubbed.audit.cost).toEqual(audit.cost);
    // The stored documents are not changed in place.
    expect(grade.criteria[0]!.evidence).toEqual([quote]);
    expect(audit.attempts[0]!.rawReply).toContain(quote);
  });
});

describe("a copy of an erased grade", () => {
  it("keeps its grade and says its source was erased instead of naming it", () => {
    const copy = {
      grade: { ...grade, cached: true },
      audit: { ...audit, attempts: [], cachedFrom: "grd_erased" },
    };
    const unlinked = unlinkErasedSource(copy);
    expect(unlinked.grade).toBe(copy.grade);
    expect(unlinked.audit).toEqual({ ...copy.audit, cachedFrom: null, cachedFromErased: true });
  });
});
