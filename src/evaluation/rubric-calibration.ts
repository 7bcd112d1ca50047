import type {
  CalibrationAgreement,
  CalibrationAnswer,
  CalibrationResult,
  GraderPoints,
} from "../grading/calibrations.js";
import { allowedPoints, type Rubric } from "../grading/rubric.js";
import type { BootstrapOptions } from "./bootstrap.js";
import { summariseAgreement, type EvaluationRow } from "./summary.js";

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
