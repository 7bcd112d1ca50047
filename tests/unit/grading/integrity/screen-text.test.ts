import { describe, expect, it } from "vitest";
import { foldForScreening } from "../../../../src/grading/integrity/matching-text.js";
import { screenTextOf, sentenceIndexAt } from "../../../../src/grading/integrity/screen-text.js";

const screen = (answer: string) => screenTextOf(foldForScreening(answer));

/** What the detectors did before the binary search: the first sentence (or part) holding the offset. */
const linearIndexAt = (text: ReturnType<typeof screen>, offset: number) =>
  text.sentences.findIndex(([start, end]) => start <= offset && offset < end);

describe("sentenceIndexAt", () => {
  it("finds the sentence holding an offset, and none in the spacing between sentences", () => {
    const text = screen("Plants need light.   Water helps too!\nGlucose is made.");
    expect(text.sentences.length).toBe(3);
    expect(sentenceIndexAt(text, 0)).toBe(0);
    expect(sentenceIndexAt(text, text.lower.indexOf("water"))).toBe(1);
    expect(sentenceIndexAt(text, text.lower.indexOf("glucose"))).toBe(2);
    // The spaces after "light." belong to no sentence.
    expect(sentenceIndexAt(text, text.lower.indexOf("light.") + 7)).toBe(-1);
    expect(sentenceIndexAt(text, text.lower.length + 5)).toBe(-1);
  });

  it("answers the first of the overlapping parts of a long sentence, at every offset, like a linear search", () => {
    const long = `${"word ".repeat(260)}end. Short one. ${"x".repeat(1200)}`;
    const text = screen(long);
    expect(text.sentences.some(([start], index) => index > 0 && start < text.sentences[index - 1]![1])).toBe(
      true,
    );
    for (let offset = 0; offset <= text.lower.length; offset++) {
      expect(sentenceIndexAt(text, offset), `offset ${offset}`).toBe(linearIndexAt(text, offset));
    }
  });

  it("finds nothing in an empty text", () => {
    expect(sentenceIndexAt(screen(""), 0)).toBe(-1);
  });
});
