import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/grading/errors.js";
import type { ClaimedJobItem, ItemOutcome } from "../../../src/grading/jobs.js";
import { createItemGrader } from "../../../src/jobs/grade-item.js";

/** How an item grader ends an item the daily budget refuses. */
const item: ClaimedJobItem = {
  jobId: "job_1",
  seq: 1,
  owner: { tenantId: "default", role: "admin", keyId: null },
  rubricId: "r",
  rubricVersion: "v",
  answer: "Plants make glucose.",
  studentId: "s-1",
  submissionId: null,
  attempts: 0,
  deferrals: 0,
  holder: "h",
};

function outcomeFor(refusal: Error, attempts = 0): Promise<ItemOutcome> {
  const grader = createItemGrader({
    queue: { settle: () => Promise.resolve(true), storedGrade: () => Promise.resolve(undefined) },
    grading: { grade: () => Promise.reject(refusal) },
    clock: { now: () => new Date("2026-12-03T12:00:00Z"), sleep: () => Promise.resolve() },
    logger: pino({ level: "silent" }),
    maxAttempts: 3,
    random: () => 0.5,
  });
  return grader.run({ ...item, attempts }).then((graded) => graded.outcome);
}

const refusal = (spentUsd: number, inProgressUsd: number) =>
  new AppError("budget_exhausted", {
    details: { tenantId: "default", budgetUsd: 1, spentUsd, inProgressUsd, day: "2026-12-03" },
    retryAfterSeconds: spentUsd >= 1 ? 43_200 : 5,
  });

describe("a job item the daily budget refuses", () => {
  it("waits, without using up an attempt, while grades in progress hold what is left of the budget", async () => {
    // Regression: 12 of 16 items of a job failed at once with 1% of the budget spent.
    const outcome = await outcomeFor(refusal(0.01, 0.99));
    expect(outcome).toMatchObject({ kind: "retry", countsAsAttempt: false, code: "budget_exhausted" });
    expect((outcome as { at: Date }).at.getTime()).toBeGreaterThanOrEqual(Date.parse("2026-12-03T12:00:05Z"));
  });

  it("fails once the budget is spent: a person must raise it, or wait for tomorrow and retry", async () => {
    expect(await outcomeFor(refusal(1, 0))).toMatchObject({ kind: "failed", code: "budget_exhausted" });
  });
});

describe("a job item whose grade meets another process's long write on the SQLite file (SQLITE_BUSY)", () => {
  it("waits and runs again without using up an attempt: the item is not at fault", async () => {
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    // Regression: counted as an attempt, the last attempt of an item that had failed before ended it
    // `failed` with internal_error because another process was writing.
    const outcome = await outcomeFor(busy, 2);
    expect(outcome).toMatchObject({ kind: "retry", countsAsAttempt: false, code: "server_busy" });
  });
});

describe("a job item whose grade meets a database that cannot store data (a full disk, a read-only file)", () => {
  it("waits and runs again without using up an attempt, whether the driver's error or the gate's", async () => {
    // Regression: counted as attempts (internal_error), items failed for good while space was freed.
    for (const refusal of [
      Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }),
      Object.assign(new Error("could not extend file"), { code: "53100" }),
      new AppError("storage_unavailable"),
    ]) {
      const outcome = await outcomeFor(refusal, 2);
      expect(outcome, refusal.message).toMatchObject({
        kind: "retry",
        countsAsAttempt: false,
        code: "storage_unavailable",
      });
    }
  });
});
