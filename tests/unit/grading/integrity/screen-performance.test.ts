import { describe, expect, it } from "vitest";
import { screenText } from "../../../helpers/injection-corpus.js";
import { adversarialAnswers } from "../../../helpers/long-answers.js";

/**
 * Inputs built to hit the worst case of each detector (tests/helpers/long-answers.ts). Every regex is
 * bounded and every scan moves forward, so each screens in tens of milliseconds; the assertion is
 * generous on purpose, because tests must not assert fine timings (bench/event-loop.ts prints them).
 */
describe("screenAnswer: time on 20,000-character adversarial input", () => {
  it("screens each adversarial input well under a second", () => {
    const timings: string[] = [];
    const inputs = Object.entries(adversarialAnswers(20_000));
    // A first pass compiles each script's word-class patterns (about 0.9 s for the look-alike letters
    // alone, over 4 s on a loaded machine): what is timed below is the screen, not V8's compiler.
    for (const [, text] of inputs) screenText(text);
    for (const [name, text] of inputs) {
      const started = performance.now();
      screenText(text);
      const milliseconds = performance.now() - started;
      timings.push(`${name}: ${milliseconds.toFixed(0)} ms`);
      expect(milliseconds, name).toBeLessThan(2000);
    }
    console.log(`screen time, 20,000 characters: ${timings.join(", ")}`);
  });
});

describe("screenAnswer: time on short answers with separator lines", () => {
  // Regression (stop 44): the role-label pattern let a modifier word and the separator after it both take
  // hyphens, so a line of dashes was split among up to three words in a polynomial number of ways at each of
  // its positions: a 600-character answer with a pasted e-mail's separator lines took 0.7 s to screen, one
  // with 50 dashes 1.2 s and one with 100 dashes 54 s, on the analysis thread or, as a fallback, the event loop.
  const sentence =
    "Ohm's law states that the current through a conductor is proportional to the potential difference across it.";
  const answers: Record<string, string> = {
    "a line of 60 dashes": `${"-".repeat(60)}\n\n${sentence}`,
    "a forwarded e-mail's separators": `${"-".repeat(30)} Forwarded message ${"-".repeat(30)}\nFrom: a teacher\n\n${sentence}\n${"-".repeat(60)}`,
    "dashes between words": `note ${"-".repeat(60)} examiner ${"-".repeat(60)} ${sentence}`,
    "a line of 60 equals signs": `${"=".repeat(60)}\n${sentence}`,
  };
  it.each(Object.entries(answers))("screens %s in well under a second", (_, answer) => {
    screenText(answer); // compiles what the answer's words need: not the screen's time
    const started = performance.now();
    screenText(answer);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
