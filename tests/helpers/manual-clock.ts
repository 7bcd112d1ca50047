import type { Clock } from "../../src/lib/clock.js";

/**
 * A clock whose time moves only when the test moves it: `sleep` resolves once the test advances past
 * its deadline (or at once when its signal aborts). No real waiting, and nothing depends on the speed
 * of the machine.
 */
export interface ManualClock extends Clock {
  /** Milliseconds since the epoch, now. */
  readonly nowMs: number;
  /** Deadlines of the sleeps still waiting, soonest first. */
  pendingSleeps(): number[];
  /** Lets promise chains and database calls run until nothing is left to do at this time. */
  settle(): Promise<void>;
  /**
   * Moves to the soonest sleep's deadline, wakes every sleep due by then and settles. Returns false,
   * moving nothing, when nothing sleeps.
   */
  advanceToNextSleep(): Promise<boolean>;
}

export function createManualClock(startMs = Date.UTC(2026, 11, 1, 9, 0, 0)): ManualClock {
  let nowMs = startMs;
  const sleepers: { at: number; wake: () => void }[] = [];
  const settle = async () => {
    // Kysely and better-sqlite3 answer through promises and the event loop: a few turns let every
    // chain that can run at this time run.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    get nowMs() {
      return nowMs;
    },
    now: () => new Date(nowMs),
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const sleeper = {
          at: nowMs + ms,
          wake: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          resolve();
        };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    pendingSleeps: () => sleepers.map((sleeper) => sleeper.at).sort((a, b) => a - b),
    settle,
    async advanceToNextSleep() {
      await settle();
      if (sleepers.length === 0) return false;
      nowMs = Math.max(nowMs, Math.min(...sleepers.map((sleeper) => sleeper.at)));
      for (const sleeper of sleepers.filter((candidate) => candidate.at <= nowMs)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      await settle();
      return true;
    },
  };
}
