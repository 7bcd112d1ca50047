import { describe, expect, it } from "vitest";
import { escapeNul, unescapeNul } from "../../../src/storage/sql/nul-safe-postgres.js";

describe("escapeNul / unescapeNul", () => {
  it("leaves ordinary text as it is", () => {
    for (const text of ["", "Plants need light.", "x² + y² = r²", "🌱 مرحبا ۱۲۳", "\uE001 alone"]) {
      expect(escapeNul(text)).toBe(text);
      expect(unescapeNul(text)).toBe(text);
    }
  });

  it("writes no U+0000, and gives back exactly what it was given", () => {
    const alphabet = ["\u0000", "\uE000", "\uE001", "a", "\u0001"];
    const texts: string[] = [""];
    // Every string of up to five characters over the alphabet: escapes touching each other included.
    for (let length = 1; length <= 5; length++) {
      for (const prefix of texts.filter((text) => text.length === length - 1)) {
        for (const character of alphabet) texts.push(prefix + character);
      }
    }
    const escaped = new Map<string, string>();
    for (const text of texts) {
      const stored = escapeNul(text);
      expect(stored).not.toContain("\u0000");
      expect(unescapeNul(stored)).toBe(text);
      // Injective: two texts never share an escaped form, so equality means the same in both.
      expect(escaped.get(stored)).toBeUndefined();
      escaped.set(stored, text);
    }
    expect(escaped.size).toBe(texts.length);
  });
});
