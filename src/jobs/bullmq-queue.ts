import { randomUUID } from "node:crypto";
import {
  createPostgresBackend,
  DelayedError,
  Queue,
  withBackend,
  Worker,
  type Job,
  type JobsOptions,
} from "bullmq";
import type { Logger } from "pino";
import type { ClaimedJobItem, DispatchableItem, JobQueueStore } from "../grading/jobs.js";
import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import { startPeriodicTask } from "../lib/periodic-task.js";
import { createItemGrader, type ItemGraderOptions } from "./grade-item.js";
import type { JobRunner } from "./job-runner.js";

/**
 * The distributed queue engine: BullMQ 6 dispatches, the database decides. The `job_items` table stays
 * the source of truth for every item's state, results, counts and events (every engine shares it);
 * BullMQ carries one message per item, `{jobId, seq}`, to whichever worker process is free, on Redis
 * or on BullMQ's PostgreSQL backend (the application's own database, in BullMQ's schema).
 *
 * - Dispatch: when a job is queued or retried in any process, its queued items are added in bulk under
 *   the custom id `<jobId>-<seq>`, so adding an item twice is harmless (BullMQ keeps the first).
 *   Finished messages are removed, so an item retried by hand can be added again.
 * - Processing: the worker leases the named item in SQL (`claimItem`, a compare-and-set that also
 *   holds GRADER_MAX_IN_FLIGHT across processes, since BullMQ's global concurrency on PostgreSQL is
 *   best effort), grades and settles it with the item grader the embedded engine uses, and moves the
 *   message to BullMQ's delayed set for a retry, a provider's wait, another worker's live lease or a
 *   full cap.
 * - Reconciling: every worker process periodically re-adds items that are queued and overdue or whose
 *   lease expired (a process that died between the SQL commit and the add, or a message BullMQ gave
 *   up on); existing messages make those adds no-ops.
 * - Crashes: BullMQ's stalled-job check hands a dead worker's message to another, whose claim waits
 *   for the SQL lease to expire; the item's idempotency key answers a grade already stored without a
 *   model call, so no item is graded twice. BullMQ's `maxStalledCount` does not bound an item that
 *   kills every worker grading it (the reconciler adds it again once BullMQ fails the message): the SQL
 *   claim counts each takeover of an expired lease as an attempt, as for the embedded engine, and an
 *   item whose attempts are spent ends with the grade stored under its key, or `worker_stopped`.
 */
export type BullmqConnection =
  | { kind: "postgres"; url: string }
  | {
      kind: "redis";
      url: string;
    };

export interface BullmqJobRunnerOptions extends ItemGraderOptions {
  connection: BullmqConnection;
  /** The BullMQ queue's name: processes sharing it share the work (a test uses its own). */
  queueName: string;
  queue: JobQueueStore;
  clock: Clock;
  logger: Logger;
  /** Names this process in leases. */
  ownerId: string;
  /** Items running at once across every process (GRADER_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Items this process runs at once (default: maxInFlight). */
  localConcurrency?: number;
  leaseMs: number;
  /**
   * The provider's limit for the whole queue, as BullMQ's global rate limiter (one message = one
   * grade). Unset: no limit here. The hook for GRADER_REQUESTS_PER_MINUTE.
   */
  rateLimit?: { max: number; durationMs: number };
  /** How often a worker process re-adds lost items (default 30 s). */
  reconcileEveryMs?: number;
  /** How long a queued, due item may wait before a reconciler presumes its message lost (default 60 s). */
  dispatchGraceMs?: number;
  /** How long a message waits when the in-flight cap is full (default 100 ms, with jitter). */
  capacityWaitMs?: number;
  /** How long `create` waits for the queue's backend before start-up fails (default 30 s). */
  connectTimeoutMs?: number;
}

interface ItemMessage {
  jobId: string;
  seq: number;
}

/** Items added per round trip. */
const dispatchPage = 500;
/** Items a reconciler pass looks at. */
const reconcilePage = 1_000;

/**
 * A BullMQ message id may be neither a bare integer nor contain ":" (Redis key separator); job ids are
 * `job_<base32>`, so `<jobId>-<seq>` is always valid.
 */
export function itemMessageId(jobId: string, seq: number): string {
  return `${jobId}-${seq}`;
}

export interface DispatchQueue<Message = ItemMessage> {
  on(event: "error", listener: (error: Error) => void): unknown;
  addBulk(jobs: { name: string; data: Message; opts?: JobsOptions }[]): Promise<unknown>;
  setGlobalConcurrency(concurrency: number): Promise<unknown>;
  setGlobalRateLimit(max: number, durationMs: number): Promise<unknown>;
  removeGlobalRateLimit(): Promise<unknown>;
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}

export interface ItemWorker {
  on(event: "error", listener: (error: Error) => void): unknown;
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
}

export type MessageProcessor<Message> = (job: Job<Message>, token?: string) => Promise<void>;

