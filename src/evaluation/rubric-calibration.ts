import {
  comparedMetrics,
  type AgreementChange,
  type CalibrationAgreement,
  type CalibrationAnswer,
  type CalibrationComparison,
  type CalibrationResult,
  type ComparedCalibration,
  type ComparedMetric,
  type GraderPoints,
  type MetricChange,
  type PairedMetricChange,
} from "../grading/calibrations.js";
import { allowedPoints, type Criterion, type Rubric } from "../grading/rubric.js";
import type { BootstrapOptions } from "./bootstrap.js";
import { compareConfigurations, summariseAgreement, type EvaluationRow } from "./summary.js";

/**
 * A calibration's figures: the grader's points against the teachers' per criterion and for the total,
 * with percentile bootstrap intervals (seeded: the same answers always give the same result).
 *
 * The scale of each comparison is every value a rater could give, so that weighted κ and "adjacent"
 * measure the distances a teacher means: a criterion with levels uses its allowed points (0 and its
 * levels: one level apart is adjacent); otherwise, and for the total, whole points 0..max, or half
 * points when either rater gave a half point (then "adjacent" means half a point apart). A scale of more
 * than 101 positions is left to the observed values, to keep the bootstrap cheap.
 */
const maxScalePositions = 101;
const defaultBootstrap = { resamples: 1000, seed: 1, level: 0.95 } as const;

export function calibrationResult(
  rubric: Rubric,
  teacher: readonly CalibrationAnswer[],
  grader: readonly GraderPoints[],
  options: BootstrapOptions = {},
): CalibrationResult {
  const bootstrap = { ...defaultBootstrap, ...options };
  const criteria: Record<string, CalibrationAgreement> = {};
  for (const criterion of rubric.criteria) {
    const pairs = teacher.map((answer, index) => ({
      gold: answer.points[criterion.id] ?? 0,
      predicted: grader[index]?.[criterion.id] ?? null,
    }));
    const scale = criterion.levels ? allowedPoints(criterion) : pointsScale(criterion.maxPoints, pairs);
    criteria[criterion.id] = agreementOf(withScale(pairs, scale), bootstrap);
  }
  const maxTotal = rubric.criteria.reduce((total, criterion) => total + criterion.maxPoints, 0);
  const totals = teacher.map((answer, index) => ({
    gold: sum(Object.values(answer.points)),
    predicted: totalOfGrader(grader[index], rubric),
  }));
  return {
    total: agreementOf(withScale(totals, pointsScale(maxTotal, totals)), bootstrap),
    criteria,
    bootstrap,
  };
}

type Pair = { gold: number; predicted: number | null };

/** 0..max in whole points, or in half points when any score is a half point. */
function pointsScale(max: number, pairs: readonly Pair[]): number[] {
  const halves = pairs.some(
    (pair) => !Number.isInteger(pair.gold) || (pair.predicted !== null && !Number.isInteger(pair.predicted)),
  );
  const step = halves ? 0.5 : 1;
  const positions = Math.floor(max / step) + 1;
  return Array.from({ length: positions }, (_, index) => index * step);
}

