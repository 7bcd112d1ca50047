import { afterEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { AppError } from "../../src/grading/errors.js";
import { createJobService } from "../../src/grading/job-service.js";
import type { ClaimedJobItem, JobStore } from "../../src/grading/jobs.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { systemClock } from "../../src/lib/clock.js";
import { newId } from "../../src/lib/ids.js";
import type { Storage } from "../../src/storage/database.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";

/**
 * A job's cancel and its retry of failed items decide on the job's status: each is checked again by the
 * store under the job's lock, so that a cancel, or the job's last item ending, committed after the
 * service read the job is not undone. The races are made deterministic by a store that lets the other
 * request commit between the service's read and its own write.
 */
const backends = storageBackends("job cancel races", "job_cancel_races", "grader.db");
const scope = defaultOperatorScope;
const owner = { tenantId: scope.tenantId, role: scope.role, keyId: scope.keyId };

describe.each(backends)("job cancel races: $name", ({ open }) => {
  let storage: Storage | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await storage?.close();
    await cleanup?.();
    storage = undefined;
    cleanup = undefined;
  });

  /** A queued job of `count` items. */
  async function queueJob(count: number): Promise<string> {
    const validation = validateRubricDocument(scienceRubric);
    if (!validation.ok) throw new Error("invalid test rubric");
    await storage!.forTenant(scope.tenantId).rubrics.save(validation.rubric, new Date());
    const store = storage!.jobsFor(scope.tenantId);
    const jobId = newId("job");
    const now = new Date();
    await store.create({
      id: jobId,
      owner,
      rubricId: scienceRubric.id,
      rubricVersion: validation.rubric.version,
      source: "json",
      now,
    });
    const items = Array.from({ length: count }, (_, index) => ({
      answer: `answer ${index + 1}`,
      studentId: null,
      submissionId: null,
    }));
    await store.appendItems(jobId, 1, items, now);
    await store.open(jobId, count, now);
    return jobId;
  }

  async function claimOne(): Promise<ClaimedJobItem> {
    const now = new Date();
    const [item] = await storage!.jobQueue.claim({
      holder: "worker",
      limit: 1,
      maxRunning: 100,
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    return item!;
  }

  /** The job service over `store`, as the runtime builds it (the grading side is not used here). */
  function serviceOver(store: JobStore) {
    return createJobService({
      jobsFor: () => store,
      grading: {
        gradableRubric: () => Promise.reject(new Error("not used")),
        getRubric: () => Promise.reject(new Error("not used")),
      },
      clock: systemClock,
      newId,
      maxAnswerChars: 10_000,
      maxItems: 100,
    });
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      if (AppError.isInstance(error)) return error.code;
      throw error;
    }
    return "not refused";
  }

  it("does not restart a job cancelled after the retry read it", async () => {
    // Regression: the retry checked "not cancelled" on the job it had read, then queued the failed items
    // and set the job `running` again: a teacher's cancel committed in between was undone, and its
    // failed items were graded after all.
    ({ storage, cleanup } = await open());
    const jobId = await queueJob(2);
    const failing = await claimOne();
    const failure = { kind: "failed" as const, code: "provider_error", message: "rejected" };
    expect(await storage.jobQueue.settle(failing, failing.holder, failure, new Date())).toBe(true);
    const store = storage.jobsFor(scope.tenantId);
    const cancelFirst: JobStore = {
      ...store,
      async retryFailed(...args) {
        await store.cancel(jobId, new Date());
        return store.retryFailed(...args);
      },
    };

    expect(await refusal(serviceOver(cancelFirst).retryFailed(scope, jobId))).toBe("job_finished");
    const job = await store.find(jobId);
    expect(job).toMatchObject({ status: "cancelled" });
    expect(job!.counts).toMatchObject({ total: 2, failed: 1, cancelled: 1, pending: 0 });
    const results = await store.results(jobId, 0, 10);
    expect(results.find((item) => item.seq === failing.seq)).toMatchObject({ state: "failed" });
  });

  it("does not cancel a job whose last item ended after the cancel read it", async () => {
    // Regression: the cancel checked "not completed" on the job it had read; the last item was settled
    // in between, and the completed job was marked `cancelled` with nothing cancelled.
    ({ storage, cleanup } = await open());
    const jobId = await queueJob(1);
    const last = await claimOne();
    const store = storage.jobsFor(scope.tenantId);
    const lastItemEndsFirst: JobStore = {
      ...store,
      async cancel(...args) {
        const failure = { kind: "failed" as const, code: "provider_error", message: "rejected" };
        expect(await storage!.jobQueue.settle(last, last.holder, failure, new Date())).toBe(true);
        return store.cancel(...args);
      },
    };

    expect(await refusal(serviceOver(lastItemEndsFirst).cancel(scope, jobId))).toBe("job_finished");
    const job = await store.find(jobId);
    expect(job).toMatchObject({ status: "completed" });
    expect(job!.counts).toMatchObject({ total: 1, failed: 1, cancelled: 0, pending: 0 });
  });

  it("keeps the first cancel's end when two cancels of one job run at once", async () => {
    // Regression: both cancels read the job running; the second, under the job's lock after the first
    // committed, cancelled it again and wrote its own, later finished_at over the first's.
    ({ storage, cleanup } = await open());
    const jobId = await queueJob(2);
    const store = storage.jobsFor(scope.tenantId);
    const first = new Date(Date.now() - 60_000);
    const otherCancelFirst: JobStore = {
      ...store,
      async cancel(...args) {
        expect(await store.cancel(jobId, first)).toBe(2);
        return store.cancel(...args);
      },
    };

    const answered = await serviceOver(otherCancelFirst).cancel(scope, jobId);
    expect(answered).toMatchObject({ status: "cancelled", finishedAt: first.toISOString() });
    const job = await store.find(jobId);
    expect(job).toMatchObject({ status: "cancelled", finishedAt: first.toISOString() });
    expect(job!.counts).toMatchObject({ total: 2, cancelled: 2, pending: 0 });
    // Each item ended once: one event apiece, none for the second cancel.
    expect((await store.events(jobId, 0, 10)).map((item) => [item.seq, item.state])).toEqual([
      [1, "cancelled"],
      [2, "cancelled"],
    ]);

    // A job whose running item ended after the cancel keeps that item's end too.
    const running = await queueJob(2);
    const item = await claimOne();
    expect(await store.cancel(running, first)).toBe(1);
    const ended = new Date(Date.now() - 30_000);
    const failure = { kind: "failed" as const, code: "provider_error", message: "rejected" };
    expect(await storage.jobQueue.settle(item, item.holder, failure, ended)).toBe(true);
    expect(await store.cancel(running, new Date())).toBe(0);
    expect(await store.find(running)).toMatchObject({ status: "cancelled", finishedAt: ended.toISOString() });
  });

  it("does not queue again an item that a cancel let finish and that ended to be retried", async () => {
    // Regression: a cancel ends the waiting items and lets running ones finish; one that then failed
    // with a passing fault (provider timeout, 429) was settled `queued` again, so the cancelled job
    // kept a pending item that any worker claimed and graded (a model call the teacher had cancelled),
    // and the job stayed unfinished until then.
    ({ storage, cleanup } = await open());
    const store = storage.jobsFor(scope.tenantId);
    const jobId = await queueJob(2);
    const item = await claimOne();
    expect(await store.cancel(jobId, new Date())).toBe(1);
    const ended = new Date();
    const retry = {
      kind: "retry" as const,
      at: ended,
      countsAsAttempt: true,
      code: "provider_timeout",
      message: "timed out",
    };
    expect(await storage.jobQueue.settle(item, item.holder, retry, ended)).toBe(true);

    const now = new Date(Date.now() + 60_000);
    const claimed = await storage.jobQueue.claim({
      holder: "other-worker",
      limit: 10,
      maxRunning: 100,
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    expect(claimed).toEqual([]);
    const job = await store.find(jobId);
    expect(job).toMatchObject({ status: "cancelled", finishedAt: ended.toISOString() });
    expect(job!.counts).toMatchObject({ total: 2, cancelled: 2, pending: 0 });
    expect((await store.events(jobId, 0, 10)).map((event) => [event.seq, event.state])).toEqual([
      [2, "cancelled"],
      [1, "cancelled"],
    ]);
  });
});
