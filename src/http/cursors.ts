import { AppError } from "../grading/errors.js";

/**
 * List cursors are opaque to clients: today a keyset position (a grade id) under a name saying which
 * way the list goes, free to change shape later without breaking anyone who only passes `next` back.
 */
export function encodeCursor(direction: "before" | "after", gradeId: string): string {
  return Buffer.from(JSON.stringify({ [direction]: gradeId })).toString("base64url");
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
 * The keyset position in a cursor; throws `invalid_request` for anything `next` never was, also a cursor of
 * another list (a job cursor given to the grade list read as an empty page, a forged `{"before":"nope"}`
 * as the first page again) and `next` with characters added.
 */
export function decodeCursor(direction: "before" | "after", cursor: string, position: RegExp): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof decoded === "object" && decoded !== null && Object.hasOwn(decoded, direction)) {
      const value = (decoded as Record<string, unknown>)[direction];
      // Only the very text `next` was: base64url decoding skips what it cannot read, so `next` with `!!`,
      // a space or a padding `=` added, or a JSON with more keys, read as the same position.
      if (typeof value === "string" && position.test(value) && encodeCursor(direction, value) === cursor) {
        return value;
      }
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  const message = "is not a cursor from this API: pass `next` from the previous page unchanged";
  throw new AppError("invalid_request", {
    message: `querystring.cursor: ${message}`,
    details: [{ path: "querystring.cursor", message }],
  });
}
