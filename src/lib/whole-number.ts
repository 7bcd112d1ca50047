/**
 * A whole number as senders write one in JSON: a number that is an integer, or a string of its decimal
 * digits (1 to 15 of them: no sign, space, fraction, exponent or `0x`), from `min` to `max`; undefined for
 * anything else. One rule for every count and time an LMS sends: `Number()` took `"0x2"` as 2, `"1e0"`
 * as 1 and `""` as 0.
 */
export function wholeNumber(value: unknown, range: { min: number; max: number }): number | undefined {
  const number =
    typeof value === "string"
      ? /^[0-9]{1,15}$/.test(value)
        ? Number(value)
        : undefined
      : typeof value === "number" && Number.isInteger(value)
        ? value
        : undefined;
  // `+ 0` makes -0 (a JSON `-0`) the 0 it is.
  return number !== undefined && number >= range.min && number <= range.max ? number + 0 : undefined;
}
