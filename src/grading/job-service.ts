import { quoteShown } from "../lib/code-points.js";
import { clientIdempotencyKey, type Scope } from "./access.js";
import { AppError } from "./errors.js";
import { checkAnswerText } from "./grade-answer.js";
import type { GradingService } from "./grading-service.js";
import type { Job, JobItem, JobItemResult, JobSource, JobStore, NewJobItem } from "./jobs.js";
import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import { defaultLeaseSettings, type LeaseSettings } from "./lease-settings.js";

/** Item numbers a job does not have named in a retry's refusal (the rest are counted). */
const maxListedUnknownItems = 100;

/**
 * Batch jobs' use cases: accept a job (its items written before it is accepted), read its progress,
 * results and events, cancel it, retry its failed items. The queue (jobs/) grades the items.
 */

export interface JobServiceDependencies {
  jobsFor: (tenantId: string) => JobStore;
  grading: Pick<GradingService, "gradableRubric" | "getRubric"> &
    Partial<Pick<GradingService, "checkWithinBudget">>;
  clock: Clock;
  newId: (prefix: string) => string;
  maxAnswerChars: number;
  /** Most items one job may have (GRADER_MAX_JOB_ITEMS). */
  maxItems: number;
  /**
   * Told when a job was handed to the queue (or its failed items were queued again), so that a worker
   * in this process starts at once, or a distributed queue dispatches the job's items.
   */
  onJobQueued?: (jobId: string) => void;
  /**
   * True when a new job for this rubric version must wait for calibration (the tenant requires a
   * passing calibration and none exists). Asked when an upload finishes; absent: never held.
   */
  mustAwaitCalibration?: (scope: Scope, rubricId: string, rubricVersion: string) => Promise<boolean>;
  /** The calibration of this rubric version that meets the requirement now, if any. */
  passingCalibration?: (scope: Scope, rubricId: string, rubricVersion: string) => Promise<string | null>;
  /**
   * An upload renews its job every `renewEveryMs` while it is received; one not renewed for `durationMs`
   * was left by a process that died, and its Idempotency-Key is free again. Default: 30 s, renewed every 10 s.
   */
  leases?: Pick<LeaseSettings, "durationMs" | "renewEveryMs">;
  /**
   * Cancelled jobs (of any tenant) whose waiting items a process that died had not all cancelled yet;
   * `finishCutCancellations` finishes them. Absent: none is looked for.
   */
  unfinishedCancellations?: (limit: number) => Promise<{ tenantId: string; jobId: string }[]>;
  /** Items a cancel looks at per transaction (default 1,000); the event loop turns between chunks. */
  cancelChunkItems?: number;
}

/**
 * An upload being received: items are checked and written in chunks as they come (a 50,000-row CSV
 * is never held in memory), and the job reaches the queue only at `finish`. Any failure discards it.
 */
export interface JobUpload {
  readonly jobId: string;
  /**
   * Checks and adds one item; `where` names it in errors as a validation error would (`body.answers[3]`, `row 5`). Throws
   * `invalid_request`, `answer_too_long` or `payload_too_large` naming the item; the caller must
   * then `abort`.
   */
  add(item: NewJobItem, where: string): Promise<void>;
  /**
   * Writes what is left and queues the job, recording the hash of the request that made it (compared
   * when the same Idempotency-Key comes again). Throws `invalid_request` for a job without items.
   */
  finish(requestHash?: string): Promise<Job>;
  /** Deletes the job and whatever was written of it. Safe to call after a failed `finish`. */
  abort(): Promise<void>;
}

/**
 * `Retry-After` of the 409 `calibration_running` refusing to cancel a calibration's job (as a read of a
 * calibration still being graded says).
 */
const calibrationJobPollSeconds = 5;

/** Items written per round trip while an upload is received. */
const chunkSize = 500;

/**
 * Items a cancel looks at per transaction: a few milliseconds of SQLite's synchronous work. Cancelling
 * 100,000 items in one statement held the event loop for about half a second.
 */
const defaultCancelChunkItems = 1_000;

/** Cut-short cancellations finished per pass of `finishCutCancellations`. */
const cutCancellationsPerPass = 100;

