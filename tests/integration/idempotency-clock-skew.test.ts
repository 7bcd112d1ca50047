import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { AppError } from "../../src/grading/errors.js";
import type { TenantStores } from "../../src/grading/ports.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An idempotency key in use answers how long to wait from the lease its holder wrote. The holder
 * writes that lease by its own clock; when its clock runs ahead of this process's (or this one was
 * set back), the difference is not time the holder needs.
 */
const scope = defaultOperatorScope;
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const command = { rubricId: scienceRubric.id, answer, studentId: "s-1" };

let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

describe("a key in use whose lease was written by a clock an hour ahead", () => {
  it("asks to retry within one lease, not an hour later", async () => {
    // Regression: Retry-After was the lease's expiry less this process's now, 3,600 s here: a client,
    // or a job item deferred behind the key (grade-item.ts waits that long), came back an hour after a
    // grade that took seconds.
    const real = await openStorage({ kind: "sqlite", path: ":memory:" });
    storage = real;
    const heldAhead = (stores: TenantStores): TenantStores => ({
      ...stores,
      idempotency: {
        ...stores.idempotency,
        claim: (_key, requestHash, lease) =>
          Promise.resolve({
            state: "in_progress" as const,
            requestHash,
            // A live holder's lease, written by a clock an hour ahead of this one.
            leaseExpiresAt: new Date(lease.now.getTime() + 3_600_000 + 30_000),
          }),
      },
    });
    const held: Storage = { ...real, forTenant: (tenantId) => heldAhead(real.forTenant(tenantId)) };
    const model = createScriptedModel({ fallback: allCriteriaReply({ inputs: 2, outputs: 1 }) });
    test = await buildTestApp({ dependencies: { model }, storage: held });
    const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(upload.statusCode).toBe(201);

    const refusal = await test.runtime.service.grade(scope, command, "submission-1").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(AppError.isInstance(refusal) && refusal.code).toBe("idempotency_key_in_use");
    const { retryAfterSeconds } = refusal as AppError;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The longest a live holder's lease can run by its own clock (GRADER_LEASE_SECONDS, 30 by default).
    expect(retryAfterSeconds).toBeLessThanOrEqual(test.runtime.config.leases.durationMs / 1000);
  });
});

describe("this process's clock jumps forward while it grades under a key", () => {
  it("answers a retry with the key in use, never a second model call, and then the first grade", async () => {
    // Regression: the claim's lease, renewed by this process, looked expired to the same process once its
    // clock jumped an hour ahead; a retry with the key took the claim over and called the model again
    // while the first attempt was still running.
    let offsetMs = 0;
    const clock = {
      now: () => new Date(Date.now() + offsetMs),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const reply = allCriteriaReply({ inputs: 2, outputs: 1 });
    let gradingCalls = 0;
    const model = createScriptedModel({
      fallback: async (call) => {
        if (call.task !== "screen-injection") {
          gradingCalls++;
          await gate;
        }
        return reply;
      },
    });
    test = await buildTestApp({ dependencies: { model, clock } });
    const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(upload.statusCode).toBe(201);
    const { service } = test.runtime;

    const first = service.grade(scope, command, "submission-1");
    first.catch(() => {});
    await vi.waitFor(() => expect(gradingCalls).toBe(1), { timeout: 30_000, interval: 5 });
    // The first attempt is still waiting for the model when the clock jumps past its lease.
    offsetMs = 3_600_000;
    const retry = service.grade(scope, command, "submission-1").then(
      () => undefined,
      (error: unknown) => error,
    );
    // Answered at once, without waiting for the first attempt (which waits for the model).
    const early = await Promise.race([
      retry,
      new Promise((resolve) => setTimeout(resolve, 1_000, "waiting")),
    ]);
    open();
    expect(AppError.isInstance(early) && early.code).toBe("idempotency_key_in_use");
    await retry;
    const graded = await first;
    expect(graded.replayed).toBe(false);
    expect(gradingCalls).toBe(1);
    const replay = await service.grade(scope, command, "submission-1");
    expect(replay).toMatchObject({ replayed: true, grade: { id: graded.grade.id } });
    expect(gradingCalls).toBe(1);
  });
});
