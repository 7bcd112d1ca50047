/**
 * Agreement between two raters (a teacher's "gold" scores and a grader's "predicted" ones), pure and
 * without I/O. Every metric here is a function of one confusion table over an ordered scale of
 * labels, which makes the bootstrap cheap (a resample only recounts the table) and keeps all the
 * metrics on the same footing.
 *
 * Conventions, chosen to match scikit-learn and SciPy so that figures can be compared with theirs:
 * - The scale (`labels`) is ordered: numbers ascending; strings in the order given, or sorted by code
 *   unit when none is given. Values that occur but are missing from given labels are added (numbers
 *   in their sorted place, strings at the end, sorted). Like `sklearn.metrics.cohen_kappa_score`,
 *   weighted κ measures distance in scale positions, not in points: on the scale 0, 0.5, 1.5, 2.5 the
 *   distance from 0 to 1.5 is 2. Pass the full scale (every level a rater could give) to get the
 *   distances a teacher means; with only the observed values, a rater who never uses a level makes
 *   neighbours of two levels that are not.
 * - "Adjacent" agreement and "large" disagreements use the same positions.
 * - Undefined results are `null`, never NaN (JSON has no NaN): κ when the raters' expected
 *   disagreement is 0 (both give one and the same label everywhere); Pearson and Spearman with fewer
 *   than 2 pairs or when either rater is constant; the numeric metrics (Pearson, Spearman, MAE, RMSE)
 *   for string labels; every metric for no pairs. Macro-F1 gives 0 to a label of the scale that
 *   neither rater used (scikit-learn's `zero_division=0`); the default scale has no such labels.
 */

export type Score = number | string;
export type KappaWeights = "none" | "linear" | "quadratic";

export const agreementMetricNames = [
  "quadraticKappa",
  "linearKappa",
  "cohenKappa",
  "pearson",
  "spearman",
  "exactAgreement",
  "adjacentAgreement",
  "macroF1",
  "meanAbsoluteError",
  "rootMeanSquaredError",
] as const;
export type AgreementMetricName = (typeof agreementMetricNames)[number];
export type AgreementMetrics = Record<AgreementMetricName, number | null>;

/** Counts of (gold, predicted) pairs on an ordered scale; rows are gold, columns predicted. */
export interface ConfusionTable {
  readonly labels: readonly Score[];
  readonly counts: readonly (readonly number[])[];
  readonly total: number;
}

/** Numbers sorted ascending, strings by code unit; throws a RangeError on a mixture or a non-finite number. */
export function resolveScale(values: Iterable<Score>, given?: readonly Score[]): Score[] {
  const seen = new Set<Score>();
  let kind: "number" | "string" | undefined;
  const check = (value: Score) => {
    const valueKind = typeof value === "number" ? "number" : "string";
    if (valueKind === "number" && !Number.isFinite(value)) {
      throw new RangeError(`scores must be finite numbers or strings, got ${String(value)}`);
    }
    if (kind !== undefined && kind !== valueKind) {
      throw new RangeError("scores must be all numbers or all strings, not a mixture");
    }
    kind = valueKind;
  };
  for (const value of given ?? []) check(value);
  const extra: Score[] = [];
  const givenSet = new Set(given ?? []);
  for (const value of values) {
    check(value);
    if (!givenSet.has(value) && !seen.has(value)) extra.push(value);
    seen.add(value);
  }
  if (kind === "number") {
    return [...new Set([...(given ?? []), ...extra])].sort((a, b) => (a as number) - (b as number));
  }
  const sortedExtra = extra.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (given) return [...new Set(given), ...sortedExtra];
  return sortedExtra;
}

