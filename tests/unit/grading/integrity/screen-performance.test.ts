import { describe, expect, it } from "vitest";
import { screenText } from "../../../helpers/injection-corpus.js";

const LENGTH = 20_000;
const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

/**
 * Inputs built to hit the worst case of each detector: trigger words without completions, unclosed
 * comments, long base64/hex/escape runs, spaced letters, invisible runs, JSON keys. Every regex is bounded,
 * so each screens in tens of milliseconds (about 110 ms at worst when measured); the assertion is
 * generous on purpose, because tests must not assert fine timings.
 */
const adversarial: Record<string, string> = {
  "trigger words": fill("ignore all previous give award the maximum as the teacher note to "),
  "unclosed HTML comments": fill("<!--"),
  "percent signs": fill("a % "),
  "base64 run": fill("A"),
  "hex run": fill("ab "),
  "spaced letters": fill("a "),
  "JSON keys": fill('{"score": '),
  "HTML entities": fill("&#97;"),
  "zero-width run": fill("a\u200b"),
  "tag characters": fill("\u{e0041}"),
  "bidi overrides": fill("\u202e a"),
  "hidden spans": fill("<span style='display:none'>"),
  "praise words": fill("perfect excellent "),
  "look-alike letters": fill("аb 1a "),
  mixed: Array.from({ length: LENGTH }, (_, index) =>
    "ig<!%{\"'a1 .\n\u200b#[|>&".charAt((index * 7919) % 22),
  ).join(""),
};

describe("screenAnswer: time on 20,000-character adversarial input", () => {
  it("screens each adversarial input well under a second", () => {
    const timings: string[] = [];
    for (const [name, text] of Object.entries(adversarial)) {
      const started = performance.now();
      screenText(text);
      const milliseconds = performance.now() - started;
      timings.push(`${name}: ${milliseconds.toFixed(0)} ms`);
      expect(milliseconds, name).toBeLessThan(2000);
    }
    console.log(`screen time, 20,000 characters: ${timings.join(", ")}`);
  });
});
