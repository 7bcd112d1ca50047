import { createHash } from "node:crypto";
import { AppError } from "../grading/errors.js";
import { canonicalJson } from "../lib/hashing.js";

/**
 * What a page was read from: the list (`grades`, `job-results`) and the values that chose its entries (the
 * filters; the job whose results they are). Values are as the route compares them (a time as its instant),
 * so that two spellings of one filter make the same cursor. Absent filters are left out.
 */
export interface CursorOrigin {
  list: string;
  filters?: Readonly<Record<string, string | number | undefined>>;
}

/**
 * The origin as a short tag (66 bits of a SHA-256): a cursor carries it, so that `next` sent with other
 * filters or to another list is refused instead of being read as a position there (a `needs_review`
 * cursor on `?status=graded` skipped every graded grade newer than it; one job's results cursor on
 * another job's results skipped that many items).
 */
function originTag(origin: CursorOrigin): string {
  return createHash("sha256")
    .update(canonicalJson({ list: origin.list, filters: origin.filters ?? {} }))
    .digest("base64url")
    .slice(0, 11);
}

function encode(direction: "before" | "after", position: string, tag: string): string {
  return Buffer.from(JSON.stringify({ [direction]: position, of: tag })).toString("base64url");
}

/**
 * List cursors are opaque to clients (and URL-safe): today a keyset position (a grade id) under a name
 * saying which way the list goes, and the tag of the list and filters it was made for; free to change
 * shape later without breaking anyone who only passes `next` back with the same query.
 */
export function encodeCursor(direction: "before" | "after", position: string, origin: CursorOrigin): string {
  return encode(direction, position, originTag(origin));
}

/** The positions each list's cursors hold: a grade, job, submission or erasure id, or an item's number. */
export const cursorPositions = {
  grade: /^grd_[0-9a-z]{1,64}$/,
  job: /^job_[0-9a-z]{1,64}$/,
  submission: /^sbm_[0-9a-z]{1,64}$/,
  erasure: /^ers_[0-9a-z]{1,64}$/,
  itemNumber: /^(?:0|[1-9]\d{0,14})$/,
} as const;

/**
 * The keyset position in a cursor; throws `invalid_request` naming `querystring.cursor` for anything `next`
 * never was (a cursor of another list: a job cursor given to the grade list read as an empty page, a
 * forged `{"before":"nope"}` as the first page again; `next` with characters added), and for a `next`
 * of this list sent with other filters than the page that gave it, or for another job's results.
 */
export function decodeCursor(
  direction: "before" | "after",
  cursor: string,
  position: RegExp,
  origin: CursorOrigin,
): string {
  let madeElsewhere = false;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof decoded === "object" && decoded !== null && Object.hasOwn(decoded, direction)) {
      const { [direction]: value, of: tag } = decoded as Record<string, unknown>;
      // Only the very text `next` was: base64url decoding skips what it cannot read, so `next` with `!!`,
      // a space or a padding `=` added, or a JSON with more keys, read as the same position.
      if (
        typeof value === "string" &&
        typeof tag === "string" &&
        position.test(value) &&
        encode(direction, value, tag) === cursor
      ) {
        if (tag === originTag(origin)) return value;
        madeElsewhere = true;
      }
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  const message = madeElsewhere
    ? "was made for other filters or another list: send `next` with the same query as the page that gave it, or start again without `cursor`"
    : "is not a cursor from this API: pass `next` from the previous page unchanged";
  throw new AppError("invalid_request", {
    message: `querystring.cursor: ${message}`,
    details: [{ path: "querystring.cursor", message }],
  });
}
