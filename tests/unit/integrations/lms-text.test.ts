import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../src/integrations/lms-text.js";

describe("htmlToText", () => {
  it("decodes numeric references to characters, astral ones included", () => {
    expect(htmlToText("<p>caf&#233; &#x1F600; &amp;</p>")).toBe("café 😀 &");
  });

  it("keeps a reference to a surrogate as written: it names no character, and made a string storage could not keep", () => {
    // Regression: "&#xD800;" (a student can write it in Canvas's or Moodle's HTML editor) became a lone
    // surrogate, stored as U+FFFD, so the answer graded was not the answer stored.
    const text = htmlToText("<p>half &#xD800; and &#56320; of a pair</p>");
    expect(text).toBe("half &#xD800; and &#56320; of a pair");
    expect(text.isWellFormed()).toBe(true);
  });

  it("makes a lone surrogate from the LMS's JSON what storage keeps: U+FFFD", () => {
    const text = htmlToText("<p>broken \ud800 pair</p>");
    expect(text).toBe("broken \ufffd pair");
    expect(text.isWellFormed()).toBe(true);
    // A pair is a character, kept.
    expect(htmlToText("\ud83d\ude00")).toBe("😀");
  });
});
