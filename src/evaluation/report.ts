import type { PairedDifference } from "./bootstrap.js";
import { confusionTable, type AgreementMetricName } from "./metrics.js";
import {
  compareConfigurations,
  isLargeDisagreement,
  summariseEvaluation,
  type EvaluationRow,
  type EvaluationSummary,
  type SummaryOptions,
} from "./summary.js";

/** One graded answer as the harness keeps it (graded.jsonl) and reports it. */
export interface GradedAnswer {
  /** data set, split and answer id (see answerKey). */
  key: string;
  /** Hash of what decides the grade (configuration and rubric): a row is reused only when it matches. */
  fingerprint: string;
  dataset: string;
  split: string;
  questionId: string;
  answerId: string;
  answer: string;
  gold: number;
  maxPoints: number;
  /** The question's scale: allowed points plus the teachers' scores. */
  labels: number[];
  /** null when the grader gave no total (an unusable reply). */
  predicted: number | null;
  flaggedForReview: boolean;
  flags: string[];
  /** Lowest criterion confidence; null without samples. */
  confidence: number | null;
  /** The criteria's rationales and the explanation, for the teacher. */
  rationale: string;
  /** Tokens and cost paid for this answer (0 for a grade served from the cache). */
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null };
  cached: boolean;
  gradeId: string;
}

export interface DisagreementExample {
  split: string;
  answerId: string;
  answer: string;
  teacher: number;
  model: number | null;
  rationale: string;
}

export interface QuestionReport {
  dataset: string;
  questionId: string;
  count: number;
  unscored: number;
  maxPoints: number;
  /** Mean absolute error as a share of the points: what the list is sorted by, worst first. */
  normalisedError: number | null;
  metrics: EvaluationSummary["overall"]["metrics"];
  examples: DisagreementExample[];
}

export interface ConfigurationReport {
  name: string;
  model: string;
  promptVersion: string;
  settings: Record<string, unknown>;
  answers: number;
  /** Answers that failed to grade in the last run (not kept: a rerun tries them again). */
  errors: { key: string; code: string }[];
  summary: EvaluationSummary;
  confusion: { labels: number[]; counts: number[][] };
  /** predicted − gold: how many answers at each difference. */
  differences: { difference: number; count: number }[];
  questions: QuestionReport[];
}

export interface ComparisonReport {
  a: string;
  b: string;
  count: number;
  metrics: Record<AgreementMetricName, PairedDifference>;
}

export interface EvaluationReport {
  generatedAt: string;
  data: Record<string, unknown>;
  seed: number;
  resamples: number;
  configurations: ConfigurationReport[];
  comparisons: ComparisonReport[];
}

export function toEvaluationRow(answer: GradedAnswer): EvaluationRow {
  return {
    gold: answer.gold,
    predicted: answer.predicted,
    labels: answer.labels,
    maxPoints: answer.maxPoints,
    groups: { question: JSON.stringify([answer.dataset, answer.questionId]), split: answer.split },
    flaggedForReview: answer.flaggedForReview,
    confidence: answer.confidence,
    usage: answer.usage,
  };
}

/** Everything the report shows for one configuration. Pure: the caller reads and writes the files. */
export function buildConfigurationReport(
  configuration: Pick<ConfigurationReport, "name" | "model" | "promptVersion" | "settings" | "errors">,
  answers: readonly GradedAnswer[],
  options: SummaryOptions & { examplesPerQuestion?: number } = {},
): ConfigurationReport {
  const rows = answers.map(toEvaluationRow);
  const summary = summariseEvaluation(rows, options);
  const scored = answers.filter((answer) => answer.predicted !== null);
  const table = confusionTable(
    scored.map((answer) => answer.gold),
    scored.map((answer) => answer.predicted!),
    answers.flatMap((answer) => answer.labels),
  );
  const differenceCounts = new Map<number, number>();
  for (const answer of scored) {
    const difference = Math.round((answer.predicted! - answer.gold) * 1e6) / 1e6;
    differenceCounts.set(difference, (differenceCounts.get(difference) ?? 0) + 1);
  }
  const byQuestion = new Map<string, GradedAnswer[]>();
  for (const answer of answers) {
    const key = JSON.stringify([answer.dataset, answer.questionId]);
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), answer]);
  }
  const questions = [...byQuestion].map(([key, members]): QuestionReport => {
    const first = members[0]!;
    const agreement = summary.groups.question![key]!;
    const mae = agreement.metrics.meanAbsoluteError.value;
    const maxPoints = Math.max(...members.map((member) => member.maxPoints));
    const examples = members
      .filter((member) => member.predicted === null || member.predicted !== member.gold)
      .sort((x, y) => distance(y) - distance(x) || x.answerId.localeCompare(y.answerId))
      .slice(0, options.examplesPerQuestion ?? 3)
      .map((member) => ({
        split: member.split,
        answerId: member.answerId,
        answer: member.answer,
        teacher: member.gold,
        model: member.predicted,
        rationale: member.rationale,
      }));
    return {
      dataset: first.dataset,
      questionId: first.questionId,
      count: agreement.count,
      unscored: agreement.unscored,
      maxPoints,
      normalisedError: mae === null ? null : mae / maxPoints,
      metrics: agreement.metrics,
      examples,
    };
  });
  questions.sort(
    (x, y) =>
      (y.normalisedError ?? Infinity) - (x.normalisedError ?? Infinity) ||
      x.questionId.localeCompare(y.questionId),
  );
  return {
    ...configuration,
    answers: answers.length,
    summary,
    confusion: { labels: table.labels as number[], counts: table.counts.map((row) => [...row]) },
    differences: [...differenceCounts]
      .sort(([x], [y]) => x - y)
      .map(([difference, count]) => ({ difference, count })),
    questions,
  };
}

/** Unscored answers sort first among examples, then the largest differences. */
function distance(answer: GradedAnswer): number {
  if (answer.predicted === null) return Infinity;
  const gap = Math.abs(answer.predicted - answer.gold);
  return isLargeDisagreement({ ...answer, predicted: answer.predicted }) ? gap + answer.maxPoints : gap;
}

/**
 * Paired comparisons of every configuration with the first, on the answers all of them graded (by key).
 */
export function buildComparisons(
  configurations: readonly { name: string; answers: readonly GradedAnswer[] }[],
  options: SummaryOptions = {},
): ComparisonReport[] {
  const [baseline, ...others] = configurations;
  if (!baseline) return [];
  return others.map((other) => {
    const otherByKey = new Map(other.answers.map((answer) => [answer.key, answer]));
    const pairs = baseline.answers.flatMap((answer) => {
      const match = otherByKey.get(answer.key);
      return match ? [{ a: answer, b: match }] : [];
    });
    const comparison = compareConfigurations(
      pairs.map((pair) => toEvaluationRow(pair.b)),
      pairs.map((pair) => toEvaluationRow(pair.a)),
      options,
    );
    return { a: other.name, b: baseline.name, ...comparison };
  });
}
