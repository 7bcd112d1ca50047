/**
 * Runs at most `limit` of the given tasks at a time, in the order they arrive. Returns a function that
 * wraps a task; the wrapped task resolves or rejects like the original.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limiter = createPriorityLimiter(limit, ["any"]);
  return (task) => limiter("any", task);
}

/**
 * Wraps a task: runs it when a slot is free, or once every task waiting before it has started. Rejects
 * with the signal's reason, without running the task, when `signal` aborts before the task starts.
 */
export type PriorityLimiter<Priority extends string> = <T>(
  priority: Priority,
  task: () => Promise<T>,
  signal?: AbortSignal,
) => Promise<T>;

/**
 * Runs at most `limit` tasks at a time; when a slot frees, the waiting task of the earliest priority in
 * `priorities` starts (first come, first served within a priority). A later priority waits as long as
 * an earlier one has tasks waiting.
 *
 * A freed slot is handed straight to the next waiting task, so a task arriving meanwhile can neither
 * overtake it nor push the count above `limit`. Throws RangeError for a limit that is not a positive
 * integer or an empty list of priorities.
 */
export function createPriorityLimiter<const Priority extends string>(
  limit: number,
  priorities: readonly Priority[],
): PriorityLimiter<Priority> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (priorities.length === 0) throw new RangeError("at least one priority is needed");
  let running = 0;
  // One first-in, first-out line per priority, earliest priority first.
  const lines: (() => void)[][] = priorities.map(() => []);
  const lineOf = (priority: Priority) => lines[Math.max(0, priorities.indexOf(priority))]!;

  const release = () => {
    for (const line of lines) {
      const start = line.shift();
      if (start) return start(); // the slot passes on: `running` stays the same
    }
    running--;
  };

  return async <T>(priority: Priority, task: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    signal?.throwIfAborted();
    if (running < limit) running++;
    else {
      const started = await new Promise<boolean>((resolve) => {
        const line = lineOf(priority);
        const onAbort = () => {
          const index = line.indexOf(start);
          if (index >= 0) line.splice(index, 1);
          resolve(false);
        };
        const start = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(true);
        };
        line.push(start);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      // Left the line without a slot: nothing to release.
      if (!started) throw signal?.reason;
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
