import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TenantStores, TransactionStores } from "../../src/grading/ports.js";
import type { Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { callCost, oneCallNoGrade, scriptedModelPrices, spendTestAnswer } from "../helpers/spend-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestApp, buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Model calls that were made for a grade the service then refused to store are paid for all the same.
 * Regression: their tokens and cost were rolled back with the grade, so the usage report under-stated
 * the provider's bill and the daily budget never counted them (a tenant could spend past it by such
 * races). Now the spend is written to the ledger on its own after the grade's transaction failed,
 * counting no grade. Every scripted call (100 input and 20 output tokens) costs exactly 0.02 USD.
 */
const backends = storageBackends("the spend of grades not stored", "unstored_spend", "grader.db");
const prices = scriptedModelPrices;
const answer = spendTestAnswer;
const reply = () => allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });

describe.each(backends)("the spend of a grade refused at storing, on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp;
  let model: ScriptedModel;
  let logLines: Record<string, unknown>[];
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    model = createScriptedModel({ fallback: reply });
    logLines = [];
    const logged = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    test = await buildTestAppWithRubric({
      // One call's cost: the day is spent once one call is counted.
      env: { GRADER_PRICES: prices, GRADER_DAILY_BUDGET_USD: String(callCost) },
      dependencies: { model, logger: pino({ level: "info" }, logged) },
      storage,
    });
  });
  afterEach(async () => {
    await test.close();
    await storage.close();
    await cleanup();
  });

  const grade = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, ...body },
      headers,
    });

  /** The next model call waits for the returned function; resolves once the call has arrived. */
  async function holdingTheCall(grading: Promise<unknown>): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    model.enqueue(async () => {
      await released;
      return reply();
    });
    void grading;
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));
    return release;
  }

  /** The stores of each grade's transaction, changed by `change` (a failure injected at the store). */
  function changeStoreTransactions(change: (inner: TransactionStores) => TransactionStores): void {
    const forTenant = storage.forTenant.bind(storage);
    storage.forTenant = (tenantId): TenantStores => {
      const stores = forTenant(tenantId);
      return { ...stores, transaction: (work) => stores.transaction((inner) => work(change(inner))) };
    };
  }

  async function expectSpendCountedWithoutGrade(): Promise<void> {
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.total).toEqual(oneCallNoGrade);
    expect(usage.today).toMatchObject({ budgetUsd: callCost, spentUsd: callCost, remainingUsd: 0 });
    const listed = (await test.app.inject({ method: "GET", url: "/v1/grades" })).json();
    expect(listed.grades).toEqual([]);
    // The daily budget counts it: the day is spent, the next grade is refused before any call.
    const next = await grade({ answer: "Another answer about light and glucose." });
    expect(next.statusCode, next.body).toBe(429);
    expect(next.json().error.code).toBe("budget_exhausted");
    expect(model.calls).toHaveLength(1);
  }

  it("counts the calls of a grade whose student was erased while it was graded", async () => {
    const grading = grade({ studentId: "s-1" });
    const release = await holdingTheCall(grading);
    expect((await test.app.inject({ method: "DELETE", url: "/v1/students/s-1" })).statusCode).toBe(200);
    release();
    const refused = await grading;
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe("student_erased");
    await expectSpendCountedWithoutGrade();
  });

  it("counts the calls of a grade whose rubric was deleted while it was graded", async () => {
    const grading = grade({ studentId: "s-1" });
    const release = await holdingTheCall(grading);
    const deleted = await test.app.inject({ method: "DELETE", url: `/v1/rubrics/${scienceRubric.id}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    release();
    const refused = await grading;
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.json().error.code).toBe("rubric_not_found");
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.total).toEqual(oneCallNoGrade);
    expect(usage.today).toMatchObject({ spentUsd: callCost, remainingUsd: 0 });
    expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
  });

  it("counts the calls of a stalled request whose idempotency claim was taken over", async () => {
    // The claim was taken over while the calls ran: completing it fails, and the grade is rolled back.
    changeStoreTransactions((inner) => ({
      ...inner,
      idempotency: { ...inner.idempotency, complete: () => Promise.resolve(false) },
    }));
    const refused = await grade({}, { "idempotency-key": "stalled-1" });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe("idempotency_key_in_use");
    await expectSpendCountedWithoutGrade();
  });

  it("counts the calls of a grade the database failed to store", async () => {
    changeStoreTransactions((inner) => ({
      ...inner,
      grades: { ...inner.grades, insert: () => Promise.reject(new Error("disk I/O error")) },
    }));
    const failed = await grade();
    expect(failed.statusCode, failed.body).toBe(500);
    await expectSpendCountedWithoutGrade();
  });

  it("logs the figures at error level when the ledger cannot take them either, and answers the grade's error", async () => {
    changeStoreTransactions((inner) => ({
      ...inner,
      grades: { ...inner.grades, insert: () => Promise.reject(new Error("disk I/O error")) },
    }));
    // With a daily budget the spend settles the grade's hold.
    storage.usage.settleHold = () => Promise.reject(new Error("database is locked"));
    const failed = await grade({ studentId: "s-1" });
    expect(failed.statusCode, failed.body).toBe(500);
    expect(failed.json().error.code).toBe("internal_error");
    const errors = logLines.filter(
      (line) => line.level === 50 && String(line.msg).includes("could not be added to the usage ledger"),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        tenantId: "default",
        model: "openai:scripted-model",
        modelCalls: 1,
        inputTokens: 100,
        outputTokens: 20,
        costUsd: callCost,
        err: expect.objectContaining({ message: "database is locked" }),
      }),
    ]);
    // Figures and ids only: neither the answer nor the student.
    expect(JSON.stringify(logLines)).not.toContain("glucose");
    expect(JSON.stringify(errors)).not.toContain("s-1");
  });

  /** Every transaction commits, then its database call throws (the reply to COMMIT lost). */
  function reportCommitsAsFailed(): void {
    const forTenant = storage.forTenant.bind(storage);
    storage.forTenant = (tenantId): TenantStores => {
      const stores = forTenant(tenantId);
      return {
        ...stores,
        transaction: async (work) => {
          await stores.transaction(work);
          throw new Error("Connection terminated unexpectedly");
        },
      };
    };
  }

  it("counts a grade once when its store committed but was reported failed", async () => {
    // Regression: the commit went through, then the database call threw (a connection lost on the
    // reply to COMMIT): the grade was stored with its spend, and the spend was added again as that of a
    // grade not stored. Now the grade's transaction ends its budget hold, and that spend only settles a
    // hold still there.
    reportCommitsAsFailed();
    const failed = await grade();
    expect(failed.statusCode, failed.body).toBe(500);
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.total).toEqual({ ...oneCallNoGrade, grades: 1 });
    expect(usage.today).toMatchObject({ spentUsd: callCost });
  });

  it("counts a grade once when its store committed but was reported failed, for a school without a daily budget", async () => {
    // Regression: without a budget there is no hold for the grade's transaction to end, and the spend was
    // added again as that of a grade not stored: 2 calls and 0.04 USD in the usage report for one call.
    await test.close();
    test = await buildTestApp({ env: { GRADER_PRICES: prices }, dependencies: { model }, storage });
    reportCommitsAsFailed();
    const failed = await grade();
    expect(failed.statusCode, failed.body).toBe(500);
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.total).toEqual({ ...oneCallNoGrade, grades: 1 });
  });

  it("adds no ledger or hold write to a grade that is stored with its one call", async () => {
    // The grade's transaction adds its spend and ends its hold: nothing after it, nothing per call.
    const writes = [
      vi.spyOn(storage.usage, "addSpendWithoutGrade"),
      vi.spyOn(storage.usage, "settleHold"),
      vi.spyOn(storage.usage, "recordOnHold"),
      vi.spyOn(storage.usage, "releaseHold"),
      vi.spyOn(storage.usage, "keepHold"),
    ];
    const graded = await grade({ studentId: "s-1" });
    expect(graded.statusCode, graded.body).toBe(200);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.total).toEqual({ ...oneCallNoGrade, grades: 1 });
  });
});
