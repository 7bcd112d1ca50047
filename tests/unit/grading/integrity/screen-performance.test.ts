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
