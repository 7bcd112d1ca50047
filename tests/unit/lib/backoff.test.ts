import { describe, expect, it } from "vitest";
import { backoffMs } from "../../../src/lib/backoff.js";

describe("backoffMs", () => {
  it("doubles per attempt up to the cap, drawn from the upper half", () => {
    const low = { baseMs: 1_000, maxMs: 10_000, random: () => 0 };
    const high = { ...low, random: () => 1 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, high))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, low))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000,
    ]);
  });

  it("spreads the waits of one attempt (jitter)", () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(3, { baseMs: 1_000, maxMs: 60_000 })));
    expect(waits.size).toBeGreaterThan(10);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(2_000);
      expect(wait).toBeLessThanOrEqual(4_000);
    }
  });
});
