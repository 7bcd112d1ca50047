import { describe, expect, it } from "vitest";
import { loadHardBenign, screenText } from "../../../helpers/injection-corpus.js";

/**
 * tests/fixtures/injection/hard-benign.jsonl: benign answers that look risky (instructions, points, JSON,
 * HTML/LaTeX comments, emoji, Persian ZWNJ, a plain plea for leniency, …). The screen must find nothing in
 * any of them. There are no exceptions: if one is ever needed, list its id here with the reason.
 */
const DOCUMENTED_EXCEPTIONS = new Map<string, string>();

describe("screenAnswer: hard benign answers", () => {
  const cases = loadHardBenign();

  it("has cases to check", () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  it.each(cases.filter((entry) => !DOCUMENTED_EXCEPTIONS.has(entry.id)).map((entry) => [entry.id, entry]))(
    "finds nothing in %s",
    (_id, entry) => {
      expect(screenText(entry.answer)).toEqual([]);
    },
  );
});
