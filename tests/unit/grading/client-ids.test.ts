import { describe, expect, it } from "vitest";
import { clientIdSchema, verbatimClientIdSchema } from "../../../src/grading/client-ids.js";

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
    // Invisible ones: "\ufeffs1" and "s1" look the same and were two students.
    ["\ufeffs1", "U+FEFF (an invisible format character)"],
    ["s\u200b1", "U+200B (an invisible format character)"],
    ["s\u2060", "U+2060 (an invisible format character)"],
    ["s\u00ad1", "U+00AD (an invisible format character)"],
    ["s1\udb40\udc41", "U+E0041 (an invisible format character)"],
    ["s\u20281", "U+2028 (a line break)"],
    ["s\u2029", "U+2029 (a line break)"],
    ["s\uffff", "U+FFFF (a noncharacter)"],
    ["s\ufdd0", "U+FDD0 (a noncharacter)"],
    ["s\udbff\udfff", "U+10FFFF (a noncharacter)"],
  ])("refuses %j, naming the first character it cannot hold and nothing else", (id, named) => {
    expect(check(id)).toEqual({ refused: [`cannot contain ${named}`] });
  });

  it("keeps ids that show something in any script, emoji with their joiners and selectors included", () => {
    for (const id of [
      "s-1",
      " ana.b ",
      "日本",
      "\u0645\u0631\u064a\u0645",
      "👩\u200d🔬",
      "❤\ufe0f",
      "𝔸",
      // Persian spelling needs the zero-width non-joiner: «می‌خواهم».
      "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    ]) {
      expect(check(id)).toEqual({ kept: id });
    }
  });

  it("keeps an id in its canonical composed form (NFC), whichever canonically equivalent form came in", () => {
    expect(check("Jose\u0301")).toEqual({ kept: "Jos\u00e9" });
    expect(check("Jos\u00e9")).toEqual({ kept: "Jos\u00e9" });
    // Hangul jamo compose into a syllable, marks into their canonical order; the Kelvin sign is a singleton.
    expect(check("\u1100\u1161")).toEqual({ kept: "\uac00" });
    expect(check("a\u0323\u0302")).toEqual({ kept: "\u1ead" });
    expect(check("a\u0302\u0323")).toEqual({ kept: "\u1ead" });
    expect(check("\u212a")).toEqual({ kept: "K" });
    // Compatibility forms are other characters, not another way to write these: they stay.
    expect(check("\uff2a\u2460")).toEqual({ kept: "\uff2a\u2460" });
  });

  it("counts the 200 characters in the composed form it keeps", () => {
    expect(check("e\u0301".repeat(200))).toEqual({ kept: "\u00e9".repeat(200) });
    expect(check("e\u0301".repeat(201))).toEqual({ refused: ["must be at most 200 characters"] });
  });
});

describe("verbatimClientIdSchema", () => {
  it("holds an id to the same rule but keeps the form it came in", () => {
    expect(verbatimClientIdSchema.parse("Jose\u0301")).toBe("Jose\u0301");
    expect(verbatimClientIdSchema.safeParse("a\u0000").error?.issues[0]?.message).toBe(
      "cannot contain U+0000 (a control character)",
    );
  });
});
