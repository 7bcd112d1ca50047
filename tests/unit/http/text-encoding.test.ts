import { describe, expect, it } from "vitest";
import { findDeepNesting, findUnpairedSurrogate } from "../../../src/http/text-encoding.js";

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
