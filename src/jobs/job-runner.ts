import type { Logger } from "pino";
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
import { startHeartbeat } from "../lib/heartbeat.js";

/**
 * The embedded queue's worker: claims items from the database with leases, grades each through the
 * grade use case under the item's own idempotency key, and settles it. Any number of runners (in API
 * processes and `npm run worker` processes) may share one database; the claim keeps the items running
 * in the whole database at `maxInFlight`.
 *
 * Exactly once: a grade is stored in the same transaction that completes its idempotency key, so an
 * item whose process died after its grade was stored is answered from the key when it runs again (no
 * model call); one that died before runs again once its lease expires.
 */
export interface JobRunnerOptions {
  queue: JobQueueStore;
  grading: Pick<GradingService, "grade">;
  clock: Clock;
  logger: Logger;
  /** Names this process in leases. */
  ownerId: string;
  /** Items running at once in the whole database (GRADER_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Items this process runs at once (default: maxInFlight). */
  localConcurrency?: number;
  leaseMs: number;
  /** Failed attempts (not counting waits for the provider) before an item ends `failed`. */
  maxAttempts: number;
  /** Waits for a rate-limited or overloaded provider before an item ends `failed` all the same. */
  maxDeferrals?: number;
  /** First retry delay; doubled per attempt, with jitter, up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle runner looks for work another process queued (default 0.5 s). */
  idlePollMs?: number;
  random?: () => number;
}

export interface JobRunner {
  /** Starts claiming; safe to call twice. */
  start(): void;
  /** Looks for work now (a job was just queued in this process). */
  wake(): void;
  /**
   * Stops claiming and waits up to `graceMs` for the items running here; any still running after that
   * are resumed by another runner once their leases expire.
   */
  stop(graceMs?: number): Promise<void>;
  /** Items running in this process now. */
  readonly running: number;
}

const defaultMaxDeferrals = 100;

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { queue, clock, logger } = options;
  const localConcurrency = options.localConcurrency ?? options.maxInFlight;
  const idlePollMs = options.idlePollMs ?? 500;
  const baseBackoffMs = options.baseBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const maxDeferrals = options.maxDeferrals ?? defaultMaxDeferrals;
  const random = options.random ?? Math.random;
  const running = new Map<string, Promise<void>>();
  const held = new Map<string, ClaimedJobItem>();
  let started = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wakeUp = new AbortController();

  const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);
  const heartbeat = { current: undefined as ReturnType<typeof startHeartbeat> | undefined };

  function wake() {
    wakeUp.abort();
  }

  function backoffMs(failures: number): number {
    const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.max(0, failures - 1));
    // Full jitter over the upper half: retries of a burst of failures spread out.
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  /** How an error ends an item, or when it runs again. */
  function outcomeOf(item: ClaimedJobItem, error: unknown): ItemOutcome {
    const now = clock.now().getTime();
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
    // The provider asks to slow down, or another worker holds the item's grade: wait, do not fail.
    if (code === "provider_unavailable" || code === "idempotency_key_in_use" || code === "server_busy") {
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

  async function runItem(item: ClaimedJobItem): Promise<void> {
    const log = logger.child({ jobId: item.jobId, seq: item.seq });
    let outcome: ItemOutcome;
    try {
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
      outcome = { kind: "graded", gradeId: grade.id, status: grade.status };
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
      if (!settled) log.warn("job item's lease was lost: another worker took it over");
    } catch (error) {
      // The lease runs out and another runner settles it (the grade itself is safe behind its key).
      log.error({ err: error }, "job item could not be settled");
    }
  }

  async function claimAndRun(): Promise<number> {
    const free = localConcurrency - running.size;
    if (free <= 0) return 0;
    const claimed = await queue.claim({
      holder: options.ownerId,
      limit: free,
      maxRunning: options.maxInFlight,
      now: clock.now(),
      leaseUntil: leaseUntil(),
    });
    for (const item of claimed) {
      const key = `${item.jobId}/${item.seq}`;
      held.set(key, item);
      const task = runItem(item).finally(() => {
        running.delete(key);
        held.delete(key);
        wake();
      });
      running.set(key, task);
    }
    return claimed.length;
  }

  async function idleWaitMs(): Promise<number> {
    if (running.size >= localConcurrency) return idlePollMs;
    const due = await queue.nextDueAt();
    if (!due) return idlePollMs;
    return Math.max(10, Math.min(idlePollMs, due.getTime() - clock.now().getTime()));
  }

  async function runLoop(): Promise<void> {
    while (!stopping) {
      const signal = wakeUp.signal;
      let waitMs = idlePollMs;
      try {
        const claimed = await claimAndRun();
        // A full claim means more may be due: claim again as soon as a slot frees.
        waitMs = claimed > 0 && running.size < localConcurrency ? 0 : await idleWaitMs();
      } catch (error) {
        logger.error({ err: error }, "job queue claim failed");
      }
      if (stopping) break;
      if (waitMs > 0 && !signal.aborted) await clock.sleep(waitMs, signal);
      if (wakeUp.signal.aborted) wakeUp = new AbortController();
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      heartbeat.current = startHeartbeat(
        Math.max(100, Math.floor(options.leaseMs / 3)),
        () => queue.renew([...held.values()], options.ownerId, leaseUntil()),
        (error) => logger.warn({ err: error }, "job item leases could not be renewed"),
      );
      loop = runLoop();
    },
    wake,
    async stop(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      wake();
      await loop;
      const drained = Promise.allSettled([...running.values()]);
      const timeout = new AbortController();
      await Promise.race([drained, clock.sleep(graceMs, timeout.signal)]);
      timeout.abort();
      heartbeat.current?.stop();
      if (running.size > 0) {
        logger.warn(
          { running: running.size },
          "stopped with job items still running: their leases expire and another worker resumes them",
        );
      }
    },
    get running() {
      return running.size;
    },
  };
}
