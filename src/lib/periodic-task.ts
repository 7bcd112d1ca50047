export interface PeriodicTask {
  /** Stops the schedule and resolves when a run in progress has finished. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Runs `run` at once and then `intervalMs` after each run ends, until stopped: runs never overlap, and
 * the timer never keeps the process alive. A run's failure is handed to `onError` and the schedule goes
 * on (the next run may succeed).
 */
export function startPeriodicTask(
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (error: unknown) => void,
): PeriodicTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const runOnce = () => {
    timer = undefined;
    running = Promise.resolve()
      .then(run)
      .then(
        () => {},
        (error: unknown) => onError(error),
      )
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(runOnce, intervalMs);
          timer.unref();
        }
      });
  };
  runOnce();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
