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

  /**
   * A whole cancel as the service makes it: the job marked, then its waiting items cancelled chunk by
   * chunk. Returns how many items it cancelled, or what the mark answered when it marked nothing.
   */
  async function cancelAll(store: JobStore, jobId: string, now: Date, chunk = 1_000) {
    const marked = await store.cancel(jobId, now);
    if (marked !== "marked") return marked;
    let cancelled = 0;
    for (let afterSeq: number | null = 0; afterSeq !== null;) {
      const step = await store.cancelWaitingItems(jobId, afterSeq, chunk, now);
      cancelled += step.cancelled;
      afterSeq = step.throughSeq;
    }
    return cancelled;
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
    return createJobService(serviceDependencies(store));
  }

  function serviceDependencies(store: JobStore) {
    return {
      jobsFor: () => store,
      grading: {
        gradableRubric: () => Promise.reject(new Error("not used")),
        getRubric: () => Promise.reject(new Error("not used")),
      },
      clock: systemClock,
      newId,
      maxAnswerChars: 10_000,
      maxItems: 100,
    };
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
        await cancelAll(store, jobId, new Date());
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
        expect(await cancelAll(store, jobId, first)).toBe(2);
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
    expect(await cancelAll(store, running, first)).toBe(1);
    const ended = new Date(Date.now() - 30_000);
    const failure = { kind: "failed" as const, code: "provider_error", message: "rejected" };
    expect(await storage.jobQueue.settle(item, item.holder, failure, ended)).toBe(true);
    expect(await cancelAll(store, running, new Date())).toBe("cancelled");
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
    expect(await cancelAll(store, jobId, new Date())).toBe(1);
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

  it("starts no item of a job marked cancelled, on either engine's claim, before its items are reached", async () => {
    // A cancel marks the job, then cancels its waiting items in chunks: in between they still read
    // `queued`, and neither the embedded claim nor a BullMQ message's claim of one item may start them.
    ({ storage, cleanup } = await open());
    const store = storage.jobsFor(scope.tenantId);
    const cancelled = await queueJob(3);
    const other = await queueJob(1);
    expect(await store.cancel(cancelled, new Date())).toBe("marked");
    expect(await store.find(cancelled)).toMatchObject({ status: "cancelled", finishedAt: null });

    const now = new Date();
    const leaseUntil = new Date(now.getTime() + 60_000);
    const claimed = await storage.jobQueue.claim({
      holder: "worker",
      limit: 10,
      maxRunning: 100,
      now,
      leaseUntil,
    });
    expect(claimed.map((item) => item.jobId)).toEqual([other]);
    const named = await storage.jobQueue.claimItem({
      jobId: cancelled,
      seq: 2,
      holder: "bullmq-worker",
      maxRunning: 100,
      now,
      leaseUntil,
    });
    expect(named).toEqual({ kind: "done" });
    // Nor are they handed out to be dispatched, nor waited for by an idle runner.
    expect(await storage.jobQueue.queuedItems(cancelled, 0, 10)).toEqual([]);
    const overdue = await storage.jobQueue.overdueItems({
      queuedBefore: new Date(now.getTime() + 1_000),
      leaseExpiredBefore: now,
      limit: 10,
    });
    expect(overdue).toEqual([]);
    // The one item due next is the other job's, when its lease runs out.
    expect(await storage.jobQueue.nextDueAt()).toEqual(leaseUntil);
  });

  it("counts every item once while a cancel goes chunk by chunk, and finishes one cut short", async () => {
    ({ storage, cleanup } = await open());
    const store = storage.jobsFor(scope.tenantId);
    const jobId = await queueJob(5);
    const first = new Date(Date.now() - 60_000);
    expect(await store.cancel(jobId, first)).toBe("marked");
    expect(await store.cancelWaitingItems(jobId, 0, 2, first)).toEqual({ cancelled: 2, throughSeq: 2 });
    // The process stops here. What a client reads meanwhile adds up: nothing both pending and cancelled.
    const midway = await store.find(jobId);
    expect(midway).toMatchObject({ status: "cancelled", finishedAt: null });
    expect(midway!.counts).toEqual({
      total: 5,
      graded: 0,
      needsReview: 0,
      failed: 0,
      cancelled: 2,
      pending: 3,
    });
    expect(await storage.jobQueue.unfinishedCancellations(10)).toEqual([{ tenantId: scope.tenantId, jobId }]);

    // Another process (or this one started again) finishes it.
    const service = createJobService({
      ...serviceDependencies(store),
      unfinishedCancellations: (limit) => storage!.jobQueue.unfinishedCancellations(limit),
      cancelChunkItems: 2,
    });
    expect(await service.finishCutCancellations()).toBe(1);
    const job = await store.find(jobId);
    expect(job!.status).toBe("cancelled");
    expect(job!.finishedAt).not.toBeNull();
    expect(job!.counts).toMatchObject({ total: 5, cancelled: 5, pending: 0 });
    expect((await store.events(jobId, 0, 10)).map((item) => [item.eventId, item.seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(await storage.jobQueue.unfinishedCancellations(10)).toEqual([]);
    expect(await service.finishCutCancellations()).toBe(0);
  });

  it("cancels each item once when cancels of one job run at once, chunk by chunk", async () => {
    ({ storage, cleanup } = await open());
    const store = storage.jobsFor(scope.tenantId);
    const jobId = await queueJob(7);
    const service = createJobService({ ...serviceDependencies(store), cancelChunkItems: 2 });
    const answers = await Promise.all([service.cancel(scope, jobId), service.cancel(scope, jobId)]);
    for (const answer of answers) {
      expect(answer.counts).toMatchObject({ total: 7, cancelled: 7, pending: 0 });
      expect(answer.finishedAt).not.toBeNull();
    }
    const events = await store.events(jobId, 0, 20);
    expect(events.map((item) => item.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(events.map((item) => item.eventId)).size).toBe(7);
    // A third, after the end, changes nothing.
    const again = await service.cancel(scope, jobId);
    expect(again.finishedAt).toBe(answers[0].finishedAt);
    expect(await store.events(jobId, 0, 20)).toHaveLength(7);
  });
});