/**
 * How often each worker looks for messages whose worker died (their lock expired): a sixth of the lease,
 * between 1 and 30 seconds. A dead worker's item is taken up again at most a lease (its lock lapses) plus
 * this after the death, when its SQL lease has lapsed too: 35 s with the default 30 s lease. It was the
 * whole lease, so 60 s, which a client that restarted a crashed worker and waited a minute did not see.
 */
export function stalledCheckEveryMs(leaseMs: number): number {
  return Math.max(1_000, Math.min(30_000, Math.round(leaseMs / 6)));
}
type ItemProcessor = MessageProcessor<ItemMessage>;

/**
 * Queue and Worker bound to the configured backend; BullMQ owns (and closes) the connections. Shared
 * by the job items' queue and the outbox's (bullmq-outbox.ts).
 */
// BullMQ's conditional name and data types cannot be checked against a free type parameter, hence
// the casts below; every message of a queue is a plain `Message`.
export function bullmqClasses<Message = ItemMessage>(
  connection: BullmqConnection,
  name: string,
  leaseMs: number,
) {
  const workerOptions = {
    // BullMQ's lock on a message lives as long as the item's SQL lease and is renewed the same way.
    lockDuration: leaseMs,
    stalledInterval: stalledCheckEveryMs(leaseMs),
    // A message whose worker died goes back to the queue (the claim waits for the SQL lease);
    // beyond this many, BullMQ fails it and the reconciler adds it again.
    maxStalledCount: 5,
  };
  if (connection.kind === "postgres") {
    const classes = withBackend(createPostgresBackend);
    // `migrate`: BullMQ creates or upgrades its own schema (`bullmq`) at start-up, under an advisory
    // lock, so processes starting together are safe. Small pools: BullMQ's traffic is light.
    const pgConnection = { connectionString: connection.url, migrate: true, max: 4 };
    return {
      queue: (): DispatchQueue<Message> =>
        new classes.Queue<Message>(name, { connection: pgConnection }) as unknown as DispatchQueue<Message>,
      worker: (
        processor: MessageProcessor<Message>,
        concurrency: number,
        limiter?: { max: number; duration: number },
      ) =>
        new classes.Worker<Message>(name, processor, {
          connection: pgConnection,
          concurrency,
          ...(limiter ? { limiter } : {}),
          ...workerOptions,
        }) as ItemWorker,
    };
  }
  // Workers block on Redis: BullMQ requires commands to wait for a reconnect instead of failing.
  const redisConnection = { url: connection.url, maxRetriesPerRequest: null };
  return {
    queue: (): DispatchQueue<Message> =>
      new Queue<Message>(name, { connection: redisConnection }) as unknown as DispatchQueue<Message>,
    worker: (
      processor: MessageProcessor<Message>,
      concurrency: number,
      limiter?: { max: number; duration: number },
    ) =>
      new Worker<Message>(name, processor, {
        connection: redisConnection,
        concurrency,
        ...(limiter ? { limiter } : {}),
        ...workerOptions,
      }) as ItemWorker,
  };
}

/**
 * Connects to the queue's backend (running BullMQ's migrations on PostgreSQL) and sets the global
 * concurrency. Throws when the backend cannot be reached within `connectTimeoutMs`, so start-up stops.
 * The runner's `wake(jobId)` dispatches in every process; `start()` makes this process a worker too.
 */