function withScale(pairs: readonly Pair[], scale: readonly number[] | undefined): EvaluationRow[] {
  const labels = scale && scale.length <= maxScalePositions ? { labels: scale } : {};
  return pairs.map((pair) => ({ ...pair, ...labels }));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The grader's total, or null when it was not graded or any criterion has no points. */
function totalOfGrader(points: GraderPoints | undefined, rubric: Rubric): number | null {
  if (!points) return null;
  let total = 0;
  for (const criterion of rubric.criteria) {
    const value = points[criterion.id];
    if (value === null || value === undefined) return null;
    total += value;
  }
  return total;
}

function agreementOf(
  rows: readonly EvaluationRow[],
  bootstrap: Required<BootstrapOptions>,
): CalibrationAgreement {
  const { count, unscored, metrics } = summariseAgreement(rows, bootstrap);
  return {
    count,
    unscored,
    quadraticKappa: metrics.quadraticKappa,
    exactAgreement: metrics.exactAgreement,
    adjacentAgreement: metrics.adjacentAgreement,
    meanAbsoluteError: metrics.meanAbsoluteError,
    pearson: metrics.pearson,
  };
}

/**
 * A calibration against a baseline calibration of the same rubric (current − baseline), the way
 * `npm run eval --compare` compares configurations: each figure's difference as stored, and, on the
 * answers both calibrations share, the paired bootstrap interval of the difference (the same answers
 * resampled for both, so the interval is that of the difference and not of two separate estimates).
 *
 * An answer is shared when its text and the teacher's points (all of them for the total, that
 * criterion's for a criterion) are the same in both, both graders scored it, and it is a graded
 * example of neither version. Purged answers have no text and pair with nothing.
 */
export function calibrationComparison(
  current: ComparedCalibration,
  baseline: ComparedCalibration,
  options: BootstrapOptions = {},
): Pick<CalibrationComparison, "total" | "criteria" | "bootstrap"> {
  const bootstrap = { ...defaultBootstrap, ...options };
  const currentAnswers = measuredByText(current);
  const baselineAnswers = measuredByText(baseline);
  const shared = [...currentAnswers.keys()].filter((text) => baselineAnswers.has(text));

  const totalOf = (side: ComparedCalibration, index: number) => ({
    gold: sum(Object.values(side.teacher[index]!.points)),
    predicted: totalOfGrader(side.grader[index], side.rubric),
  });
  const totalPairs = shared.flatMap((text) => {
    const a = totalOf(current, currentAnswers.get(text)!);
    const b = totalOf(baseline, baselineAnswers.get(text)!);
    return a.gold === b.gold && sameTeacherPoints(current, baseline, text, currentAnswers, baselineAnswers)
      ? [{ a, b }]
      : [];
  });
  const maxTotal = current.rubric.criteria.reduce((total, criterion) => total + criterion.maxPoints, 0);
  const total: AgreementChange = {
    differences: differencesOf(current.result.total, baseline.result.total),
    paired: pairedOf(totalPairs, (pairs) => pointsScale(maxTotal, pairs), bootstrap),
  };

  const criteria: Record<string, AgreementChange> = {};
  const baselineCriteria = new Map(baseline.rubric.criteria.map((criterion) => [criterion.id, criterion]));
  for (const criterion of current.rubric.criteria) {
    const before = baselineCriteria.get(criterion.id);
    const currentFigures = current.result.criteria[criterion.id];
    const baselineFigures = baseline.result.criteria[criterion.id];
    if (!before || !currentFigures || !baselineFigures) continue;
    const pairs = shared.flatMap((text) => {
      const indexA = currentAnswers.get(text)!;
      const indexB = baselineAnswers.get(text)!;
      const gold = current.teacher[indexA]!.points[criterion.id];
      if (gold === undefined || gold !== baseline.teacher[indexB]!.points[criterion.id]) return [];
      return [
        {
          a: { gold, predicted: current.grader[indexA]?.[criterion.id] ?? null },
          b: { gold, predicted: baseline.grader[indexB]?.[criterion.id] ?? null },
        },
      ];
    });
    criteria[criterion.id] = {
      differences: differencesOf(currentFigures, baselineFigures),
      paired: pairedOf(pairs, (all) => criterionScale(criterion, before, all), bootstrap),
    };
  }
  return { total, criteria, bootstrap };
}

/** Answer text → index, for the answers measured (not purged, not left out as a graded example). */
function measuredByText(side: ComparedCalibration): Map<string, number> {
  const excluded = new Set(side.result.excludedAnswers ?? []);
  const byText = new Map<string, number>();
  side.teacher.forEach((answer, index) => {
    const text = answer.answer.trim();
    if (text === "" || excluded.has(index) || byText.has(text)) return;
    byText.set(text, index);
  });
  return byText;
}

function sameTeacherPoints(
  current: ComparedCalibration,
  baseline: ComparedCalibration,
  text: string,
  currentAnswers: Map<string, number>,
  baselineAnswers: Map<string, number>,
): boolean {
  const a = current.teacher[currentAnswers.get(text)!]!.points;
  const b = baseline.teacher[baselineAnswers.get(text)!]!.points;
  const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...ids].every((id) => a[id] === b[id]);
}

/** The scale of a criterion in both versions: its allowed points in either, or whole/half points. */
function criterionScale(
  current: Pick<Criterion, "maxPoints" | "levels">,
  baseline: Pick<Criterion, "maxPoints" | "levels">,
  pairs: readonly Pair[],
): number[] {
  if (current.levels && baseline.levels) {
    return [...new Set([...allowedPoints(current)!, ...allowedPoints(baseline)!])].sort((x, y) => x - y);
  }
  return pointsScale(Math.max(current.maxPoints, baseline.maxPoints), pairs);
}

function differencesOf(
  current: CalibrationAgreement,
  baseline: CalibrationAgreement,
): Record<ComparedMetric, MetricChange> {
  return Object.fromEntries(
    comparedMetrics.map((name) => {
      const a = current[name].value;
      const b = baseline[name].value;
      return [name, { current: a, baseline: b, difference: a === null || b === null ? null : a - b }];
    }),
  ) as Record<ComparedMetric, MetricChange>;
}

function pairedOf(
  pairs: readonly { a: Pair; b: Pair }[],
  scaleOf: (pairs: readonly Pair[]) => number[],
  bootstrap: Required<BootstrapOptions>,
): AgreementChange["paired"] {
  const scored = pairs.filter((pair) => pair.a.predicted !== null && pair.b.predicted !== null);
  if (scored.length === 0) return null;
  const scale = scaleOf(scored.flatMap((pair) => [pair.a, pair.b]));
  const { count, metrics } = compareConfigurations(
    withScale(
      scored.map((pair) => pair.a),
      scale,
    ),
    withScale(
      scored.map((pair) => pair.b),
      scale,
    ),
    bootstrap,
  );
  return {
    count,
    metrics: Object.fromEntries(
      comparedMetrics.map((name) => {
        const figure = metrics[name];
        const change: PairedMetricChange = {
          current: figure.a,
          baseline: figure.b,
          difference: figure.difference,
          low: figure.low,
          high: figure.high,
        };
        return [name, change];
      }),
    ) as Record<ComparedMetric, PairedMetricChange>,
  };
}
