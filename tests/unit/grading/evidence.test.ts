import { describe, expect, it } from "vitest";
import { verifyEvidence } from "../../../src/grading/evidence.js";
import { foldForEvidence } from "../../../src/grading/integrity/index.js";

const check = (answer: string, quote: string) => verifyEvidence(foldForEvidence(answer), [quote]).verified;

describe("verifyEvidence", () => {
  it("verifies a quote written composed from an answer written decomposed, and the other way round", () => {
    // macOS, many PDFs and some keyboards give decomposed text; models write composed text.
    expect(check("I ordered a cafe\u0301 au lait.", "café au lait")).toBe(true);
    expect(check("I ordered a café au lait.", "cafe\u0301 au lait")).toBe(true);
    const korean = "식물은 빛을 사용합니다";
    expect(check(korean.normalize("NFD"), korean.normalize("NFC"))).toBe(true);
    const vietnamese = "Cây xanh quang hợp";
    expect(check(`${vietnamese.normalize("NFD")} nhờ ánh sáng.`, vietnamese)).toBe(true);
  });

  it("takes off quotation marks and ellipses at either end, and nothing inside", () => {
    const answer = "Plants need light and water to make glucose.";
    for (const quote of [
      "“need light”",
      '"need light"',
      "«need light»",
      "「need light」",
      "...need light",
      "... need light ...",
      "…need light…",
      "  “… need light …”  ",
    ]) {
      expect(check(answer, quote), quote).toBe(true);
    }
    expect(check(answer, "need ... light")).toBe(false);
    expect(check(answer, "need “ light")).toBe(false);
  });

  it("reads a reply's longest quotes of spaces, quotation marks or dots in one pass", () => {
    // Regression: end-anchored patterns were tried from every position: a quote of 100,000 spaces (a reply
    // holds up to 130,000 characters) held the event loop for seconds.
    const answer = "Plants need light.";
    const long = 130_000;
    // Spaces fold to one, as in any quote.
    expect(check(answer, `need${" ".repeat(long)}light`)).toBe(true);
    expect(check(answer, `need${"”".repeat(long)}light`)).toBe(false);
    expect(check(answer, `need${".".repeat(long)}light`)).toBe(false);
    expect(check(answer, `${"“".repeat(long)}need light${"”".repeat(long)}`)).toBe(true);
    expect(check(answer, `...${" ".repeat(long)}need light${" ".repeat(long)}…`)).toBe(true);
  });

  it("does not count a quote that shows nothing as evidence, even when the answer contains it", () => {
    // Regression: a run of Braille blanks (U+2800) was found in an answer of Braille blanks, and verified.
    const answer = "Plants need light.\u2800\u2800\u2800";
    expect(verifyEvidence(foldForEvidence(answer), ["\u2800\u2800\u2800"])).toEqual({
      verified: false,
      reason: "no_quotes",
      missingQuotes: [],
    });
    expect(verifyEvidence(foldForEvidence(answer), ["\u2800", "need light"]).verified).toBe(true);
  });

  it("still refuses what only compatibility folding would match", () => {
    expect(check("2³ = 8", "23 = 8")).toBe(false);
    expect(check("ｇｌｕｃｏｓｅ", "glucose")).toBe(false);
  });

  it("refuses a quote that starts or ends inside a user-perceived character", () => {
    expect(check("🇫🇷🇺🇸 are the flags I drew", "🇷🇺")).toBe(false);
    expect(check("🇫🇷🇺🇸 are the flags I drew", "🇫🇷")).toBe(true);
    expect(check("🇫🇷🇺🇸 are the flags I drew", "🇺🇸 are the flags")).toBe(true);
    expect(check("the cafe\u0301 opens", "the cafe")).toBe(false);
    expect(check("👨‍👩‍👧 family", "👩")).toBe(false);
    expect(check("👨‍👩‍👧 family", "👨‍👩‍👧 family")).toBe(true);
    expect(check("नमस्ते दुनिया", "नमस्")).toBe(false);
    expect(check("नमस्ते दुनिया", "दुनिया")).toBe(true);
  });

  it("finds a whole-character occurrence after one that is not", () => {
    expect(check("🇫🇷🇺🇸 and then 🇷🇺 too", "🇷🇺")).toBe(true);
  });

  it("reads a long run of flags from the start of the run", () => {
    const flags = "🇫🇷".repeat(40);
    expect(check(`Flags: ${flags}.`, "🇷🇫")).toBe(false);
    expect(check(`Flags: ${flags}🇩🇪.`, "🇩🇪.")).toBe(true);
  });
});
