import { describe, expect, it } from "vitest";
import { totalOf } from "../../../src/grading/grade.js";
import { agreement, medianSnapped, snapToAllowed } from "../../../src/grading/scoring.js";

const levelled = {
  maxPoints: 4,
  levels: [
    { points: 4, description: "" },
    { points: 2, description: "" },
  ],
};
const halves = { maxPoints: 3 };
const wide = { maxPoints: 50 };

describe("medianSnapped", () => {
  it("takes the middle of an odd number of samples", () => {
    expect(medianSnapped(halves, [3, 0, 1.5])).toBe(1.5);
  });
  it("snaps the median of an even number to an allowed value, ties going down", () => {
    // Allowed for the levelled criterion: 0, 2, 4. The median of 2 and 4 is 3: equally near 2 and 4 → 2.
    expect(medianSnapped(levelled, [2, 4])).toBe(2);
    expect(medianSnapped(levelled, [0, 4, 4, 4])).toBe(4);
  });
  it("rounds a quarter point down to a half point on wide ranges", () => {
    expect(medianSnapped(wide, [10, 10.5])).toBe(10);
  });
  it("refuses an empty list", () => {
    expect(() => medianSnapped(halves, [])).toThrow();
  });
});

describe("snapToAllowed", () => {
  it("never leaves the bounds", () => {
    expect(snapToAllowed(halves, 7)).toBe(3);
    expect(snapToAllowed(halves, -2)).toBe(0);
    expect(snapToAllowed(wide, 80)).toBe(50);
    expect(snapToAllowed(levelled, 3.9)).toBe(4);
    expect(snapToAllowed(levelled, 0.9)).toBe(0);
  });
});

describe("agreement", () => {
  it("is the share of samples that gave the chosen value", () => {
    expect(agreement(halves, [1, 1, 2], 1)).toBe(0.667);
    expect(agreement(halves, [1, 1, 1], 1)).toBe(1);
    expect(agreement(halves, [0, 1, 2, 3, 3], 3)).toBe(0.4);
  });
  it("counts invalid samples (NaN) as disagreeing", () => {
    expect(agreement(halves, [1, Number.NaN, 1], 1)).toBe(0.667);
  });
  it("allows a tenth of maxPoints on wide ranges", () => {
    expect(agreement(wide, [40, 44, 46], 44)).toBe(1);
    expect(agreement(wide, [30, 44, 46], 44)).toBe(0.667);
  });
  it("is null for one sample", () => {
    expect(agreement(halves, [2], 2)).toBeNull();
  });
});

describe("totalOf", () => {
  it("adds half points exactly", () => {
    expect(totalOf([{ points: 0.5 }, { points: 1.5 }, { points: 2.5 }])).toBe(4.5);
  });
  it("is null when any criterion has no score", () => {
    expect(totalOf([{ points: 1 }, { points: null }])).toBeNull();
  });
});
