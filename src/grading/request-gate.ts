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
  requestsPerMinute: number;
}

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
  const { intervalMs, interactiveToleranceMs } = requestGateTimings(options.requestsPerMinute);
  const toleranceMs: Record<CallPriority, number> = { interactive: interactiveToleranceMs, batch: 0 };
  const lines: Record<CallPriority, PriorityLimiter<"next">> = {
    interactive: createPriorityLimiter(1, ["next"]),
    batch: createPriorityLimiter(1, ["next"]),
  };

  return {
    acquire(priority, signal) {
      const tolerance = toleranceMs[priority] ?? 0;
      const line = lines[priority] ?? lines.batch;
      return line(
        "next",
        async () => {
          for (;;) {
            signal?.throwIfAborted();
            const taken = await store.take(name, clock.now().getTime(), intervalMs, tolerance);
            if (taken.granted) return;
            await clock.sleep(taken.waitMs, signal);
          }
        },
        signal,
      );
    },
    async holdUntil(until) {
      // Held past `until` by the interactive tolerance, so that not even an interactive burst sends
      // before `until`; a batch request then goes one tolerance later, when the burst allowance is back.
      await store.holdUntil(name, Math.ceil(until.getTime()) + interactiveToleranceMs);
    },
  };
}
