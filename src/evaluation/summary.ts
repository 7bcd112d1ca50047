import {
  bootstrapAgreement,
  pairedBootstrap,
  type BootstrapOptions,
  type MetricEstimate,
  type PairedDifference,
} from "./bootstrap.js";
import { reliabilityCurve, type ReliabilityCurve } from "./calibration.js";
import { resolveScale, type AgreementMetricName, type Score } from "./metrics.js";

/**
 * From graded rows to the figures of an evaluation report: agreement overall and per group (question,
 * criterion, ...) with bootstrap intervals, how often the grader asked for review and whether it asked
 * when it was far off, whether its confidence predicts agreement, and what an answer cost.
 */

export interface EvaluationRow {
  gold: Score;
  /** null when the grader gave no score (an unusable reply): counted as `unscored`, left out of agreement. */
  predicted: Score | null;
  /** This row's scale (every level a rater could give); observed scores are added to it. */
  labels?: readonly Score[];
  /** The most points possible: with it, a difference of more than a quarter of them is a large disagreement. */
  maxPoints?: number | null;
  /** Group names by kind, such as `{ question: "1.6", criterion: "total" }`. */
  groups?: Readonly<Record<string, string>>;
  /** Whether the grader sent the answer to review; null or absent when unknown (left out of the review rate). */
  flaggedForReview?: boolean | null;
  /** The grader's confidence 0..1; null when it has none. */
  confidence?: number | null;
  /** Tokens and cost of grading this answer (0 tokens for a cached grade); null when unknown. */
  usage?: { inputTokens: number; outputTokens: number; costUsd: number | null } | null;
}

export interface AgreementSummary {
  /** Rows with both scores. */
  count: number;
  /** Rows the grader gave no score. */
  unscored: number;
  metrics: Record<AgreementMetricName, MetricEstimate>;
}

export interface ReviewSummary {
  /** Rows where it is known whether the grader flagged them. */
  answers: number;
  flagged: number;
  reviewRate: number | null;
  /** Scored rows more than one scale position, or more than a quarter of the points, apart. */
  largeDisagreements: number;
  largeDisagreementsFlagged: number;
  /** null when there was no large disagreement. */
  flaggedShareOfLargeDisagreements: number | null;
}

export interface UsageSummary {
  /** Rows with known usage. */
  answers: number;
  inputTokensPerAnswer: number | null;
  outputTokensPerAnswer: number | null;
  /** null unless every answer with usage has a cost (the model has a price). */
  costUsdPerAnswer: number | null;
  totalCostUsd: number | null;
}

export interface EvaluationSummary {
  overall: AgreementSummary;
  /** By group kind, then group name. */
  groups: Record<string, Record<string, AgreementSummary>>;
  review: ReviewSummary;
  reliability: ReliabilityCurve;
  usage: UsageSummary;
}

export interface SummaryOptions extends BootstrapOptions {
  /** Reliability bins; default 10. */
  bins?: number;
}

type ScoredRow = EvaluationRow & { predicted: Score };
const isScored = (row: EvaluationRow): row is ScoredRow => row.predicted !== null;

/**
 * True when gold and predicted are more than one position apart on the row's scale, or (numbers with a
 * known maximum) more than a quarter of the maximum apart.
 */
export function isLargeDisagreement(
  row: Pick<ScoredRow, "gold" | "predicted" | "labels" | "maxPoints">,
): boolean {
  const scale = resolveScale([row.gold, row.predicted], row.labels);
  if (Math.abs(scale.indexOf(row.gold) - scale.indexOf(row.predicted)) > 1) return true;
  if (typeof row.gold === "number" && typeof row.predicted === "number" && row.maxPoints) {
    return Math.abs(row.gold - row.predicted) > row.maxPoints / 4;
  }
  return false;
}

/** Agreement of a set of rows on the union of their scales. Throws what `confusionTable` throws. */
export function summariseAgreement(
  rows: readonly EvaluationRow[],
  options: BootstrapOptions = {},
): AgreementSummary {
  const scored = rows.filter(isScored);
  const labels = rows.some((row) => row.labels) ? rows.flatMap((row) => row.labels ?? []) : undefined;
  return {
    count: scored.length,
    unscored: rows.length - scored.length,
    metrics: bootstrapAgreement(
      scored.map((row) => row.gold),
      scored.map((row) => row.predicted),
      labels,
      options,
    ),
  };
}

