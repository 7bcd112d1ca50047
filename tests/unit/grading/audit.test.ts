import { describe, expect, it } from "vitest";
import { upgradeAuditRecord, type AuditRecord } from "../../../src/grading/audit.js";

const groupId = `agr_${"0a".repeat(16)}`;

/** An audit record as a version before `groupDecisionVersion` stored it (no such field on any change). */
function storedRecord(changes: Record<string, unknown>[]): AuditRecord {
  return {
    gradeId: "grd_1",
    rubricId: "r",
    rubricVersion: "0123456789abcdef",
    promptVersion: "p",
    model: "openai:m",
    parameters: {},
    strategy: "all-criteria",
    samples: 1,
    attempts: [],
    usage: { inputTokens: 0, outputTokens: 0 },
    cost: { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null },
    flags: [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult: { criteria: [], totalPoints: null, feedback: "", explanation: "" },
    humanChanges: changes as AuditRecord["humanChanges"],
  };
}

const change = (action: string, reason: string, extra: Record<string, unknown> = {}) => ({
  at: "2026-01-01T00:00:00.000Z",
  action,
  reviewer: "Ms Lee",
  keyId: null,
  reason,
  criteria: [],
  comments: [],
  feedback: null,
  status: null,
  groupId: null,
  appealId: null,
  ...extra,
});

describe("an audit record stored before group decisions had their own field", () => {
  it("reads the teacher's reason alone, and the decision's version in groupDecisionVersion", () => {
    // Regression: the decision was written into the reason, "as graded (decision 2 on answer group agr_…)".
    const upgraded = upgradeAuditRecord(
      storedRecord([
        change("group", `as graded (decision 2 on answer group ${groupId})`, { groupId }),
        change("changed", "typo (decision 3 on answer group mine)"),
      ]),
    );
    expect(upgraded.humanChanges).toEqual([
      expect.objectContaining({ action: "group", reason: "as graded", groupId, groupDecisionVersion: 2 }),
      expect.objectContaining({
        action: "changed",
        reason: "typo (decision 3 on answer group mine)",
        groupDecisionVersion: null,
      }),
    ]);
  });

  it("leaves a reason as written when its ending names another group, and a current record as it is", () => {
    const other = `agr_${"1b".repeat(16)}`;
    const [kept] = upgradeAuditRecord(
      storedRecord([change("group", `see (decision 1 on answer group ${other})`, { groupId })]),
    ).humanChanges;
    expect(kept).toMatchObject({
      reason: `see (decision 1 on answer group ${other})`,
      groupDecisionVersion: null,
    });

    const current = storedRecord([
      change("group", `(decision 1 on answer group ${groupId})`, { groupId, groupDecisionVersion: 4 }),
    ]);
    expect(upgradeAuditRecord(current)).toBe(current);
  });
});
