import { AppError } from "../grading/errors.js";

/**
 * List cursors are opaque to clients: today a keyset position (a grade id) under a name saying which
 * way the list goes, free to change shape later without breaking anyone who only passes `next` back.
 */
export function encodeCursor(direction: "before" | "after", gradeId: string): string {
  return Buffer.from(JSON.stringify({ [direction]: gradeId })).toString("base64url");
}

/** The keyset position in a cursor; throws `invalid_request` for anything `next` never was. */
export function decodeCursor(direction: "before" | "after", cursor: string): string {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof position === "object" && position !== null && direction in position) {
      const value = (position as Record<string, unknown>)[direction];
      if (typeof value === "string" && value.length > 0) return value;
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
