import { request as httpRequest, type ClientRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import type { ModelCall } from "../../src/grading/ports.js";
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
 * The provider bills every call that answered, whatever then became of the grade. Regression: the calls
 * of a grade that failed (a provider error on a later sample, the client leaving mid-grade) were counted
 * only by /metrics: the usage report under-stated the bill, and once the grade's budget hold was freed the
 * daily budget counted them nowhere, so a tenant could spend past it by failing grades. Now their spend is
 * in the ledger (counting no grade) before the hold goes. Calls run one at a time here, so "the 2nd sample"
 * is the 2nd call; every scripted call (100 input and 20 output tokens) costs exactly 0.02 USD.
 */
const backends = storageBackends("the spend of failed grades", "failed_grade_spend", "grader.db");
const prices = scriptedModelPrices;
const answer = spendTestAnswer;
const reply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });

/** Replies a moment later, unless the call was aborted meanwhile: the real adapters then answer no reply. */
const replyUnlessAborted = async (call: ModelCall) => {
  await new Promise((resolve) => setImmediate(resolve));
  if (call.signal?.aborted) throw call.signal.reason as Error;
  return reply;
};

/** A call that never answers, but stops when its signal aborts, as the real adapters do. */
const hangsUntilAborted = (aborted: ModelCall[]) => (call: ModelCall) =>
  new Promise<string>((_, reject) => {
    call.signal?.addEventListener("abort", () => {
      aborted.push(call);
      reject(call.signal?.reason as Error);
    });
  });

describe.each(backends)("the spend of a grade that failed, on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp;
  let model: ScriptedModel;
  const clients: ClientRequest[] = [];
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    model = createScriptedModel({ fallback: replyUnlessAborted });
    test = await buildTestAppWithRubric({
      // One call's cost: the day is spent once one call is counted.
      env: {
        GRADER_PRICES: prices,
        GRADER_DAILY_BUDGET_USD: String(callCost),
        GRADER_MAX_CONCURRENT_CALLS: "1",
      },
      dependencies: { model },
      storage,
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await test.close();
    await storage.close();
    await cleanup();
  });

  const grade = (body: Record<string, unknown> = {}) =>
    test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, ...body },
    });
  const usage = async () => (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();

  /**
   * The day's budget is spent by what the ledger holds, and no hold of a grade in progress is left: the
   * next grade is refused before any call as "spent" (until midnight), not as held by grades in progress.
   */
  async function expectDaySpentAndNothingHeld(): Promise<void> {
    const callsBefore = model.calls.length;
    const next = await grade({ answer: "Another answer about light and glucose." });
    expect(next.statusCode, next.body).toBe(429);
    expect(next.json().error).toMatchObject({
      code: "budget_exhausted",
      details: { spentUsd: callCost, inProgressUsd: 0 },
    });
    expect(Number(next.headers["retry-after"])).toBeGreaterThan(5);
    expect(model.calls).toHaveLength(callsBefore);
  }

  it("counts the 1st sample's call when the 2nd sample's provider call fails", async () => {
    model.enqueue(reply, { throws: new AppError("provider_error") });
    const failed = await grade({ samples: 3 });
    expect(failed.statusCode, failed.body).toBe(502);
    expect(failed.json().error.code).toBe("provider_error");
    const report = await usage();
    expect(report.total).toEqual(oneCallNoGrade);
    expect(report.today).toMatchObject({ budgetUsd: callCost, spentUsd: callCost, remainingUsd: 0 });
    expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
    await expectDaySpentAndNothingHeld();
  });

  /** Sends a two-sample grade over real HTTP and closes the connection once both calls were made. */
  async function gradeOverHttpAndLeaveAfterTwoCalls(): Promise<void> {
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = test.app.server.address() as AddressInfo;
    const client = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/v1/grade",
      headers: { "content-type": "application/json" },
    });
    client.on("error", () => {});
    client.end(JSON.stringify({ rubricId: scienceRubric.id, answer, samples: 2 }));
    clients.push(client);
    await vi.waitFor(() => expect(model.calls).toHaveLength(2), { timeout: 30_000 });
    client.destroy();
  }

  it("counts the calls that answered before the client closed the connection", async () => {
    const aborted: ModelCall[] = [];
    model.enqueue(reply, hangsUntilAborted(aborted));
    await gradeOverHttpAndLeaveAfterTwoCalls();
    await vi.waitFor(() => expect(aborted).toHaveLength(1), { timeout: 30_000 });
    // The grade ends after its client left: its spend is written as it does.
    await vi.waitFor(async () => expect((await usage()).total).toEqual(oneCallNoGrade), { timeout: 30_000 });
    expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
    await expectDaySpentAndNothingHeld();
  });

  it("counts a call the client's leaving aborted while its reply streamed, as the provider reported it", async () => {
    // Regression: an aborted call reported no usage, though the provider had begun to answer and bills
    // it; the real adapters now report it (ModelCall.onUnansweredUsage), here 100 input and 20 output tokens.
    const aborted: ModelCall[] = [];
    model.enqueue(reply, (call: ModelCall) => {
      const hanging = hangsUntilAborted(aborted)(call);
      call.signal?.addEventListener("abort", () =>
        call.onUnansweredUsage?.({ inputTokens: 100, outputTokens: 20 }, "aborted"),
      );
      return hanging;
    });
    await gradeOverHttpAndLeaveAfterTwoCalls();
    await vi.waitFor(() => expect(aborted).toHaveLength(1), { timeout: 30_000 });
    await vi.waitFor(async () => expect((await usage()).total).toEqual(twoCallsNoGrade), { timeout: 30_000 });
    expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
  });

  it("counts the calls of a stored grade once, repairs included", async () => {
    const addSpendWithoutGrade = vi.spyOn(storage.usage, "addSpendWithoutGrade");
    model.enqueue("not json", reply);
    const graded = await grade();
    expect(graded.statusCode, graded.body).toBe(200);
    expect(addSpendWithoutGrade).not.toHaveBeenCalled();
    const report = await usage();
    expect(report.total).toEqual({ ...twoCallsNoGrade, grades: 1 });
  });

  it("counts the calls of a grade left unusable after its repair once, as the grade stored for review", async () => {
    const addSpendWithoutGrade = vi.spyOn(storage.usage, "addSpendWithoutGrade");
    model.enqueue("not json", "still not json");
    const graded = await grade();
    expect(graded.statusCode, graded.body).toBe(200);
    expect(graded.json()).toMatchObject({ status: "needs_review", flags: ["output_invalid"] });
    expect(addSpendWithoutGrade).not.toHaveBeenCalled();
    const report = await usage();
    expect(report.total).toMatchObject({ grades: 1, modelCalls: 2, costUsd: 2 * callCost });
  });
});
