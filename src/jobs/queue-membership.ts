import type { Logger } from "pino";
import type { JobQueueStore } from "../grading/jobs.js";
import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";

/**
 * GRADER_MAX_IN_FLIGHT caps the items running in the whole job queue, and each process enforces its own
 * value on its claims: processes with different values disagree about when the queue is full (a lower
 * one sees it full of the others' items and grades none), and on BullMQ the last one started sets the
 * queue's global concurrency for all. So a process joins the queue with its value only when every
 * process using it now has the same one, and refuses to start otherwise.
 *
 * Why refuse rather than let the last one started win: every process claims with its own value, so a
 * rolling change is exactly the mixed state that starves the lower one; to change the value, every
 * process is stopped (a stopped process leaves at once; one that died leaves when its record lapses,
 * after a lease) and all start with the new one.
 */
export interface QueueMembership {
  /** Leaves the queue: stops renewing and deletes this process's record. Safe to call twice. */
  leave(): Promise<void>;
}

export interface QueueMembershipOptions {
  queue: Pick<JobQueueStore, "joinQueue" | "renewQueueMembership" | "leaveQueue">;
  /** Names this process's record. */
  processId: string;
  maxInFlight: number;
  /** How long the record outlives its last renewal (renewed every third of it). */
  leaseMs: number;
  clock: Clock;
  logger: Logger;
}

/** Joins the job queue, or logs an error and throws (start-up stops) when its processes use another cap. */
export async function joinJobQueue(options: QueueMembershipOptions): Promise<QueueMembership> {
  const { queue, processId, maxInFlight, leaseMs, clock, logger } = options;
  const expiry = () => new Date(clock.now().getTime() + leaseMs);
  const joined = await queue.joinQueue({ processId, maxInFlight, now: clock.now(), expiresAt: expiry() });
  if (!joined.joined) {
    const message = maxInFlightMismatch(maxInFlight, joined.maxInFlight, joined.processes);
    logger.error({ maxInFlight, queueMaxInFlight: joined.maxInFlight, processes: joined.processes }, message);
    throw new Error(message);
  }
  const heartbeat = startHeartbeat(
    Math.max(100, Math.floor(leaseMs / 3)),
    () => queue.renewQueueMembership(processId, maxInFlight, expiry()),
    (error) => logger.warn({ err: error }, "the job queue membership could not be renewed"),
  );
  let left = false;
  return {
    async leave() {
      if (left) return;
      left = true;
      heartbeat.stop();
      await queue.leaveQueue(processId);
    },
  };
}

/** The start-up error: names the variable, both values, and what to do. */
export function maxInFlightMismatch(mine: number, theirs: number, processes: number): string {
  const others = processes === 1 ? "1 process" : `${processes} processes`;
  const run = processes === 1 ? "runs" : "run";
  return (
    `GRADER_MAX_IN_FLIGHT is ${mine} in this process, but ${others} using this database's job queue ` +
    `${run} with GRADER_MAX_IN_FLIGHT=${theirs}. Every process of one queue needs the same value: it caps the ` +
    `items running in the whole queue, and processes with different values starve each other. Start this ` +
    `process with GRADER_MAX_IN_FLIGHT=${theirs}, or, to change the value, stop every process and start them ` +
    `all with the new one.`
  );
}
