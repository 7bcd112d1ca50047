import { describe, expect, it } from "vitest";
import {
  answerFigures,
  batchFigures,
  costRange,
  expectedReplyTokens,
  repairAllowanceTokens,
  typicalReplyTokens,
} from "../../../src/grading/estimate.js";

/** The arithmetic behind POST /v1/estimate: exact on integers, money only through estimateCost. */

const price = { inputPerMillionTokens: 2, outputPerMillionTokens: 10 };

describe("expectedReplyTokens", () => {
  it("grows with the criteria graded in one reply and is capped at the output limit", () => {
    expect(expectedReplyTokens("grade-all-criteria", 1, 2_000)).toBe(
      typicalReplyTokens.allCriteriaOverhead + typicalReplyTokens.perCriterion,
    );
    expect(expectedReplyTokens("grade-all-criteria", 10, 2_000)).toBe(60 + 500);
    expect(expectedReplyTokens("grade-all-criteria", 30, 1_000)).toBe(1_000);
    // One criterion per reply, whatever the rubric's size.
    expect(expectedReplyTokens("grade-one-criterion", 10, 2_000)).toBe(65);
    expect(expectedReplyTokens("screen-injection", 10, 2_000)).toBe(typicalReplyTokens.screen);
  });
});

describe("answerFigures", () => {
  it("adds the planned calls up, and bounds them with one repair each", () => {
    const figures = answerFigures(
      [
        { task: "grade-one-criterion", inputTokens: 700 },
        { task: "grade-one-criterion", inputTokens: 750 },
        { task: "screen-injection", inputTokens: 300 },
      ],
      2,
      1_000,
    );
    expect(figures).toEqual({
      calls: { expected: 3, max: 6 },
      inputTokens: { expected: 1_750, max: 2 * 1_750 + 3 * (1_000 + repairAllowanceTokens) },
      outputTokens: { expected: 65 + 65 + 30, max: 6 * 1_000 },
    });
  });

  it("is zero for a blank answer (no call)", () => {
    expect(answerFigures([], 4, 2_000)).toEqual({
      calls: { expected: 0, max: 0 },
      inputTokens: { expected: 0, max: 0 },
      outputTokens: { expected: 0, max: 0 },
    });
  });
});

describe("batchFigures", () => {
  const one = answerFigures([{ task: "grade-all-criteria", inputTokens: 1_000 }], 2, 2_000);
  const other = answerFigures([{ task: "grade-all-criteria", inputTokens: 1_501 }], 2, 2_000);
  const blank = answerFigures([], 2, 2_000);

  it("sums the samples exactly when as many answers are graded", () => {
    const { total } = batchFigures([one, other, blank], 3, price);
    expect(total.calls).toEqual({ expected: 2, max: 4 });
    expect(total.inputTokens.expected).toBe(2_501);
    expect(total.outputTokens.expected).toBe(2 * 160);
  });

  it("scales the samples' average to the answers, rounding to whole calls and tokens", () => {
    const { total, perAnswer } = batchFigures([one, other], 1_000, price);
    expect(total.calls).toEqual({ expected: 1_000, max: 2_000 });
    expect(total.inputTokens.expected).toBe(1_250_500);
    expect(perAnswer.inputTokens.expected).toBe(1_251); // 1,250.5 rounded
    const withBlank = batchFigures([one, blank, blank], 10, price).total;
    expect(withBlank.calls.expected).toBe(3); // 10 / 3 answers call the model: 3.33 → 3
  });

  it("prices both bounds, or gives null amounts without a price", () => {
    const { total } = batchFigures([one], 1, price);
    expect(total.cost).toEqual({
      currency: "USD",
      expected: (1_000 * 2 + 160 * 10) / 1_000_000,
      max: (total.inputTokens.max * 2 + total.outputTokens.max * 10) / 1_000_000,
      inputPerMillionTokens: 2,
      outputPerMillionTokens: 10,
    });
    expect(costRange(undefined, one)).toEqual({
      currency: "USD",
      expected: null,
      max: null,
      inputPerMillionTokens: null,
      outputPerMillionTokens: null,
    });
  });

  it("needs a sample", () => {
    expect(() => batchFigures([], 3, price)).toThrow(/at least one sample/);
  });
});
