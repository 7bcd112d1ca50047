import type { Clock } from "../lib/clock.js";
import { createPriorityLimiter, type PriorityLimiter } from "../lib/concurrency.js";
import type { CallPriority, RequestGate, RequestGateStore } from "./ports.js";

/**
 * The provider's request rate (GRADER_REQUESTS_PER_MINUTE) as a gate every model request passes, shared
 * by every process on one database through a GCRA store (`RequestGateStore`).
 *
 * - A batch request goes only when the rate allows one now (tolerance 0): N batch requests at R per
 *   minute take N/R minutes, never a burst.
 * - An interactive request may go up to `interactiveToleranceMs` ahead of the rate (a burst of about two
 *   seconds' worth of requests), so a person is served at once even while a batch saturates the rate:
 *   it takes the next slot, and the batch waits one interval more.
 * - After a 429, `holdUntil` stops everyone, interactive requests too, until the provider's time.
 */
export interface RequestGateOptions {
  store: RequestGateStore;
  clock: Clock;
  /** Names the shared state: one gate per provider and model (`openai:gpt-4o-mini`). */
  name: string;
  /** null: no request limit (a token limit alone). */
  requestsPerMinute: number | null;
  /**
   * The provider's tokens per minute (null: none). Each request costs the tokens `acquire` is given, as
   * a weighted GCRA on a second row (`<name>:tokens`): a request of T tokens moves that row's next time
   * by T × 60,000 / tokensPerMinute ms. Interactive requests may run two seconds' worth ahead.
   */
  tokensPerMinute?: number | null;
}

/** How far ahead of the token rate an interactive request may go. */
const interactiveTokenToleranceMs = 2_000;

export interface RequestGateTimings {
  /** Milliseconds between two requests, rounded up to the store's whole milliseconds (errs slow). */
  intervalMs: number;
  /** How far ahead of the rate an interactive request may go: max(1, round(rpm / 30)) intervals. */
  interactiveToleranceMs: number;
}

/** The gate's timings for a rate. Throws RangeError unless 1 <= requestsPerMinute <= 60,000 (whole). */
export function requestGateTimings(requestsPerMinute: number): RequestGateTimings {
  if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1 || requestsPerMinute > 60_000) {
    throw new RangeError(
      `requestsPerMinute must be a whole number from 1 to 60000, got ${requestsPerMinute}`,
    );
  }
  const intervalMs = Math.ceil(60_000 / requestsPerMinute);
  return {
    intervalMs,
    interactiveToleranceMs: Math.max(1, Math.round(requestsPerMinute / 30)) * intervalMs,
  };
}

/**
 * A RequestGate over a shared store. Within one process, callers of one priority ask the store one at a
 * time, first come first served: the first sleeps until its turn while the others wait behind it, so a
 * thousand waiting calls make one query per interval, not a thousand. The two priorities have separate
 * lines, so an interactive call never waits behind a sleeping batch call.
 *
 * `acquire` rejects with the signal's reason when it aborts, and with the store's error when the
 * database fails. Throws RangeError for a rate out of range (see requestGateTimings).
 */
export function createRequestGate(options: RequestGateOptions): RequestGate {
  const { store, clock, name } = options;
  const requests = options.requestsPerMinute === null ? null : requestGateTimings(options.requestsPerMinute);
  const tokensPerMinute = options.tokensPerMinute ?? null;
  if (tokensPerMinute !== null && (!Number.isInteger(tokensPerMinute) || tokensPerMinute < 1)) {
    throw new RangeError(`tokensPerMinute must be a positive whole number, got ${tokensPerMinute}`);
  }
  const lines: Record<CallPriority, PriorityLimiter<"next">> = {
    interactive: createPriorityLimiter(1, ["next"]),
    batch: createPriorityLimiter(1, ["next"]),
  };
  const tokensName = `${name}:tokens`;

  /**
   * Takes one slot of the row `row` costing `intervalMs`, sleeping until the rate allows it.
   *
   * `reserve` (batch): when the rate does not allow a request now, the next free slot is taken at once,
   * with a tolerance of exactly the wait, and the caller sleeps until it: one query per request and no
   * drift from waking, asking again and losing a race (a few milliseconds a request on PostgreSQL,
   * which added up to 10% of a saturated batch). Only the next slot is reserved, and only by the one
   * batch caller of this process at the head of its line, so interactive requests still go ahead
   * within their tolerance.
   */
  async function take(
    row: string,
    intervalMs: number,
    toleranceMs: number,
    signal: AbortSignal | undefined,
    reserve: boolean,
  ) {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now().getTime();
      const taken = await store.take(row, now, intervalMs, toleranceMs);
      if (taken.granted) return;
      // Only the next slot is reserved: a longer wait (the provider's hold after a 429) is slept out
      // first, so that a person asking meanwhile still goes first.
      if (reserve && taken.waitMs <= intervalMs) {
        const reserved = await store.take(row, now, intervalMs, toleranceMs + taken.waitMs);
        if (reserved.granted) {
          await clock.sleep(taken.waitMs, signal);
          signal?.throwIfAborted();
          return;
        }
      }
      await clock.sleep(taken.waitMs, signal);
    }
  }

  return {
    acquire(priority, signal, tokens) {
      const line = lines[priority] ?? lines.batch;
      const interactive = priority === "interactive";
      return line(
        "next",
        async () => {
          if (requests) {
            await take(
              name,
              requests.intervalMs,
              interactive ? requests.interactiveToleranceMs : 0,
              signal,
              !interactive,
            );
          }
          if (tokensPerMinute !== null && tokens !== undefined && tokens > 0) {
            const costMs = Math.max(1, Math.ceil((tokens * 60_000) / tokensPerMinute));
            await take(
              tokensName,
              costMs,
              interactive ? interactiveTokenToleranceMs : 0,
              signal,
              !interactive,
            );
          }
        },
        signal,
      );
    },
    async holdUntil(until) {
      // Held past `until` by the interactive tolerance, so that not even an interactive burst sends
      // before `until`; a batch request then goes one tolerance later, when the burst allowance is back.
      const at = Math.ceil(until.getTime());
      if (requests) await store.holdUntil(name, at + requests.interactiveToleranceMs);
      if (tokensPerMinute !== null) await store.holdUntil(tokensName, at + interactiveTokenToleranceMs);
    },
  };
}
