import { describe, expect, it } from "vitest";
import {
  bootstrapAgreement,
  createPrng,
  pairedBootstrap,
  quantile,
} from "../../../src/evaluation/bootstrap.js";
import { reliabilityCurve } from "../../../src/evaluation/calibration.js";
import { agreementMetrics } from "../../../src/evaluation/metrics.js";
import {
  compareConfigurations,
  isLargeDisagreement,
  summariseEvaluation,
  type EvaluationRow,
} from "../../../src/evaluation/summary.js";

const gold = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 2, 2, 3, 1, 0, 4, 4, 3, 2, 1];
const good = [0, 1, 2, 3, 4, 0, 1, 2, 3, 3, 2, 2, 3, 1, 0, 4, 4, 3, 2, 2];
const poor = [2, 1, 0, 3, 2, 1, 1, 2, 4, 2, 2, 0, 3, 3, 0, 4, 2, 1, 2, 4];

describe("percentile bootstrap", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(bootstrapAgreement(gold, good, undefined, { seed: 7 })).toEqual(
      bootstrapAgreement(gold, good, undefined, { seed: 7 }),
    );
    const a = bootstrapAgreement(gold, poor, undefined, { seed: 7 }).quadraticKappa;
    const b = bootstrapAgreement(gold, poor, undefined, { seed: 8 }).quadraticKappa;
    expect(a.low).not.toBe(b.low);
    const random = createPrng(42);
    const first = [random(), random(), random()];
    const again = createPrng(42);
    expect([again(), again(), again()]).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it("brackets the point estimate with an interval inside the metric's range", () => {
    const estimates = bootstrapAgreement(gold, poor, undefined, { seed: 1, resamples: 2000 });
    const point = agreementMetrics(gold, poor);
    for (const [name, estimate] of Object.entries(estimates)) {
      expect(estimate.value).toBe(point[name as keyof typeof point]);
      expect(estimate.low!).toBeLessThanOrEqual(estimate.value!);
      expect(estimate.high!).toBeGreaterThanOrEqual(estimate.value!);
    }
    expect(estimates.exactAgreement.low!).toBeGreaterThanOrEqual(0);
    expect(estimates.exactAgreement.high!).toBeLessThanOrEqual(1);
  });

  it("gives no interval when most resamples leave a metric undefined", () => {
    const estimates = bootstrapAgreement([1, 1, 1, 1], [1, 1, 1, 1], undefined, { seed: 3 });
    expect(estimates.quadraticKappa).toEqual({ value: null, low: null, high: null });
    expect(estimates.exactAgreement).toEqual({ value: 1, low: 1, high: 1 });
  });

  it("interpolates quantiles as numpy does", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.025)).toBeCloseTo(11, 12);
    expect(quantile([], 0.5)).toBeNull();
  });

  it("pairs the resamples: the difference of a grader with itself is exactly 0", () => {
    const same = pairedBootstrap(gold, good, good, undefined, { seed: 5 });
    expect(same.quadraticKappa).toMatchObject({ difference: 0, low: 0, high: 0, shareAtOrBelowZero: 1 });
    const better = pairedBootstrap(gold, good, poor, undefined, { seed: 5 });
    expect(better.quadraticKappa.difference!).toBeGreaterThan(0);
    expect(better.quadraticKappa.low!).toBeGreaterThan(0);
    expect(better.meanAbsoluteError.high!).toBeLessThan(0);
  });
});

describe("reliability curve", () => {
  it("bins confidences and weighs the gaps by count (ECE)", () => {
    const curve = reliabilityCurve(
      [
        { confidence: 0.95, agreed: true },
        { confidence: 1, agreed: true },
        { confidence: 0.9, agreed: false },
        { confidence: 0.15, agreed: false },
      ],
      10,
    );
    expect(curve.count).toBe(4);
    expect(curve.bins[9]).toMatchObject({ count: 3, agreement: 2 / 3 });
    expect(curve.bins[9]!.meanConfidence).toBeCloseTo(0.95, 12);
    expect(curve.bins[1]).toMatchObject({ count: 1, agreement: 0 });
    expect(curve.bins[0]).toMatchObject({ count: 0, agreement: null, meanConfidence: null });
    expect(curve.expectedCalibrationError).toBeCloseTo((3 / 4) * Math.abs(2 / 3 - 0.95) + (1 / 4) * 0.15, 12);
    expect(reliabilityCurve([]).expectedCalibrationError).toBeNull();
  });
});

