import { describe, expect, it } from "vitest";
import { codePointCount } from "../../../src/lib/code-points.js";

describe("codePointCount", () => {
  it("counts code points as iterating the string does, for every kind of text", () => {
    const texts = [
      "",
      "a",
      "photosynthesis",
      "😀",
      "😀".repeat(10_001),
      "x² + y² = r²",
      "فتوسنتز در کلروپلاست‌ها",
      "👩‍🔬 e\u0301 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
      "\ud800",
      "a\udc00b",
      "\ud83d\ud83d\ude00",
      "end\ud83d",
    ];
    for (const text of texts) expect(codePointCount(text)).toBe([...text].length);
  });
});
