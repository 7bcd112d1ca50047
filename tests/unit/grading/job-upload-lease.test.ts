import { afterEach, describe, expect, it } from "vitest";
import type { Scope } from "../../../src/grading/access.js";
import { AppError } from "../../../src/grading/errors.js";
import { createJobService } from "../../../src/grading/job-service.js";
import type { GradingService } from "../../../src/grading/grading-service.js";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import { openStorage, type Storage } from "../../../src/storage/database.js";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";

/**
 * A job upload holds its Idempotency-Key while it is received, and renews that hold; an upload whose
 * process died (nothing renews it) frees the key within a lease, so that the client's retry is accepted
 * instead of answered 409 for an hour (regression: a SIGKILL mid-upload left the key stuck until the
 * hourly clean-up, every 409 saying `Retry-After: 2`).
 */

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
});

const scope: Scope = { tenantId: "default", role: "admin", keyId: "key_1", operator: false };
const validation = validateRubricDocument(scienceRubric);
if (!validation.ok) throw new Error("fixture rubric is invalid");
const rubric = validation.rubric;
const leaseMs = 30_000;
let nowMs = Date.UTC(2026, 11, 3, 9, 0, 0);

/** One process's job service over the shared storage and the test's clock. */
function processWith(renewEveryMs: number) {
  const grading = {
    gradableRubric: () => Promise.resolve({ rubric, createdAt: new Date(nowMs).toISOString() }),
    getRubric: () => Promise.resolve({ rubric, createdAt: new Date(nowMs).toISOString() }),
  } as unknown as Pick<GradingService, "gradableRubric" | "getRubric">;
  let counter = 0;
  const tag = Math.random().toString(36).slice(2, 6);
  return createJobService({
    jobsFor: (tenantId) => storage!.jobsFor(tenantId),
    grading,
    clock: { now: () => new Date(nowMs), sleep: () => Promise.resolve() },
    newId: (prefix) => `${prefix}_${tag}_${++counter}`,
    maxAnswerChars: 10_000,
    maxItems: 100,
    leases: { durationMs: leaseMs, renewEveryMs },
  });
}

const item = { answer: "Light and water.", studentId: null, submissionId: null };

async function heldKeyError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!AppError.isInstance(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("a job upload's hold on its Idempotency-Key", () => {
  it("is refused with Retry-After while the upload runs, and freed within a lease once its process is gone", async () => {
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    // The job is created against a stored rubric version (a deleted one is refused).
    await storage.forTenant("default").rubrics.save(rubric, new Date());
    // The first process starts an upload and dies: its heartbeat (an hour apart here) never renews it.
    const dying = processWith(3_600_000);
    const started = await dying.startJob(scope, {
      rubricId: rubric.id,
      source: "csv",
      idempotencyKey: "class-7b",
    });
    await started.add(item, "row 2");

    const other = processWith(3_600_000);
    nowMs += leaseMs - 1_000;
    const early = await heldKeyError(other.findByIdempotencyKey(scope, "class-7b"));
    expect(early.code).toBe("idempotency_key_in_use");
    expect(early.retryAfterSeconds).toBeGreaterThan(0);
    const earlyStart = await heldKeyError(
      other.startJob(scope, { rubricId: rubric.id, source: "csv", idempotencyKey: "class-7b" }),
    );
    expect(earlyStart.code).toBe("idempotency_key_in_use");

    nowMs += 2_000;
    // Lapsed: the retry finds no job under the key, and its own upload takes the key.
    expect(await other.findByIdempotencyKey(scope, "class-7b")).toBeUndefined();
    const retried = await other.startJob(scope, {
      rubricId: rubric.id,
      source: "csv",
      idempotencyKey: "class-7b",
    });
    await retried.add(item, "row 2");
    const job = await retried.finish("hash-of-the-upload");
    expect(job.status).toBe("queued");
    expect(job.counts.total).toBe(1);
    expect((await other.findByIdempotencyKey(scope, "class-7b"))?.job.id).toBe(job.id);
    // The dead upload's job and items are gone.
    expect(await storage.jobsFor("default").find(started.jobId)).toBeUndefined();
  });

  it("is taken over by startJob itself when the holder's lease lapsed", async () => {
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    // The job is created against a stored rubric version (a deleted one is refused).
    await storage.forTenant("default").rubrics.save(rubric, new Date());
    const dying = processWith(3_600_000);
    await dying.startJob(scope, { rubricId: rubric.id, source: "json", idempotencyKey: "k" });
    nowMs += leaseMs + 1;
    const other = processWith(3_600_000);
    const upload = await other.startJob(scope, { rubricId: rubric.id, source: "json", idempotencyKey: "k" });
    await upload.add(item, "answers[0]");
    expect((await upload.finish()).status).toBe("queued");
  });

  it("is never taken from an upload this process is still receiving, however far its clock jumps", async () => {
    // Regression: a jump forward made the upload's own lease look lapsed to its own process, and a retry
    // there deleted the job while it was received (its rows then went nowhere, and it was uploaded twice).
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    await storage.forTenant("default").rubrics.save(rubric, new Date());
    const one = processWith(3_600_000);
    const started = await one.startJob(scope, { rubricId: rubric.id, source: "csv", idempotencyKey: "jump" });
    await started.add(item, "row 2");
    nowMs += 3_600_000;
    expect((await heldKeyError(one.findByIdempotencyKey(scope, "jump"))).code).toBe("idempotency_key_in_use");
    const retry = await heldKeyError(
      one.startJob(scope, { rubricId: rubric.id, source: "csv", idempotencyKey: "jump" }),
    );
    expect(retry.code).toBe("idempotency_key_in_use");
    const job = await started.finish("hash-of-the-upload");
    expect(job).toMatchObject({ id: started.jobId, status: "queued", counts: { total: 1 } });
    expect((await one.findByIdempotencyKey(scope, "jump"))?.job.id).toBe(started.jobId);
  });

  it("is renewed while the upload runs, however long it takes", async () => {
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    // The job is created against a stored rubric version (a deleted one is refused).
    await storage.forTenant("default").rubrics.save(rubric, new Date());
    const slow = processWith(5);
    const started = await slow.startJob(scope, {
      rubricId: rubric.id,
      source: "csv",
      idempotencyKey: "long",
    });
    const other = processWith(3_600_000);
    for (let step = 0; step < 4; step++) {
      nowMs += leaseMs - 5_000;
      // Let the heartbeat renew at the new time.
      const renewedAt = nowMs;
      await expect
        .poll(async () => {
          const job = await storage!.jobsFor("default").findByIdempotencyKey(`key_1 long`);
          return job && new Date(job.updatedAt).getTime();
        })
        .toBe(renewedAt);
      expect((await heldKeyError(other.findByIdempotencyKey(scope, "long"))).code).toBe(
        "idempotency_key_in_use",
      );
    }
    await started.add(item, "row 2");
    expect((await started.finish()).status).toBe("queued");
  });
});
