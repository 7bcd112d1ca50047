import { describe, expect, it } from "vitest";
import { elementLines, lineAt } from "../../../src/interchange/moodle-xml.js";

/**
 * The lines of a Moodle file's elements are found in one pass: counting from the start of the file for
 * each element was quadratic (2 s of the event loop for a 1 MiB file of 8,000 levels).
 */

function levels(count: number): string {
  const level = (index: number) =>
    `<level id="${index}">\n<score>1</score>\n<definition>Level ${index}</definition>\n</level>`;
  return `<levels>\n${Array.from({ length: count }, (_, index) => level(index)).join("\n")}\n</levels>\n`;
}

describe("elementLines", () => {
  it("finds each element's line, by id and in order, as lineAt does", () => {
    const text = levels(50);
    const found = elementLines(text, "level");
    const expected = [...text.matchAll(/<level /g)].map((match) => lineAt(text, match.index));
    expect(found.inOrder).toEqual(expected);
    expect(found.inOrder[0]).toBe(2);
    expect(found.byId.get("3")).toBe(expected[3]);
    expect(found.byId.size).toBe(50);
  });

  it("reads the text's line breaks a bounded number of times, however many elements it has", () => {
    const text = levels(4_000);
    const lineBreaks = text.split("\n").length - 1;
    const bound = lineBreaks + 2 * 4_000 + 10;
    // Counts the searches for a line break (a spy would keep every call's arguments: millions without
    // the fix), and stops the scan once past the bound.
    const prototype = String.prototype;
    const original = Object.getOwnPropertyDescriptor(prototype, "indexOf")!.value as (
      this: string,
      searched: string,
      position?: number,
    ) => number;
    let searches = 0;
    prototype.indexOf = function (this: string, searched: string, position?: number) {
      if (searched === "\n" && ++searches > bound)
        throw new Error(`more than ${bound} searches for a line break`);
      return original.call(this, searched, position);
    };
    let found: ReturnType<typeof elementLines>;
    try {
      found = elementLines(text, "level");
    } finally {
      prototype.indexOf = original;
    }
    expect(found.inOrder).toHaveLength(4_000);
    // Each line break once, plus one look past each element; from the start for each element, it was
    // millions.
    expect(searches).toBeLessThanOrEqual(bound);
  });
});
