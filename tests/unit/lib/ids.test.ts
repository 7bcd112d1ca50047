import { describe, expect, it } from "vitest";
import { newId, randomHex } from "../../../src/lib/ids.js";

describe("newId", () => {
  it("is prefixed, 26 base32 characters, and sorts in creation order within one millisecond", () => {
    const ids = Array.from({ length: 1000 }, () => newId("grd", 1_800_000_000_000));
    expect(ids[0]).toMatch(/^grd_[0-9a-hjkmnp-tv-z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });
  it("sorts by time across milliseconds, even when the clock steps back", () => {
    const a = newId("grd", 1_900_000_000_000);
    const b = newId("grd", 1_900_000_000_001);
    const c = newId("grd", 1_899_999_999_000);
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });
});

describe("randomHex", () => {
  it("has the requested length and differs each time", () => {
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(randomHex(16)).not.toBe(randomHex(16));
  });
});

describe("randomHex", () => {
  it("gives distinct tokens of the asked length, also across the blocks it draws from", () => {
    const tokens = Array.from({ length: 2_000 }, () => randomHex(16));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.every((token) => /^[0-9a-f]{32}$/.test(token))).toBe(true);
    expect(randomHex(5_000)).toHaveLength(10_000);
  });
});
