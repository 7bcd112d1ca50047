import type { Clock } from "./clock.js";

export interface PollLoop {
  /** Ends the current wait: the next turn runs at once. */
  wake(): void;
  /** Stops after the turn in progress and resolves when it has ended; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Runs `turn` again and again until stopped. A turn returns how long to wait before the next one (0:
 * at once); `wake()` cuts a wait short, also when it comes while a turn runs. A turn that throws is
 * handed to `onError` and the loop waits `errorWaitMs` before trying again. The queue runners (jobs,
 * integrations) share this: each turn claims work and says when more may be due.
 */
export function startPollLoop(options: {
  clock: Clock;
  turn: () => Promise<number>;
  errorWaitMs: number;
  onError: (error: unknown) => void;
}): PollLoop {
  const { clock } = options;
  let stopping = false;
  let wakeUp = new AbortController();
  async function run(): Promise<void> {
    while (!stopping) {
      const signal = wakeUp.signal;
      let waitMs = options.errorWaitMs;
      try {
        waitMs = await options.turn();
      } catch (error) {
        options.onError(error);
      }
      if (stopping) break;
      if (waitMs > 0 && !signal.aborted) await clock.sleep(waitMs, signal);
      if (wakeUp.signal.aborted) wakeUp = new AbortController();
    }
  }
  const loop = run();
  return {
    wake: () => wakeUp.abort(),
    async stop() {
      stopping = true;
      wakeUp.abort();
      await loop;
    },
  };
}
