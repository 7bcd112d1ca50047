import { performance } from "node:perf_hooks";

export interface IdleWaitOptions {
  /** The share of the last interval the event loop may have been busy for it to count as idle. */
  maxUtilization?: number;
  /** How often the event loop's use is sampled. */
  intervalMs?: number;
}

/**
 * Runs `work` once, after the first sampling interval in which this thread's event loop was busy for at
 * most `maxUtilization` of the time (0.25 and 500 ms unless told). For optional background work such as
 * loading an analysis thread: it takes seconds of CPU, and started while requests pour in (a deadline
 * spike right after a deploy) it would take that CPU from them. Under steady load it waits; whatever
 * needs the work meanwhile does it on demand. The timer never keeps the process alive. Returns a
 * function that cancels the wait (a no-op once `work` has run).
 */
export function whenIdle(work: () => void, options: IdleWaitOptions = {}): () => void {
  const maxUtilization = options.maxUtilization ?? 0.25;
  const intervalMs = options.intervalMs ?? 500;
  let previous = performance.eventLoopUtilization();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(check, intervalMs);
    timer.unref();
  };
  function check() {
    const current = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(current, previous);
    previous = current;
    if (utilization <= maxUtilization) {
      timer = undefined;
      work();
      return;
    }
    schedule();
  }
  schedule();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