export async function createBullmqJobRunner(options: BullmqJobRunnerOptions): Promise<JobRunner> {
  const { queue: store, clock, logger } = options;
  const localConcurrency = options.localConcurrency ?? options.maxInFlight;
  const reconcileEveryMs = options.reconcileEveryMs ?? 30_000;
  const dispatchGraceMs = options.dispatchGraceMs ?? 60_000;
  const capacityWaitMs = options.capacityWaitMs ?? 100;
  const classes = bullmqClasses(options.connection, options.queueName, options.leaseMs);
  const grader = createItemGrader(options);
  const dispatcher = classes.queue();
  // Without a listener BullMQ prints a connection's errors to the console.
  dispatcher.on("error", (error) => logger.warn({ err: error }, "job queue connection error"));

  const ready = await settleWithin(
    (async () => {
      await dispatcher.waitUntilReady();
      await dispatcher.setGlobalConcurrency(options.maxInFlight);
      if (options.rateLimit) {
        await dispatcher.setGlobalRateLimit(options.rateLimit.max, options.rateLimit.durationMs);
      } else {
        await dispatcher.removeGlobalRateLimit();
      }
    })(),
    options.connectTimeoutMs ?? 30_000,
  );
  if (ready !== "settled") {
    await dispatcher.close().catch(() => {});
    if (ready === "timeout") {
      throw new Error(
        `the job queue's ${options.connection.kind} backend did not answer within ${options.connectTimeoutMs ?? 30_000} ms`,
      );
    }
    throw ready.error;
  }

  const held = new Map<string, ClaimedJobItem>();
  let worker: ItemWorker | undefined;
  let reconciler: ReturnType<typeof startPeriodicTask> | undefined;
  let heartbeat: ReturnType<typeof startHeartbeat> | undefined;
  let stopped = false;
  const dispatches = new Set<Promise<void>>();

  const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);

  async function add(items: readonly DispatchableItem[]): Promise<void> {
    if (items.length === 0) return;
    const now = clock.now().getTime();
    await dispatcher.addBulk(
      items.map(({ jobId, seq, availableAt }) => {
        const delay = availableAt.getTime() - now;
        return {
          name: "grade-item",
          data: { jobId, seq },
          opts: {
            jobId: itemMessageId(jobId, seq),
            ...(delay > 0 ? { delay } : {}),
            // A processor error is a database or queue hiccup (grading errors are settled in SQL).
            attempts: 5,
            backoff: { type: "exponential", delay: 1_000 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        };
      }),
    );
  }

  /** Adds every queued item of the job, in pages. */
  async function dispatchJob(jobId: string): Promise<void> {
    let afterSeq = 0;
    for (;;) {
      const page = await store.queuedItems(jobId, afterSeq, dispatchPage);
      await add(page);
      if (page.length < dispatchPage) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  async function reconcile(): Promise<void> {
    const now = clock.now().getTime();
    const overdue = await store.overdueItems({
      queuedBefore: new Date(now - dispatchGraceMs),
      leaseExpiredBefore: new Date(now),
      limit: reconcilePage,
    });
    await add(overdue);
    if (overdue.length > 0) logger.debug({ items: overdue.length }, "job items re-dispatched");
  }

  /** Parks the message until `at` (BullMQ's delayed set); the worker moves on. */
  async function later(job: Job<ItemMessage>, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(Math.max(at, Date.now() + 10), token);
    throw new DelayedError();
  }

  const processItem: ItemProcessor = async (job, token) => {
    const { jobId, seq } = job.data;
    // Each claim holds its item under a holder of its own, as the embedded runner's claims do: a message
    // BullMQ hands out again while it is still being processed here (its lock ran out while the event
    // loop was held) may claim the same item in this very process once the lease ran out too, and the
    // run that lost it must then find it lost, not settle it over the run that holds it now.
    const claim = await store.claimItem({
      jobId,
      seq,
      holder: `${options.ownerId}:${randomUUID()}`,
      maxRunning: options.maxInFlight,
      now: clock.now(),
      leaseUntil: leaseUntil(),
    });
    if (claim.kind === "done") return;
    if (claim.kind === "later") {
      const wait =
        claim.reason === "at_capacity"
          ? Math.round(capacityWaitMs * (0.5 + Math.random()))
          : Math.max(0, claim.at.getTime() - clock.now().getTime()) + 50;
      return later(job, token, Date.now() + wait);
    }
    const key = `${claim.item.holder}/${jobId}/${seq}`;
    held.set(key, claim.item);
    let result;
    try {
      result = await grader.run(claim.item);
    } finally {
      held.delete(key);
    }
    if (result.settled && result.outcome.kind === "retry") {
      const wait = Math.max(0, result.outcome.at.getTime() - clock.now().getTime());
      return later(job, token, Date.now() + wait);
    }
  };

  return {
    start() {
      if (worker || stopped) return;
      worker = classes.worker(
        processItem,
        localConcurrency,
        options.rateLimit && { max: options.rateLimit.max, duration: options.rateLimit.durationMs },
      );
      worker.on("error", (error) => logger.error({ err: error }, "job queue worker error"));
      heartbeat = startHeartbeat(
        Math.max(100, Math.floor(options.leaseMs / 3)),
        async () => {
          // Each lease under the holder of the claim that took it.
          const byHolder = new Map<string, ClaimedJobItem[]>();
          for (const item of held.values()) {
            byHolder.set(item.holder, [...(byHolder.get(item.holder) ?? []), item]);
          }
          const until = leaseUntil();
          for (const [holder, items] of byHolder) await store.renew(items, holder, until);
        },
        (error) => logger.warn({ err: error }, "job item leases could not be renewed"),
      );
      reconciler = startPeriodicTask(reconcileEveryMs, reconcile, (error) =>
        logger.warn({ err: error }, "job items could not be reconciled with the queue"),
      );
    },
    wake(jobId) {
      if (stopped || jobId === undefined) return;
      // Not awaited by the request that queued the job: a failed add is repaired by a reconciler.
      const dispatch = dispatchJob(jobId).catch((error: unknown) =>
        logger.warn({ err: error, jobId }, "job items could not be dispatched; a worker's reconciler will"),
      );
      dispatches.add(dispatch);
      void dispatch.finally(() => dispatches.delete(dispatch));
    },
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await reconciler?.stop();
      await Promise.allSettled([...dispatches]);
      if (worker) {
        const current = worker;
        const outcome = await settleWithin(current.close(), graceMs);
        if (outcome === "timeout") {
          logger.warn(
            { running: held.size },
            "stopped with job items still running: their leases expire and another worker resumes them",
          );
          await current.close(true).catch(() => {});
        }
      }
      heartbeat?.stop();
      await dispatcher.close();
    },
    get running() {
      return held.size;
    },
  };
}

/** Waits for `work` at most `ms`; never throws. */
export async function settleWithin(
  work: Promise<unknown>,
  ms: number,
): Promise<"settled" | "timeout" | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      work.then(
        () => "settled" as const,
        (error: unknown) => ({ error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
