import { describe, expect, it } from "vitest";
import {
  InvalidUtf8Error,
  findDeepNesting,
  findUnpairedSurrogate,
  StrictUtf8StreamDecoder,
  decodeUtf8Strictly,
  firstInvalidUtf8Offset,
} from "../../../src/grading/text-encoding.js";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))),
  );

/** Writes `input` in chunks cut at `cuts`, and answers the text, or the offset the decoder refused at. */
function decodeInChunks(input: Buffer, cuts: number[]): string | { offset: number; truncated: boolean } {
  const decoder = new StrictUtf8StreamDecoder();
  let text = "";
  try {
    let start = 0;
    for (const cut of [...cuts, input.length]) {
      text += decoder.write(input.subarray(start, cut));
      start = cut;
    }
    return text + decoder.end();
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    return { offset: error.offset, truncated: error.truncated };
  }
}

describe("firstInvalidUtf8Offset", () => {
  it("finds the bad character after multi-byte text", () => {
    // Regression: a binary search over whole decodes of prefixes failed on every prefix that cut a
    // character in two, and stopped far before the bad byte (here at 2 instead of 8).
    expect(firstInvalidUtf8Offset(bytes("éééé", [0xff]))).toBe(8);
    expect(firstInvalidUtf8Offset(bytes("ab", [0xff, 0xfe]))).toBe(2);
  });

  it("names the lead byte of a sequence broken off, or cut off at the end", () => {
    // Latin-1 "café\n": 0xE9 opens a three-byte sequence that the newline breaks.
    expect(firstInvalidUtf8Offset(bytes("caf", [0xe9], "\n"))).toBe(3);
    expect(firstInvalidUtf8Offset(bytes("x€", [0xe2, 0x82]))).toBe(4);
    expect(firstInvalidUtf8Offset(bytes("x€y"))).toBe(5);
  });
});

describe("decodeUtf8Strictly", () => {
  it("names the offset of the bad byte", () => {
    expect(() => decodeUtf8Strictly(bytes('{"answer":"ééé', [0xe9], '"}'), "body")).toThrow(
      "body: is not valid UTF-8 text (near byte 17): send UTF-8",
    );
  });
});

describe("StrictUtf8StreamDecoder", () => {
  const text = "answer\nÉlan, naïve 😀 café\n";
  const input = bytes(text);

  it("decodes characters cut between chunks at any place, dropping a byte order mark", () => {
    for (let cut = 1; cut < input.length; cut++) {
      expect(decodeInChunks(input, [cut])).toBe(text);
    }
    expect(decodeInChunks(input, [...input.keys()].slice(1))).toBe(text);
    expect(decodeInChunks(bytes([0xef, 0xbb, 0xbf], text), [1, 2])).toBe(text);
  });

  it("names the bad byte's offset in the whole stream, wherever the chunks were cut", () => {
    const bad = bytes(text, "caf", [0xe9], "\nmore\n");
    const expected = { offset: input.length + 3, truncated: false };
    for (let cut = 1; cut < bad.length; cut++) {
      expect(decodeInChunks(bad, [cut]), `cut at ${cut}`).toEqual(expected);
    }
    expect(decodeInChunks(bad, [...bad.keys()].slice(1))).toEqual(expected);
    const stray = bytes(text, "😀", [0x80]);
    expect(decodeInChunks(stray, [input.length + 2, input.length + 4])).toEqual({
      offset: input.length + 4,
      truncated: false,
    });
  });

  it("names where a character cut off at the end of the stream starts", () => {
    const cutShort = bytes(text, [0xf0, 0x9f, 0x98]);
    for (let cut = 1; cut < cutShort.length; cut++) {
      expect(decodeInChunks(cutShort, [cut])).toEqual({ offset: input.length, truncated: true });
    }
  });
});

describe("findUnpairedSurrogate", () => {
  it("names the path of the first string with an unpaired surrogate, keys included", () => {
    expect(findUnpairedSurrogate({ a: ["ok", { b: "x\ud800" }] }, "body")).toEqual({
      path: "body.a[1].b",
      offset: 1,
    });
    expect(findUnpairedSurrogate({ a: { "k\udc00": 1 } }, "body")).toEqual({
      path: "body.a",
      offset: 1,
      inPropertyName: true,
    });
    expect(findUnpairedSurrogate(["fine", { ok: "😀" }], "body")).toBeUndefined();
  });

  it("walks a value nested 200,000 levels deep in one pass (it copied the path at every level: minutes)", () => {
    let value: unknown = "bad\udfff";
    for (let level = 0; level < 200_000; level++) value = [value];
    const found = findUnpairedSurrogate(value, "body");
    expect(found?.offset).toBe(3);
    expect(found?.path.startsWith("body[0][0][0]")).toBe(true);
  });
});

describe("findDeepNesting", () => {
  it("finds the first value nested deeper than the limit, and nothing at the limit", () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : { x: nest(levels - 1) });
    expect(findDeepNesting(nest(3), 3, "body")).toBeUndefined();
    expect(findDeepNesting(nest(4), 3, "body")).toBe("body.x.x.x");
    expect(findDeepNesting([[[[]]]], 3, "body")).toBe("body[0][0][0]");
  });
});
