import { describe, expect, it } from "vitest";
import { loadHardBenign, loadHoldoutBenign, screenText } from "../../../helpers/injection-corpus.js";

/**
 * Benign answers that look risky: ours (hard-benign.jsonl: instructions, points, JSON, HTML/LaTeX comments,
 * emoji, Persian ZWNJ and digits, dialogues with speaker labels, citation links, superscripts, CRLF, essays
 * on grading and on prompt injection in the third person, …) and the independent held-out ones
 * (holdout-benign.jsonl, when present). The screen must find nothing in any of them. There are no
 * exceptions: if one is ever needed, list its id here with the reason.
 */
const DOCUMENTED_EXCEPTIONS = new Map<string, string>();

describe("screenAnswer: hard benign answers", () => {
  const cases = loadHardBenign();
  const holdout = loadHoldoutBenign();

  it("has cases to check", () => {
    expect(cases.length).toBeGreaterThanOrEqual(160);
    expect(new Set([...cases, ...holdout].map((entry) => entry.id)).size).toBe(cases.length + holdout.length);
  });

  it.each(
    [...cases, ...holdout]
      .filter((entry) => !DOCUMENTED_EXCEPTIONS.has(entry.id))
      .map((entry) => [entry.id, entry]),
  )("finds nothing in %s", (_id, entry) => {
    expect(screenText(entry.answer)).toEqual([]);
  });
});