/** The confusion table of paired scores. Throws a RangeError when the lengths differ or types mix. */
export function confusionTable(
  gold: readonly Score[],
  predicted: readonly Score[],
  labels?: readonly Score[],
): ConfusionTable {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} scores but predicted has ${predicted.length}`);
  }
  const scale = resolveScale([...gold, ...predicted], labels);
  const position = new Map(scale.map((label, index) => [label, index]));
  const counts = scale.map(() => scale.map(() => 0));
  for (let index = 0; index < gold.length; index++) {
    counts[position.get(gold[index]!)!]![position.get(predicted[index]!)!]! += 1;
  }
  return { labels: scale, counts, total: gold.length };
}

/**
 * Cohen's κ, unweighted or with linear or quadratic weights over scale positions
 * (= `sklearn.metrics.cohen_kappa_score(gold, predicted, labels=..., weights=...)`).
 * null when the expected disagreement is 0 or there are no pairs.
 */
export function cohenKappa(
  gold: readonly Score[],
  predicted: readonly Score[],
  options: { weights?: KappaWeights; labels?: readonly Score[] } = {},
): number | null {
  return kappaOfTable(confusionTable(gold, predicted, options.labels), options.weights ?? "none");
}

export function kappaOfTable(table: ConfusionTable, weights: KappaWeights): number | null {
  const size = table.labels.length;
  if (table.total === 0) return null;
  const { rowSums, columnSums } = marginals(table);
  let observed = 0;
  let expected = 0;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const distance = Math.abs(row - column);
      const weight =
        weights === "none" ? (distance === 0 ? 0 : 1) : weights === "linear" ? distance : distance ** 2;
      if (weight === 0) continue;
      observed += weight * table.counts[row]![column]!;
      expected += (weight * rowSums[row]! * columnSums[column]!) / table.total;
    }
  }
  if (expected === 0) return null;
  return 1 - observed / expected;
}

/** Pearson's r (= `scipy.stats.pearsonr(x, y).statistic`); null for fewer than 2 pairs or a constant vector. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  return pearsonOfTable(confusionTable(x, y));
}

/** Spearman's ρ with average ranks for ties (= `scipy.stats.spearmanr(x, y).statistic`); null as for Pearson. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  return spearmanOfTable(confusionTable(x, y));
}

/** Ranks 1..n, ties sharing the average of the ranks they span (= `scipy.stats.rankdata`). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) ranks[order[position]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Share of pairs with the same score; null for no pairs. */
export function exactAgreement(gold: readonly Score[], predicted: readonly Score[]): number | null {
  return metricsOfTable(confusionTable(gold, predicted)).exactAgreement;
}

/** Share of pairs at most one scale position apart (see the module comment on scales); null for no pairs. */
export function adjacentAgreement(
  gold: readonly Score[],
  predicted: readonly Score[],
  labels?: readonly Score[],
): number | null {
  return metricsOfTable(confusionTable(gold, predicted, labels)).adjacentAgreement;
}

/** Unweighted mean of per-label F1 over the scale (= `sklearn.metrics.f1_score(average="macro")`). */
export function macroF1(
  gold: readonly Score[],
  predicted: readonly Score[],
  labels?: readonly Score[],
): number | null {
  return metricsOfTable(confusionTable(gold, predicted, labels)).macroF1;
}

export function meanAbsoluteError(gold: readonly number[], predicted: readonly number[]): number | null {
  return metricsOfTable(confusionTable(gold, predicted)).meanAbsoluteError;
}

export function rootMeanSquaredError(gold: readonly number[], predicted: readonly number[]): number | null {
  return metricsOfTable(confusionTable(gold, predicted)).rootMeanSquaredError;
}

/** Every agreement metric of paired scores on one scale (see the module comment for nulls). */
export function agreementMetrics(
  gold: readonly Score[],
  predicted: readonly Score[],
  labels?: readonly Score[],
): AgreementMetrics {
  return metricsOfTable(confusionTable(gold, predicted, labels));
}

export function metricsOfTable(table: ConfusionTable): AgreementMetrics {
  const size = table.labels.length;
  const numeric = table.labels.every((label) => typeof label === "number");
  if (table.total === 0) {
    return Object.fromEntries(agreementMetricNames.map((name) => [name, null])) as AgreementMetrics;
  }
  const { rowSums, columnSums } = marginals(table);
  let exact = 0;
  let adjacent = 0;
  let absolute = 0;
  let squared = 0;
  let f1Sum = 0;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const count = table.counts[row]![column]!;
      if (count === 0) continue;
      if (row === column) exact += count;
      if (Math.abs(row - column) <= 1) adjacent += count;
      if (numeric) {
        const difference = (table.labels[row] as number) - (table.labels[column] as number);
        absolute += count * Math.abs(difference);
        squared += count * difference * difference;
      }
    }
    const truePositives = table.counts[row]![row]!;
    const denominator = rowSums[row]! + columnSums[row]!;
    f1Sum += denominator === 0 ? 0 : (2 * truePositives) / denominator;
  }
  return {
    quadraticKappa: kappaOfTable(table, "quadratic"),
    linearKappa: kappaOfTable(table, "linear"),
    cohenKappa: kappaOfTable(table, "none"),
    pearson: numeric ? pearsonOfTable(table) : null,
    spearman: numeric ? spearmanOfTable(table) : null,
    exactAgreement: exact / table.total,
    adjacentAgreement: adjacent / table.total,
    macroF1: f1Sum / size,
    meanAbsoluteError: numeric ? absolute / table.total : null,
    rootMeanSquaredError: numeric ? Math.sqrt(squared / table.total) : null,
  };
}

function marginals(table: ConfusionTable): { rowSums: number[]; columnSums: number[] } {
  const rowSums = table.counts.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnSums = table.labels.map((_, column) =>
    table.counts.reduce((sum, row) => sum + row[column]!, 0),
  );
  return { rowSums, columnSums };
}

function pearsonOfTable(table: ConfusionTable): number | null {
  const values = table.labels as readonly number[];
  return correlationOfTable(table, values, values);
}

/** Spearman's ρ: Pearson's r of average ranks, which on a scale are the same for every pair at a label. */
function spearmanOfTable(table: ConfusionTable): number | null {
  const { rowSums, columnSums } = marginals(table);
  return correlationOfTable(table, midRanks(rowSums), midRanks(columnSums));
}

function midRanks(counts: readonly number[]): number[] {
  let before = 0;
  return counts.map((count) => {
    const rank = before + (count + 1) / 2;
    before += count;
    return rank;
  });
}

function correlationOfTable(
  table: ConfusionTable,
  rowValues: readonly number[],
  columnValues: readonly number[],
): number | null {
  if (table.total < 2) return null;
  const { rowSums, columnSums } = marginals(table);
  // Constant means one used label: tested on counts, since n·v/n need not equal v in floating point.
  const used = (sums: number[]) => sums.filter((count) => count > 0).length;
  if (used(rowSums) < 2 || used(columnSums) < 2) return null;
  const size = table.labels.length;
  let rowMean = 0;
  let columnMean = 0;
  for (let index = 0; index < size; index++) {
    rowMean += rowSums[index]! * rowValues[index]!;
    columnMean += columnSums[index]! * columnValues[index]!;
  }
  rowMean /= table.total;
  columnMean /= table.total;
  let rowSquares = 0;
  let columnSquares = 0;
  let products = 0;
  for (let index = 0; index < size; index++) {
    rowSquares += rowSums[index]! * (rowValues[index]! - rowMean) ** 2;
    columnSquares += columnSums[index]! * (columnValues[index]! - columnMean) ** 2;
  }
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const count = table.counts[row]![column]!;
      if (count !== 0) products += count * (rowValues[row]! - rowMean) * (columnValues[column]! - columnMean);
    }
  }
  return Math.max(-1, Math.min(1, products / Math.sqrt(rowSquares * columnSquares)));
}
