import { backoffMs as jitteredBackoffMs } from "../lib/backoff.js";
import { isDatabaseBusy } from "../lib/database-busy.js";
import { storageUnavailableCode } from "../lib/storage-unavailable.js";
import type { Logger } from "pino";
import { isHeldByGradesInProgress } from "../grading/daily-budget.js";
import { AppError } from "../grading/errors.js";
import type { GradingService } from "../grading/grading-service.js";
import {
  itemIdempotencyKey,
  scopeOf,
  type ClaimedJobItem,
  type ItemOutcome,
  type JobQueueStore,
} from "../grading/jobs.js";
import type { Clock } from "../lib/clock.js";

/**
 * Grading one leased item, shared by every queue engine (the embedded runner and the BullMQ
 * dispatcher): grade it through the grade use case under the item's own idempotency key, decide how
 * an error ends it (retry with backoff, wait for the provider, or fail), and settle it in the
 * database under the lease.
 *
 * Exactly once: a grade is stored in the same transaction that completes its idempotency key, so an
 * item whose process died after its grade was stored is answered from the key when it runs again (no
 * model call); one that died before runs again once its lease expires.
 */
export interface ItemGraderOptions {
  queue: Pick<JobQueueStore, "settle" | "storedGrade">;
  grading: Pick<GradingService, "grade">;
  clock: Clock;
  logger: Logger;
  /** Failed attempts (not counting waits for the provider) before an item ends `failed`. */
  maxAttempts: number;
  /** Waits for a rate-limited or overloaded provider before an item ends `failed` all the same. */
  maxDeferrals?: number;
  /** First retry delay; doubled per attempt, with jitter, up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /**
   * Told when an item ended (graded or failed) and was settled, so that what waits for its job to
   * complete (a calibration's figures) need not poll. Its failures are its own to log.
   */
  onItemEnded?: (item: ClaimedJobItem) => Promise<void>;
}

export interface GradedItem {
  outcome: ItemOutcome;
  /** false: the lease was lost (another worker took the item over) or the settle failed; nothing was written. */
  settled: boolean;
}

export interface ItemGrader {
  /** Grades a leased item and settles it. Never throws: a failure to settle is logged and reported. */
  run(item: ClaimedJobItem): Promise<GradedItem>;
}

const defaultMaxDeferrals = 100;

