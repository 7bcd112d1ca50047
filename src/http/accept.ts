import { AppError } from "../grading/errors.js";
import { quoteShown } from "../lib/code-points.js";

/** One media range of an `Accept` header: its type in lower case (`text/csv`, `*\/*`) and its weight. */
export interface AcceptedRange {
  readonly type: string;
  readonly weight: number;
}

/**
 * A quality value as RFC 9110 (section 12.4.2) writes one: 0 to 1 with at most three decimals, `0`,
 * `0.5`, `1.000`. `Number()` read `q=0x1` as 1, `q=1e0` as 1 and `q=` as 0.
 */
const QUALITY_VALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The media ranges of an `Accept` header with their weights (1 when a range gives none); empty for no
 * header. Throws `invalid_request` naming `headers.accept` and the value when a range's `q` is not a
 * quality value, as every other malformed header is refused: guessing a weight would answer in a
 * format the client may have ruled out.
 */
export function acceptedRanges(header: string | undefined): AcceptedRange[] {
  if (header === undefined) return [];
  const ranges: AcceptedRange[] = [];
  for (const range of header.split(",")) {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim());
    if (type === "") continue;
    const quality = parameters.find((parameter) => /^q\s*=/i.test(parameter));
    const value = quality?.replace(/^q\s*=\s*/i, "");
    if (value !== undefined && !QUALITY_VALUE.test(value)) {
      // Quoted with what a reader cannot see escaped: a header's bytes are read as Latin-1, so UTF-8 in one
      // arrives as C1 controls, which were echoed raw.
      const shown = quoteShown(value.length > 20 ? `${value.slice(0, 20)}…` : value);
      const message = `has q=${shown} for ${quoteShown(type.slice(0, 100))}: a quality value is 0 to 1 with at most 3 decimals (0, 0.5, 1)`;
      throw new AppError("invalid_request", {
        message: `headers.accept: ${message}`,
        details: [{ path: "headers.accept", message }],
      });
    }
    ranges.push({ type: type.toLowerCase(), weight: value === undefined ? 1 : Number(value) });
  }
  return ranges;
}
