/**
 * Exponential backoff with jitter, the one rule every retry in the service follows (job items, the
 * outbox and LMS fetches, model calls): attempt 1 waits up to `baseMs`, each later one doubles that up
 * to `maxMs`, and the wait is drawn from the upper half of it so that a burst of failures does not
 * retry in step.
 */
export function backoffMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; random?: () => number },
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + ((options.random ?? Math.random)() * ceiling) / 2);
}