export function createItemGrader(options: ItemGraderOptions): ItemGrader {
  const { queue, clock, logger } = options;
  const baseBackoffMs = options.baseBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const maxDeferrals = options.maxDeferrals ?? defaultMaxDeferrals;
  const random = options.random ?? Math.random;

  const backoffMs = (failures: number) =>
    jitteredBackoffMs(failures, { baseMs: baseBackoffMs, maxMs: maxBackoffMs, random });

  /** How an error ends an item, or when it runs again. */
  function outcomeOf(item: ClaimedJobItem, error: unknown): ItemOutcome {
    const now = clock.now().getTime();
    // Another process held the SQLite file's write lock too long: nothing was written, and the item is
    // not at fault. Counted as an attempt, a few such waits failed items of a job that two processes share.
    if (isDatabaseBusy(error)) {
      const deferrals = item.deferrals + 1;
      const message = "the database was busy with another process's writes";
      if (deferrals > maxDeferrals) return { kind: "failed", code: "server_busy", message };
      return {
        kind: "retry",
        at: new Date(now + Math.max(backoffMs(deferrals), 250)),
        countsAsAttempt: false,
        code: "server_busy",
        message,
      };
    }
    // The database cannot store data now (a full disk, a read-only file, a server out of connections):
    // nothing was stored, and the item is not at fault. Counted as attempts, items failed for good while
    // the operator freed space; they wait as for a busy database instead.
    if (storageUnavailableCode(error) !== undefined) {
      return outcomeOf(item, new AppError("storage_unavailable", { cause: error }));
    }
    if (!AppError.isInstance(error)) {
      // Not the service's own error (a database hiccup): retried like a passing fault.
      const failures = item.attempts + 1;
      const message = "internal error while grading the item";
      return failures >= options.maxAttempts
        ? { kind: "failed", code: "internal_error", message }
        : {
            kind: "retry",
            at: new Date(now + backoffMs(failures)),
            countsAsAttempt: true,
            code: "internal_error",
            message,
          };
    }
    const { code, message } = error;
    const waitMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    // The provider asks to slow down, another worker holds the item's grade, or grades in progress hold
    // what is left of the daily budget: wait, do not fail.
    if (
      code === "provider_unavailable" ||
      code === "idempotency_key_in_use" ||
      code === "server_busy" ||
      code === "storage_unavailable" ||
      isHeldByGradesInProgress(error)
    ) {
      const deferrals = item.deferrals + 1;
      if (deferrals > maxDeferrals) return { kind: "failed", code, message };
      const wait = Math.max(waitMs ?? 0, code === "idempotency_key_in_use" ? 0 : backoffMs(deferrals));
      return {
        kind: "retry",
        at: new Date(now + Math.max(wait, 250)),
        countsAsAttempt: false,
        code,
        message,
      };
    }
    if (error.retryable && code !== "budget_exhausted") {
      const failures = item.attempts + 1;
      if (failures >= options.maxAttempts) return { kind: "failed", code, message };
      return {
        kind: "retry",
        at: new Date(now + Math.max(waitMs ?? 0, backoffMs(failures))),
        countsAsAttempt: true,
        code,
        message,
      };
    }
    // A rubric archived since, a budget spent, a provider not configured: a person must act; the item
    // can be retried by hand (POST /v1/jobs/:id/retry).
    return { kind: "failed", code, message };
  }

  async function gradeItem(item: ClaimedJobItem): Promise<ItemOutcome> {
    const { grade } = await options.grading.grade(
      scopeOf(item.owner),
      {
        rubricId: item.rubricId,
        rubricVersion: item.rubricVersion,
        answer: item.answer,
        studentId: item.studentId,
        ...(item.submissionId !== null ? { submissionId: item.submissionId } : {}),
        priority: "batch",
      },
      itemIdempotencyKey(item.jobId, item.seq),
    );
    return { kind: "graded", gradeId: grade.id, status: grade.status };
  }

  /**
   * An item taken over from a worker that stopped while grading it, in a job cancelled since: the cancel
   * let running items finish, but nobody grades this one any more. It ends with the grade that worker
   * stored under its key, or cancelled (a retry in a cancelled job is settled `cancelled`), never graded anew.
   */
  async function cancelledTakeoverOutcome(item: ClaimedJobItem): Promise<ItemOutcome> {
    const stored = await queue.storedGrade(item, clock.now());
    if (stored?.kind === "graded") return { kind: "graded", gradeId: stored.gradeId, status: stored.status };
    return {
      kind: "retry",
      at: clock.now(),
      countsAsAttempt: false,
      code: "job_cancelled",
      message: "the job was cancelled after its worker stopped while grading the item",
    };
  }

  /** An item whose attempts are spent (by takeovers): the grade stored under its key, or a failure. */
  async function exhaustedOutcome(item: ClaimedJobItem): Promise<ItemOutcome> {
    const stored = await queue.storedGrade(item, clock.now());
    if (stored?.kind === "graded") return { kind: "graded", gradeId: stored.gradeId, status: stored.status };
    if (stored?.kind === "in_progress" && item.deferrals < maxDeferrals) {
      // A worker that stalled past its lease is still making the grade under the key: wait for it.
      return {
        kind: "retry",
        at: new Date(clock.now().getTime() + 1_000),
        countsAsAttempt: false,
        code: "idempotency_key_in_use",
        message: "another worker is still grading the item",
      };
    }
    return {
      kind: "failed",
      code: "worker_stopped",
      message: `Its worker stopped while grading it (the process died or stalled past its lease), ${item.attempts} times: the item is not graded again.`,
    };
  }

  return {
    async run(item) {
      const log = logger.child({ jobId: item.jobId, seq: item.seq });
      let outcome: ItemOutcome;
      try {
        if (item.takenOver && item.jobCancelled) {
          outcome = await cancelledTakeoverOutcome(item);
        } else if (item.attempts >= options.maxAttempts) {
          // Its attempts are spent by workers that stopped while grading it (each takeover of an
          // expired lease counts one): graded again, it may kill this process too. A grade one of them
          // stored under the item's key before it died ends the item; nothing is graded again.
          outcome = await exhaustedOutcome(item);
          if (outcome.kind === "failed") log.warn({ attempts: item.attempts }, "job item failed");
        } else {
          outcome = await gradeItem(item);
        }
      } catch (error) {
        outcome = outcomeOf(item, error);
        const fields = {
          err: error,
          outcome: outcome.kind,
          code: AppError.isInstance(error) ? error.code : null,
        };
        if (outcome.kind === "failed") log.warn(fields, "job item failed");
        else log.debug(fields, "job item will be retried");
      }
      try {
        const settled = await queue.settle(item, item.holder, outcome, clock.now());
        if (!settled && outcome.kind === "failed" && outcome.code === "student_erased") {
          // The erasure cancelled the item itself; nothing was stored.
          log.debug("job item's student was erased while it was graded");
        } else if (!settled) log.warn("job item's lease was lost: another worker took it over");
        if (settled && outcome.kind !== "retry") await options.onItemEnded?.(item);
        return { outcome, settled };
      } catch (error) {
        // The lease runs out and another worker settles it (the grade itself is safe behind its key).
        log.error({ err: error }, "job item could not be settled");
        return { outcome, settled: false };
      }
    },
  };
}
