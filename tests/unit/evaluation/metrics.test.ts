import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  adjacentAgreement,
  agreementMetricNames,
  agreementMetrics,
  averageRanks,
  cohenKappa,
  confusionTable,
  macroF1,
  meanAbsoluteError,
  pearson,
  resolveScale,
  rootMeanSquaredError,
  spearman,
  type AgreementMetricName,
  type Score,
} from "../../../src/evaluation/metrics.js";

/**
 * The metrics against values computed independently with scikit-learn 1.2.1, SciPy 1.10.1 and NumPy
 * (tests/fixtures/evaluation/compute-expected.py → expected-metrics.json).
 */

interface MetricCase {
  name: string;
  gold: Score[];
  predicted: Score[];
  labels?: Score[];
}
interface ExpectedCase {
  name: string;
  scale: Score[];
  expected: Record<AgreementMetricName, number | null>;
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/evaluation/${name}`, import.meta.url), "utf8"));
const { cases } = fixture("metric-cases.json") as { cases: MetricCase[] };
const expectedFile = fixture("expected-metrics.json") as { cases: ExpectedCase[] };
const expectedByName = new Map(expectedFile.cases.map((entry) => [entry.name, entry]));

function expectClose(actual: number | null, expected: number | null, label: string) {
  if (expected === null) {
    expect(actual, label).toBeNull();
  } else {
    expect(actual, label).not.toBeNull();
    expect(Math.abs(actual! - expected), `${label}: ${actual} vs ${expected}`).toBeLessThan(1e-9);
  }
}

describe("agreement metrics against scikit-learn and SciPy", () => {
  it("has an expected value for every input case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(cases.map((entry) => entry.name).sort()).toEqual([...expectedByName.keys()].sort());
  });

  it.each(cases)("$name", (entry) => {
    const expected = expectedByName.get(entry.name)!;
    expect(resolveScale([...entry.gold, ...entry.predicted], entry.labels)).toEqual(expected.scale);
    const metrics = agreementMetrics(entry.gold, entry.predicted, entry.labels);
    for (const name of agreementMetricNames) expectClose(metrics[name], expected.expected[name], name);

    // The single-metric functions agree with the combined one.
    const { labels } = entry;
    expectClose(cohenKappa(entry.gold, entry.predicted, { labels }), expected.expected.cohenKappa, "kappa");
    expectClose(
      cohenKappa(entry.gold, entry.predicted, { labels, weights: "linear" }),
      expected.expected.linearKappa,
      "linear",
    );
    expectClose(
      cohenKappa(entry.gold, entry.predicted, { labels, weights: "quadratic" }),
      expected.expected.quadraticKappa,
      "quadratic",
    );
    expectClose(macroF1(entry.gold, entry.predicted, labels), expected.expected.macroF1, "macroF1");
    expectClose(
      adjacentAgreement(entry.gold, entry.predicted, labels),
      expected.expected.adjacentAgreement,
      "adjacent",
    );
    if (entry.gold.every((value) => typeof value === "number")) {
      const gold = entry.gold;
      const predicted = entry.predicted as number[];
      expectClose(pearson(gold, predicted), expected.expected.pearson, "pearson");
      expectClose(spearman(gold, predicted), expected.expected.spearman, "spearman");
      expectClose(meanAbsoluteError(gold, predicted), expected.expected.meanAbsoluteError, "mae");
      expectClose(rootMeanSquaredError(gold, predicted), expected.expected.rootMeanSquaredError, "rmse");
    }
  });
});

describe("degenerate inputs", () => {
  it("gives null for every metric when there are no pairs", () => {
    const metrics = agreementMetrics([], []);
    for (const name of agreementMetricNames) expect(metrics[name]).toBeNull();
  });

  it("gives null correlations for a single pair and for a constant rater, never NaN", () => {
    expect(pearson([1], [2])).toBeNull();
    expect(spearman([0.1, 0.1, 0.1], [0, 1, 2])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [0, 1, 2])).toBeNull();
  });

  it("refuses mixed types, non-finite numbers and unequal lengths", () => {
    expect(() => agreementMetrics([1, "a"], [1, 1])).toThrow(RangeError);
    expect(() => agreementMetrics([Number.NaN], [1])).toThrow(RangeError);
    expect(() => confusionTable([1, 2], [1])).toThrow(RangeError);
  });

  it("orders numbers ascending, keeps given string order and appends unseen strings sorted", () => {
    expect(resolveScale([2, 0.5, 1], [0, 3])).toEqual([0, 0.5, 1, 2, 3]);
    expect(resolveScale(["b", "z", "a"], ["high", "low"])).toEqual(["high", "low", "a", "b", "z"]);
  });

  it("ranks ties by their average rank, as scipy.stats.rankdata does", () => {
    expect(averageRanks([3, 1, 3, 2, 3])).toEqual([4, 1, 4, 2, 4]);
  });
});