describe("evaluation summary", () => {
  const rows: EvaluationRow[] = [
    {
      gold: 2,
      predicted: 2,
      labels: [0, 1, 2],
      maxPoints: 2,
      groups: { question: "q1" },
      flaggedForReview: false,
      confidence: 1,
      usage: { inputTokens: 100, outputTokens: 10, costUsd: 0.001 },
    },
    {
      gold: 0,
      predicted: 2,
      labels: [0, 1, 2],
      maxPoints: 2,
      groups: { question: "q1" },
      flaggedForReview: true,
      confidence: 0.5,
      usage: { inputTokens: 120, outputTokens: 12, costUsd: 0.002 },
    },
    {
      gold: 1,
      predicted: null,
      labels: [0, 1, 2],
      maxPoints: 2,
      groups: { question: "q2" },
      flaggedForReview: true,
      confidence: null,
      usage: { inputTokens: 80, outputTokens: 8, costUsd: 0.001 },
    },
    {
      gold: 1,
      predicted: 0,
      labels: [0, 1, 2],
      maxPoints: 2,
      groups: { question: "q2" },
      flaggedForReview: false,
      confidence: 1,
      usage: { inputTokens: 100, outputTokens: 10, costUsd: 0.0 },
    },
  ];

  it("reports overall and per-group agreement, unscored answers, review, calibration and usage", () => {
    const summary = summariseEvaluation(rows, { seed: 1, resamples: 200 });
    expect(summary.overall).toMatchObject({ count: 3, unscored: 1 });
    expect(summary.overall.metrics.exactAgreement.value).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(summary.groups.question!)).toEqual(["q1", "q2"]);
    expect(summary.groups.question!.q2).toMatchObject({ count: 1, unscored: 1 });
    // 1 vs 0 on a 0..2 scale is half the points: more than a quarter, so large.
    expect(summary.review).toEqual({
      answers: 4,
      flagged: 2,
      reviewRate: 0.5,
      largeDisagreements: 2,
      largeDisagreementsFlagged: 1,
      flaggedShareOfLargeDisagreements: 0.5,
    });
    expect(summary.reliability.count).toBe(3);
    expect(summary.usage).toMatchObject({ answers: 4, inputTokensPerAnswer: 100, outputTokensPerAnswer: 10 });
    expect(summary.usage.totalCostUsd).toBeCloseTo(0.004, 12);
  });

  it("calls a disagreement large beyond one level or a quarter of the points", () => {
    expect(isLargeDisagreement({ gold: 0, predicted: 2, labels: [0, 1, 2, 3, 4] })).toBe(true);
    expect(isLargeDisagreement({ gold: 0, predicted: 1, labels: [0, 1, 2, 3, 4], maxPoints: 4 })).toBe(false);
    expect(isLargeDisagreement({ gold: 0, predicted: 1.5, labels: [0, 1.5, 10], maxPoints: 10 })).toBe(false);
    expect(isLargeDisagreement({ gold: 0, predicted: 3, labels: [0, 3, 10], maxPoints: 10 })).toBe(true);
  });

  it("compares configurations on the answers both scored", () => {
    const other = rows.map((row) => ({ ...row, predicted: row.gold }));
    const comparison = compareConfigurations(other, rows, { seed: 2, resamples: 200 });
    expect(comparison.count).toBe(3);
    expect(comparison.metrics.exactAgreement.difference).toBeCloseTo(2 / 3, 12);
    expect(() => compareConfigurations(rows, rows.slice(1))).toThrow(RangeError);
  });
});