export function summariseEvaluation(
  rows: readonly EvaluationRow[],
  options: SummaryOptions = {},
): EvaluationSummary {
  const byKind = new Map<string, Map<string, EvaluationRow[]>>();
  for (const row of rows) {
    for (const [kind, name] of Object.entries(row.groups ?? {})) {
      const groups = byKind.get(kind) ?? new Map<string, EvaluationRow[]>();
      byKind.set(kind, groups);
      groups.set(name, [...(groups.get(name) ?? []), row]);
    }
  }
  const groups: EvaluationSummary["groups"] = {};
  for (const [kind, named] of byKind) {
    groups[kind] = Object.fromEntries(
      [...named].map(([name, members]) => [name, summariseAgreement(members, options)]),
    );
  }
  const scored = rows.filter(isScored);
  return {
    overall: summariseAgreement(rows, options),
    groups,
    review: summariseReview(rows),
    reliability: reliabilityCurve(
      scored
        .filter((row) => typeof row.confidence === "number")
        .map((row) => ({ confidence: row.confidence!, agreed: row.gold === row.predicted })),
      options.bins,
    ),
    usage: summariseUsage(rows),
  };
}

function summariseReview(rows: readonly EvaluationRow[]): ReviewSummary {
  const known = rows.filter((row) => typeof row.flaggedForReview === "boolean");
  const flagged = known.filter((row) => row.flaggedForReview).length;
  const large = known.filter(isScored).filter((row) => isLargeDisagreement(row));
  const largeFlagged = large.filter((row) => row.flaggedForReview).length;
  return {
    answers: known.length,
    flagged,
    reviewRate: known.length === 0 ? null : flagged / known.length,
    largeDisagreements: large.length,
    largeDisagreementsFlagged: largeFlagged,
    flaggedShareOfLargeDisagreements: large.length === 0 ? null : largeFlagged / large.length,
  };
}

function summariseUsage(rows: readonly EvaluationRow[]): UsageSummary {
  const known = rows.flatMap((row) => (row.usage ? [row.usage] : []));
  const mean = (values: number[]) =>
    values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  const costs = known.map((usage) => usage.costUsd);
  const allPriced = costs.length > 0 && costs.every((cost) => cost !== null);
  const totalCostUsd = allPriced ? costs.reduce((sum, cost) => sum + cost, 0) : null;
  return {
    answers: known.length,
    inputTokensPerAnswer: mean(known.map((usage) => usage.inputTokens)),
    outputTokensPerAnswer: mean(known.map((usage) => usage.outputTokens)),
    costUsdPerAnswer: totalCostUsd === null ? null : totalCostUsd / known.length,
    totalCostUsd,
  };
}

export interface ConfigurationComparison {
  /** Answers both configurations scored. */
  count: number;
  metrics: Record<AgreementMetricName, PairedDifference>;
}

/**
 * Paired differences (A − B) between two configurations that graded the same answers: `rowsA[i]` and
 * `rowsB[i]` must be the same answer with the same gold. Answers either left unscored are left out.
 * Throws a RangeError when the rows do not pair up.
 */
export function compareConfigurations(
  rowsA: readonly EvaluationRow[],
  rowsB: readonly EvaluationRow[],
  options: BootstrapOptions = {},
): ConfigurationComparison {
  if (rowsA.length !== rowsB.length) throw new RangeError("both configurations must grade the same answers");
  const pairs = rowsA.flatMap((rowA, index) => {
    const rowB = rowsB[index]!;
    if (rowA.gold !== rowB.gold) throw new RangeError(`answer ${index} has different gold scores in A and B`);
    return rowA.predicted === null || rowB.predicted === null ? [] : [{ rowA, predictedB: rowB.predicted }];
  });
  const labels = rowsA.some((row) => row.labels) ? rowsA.flatMap((row) => row.labels ?? []) : undefined;
  return {
    count: pairs.length,
    metrics: pairedBootstrap(
      pairs.map((pair) => pair.rowA.gold),
      pairs.map((pair) => pair.rowA.predicted!),
      pairs.map((pair) => pair.predictedB),
      labels,
      options,
    ),
  };
}
