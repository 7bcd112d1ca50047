import {
  agreementMetricNames,
  metricsOfTable,
  resolveScale,
  type AgreementMetricName,
  type AgreementMetrics,
  type ConfusionTable,
  type Score,
} from "./metrics.js";

/**
 * Percentile bootstrap intervals for the agreement metrics: resample the pairs with replacement, recompute
 * the metric, take the 2.5th and 97.5th percentiles (numpy's linear interpolation). The generator is
 * seeded, so a given seed always gives the same interval. Resamples where a metric is undefined (null:
 * say a resample where both raters are constant) are left out; when fewer than half the resamples define
 * it, the interval is null. Pairs are resampled independently (answers, not students or questions).
 */

export interface BootstrapOptions {
  /** Default 1000. */
  resamples?: number;
  /** Default 1. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
}

export interface Interval {
  low: number | null;
  high: number | null;
}

export interface MetricEstimate extends Interval {
  value: number | null;
}

export interface PairedDifference {
  a: number | null;
  b: number | null;
  /** a − b on all pairs; null when either is undefined. */
  difference: number | null;
  low: number | null;
  high: number | null;
  /** Share of resamples where a − b ≤ 0: near 0 or 1 means the sign is clear. */
  shareAtOrBelowZero: number | null;
}

/** mulberry32: small, fast and good enough for resampling; the same seed gives the same sequence. */
export function createPrng(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The q-quantile (0..1) of ascending values with linear interpolation (numpy's default); null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

function settings(options: BootstrapOptions) {
  return {
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 1,
    level: options.level ?? 0.95,
  };
}

function intervalOf(values: number[], resamples: number, level: number): Interval {
  if (values.length === 0 || values.length * 2 < resamples) return { low: null, high: null };
  values.sort((a, b) => a - b);
  return { low: quantile(values, (1 - level) / 2), high: quantile(values, 1 - (1 - level) / 2) };
}

/** Scale positions of each score, so a resample only has to count. */
function positionsOn(scale: readonly Score[], scores: readonly Score[]): Int32Array {
  const position = new Map(scale.map((label, index) => [label, index]));
  return Int32Array.from(scores, (score) => position.get(score)!);
}

function tableOf(scale: readonly Score[], rows: Int32Array, columns: Int32Array, sample: Int32Array | null) {
  const counts = scale.map(() => new Array<number>(scale.length).fill(0));
  const total = sample ? sample.length : rows.length;
  for (let index = 0; index < total; index++) {
    const pair = sample ? sample[index]! : index;
    counts[rows[pair]!]![columns[pair]!]! += 1;
  }
  const table: ConfusionTable = { labels: scale, counts, total };
  return table;
}

function drawSample(random: () => number, size: number): Int32Array {
  const sample = new Int32Array(size);
  for (let index = 0; index < size; index++) sample[index] = Math.floor(random() * size);
  return sample;
}

/**
 * Every agreement metric with its percentile bootstrap interval. Throws what `confusionTable` throws.
 */
export function bootstrapAgreement(
  gold: readonly Score[],
  predicted: readonly Score[],
  labels: readonly Score[] | undefined,
  options: BootstrapOptions = {},
): Record<AgreementMetricName, MetricEstimate> {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} scores but predicted has ${predicted.length}`);
  }
  const { resamples, seed, level } = settings(options);
  const scale = resolveScale([...gold, ...predicted], labels);
  const rows = positionsOn(scale, gold);
  const columns = positionsOn(scale, predicted);
  const point = metricsOfTable(tableOf(scale, rows, columns, null));
  const collected = Object.fromEntries(agreementMetricNames.map((name) => [name, [] as number[]])) as Record<
    AgreementMetricName,
    number[]
  >;
  if (gold.length > 0) {
    const random = createPrng(seed);
    for (let round = 0; round < resamples; round++) {
      const metrics = metricsOfTable(tableOf(scale, rows, columns, drawSample(random, gold.length)));
      for (const name of agreementMetricNames) {
        const value = metrics[name];
        if (value !== null) collected[name].push(value);
      }
    }
  }
  return Object.fromEntries(
    agreementMetricNames.map((name) => [
      name,
      { value: point[name], ...intervalOf(collected[name], resamples, level) },
    ]),
  ) as Record<AgreementMetricName, MetricEstimate>;
}

/**
 * Paired bootstrap of the difference between two graders scored against the same gold on the same
 * answers: each resample draws the same answers for both, so the interval reflects the difference
 * itself and not two independent uncertainties. Throws a RangeError when lengths differ.
 */
export function pairedBootstrap(
  gold: readonly Score[],
  predictedA: readonly Score[],
  predictedB: readonly Score[],
  labels: readonly Score[] | undefined,
  options: BootstrapOptions = {},
): Record<AgreementMetricName, PairedDifference> {
  if (gold.length !== predictedA.length || gold.length !== predictedB.length) {
    throw new RangeError("paired scores must have the same length as gold");
  }
  const { resamples, seed, level } = settings(options);
  const scale = resolveScale([...gold, ...predictedA, ...predictedB], labels);
  const rows = positionsOn(scale, gold);
  const columnsA = positionsOn(scale, predictedA);
  const columnsB = positionsOn(scale, predictedB);
  const pointA = metricsOfTable(tableOf(scale, rows, columnsA, null));
  const pointB = metricsOfTable(tableOf(scale, rows, columnsB, null));
  const differences = Object.fromEntries(
    agreementMetricNames.map((name) => [name, [] as number[]]),
  ) as Record<AgreementMetricName, number[]>;
  if (gold.length > 0) {
    const random = createPrng(seed);
    for (let round = 0; round < resamples; round++) {
      const sample = drawSample(random, gold.length);
      const a: AgreementMetrics = metricsOfTable(tableOf(scale, rows, columnsA, sample));
      const b: AgreementMetrics = metricsOfTable(tableOf(scale, rows, columnsB, sample));
      for (const name of agreementMetricNames) {
        const valueA = a[name];
        const valueB = b[name];
        if (valueA !== null && valueB !== null) differences[name].push(valueA - valueB);
      }
    }
  }
  return Object.fromEntries(
    agreementMetricNames.map((name) => {
      const a = pointA[name];
      const b = pointB[name];
      const values = differences[name];
      const atOrBelow = values.filter((value) => value <= 0).length;
      return [
        name,
        {
          a,
          b,
          difference: a === null || b === null ? null : a - b,
          ...intervalOf(values, resamples, level),
          shareAtOrBelowZero: values.length === 0 ? null : atOrBelow / values.length,
        },
      ];
    }),
  ) as Record<AgreementMetricName, PairedDifference>;
}
