import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ClaimedJobItem, JobQueueStore } from "../grading/jobs.js";
import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import { startPollLoop, type PollLoop } from "../lib/poll-loop.js";
import { createItemGrader, type ItemGraderOptions } from "./grade-item.js";

/**
 * The embedded queue's worker: claims items from the database with leases, grades each through the
 * grade use case under the item's own idempotency key, and settles it. Any number of runners (in API
 * processes and `npm run worker` processes) may share one database; the claim keeps the items running
 * in the whole database at `maxInFlight`.
 *
 * Each claimed item is graded and settled by the item grader every engine shares (grade-item.ts),
 * which keeps an item graded exactly once whatever crashes.
 */
export interface JobRunnerOptions extends ItemGraderOptions {
  queue: JobQueueStore;
  clock: Clock;
  logger: Logger;
  /** Names this process in leases (each claim holds its items as `<ownerId>:<nonce>`). */
  ownerId: string;
  /** Items running at once in the whole database (GRADER_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Items this process runs at once (default: maxInFlight). */
  localConcurrency?: number;
  leaseMs: number;
  /** How often an idle runner looks for work another process queued (default 0.5 s). */
  idlePollMs?: number;
}

/**
 * A queue engine as the runtime's callers see it, whichever engine config chose (the embedded runner
 * here, or BullMQ in bullmq-queue.ts): callers never branch on which.
 */
export interface JobRunner {
  /** Starts grading queued items in this process; safe to call twice, and does nothing once stopped. */
  start(): void;
  /**
   * A job was queued, or its failed items retried, in this process: the embedded engine looks for
   * work now; the distributed one dispatches the job's items (also when this process does not grade).
   */
  wake(jobId?: string): void;
  /**
   * Stops claiming and waits up to `graceMs` for the items running here; any still running after that
   * are resumed by another runner once their leases expire.
   */
  stop(graceMs?: number): Promise<void>;
  /** Items running in this process now. */
  readonly running: number;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { queue, clock, logger } = options;
  const localConcurrency = options.localConcurrency ?? options.maxInFlight;
  const idlePollMs = options.idlePollMs ?? 500;
  const grader = createItemGrader(options);
  const running = new Map<string, Promise<void>>();
  const held = new Map<string, ClaimedJobItem>();
  let started = false;
  let stopping = false;
  let loop: PollLoop | undefined;

  const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);
  const heartbeat = { current: undefined as ReturnType<typeof startHeartbeat> | undefined };

  /** When (by `clock`) the leases held here were last renewed, or taken. */
  let renewedAtMs = clock.now().getTime();

  /** Renews every lease held here, each under the holder of the claim that took it. */
  async function renewHeld(): Promise<void> {
    const byHolder = new Map<string, ClaimedJobItem[]>();
    for (const item of held.values()) {
      byHolder.set(item.holder, [...(byHolder.get(item.holder) ?? []), item]);
    }
    const startedAtMs = clock.now().getTime();
    const until = leaseUntil();
    for (const [holder, items] of byHolder) await queue.renew(items, holder, until);
    renewedAtMs = startedAtMs;
  }

  /**
   * Renews the leases held here first when, by the wall clock, their renewal is overdue: the clock
   * jumped forward (a machine resumed from sleep, an NTP step) or the heartbeat's timer has not fired
   * yet. Claimed as they are, this runner's own items, still being graded here, looked abandoned: it
   * took them over from itself, counting an attempt and calling the model for each again. A renewal
   * that fails (the database does not answer) leaves the claim to take over what expired.
   */
  async function renewIfOverdue(): Promise<void> {
    if (held.size === 0 || clock.now().getTime() - renewedAtMs < options.leaseMs / 2) return;
    try {
      await renewHeld();
    } catch (error) {
      logger.warn({ err: error }, "job item leases could not be renewed");
    }
  }

  function wake() {
    loop?.wake();
  }

  async function claimAndRun(): Promise<number> {
    const free = localConcurrency - running.size;
    if (free <= 0) return 0;
    await renewIfOverdue();
    // Each claim holds its items under a holder of its own: an item whose lease ran out while it was
    // graded here (renewals stalled) may be claimed again by this very process, and the run that lost
    // it must then find it lost, not settle it over the run that holds it now.
    const heldBefore = held.size;
    const claimedAtMs = clock.now().getTime();
    const claimed = await queue.claim({
      holder: `${options.ownerId}:${randomUUID()}`,
      limit: free,
      maxRunning: options.maxInFlight,
      now: clock.now(),
      leaseUntil: leaseUntil(),
    });
    // Leases taken now are as good as renewed now (an idle runner's last renewal may be an hour old).
    if (heldBefore === 0 && claimed.length > 0) renewedAtMs = claimedAtMs;
    for (const item of claimed) {
      const key = `${item.holder}/${item.jobId}/${item.seq}`;
      held.set(key, item);
      const task = grader
        .run(item)
        .then(() => undefined)
        .finally(() => {
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

  /** One turn: claim what is free; a full claim means more may be due, so go again at once. */
  async function turn(): Promise<number> {
    const claimed = await claimAndRun();
    return claimed > 0 && running.size < localConcurrency ? 0 : await idleWaitMs();
  }

  return {
    start() {
      // A runner stopped before it started (SIGTERM while the process was still starting) stays
      // stopped: started now, it would lease items on a database about to close.
      if (started || stopping) return;
      started = true;
      heartbeat.current = startHeartbeat(
        Math.max(100, Math.floor(options.leaseMs / 3)),
        () => renewHeld(),
        (error) => logger.warn({ err: error }, "job item leases could not be renewed"),
      );
      loop = startPollLoop({
        clock,
        turn,
        errorWaitMs: idlePollMs,
        onError: (error) => logger.error({ err: error }, "job queue claim failed"),
      });
    },
    wake,
    async stop(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      await loop?.stop();
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
