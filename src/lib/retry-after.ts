/**
 * Milliseconds a `Retry-After` value asks to wait: delta-seconds (fractions accepted, as some providers
 * and receivers send them) or an HTTP date, which is always in GMT (a date in the past gives 0).
 * `undefined` when absent or unreadable: V8's lenient `Date.parse` would read "-1" or "1.5" as dates in
 * 2001, which made every retry immediate. The one reading of the header for providers, LMS calls and
 * callbacks alike.
 */
export function retryAfterValueMs(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}(?:\.\d{1,6})?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/ GMT$/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
