import { describe, expect, it } from "vitest";
import { clientIdSchema } from "../../../src/grading/client-ids.js";

/** The messages `clientIdSchema` refuses `id` with, or the id it keeps. */
function check(id: string): { kept: string } | { refused: string[] } {
  const result = clientIdSchema.safeParse(id);
  return result.success
    ? { kept: result.data }
    : { refused: result.error.issues.map((issue) => issue.message) };
}

describe("clientIdSchema", () => {
  it.each([
    ["\u0000", "U+0000 (a control character)"],
    ["s-1\t", "U+0009 (a control character)"],
    ["s-1\r\n", "U+000D (a control character)"],
    ["s\u009b31m", "U+009B (a control character)"],
    ["s\u202a1\u202c", "U+202A (a bidi control)"],
    ["s\u200e1", "U+200E (a bidi control)"],
    ["s\u2069", "U+2069 (a bidi control)"],
    // Unpaired halves of a surrogate pair: JSON bodies refuse them first, a Canvas JWT's claims need not.
    ["s\ud8001", "U+D800 (an unpaired UTF-16 surrogate)"],
    ["s\udc00", "U+DC00 (an unpaired UTF-16 surrogate)"],
  ])("refuses %j, naming the first character it cannot hold and nothing else", (id, named) => {
    expect(check(id)).toEqual({ refused: [`cannot contain ${named}`] });
  });

  it("keeps ids that show something in any script, emoji with their joiners and selectors included", () => {
    for (const id of ["s-1", " ana.b ", "日本", "\u0645\u0631\u064a\u0645", "👩\u200d🔬", "❤\ufe0f", "𝔸"]) {
      expect(check(id)).toEqual({ kept: id });
    }
  });
});
