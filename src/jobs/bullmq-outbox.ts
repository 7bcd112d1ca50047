import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { OutboxWork, OutboxWorkQueue } from "../grading/integrations.js";
import {
  bullmqClasses,
  settleWithin,
  type BullmqConnection,
  type ItemWorker,
  type MessageProcessor,
} from "./bullmq-queue.js";

/**
 * The outbox on BullMQ, beside the job items' queue (bullmq-queue.ts) and on the same backend: one
 * message per delivery to send or submission to fetch, `{kind, id}`, under the custom id
 * `<kind>-<id>` so that adding it twice is harmless. The SQL rows stay the source of truth: the
 * integration runner's handler leases the named row (a compare-and-set), sends or fetches, and settles
 * it; it answers when the row wants to be looked at again (a retry with backoff or Retry-After, a row
 * another worker leases), and the message waits in BullMQ's delayed set until then. A message for a
 * row already delivered or dead finds nothing to lease and ends, so redelivery never sends twice.
 * Finished messages are removed, so a delivery retried by hand can be added again.
 */
export interface BullmqOutboxOptions {
  connection: BullmqConnection;
  /** The outbox queue's name (the job queue's name with `-outbox`). */
  queueName: string;
  logger: Logger;
  /** Deliveries and fetches this process runs at once. */
  concurrency: number;
  /** The SQL lease of a delivery; BullMQ's lock on its message lives as long. */
  leaseMs: number;
  /** How long `create` waits for the backend before start-up fails (default 30 s). */
  connectTimeoutMs?: number;
}

type OutboxMessage = Pick<OutboxWork, "kind" | "id">;

/** `delivery-dlv_…`, `fetch-sbm_…`: never a bare integer and never a ":" (BullMQ's rules for ids). */
export function outboxMessageId(work: OutboxMessage): string {
  return `${work.kind}-${work.id}`;
}

export async function createBullmqOutbox(options: BullmqOutboxOptions): Promise<OutboxWorkQueue> {
  const { logger } = options;
  const classes = bullmqClasses<OutboxMessage>(options.connection, options.queueName, options.leaseMs);
  const dispatcher = classes.queue();
  dispatcher.on("error", (error) => logger.warn({ err: error }, "outbox queue connection error"));
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const ready = await settleWithin(dispatcher.waitUntilReady(), connectTimeoutMs);
  if (ready !== "settled") {
    await dispatcher.close().catch(() => {});
    if (ready === "timeout") {
      throw new Error(
        `the outbox queue's ${options.connection.kind} backend did not answer within ${connectTimeoutMs} ms`,
      );
    }
    throw ready.error;
  }
  let worker: ItemWorker | undefined;
  let stopped = false;

  return {
    async add(work) {
      if (work.length === 0 || stopped) return;
      const now = Date.now();
      await dispatcher.addBulk(
        work.map(({ kind, id, at }) => {
          const delay = at.getTime() - now;
          return {
            name: kind,
            data: { kind, id },
            opts: {
              jobId: outboxMessageId({ kind, id }),
              ...(delay > 0 ? { delay } : {}),
              // A handler error is a database or queue hiccup (delivery failures are settled in SQL).
              attempts: 5,
              backoff: { type: "exponential", delay: 1_000 },
              removeOnComplete: true,
              removeOnFail: true,
            },
          };
        }),
      );
    },

    start(handle) {
      if (worker || stopped) return;
      const process: MessageProcessor<OutboxMessage> = async (job: Job<OutboxMessage>, token) => {
        const again = await handle(job.data);
        if (again === undefined) return;
        // Parked until the row wants another look; the worker moves on.
        await job.moveToDelayed(Math.max(again.getTime(), Date.now() + 10), token);
        throw new DelayedError();
      };
      worker = classes.worker(process, options.concurrency);
      worker.on("error", (error) => logger.error({ err: error }, "outbox queue worker error"));
    },

    async stop(graceMs) {
      if (stopped) return;
      stopped = true;
      if (worker) {
        const current = worker;
        if ((await settleWithin(current.close(), graceMs)) === "timeout") {
          logger.warn(
            "stopped with deliveries in flight: their leases expire and another worker resumes them",
          );
          await current.close(true).catch(() => {});
        }
      }
      await dispatcher.close();
    },
  };
}
