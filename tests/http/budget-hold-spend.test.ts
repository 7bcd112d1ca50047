import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ModelCall } from "../../src/grading/ports.js";
import type { Clock } from "../../src/lib/clock.js";
import type { Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import {
  callCost,
  oneCallNoGrade,
  scriptedModelPrices,
  spendTestAnswer,
  twoCallsNoGrade,
} from "../helpers/spend-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The spend of a grade's calls while the grade runs: recorded on its budget hold after each call that more
 * calls follow (never on a one-call grade's path), so that a process that dies mid-grade leaves it to be
 * counted when its hold lapses; and a grade still running past midnight holds the new day's budget too.
 * Calls run one at a time here; every scripted call (100 input and 20 output tokens) costs 0.02 USD.
 */
const backends = storageBackends("the spend of grades in progress", "budget_hold_spend_http", "grader.db");
const reply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });

describe.each(backends)("the spend of a grade in progress, on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp | undefined;
  let model: ScriptedModel;
  let nowMs: number;
  const clock: Clock = {
    now: () => new Date(nowMs),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    model = createScriptedModel({ fallback: reply });
    nowMs = Date.UTC(2026, 10, 28, 10, 0, 0);
  });
  afterEach(async () => {
    await test?.close();
    test = undefined;
    await storage.close();
    await cleanup();
  });

  async function start(budgetUsd: number): Promise<TestApp> {
    test = await buildTestAppWithRubric({
      env: {
        GRADER_PRICES: scriptedModelPrices,
        GRADER_DAILY_BUDGET_USD: String(budgetUsd),
        GRADER_MAX_CONCURRENT_CALLS: "1",
        GRADER_LEASE_SECONDS: "60",
      },
      dependencies: { model, clock },
      storage,
    });
    return test;
  }
  const grade = (app: TestApp, body: Record<string, unknown> = {}) =>
    app.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: spendTestAnswer, ...body },
    });
  const usageTotal = async (app: TestApp) =>
    (await app.app.inject({ method: "GET", url: "/v1/usage?from=2026-11-01&to=2026-11-30" })).json().total;

  /**
   * The next model call answers only when the returned function is called (with a failure, or another
   * reply, if given).
   */
  function heldCall(): { arrived: () => boolean; end: (failure?: Error | string) => void } {
    let end!: (failure?: Error | string) => void;
    let arrived = false;
    model.enqueue(
      (call: ModelCall) =>
        new Promise<string>((resolve, reject) => {
          arrived = true;
          end = (failure) => (failure instanceof Error ? reject(failure) : resolve(failure ?? reply));
          call.signal?.addEventListener("abort", () => reject(call.signal?.reason as Error));
        }),
    );
    return { arrived: () => arrived, end: (failure) => end(failure) };
  }

  /**
   * Starts a two-sample grade whose first call answered and was recorded on its hold, while the second call
   * waits: the moment its process could die.
   */
  async function gradeWithFirstCallRecorded(app: TestApp) {
    const recordOnHold = vi.spyOn(storage.usage, "recordOnHold");
    model.enqueue(reply);
    const second = heldCall();
    const grading = grade(app, { samples: 2 });
    await vi.waitFor(() => expect(second.arrived()).toBe(true));
    await vi.waitFor(() => expect(recordOnHold).toHaveBeenCalledTimes(1));
    await recordOnHold.mock.results[0]!.value;
    return { second, grading };
  }

  /** Another process's admission once the lease has run out: it clears the lapsed hold. */
  async function admitAnotherGradeAfterTheLease(): Promise<void> {
    const later = new Date(nowMs + 5 * 60_000).toISOString();
    await storage.usage.admit(
      {
        id: "hld_other",
        tenantId: "default",
        day: "2026-11-28",
        model: "openai:scripted-model",
        amountUsd: 0,
        expiresAt: later,
      },
      later,
      () => false,
    );
  }

  it("leaves the spend of a dead process's calls to be counted when its hold lapses", async () => {
    // Regression: a process that died after the 1st of two samples had answered left only its hold's
    // worst case, which lapsed; the call it had paid for was counted nowhere.
    const app = await start(1);
    const { second, grading } = await gradeWithFirstCallRecorded(app);
    // The process dies here (its hold no longer renewed): another process's admission after the lease.
    await admitAnotherGradeAfterTheLease();
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
    // (The dead grade's own process ends here too, without storing: nothing more is counted.)
    second.end(new Error("the process is gone"));
    expect((await grading).statusCode).toBe(500);
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
  });

  it("shows a dead process's paid calls in the usage report once its hold lapsed, with no grade admitted since", async () => {
    // Regression: the lapsed hold's recorded usage reached the ledger only at the school's next admission;
    // a school that stopped grading never saw the calls in GET /v1/usage.
    const app = await start(1);
    const { second, grading } = await gradeWithFirstCallRecorded(app);
    // Still held (the grade may yet be stored with these calls): not in the report.
    expect((await usageTotal(app)).modelCalls).toBe(0);
    // The process dies here: its hold is no longer renewed, and after the lease it has lapsed.
    nowMs += 5 * 60_000;
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
    second.end(new Error("the process is gone"));
    expect((await grading).statusCode).toBe(500);
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
  });

  it("counts a stalled process's recorded call once when it wakes after its hold lapsed and stores the grade", async () => {
    // Regression: the lapse moved the 1st call's usage to the ledger, then the grade's store added all its
    // calls: the 1st call counted twice.
    const app = await start(1);
    const { second, grading } = await gradeWithFirstCallRecorded(app);
    // The process stalls a whole lease: another admission after it drops the hold, moving the 1st call.
    await admitAnotherGradeAfterTheLease();
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
    // It wakes: the 2nd call answers and the grade is stored with both calls.
    second.end();
    expect((await grading).statusCode).toBe(200);
    expect(await usageTotal(app)).toEqual({ ...twoCallsNoGrade, grades: 1 });
  });

  it("counts the calls a stalled process made after its hold lapsed when its grade then fails", async () => {
    // Regression: the settle found the lapsed hold gone and added nothing: the calls made after the lapse
    // (here the 2nd sample's unusable reply) were counted nowhere.
    const app = await start(1);
    const { second, grading } = await gradeWithFirstCallRecorded(app);
    nowMs += 5 * 60_000;
    expect(await usageTotal(app)).toEqual(oneCallNoGrade);
    // It wakes: the 2nd call answers unusably, and its repair fails at the provider.
    const repair = heldCall();
    second.end("not json");
    await vi.waitFor(() => expect(repair.arrived()).toBe(true));
    repair.end(new Error("the provider is gone"));
    expect((await grading).statusCode).toBe(500);
    expect(await usageTotal(app)).toEqual(twoCallsNoGrade);
  });

  it("records the spend of a reply that needs a repair before the repair, and counts the stored grade's calls once", async () => {
    const app = await start(1);
    const recordOnHold = vi.spyOn(storage.usage, "recordOnHold");
    model.enqueue("not json", reply);
    const graded = await grade(app);
    expect(graded.statusCode, graded.body).toBe(200);
    expect(recordOnHold).toHaveBeenCalledTimes(1);
    expect(recordOnHold.mock.calls[0]![1]).toMatchObject({ modelCalls: 1, costUsd: callCost });
    expect(await usageTotal(app)).toEqual({ ...twoCallsNoGrade, grades: 1 });
  });

  it("holds the new day's budget for a grade admitted before midnight and still running", async () => {
    // Regression: the hold counted only on the day of its admission; after midnight the new day's
    // admissions saw none, and every grade started then could spend as if nothing ran.
    nowMs = Date.UTC(2026, 10, 28, 23, 59, 50);
    // Less than one grade's worst case: a grade is admitted only while nothing else is held.
    const app = await start(callCost);
    const running = heldCall();
    const first = grade(app);
    await vi.waitFor(() => expect(running.arrived()).toBe(true));
    nowMs = Date.UTC(2026, 10, 29, 0, 0, 10);
    const next = await grade(app, { answer: "Light and water make sugar in the leaves." });
    expect(next.statusCode, next.body).toBe(429);
    expect(next.json().error).toMatchObject({
      code: "budget_exhausted",
      details: { day: "2026-11-29", spentUsd: 0, inProgressUsd: expect.any(Number) },
    });
    expect(next.json().error.details.inProgressUsd).toBeGreaterThan(0);
    running.end();
    expect((await first).statusCode).toBe(200);
  });
});