/** Lets requests waiting for the event loop go before the next chunk of a long piece of work. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type JobService = ReturnType<typeof createJobService>;

export function createJobService(dependencies: JobServiceDependencies) {
  const { jobsFor, clock } = dependencies;
  const leases = dependencies.leases ?? defaultLeaseSettings;
  /** The jobs this instance is receiving now (from `startJob` to `finish` or `abort`). */
  const receivingHere = new Set<string>();

  /**
   * Whether the `receiving` job under a key was left by a process that died (not renewed for a lease);
   * if so it is deleted, so that the key is free for the request that asks.
   */
  async function discardedAsAbandoned(store: JobStore, found: { jobId: string; updatedAt: string }) {
    // Received by this process now: alive, whatever the clock says (a jump forward made its own lease
    // look lapsed, and a retry deleted the upload while it was received).
    if (receivingHere.has(found.jobId)) return false;
    const lapsedBefore = new Date(clock.now().getTime() - leases.durationMs);
    if (new Date(found.updatedAt) >= lapsedBefore) return false;
    return store.discardIfAbandoned(found.jobId, lapsedBefore);
  }

  const stillReceiving = () =>
    new AppError("idempotency_key_in_use", {
      message: "A job upload with this Idempotency-Key is still being received; retry shortly.",
      retryAfterSeconds: 2,
    });

  const cancelChunkItems = dependencies.cancelChunkItems ?? defaultCancelChunkItems;

  /**
   * Cancels the waiting items of a job already marked cancelled, a chunk at a time with a turn of the
   * event loop between chunks; the last chunk records the job's end when nothing runs. Safe to run twice
   * at once (a repeated cancel, a reconcile): each chunk cancels under the job's lock what still waits.
   */
  async function cancelWaitingItems(store: JobStore, jobId: string): Promise<void> {
    let afterSeq = 0;
    for (;;) {
      const { throughSeq } = await store.cancelWaitingItems(jobId, afterSeq, cancelChunkItems, clock.now());
      if (throughSeq === null) return;
      afterSeq = throughSeq;
      await nextTurn();
    }
  }

  /** A job the scope may read: its tenant's, and for a `service` key only the jobs it created. */
  async function requireJob(scope: Scope, id: string): Promise<Job> {
    const job = await jobsFor(scope.tenantId).find(id);
    if (!job || (scope.role === "service" && job.submittedBy !== scope.keyId)) {
      throw new AppError("job_not_found", { message: `No job with id ${quoteShown(id)}.` });
    }
    return job;
  }

  const service = {
    /**
     * Starts receiving a job for the rubric's pinned or current version (every item is graded with
     * that version, even if a new one is uploaded meanwhile). Throws `rubric_not_found`, `rubric_archived`.
     */
    async startJob(
      scope: Scope,
      request: {
        rubricId: string;
        rubricVersion?: string;
        source: JobSource;
        /** An id chosen before the job exists (an integration's submissions carry it). */
        jobId?: string;
        /** The client's Idempotency-Key: a second job with it is refused (`idempotency_key_in_use`). */
        idempotencyKey?: string;
      },
    ): Promise<JobUpload> {
      const { rubric } = await dependencies.grading.gradableRubric(
        scope,
        request.rubricId,
        request.rubricVersion,
        request.source === "csv"
          ? "querystring.rubricVersion"
          : request.source === "json"
            ? "body.rubricVersion"
            : undefined,
      );
      // An upload is refused whole, before anything is written, when every grade would be over the budget
      // (a setting changed since the rubric was accepted). A webhook's submission is not refused: it
      // fails visibly, item by item, and its LMS is told.
      if (request.source !== "webhook") dependencies.grading.checkWithinBudget?.(rubric);
      const store = jobsFor(scope.tenantId);
      const jobId = request.jobId ?? dependencies.newId("job");
      const idempotencyKey =
        request.idempotencyKey !== undefined
          ? clientIdempotencyKey(scope, request.idempotencyKey)
          : undefined;
      const create = () =>
        store.create({
          id: jobId,
          owner: { tenantId: scope.tenantId, role: scope.role, keyId: scope.keyId },
          rubricId: rubric.id,
          rubricVersion: rubric.version,
          source: request.source,
          now: clock.now(),
          ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        });
      let created = await create();
      if (created === "key_taken" && idempotencyKey !== undefined) {
        // The key is held: by an upload still running (refused), or by one whose process died.
        const holder = await store.findByIdempotencyKey(idempotencyKey);
        if (holder?.status === "receiving" && (await discardedAsAbandoned(store, holder)))
          created = await create();
      }
      if (created === "rubric_gone") {
        throw new AppError("rubric_not_found", {
          message: `Rubric ${quoteShown(rubric.id)} was deleted while the job was created; nothing was stored.`,
        });
      }
      if (created !== "created") throw stillReceiving();
      receivingHere.add(jobId);
      // Renewed while it is received, so that a retry after this process dies finds the key free within
      // a lease, while a retry during the upload is refused.
      const heartbeat = startHeartbeat(leases.renewEveryMs, () => store.renewReceiving(jobId, clock.now()));
      let buffered: NewJobItem[] = [];
      let written = 0;
      const flush = async () => {
        if (buffered.length === 0) return;
        const chunk = buffered;
        buffered = [];
        await store.appendItems(jobId, written + 1, chunk, clock.now());
        written += chunk.length;
        // Requests waiting for the event loop go between chunks: SQLite writes synchronously, and the
        // chunks of a JSON job (its body already read) follow each other without a turn of the loop, so
        // 100,000 answers were written in one stretch of about a second in which the process answered
        // nothing else (grades, event streams, health checks).
        await nextTurn();
      };
      return {
        jobId,
        async add(item, where) {
          if (written + buffered.length >= dependencies.maxItems) {
            throw new AppError("payload_too_large", {
              message: `${where}: a job takes at most ${dependencies.maxItems} answers (GRADER_MAX_JOB_ITEMS); split the upload.`,
              details: [{ path: where, message: `beyond the limit of ${dependencies.maxItems} answers` }],
            });
          }
          checkAnswerText(item.answer, dependencies.maxAnswerChars, `${where}.answer`);
          buffered.push(item);
          if (buffered.length >= chunkSize) await flush();
        },
        async finish(requestHash) {
          try {
            heartbeat.stop();
            await flush();
            if (written === 0) {
              // Named as the request holds its answers: the JSON body's list, or the CSV file.
              const field = request.source === "csv" ? "file" : "body.answers";
              throw new AppError("invalid_request", {
                message: `${field}: a job needs at least one answer.`,
                details: [{ path: field, message: "must not be empty" }],
              });
            }
            // A calibration's own job is never held: it is how a version earns its calibration. Integration
            // submissions come through here too (enqueueOnce), so they are held like uploads.
            const hold =
              request.source !== "calibration" &&
              (await dependencies.mustAwaitCalibration?.(scope, rubric.id, rubric.version)) === true;
            await store.open(jobId, written, clock.now(), requestHash, hold);
            if (!hold) dependencies.onJobQueued?.(jobId);
            // A calibration that landed passing between the check and the open released the jobs held
            // then, not this one: release it as that calibration would have.
            const passing = hold
              ? await dependencies.passingCalibration?.(scope, rubric.id, rubric.version)
              : null;
            if (passing) {
              await service.releaseForCalibration(scope, {
                rubricId: rubric.id,
                rubricVersion: rubric.version,
                calibrationId: passing,
              });
            }
            return requireJob(scope, jobId);
          } finally {
            // Opened (or failed, and then aborted by its caller): no longer received here.
            receivingHere.delete(jobId);
          }
        },
        async abort() {
          heartbeat.stop();
          receivingHere.delete(jobId);
          buffered = [];
          await store.discard(jobId);
        },
      };
    },

    getJob: requireJob,

    /**
     * Queues a job held in `awaiting_calibration`, recording the caller's key and the time.
     * Throws `job_not_found`, `job_not_held` (any other status).
     */
    async release(scope: Scope, id: string): Promise<Job> {
      const job = await requireJob(scope, id);
      const released =
        job.status === "awaiting_calibration" &&
        (await jobsFor(scope.tenantId).release(job.id, scope.keyId, clock.now()));
      if (!released) {
        throw new AppError("job_not_held", {
          message: `Job ${quoteShown(id)} is ${job.status === "awaiting_calibration" ? "released already" : job.status}: only a job awaiting calibration can be released.`,
        });
      }
      dependencies.onJobQueued?.(job.id);
      return requireJob(scope, id);
    },

    /**
     * Queues the jobs held for this rubric version because a calibration of it passed, recording that
     * calibration on each (a teacher's explicit release stays possible before). Returns their ids.
     */
    async releaseForCalibration(
      scope: Scope,
      request: { rubricId: string; rubricVersion: string; calibrationId: string },
    ): Promise<string[]> {
      const released = await jobsFor(scope.tenantId).releaseForCalibration(
        request.rubricId,
        request.rubricVersion,
        request.calibrationId,
        clock.now(),
      );
      for (const jobId of released) dependencies.onJobQueued?.(jobId);
      return released;
    },

    /**
     * The job an earlier request with this Idempotency-Key made (the same key of the same API key),
     * with that request's hash; undefined when there is none, or when its upload was left by a process
     * that died (it is deleted then). Throws `idempotency_key_in_use` while that upload is still being
     * received.
     */
    async findByIdempotencyKey(
      scope: Scope,
      key: string,
    ): Promise<{ job: Job; requestHash: string | null } | undefined> {
      const found = await jobsFor(scope.tenantId).findByIdempotencyKey(clientIdempotencyKey(scope, key));
      if (!found) return undefined;
      if (found.status === "receiving") {
        if (await discardedAsAbandoned(jobsFor(scope.tenantId), found)) return undefined;
        throw stillReceiving();
      }
      return { job: await requireJob(scope, found.jobId), requestHash: found.requestHash };
    },

    /**
     * Queues a job under an id chosen before it exists (an integration's submissions carry it), at most
     * once: when a job with that id was accepted already it is returned as it is; one left half-written
     * by a process that died is discarded and written again. Throws what `startJob` and `add` throw.
     */
    async enqueueOnce(
      scope: Scope,
      request: {
        jobId: string;
        rubricId: string;
        rubricVersion: string;
        source: JobSource;
        items: readonly NewJobItem[];
      },
    ): Promise<Job> {
      const store = jobsFor(scope.tenantId);
      const existing = await store.find(request.jobId);
      if (existing) return existing;
      await store.discard(request.jobId);
      const upload = await service.startJob(scope, request);
      try {
        for (const [index, item] of request.items.entries()) await upload.add(item, `items[${index}]`);
        return await upload.finish();
      } catch (error) {
        await upload.abort();
        throw error;
      }
    },

    /** The scope's jobs, newest first; a `service` key sees only its own. */
    listJobs(scope: Scope, page: { before?: string; limit: number }): Promise<Job[]> {
      return jobsFor(scope.tenantId).list({
        ...page,
        ...(scope.role === "service" ? { submittedBy: scope.keyId ?? "\u0000none" } : {}),
      });
    },

    /** Items in upload order after `afterSeq`, each with its grade as it is now. Throws `job_not_found`. */
    async results(scope: Scope, id: string, afterSeq: number, limit: number): Promise<JobItemResult[]> {
      const job = await requireJob(scope, id);
      const rows = await jobsFor(scope.tenantId).results(job.id, afterSeq, limit);
      const rubric = await dependencies.grading.getRubric(scope, job.rubricId).catch(() => undefined);
      return rows.map((row) => ({
        ...row,
        grade: row.grade && {
          ...row.grade,
          outdated: rubric !== undefined && rubric.rubric.version !== row.grade.rubricVersion,
        },
      }));
    },

    /** Items that ended after event `afterEventId`, in the order they ended. Throws `job_not_found`. */
    async events(scope: Scope, id: string, afterEventId: number, limit: number): Promise<JobItem[]> {
      const job = await requireJob(scope, id);
      return jobsFor(scope.tenantId).events(job.id, afterEventId, limit);
    },

    /**
     * Cancels what has not started; items already running finish and are counted. The job is marked
     * cancelled first (no worker starts its items from then on), then its waiting items are cancelled in
     * chunks before the answer. Cancelling a cancelled job changes nothing, except that it finishes a
     * cancel cut short (its process died). Throws `job_not_found`, `job_finished` (completed),
     * `calibration_running` (a calibration's job, which runs to the end).
     */
    async cancel(scope: Scope, id: string): Promise<Job> {
      const job = await requireJob(scope, id);
      if (job.status === "cancelled" && job.finishedAt !== null) return job;
      if (job.source === "calibration" && job.status !== "completed") {
        // A calibration's figures need every answer graded: cancelled, it would stay `running` for good,
        // and the jobs held for its rubric version with it.
        throw new AppError("calibration_running", {
          message: `Job ${quoteShown(id)} grades a calibration's answers: it runs to the end so that the calibration gets its figures, and cannot be cancelled.`,
          // `calibration_running` is retryable: a client told so without Retry-After asked again at once,
          // in a loop, until the job completed. Asked again after it, it is answered `job_finished`.
          retryAfterSeconds: calibrationJobPollSeconds,
        });
      }
      const completed = () =>
        new AppError("job_finished", {
          message: `Job ${quoteShown(id)} has completed: nothing is left to cancel.`,
        });
      if (job.status === "completed") throw completed();
      const store = jobsFor(scope.tenantId);
      // Its last item may end meanwhile: the store checks again under the job's lock.
      if ((await store.cancel(job.id, clock.now())) === "finished") throw completed();
      await cancelWaitingItems(store, job.id);
      return requireJob(scope, id);
    },

    /**
     * Finishes the cancels that a process which died left cut short (the job cancelled, some of its
     * items still waiting); run at start-up and then now and then. Returns how many jobs it finished.
     */
    async finishCutCancellations(): Promise<number> {
      const cut = (await dependencies.unfinishedCancellations?.(cutCancellationsPerPass)) ?? [];
      for (const { tenantId, jobId } of cut) await cancelWaitingItems(jobsFor(tenantId), jobId);
      return cut.length;
    },

    /**
     * Puts failed items (all, or the listed positions) back in the queue with fresh attempts; a blank
     * answer is graded again too (0 by rule). Items whose answers retention purged are left out and
     * counted in `purged`. Throws `job_not_found`, `job_finished` (a cancelled job is not restarted),
     * `answers_purged` (every failed item asked for was purged: nothing could be retried).
     */
    async retryFailed(
      scope: Scope,
      id: string,
      seqs?: readonly number[],
    ): Promise<{ retried: number; purged: number; job: Job }> {
      const job = await requireJob(scope, id);
      const cancelled = () =>
        new AppError("job_finished", {
          message: `Job ${quoteShown(id)} was cancelled: it is not restarted.`,
        });
      if (job.status === "cancelled") throw cancelled();
      // Items are numbered from 1 to the job's total: another number is a mistake, not "nothing to retry".
      const unknown = (seqs ?? []).flatMap((seq, index) =>
        seq >= 1 && seq <= job.counts.total
          ? []
          : [
              {
                path: `body.items[${index}]`,
                message: `job ${quoteShown(id)} has items 1 to ${job.counts.total}`,
              },
            ],
      );
      if (unknown.length > 0) {
        // The first 100, and how many more: 10,000 wrong numbers (a 60 KB body) made a 1.5 MB answer.
        const listed = unknown.slice(0, maxListedUnknownItems);
        const more = unknown.length - listed.length;
        throw new AppError("invalid_request", {
          message:
            listed.map((problem) => `${problem.path}: ${problem.message}`).join("; ") +
            (more > 0 ? `; and ${more} more items the job does not have` : ""),
          details: listed,
        });
      }
      // A cancel may commit meanwhile: the store checks again under the job's lock.
      const outcome = await jobsFor(scope.tenantId).retryFailed(job.id, seqs, clock.now());
      if (outcome === "cancelled") throw cancelled();
      const { retried, purged } = outcome;
      if (retried > 0) dependencies.onJobQueued?.(job.id);
      else if (purged > 0) {
        // Not "0 retried": the client asked for items that will never be graded, and should know why.
        const which = seqs === undefined ? "Every failed item" : "Every failed item listed";
        throw new AppError("answers_purged", {
          message: `${which} of job ${quoteShown(id)} lost its answer to retention (GRADER_RETENTION_DAYS): there is nothing left to grade, so ${purged === 1 ? "it stays" : `all ${purged} stay`} failed.`,
        });
      }
      return { retried, purged, job: await requireJob(scope, id) };
    },
  };
  return service;
}
