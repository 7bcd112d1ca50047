import { allowedPoints, type Criterion } from "./rubric.js";

/**
 * Combining k sampled scores into one. Pure arithmetic, done in code, never by the model.
 */

/**
 * The median of the samples, snapped to the nearest allowed value (ties go to the lower value, so an
 * undecided model never rounds a student up). Throws on an empty list.
 */
export function medianSnapped(
  criterion: Pick<Criterion, "maxPoints" | "levels">,
  samples: readonly number[],
): number {
  if (samples.length === 0) throw new Error("medianSnapped needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return snapToAllowed(criterion, median);
}

export function snapToAllowed(criterion: Pick<Criterion, "maxPoints" | "levels">, value: number): number {
  const allowed = allowedPoints(criterion);
  if (!allowed) {
    // The mean of two half points can be a quarter point: round it down to a half point.
    return Math.floor(Math.min(criterion.maxPoints, Math.max(0, value)) * 2) / 2;
  }
  let best = allowed[0]!;
  for (const candidate of allowed) {
    if (Math.abs(candidate - value) < Math.abs(best - value)) best = candidate;
  }
  return best;
}

/**
 * Agreement of the samples with the chosen value, 0..1: the share of samples that gave it. For wide
 * continuous ranges (no listable allowed values) a sample within a tenth of maxPoints counts as agreeing.
 * Returns null for a single sample: one draw says nothing about agreement.
 */
export function agreement(
  criterion: Pick<Criterion, "maxPoints" | "levels">,
  samples: readonly number[],
  chosen: number,
): number | null {
  if (samples.length < 2) return null;
  const tolerance = allowedPoints(criterion) ? 0 : criterion.maxPoints / 10;
  const agreeing = samples.filter((points) => Math.abs(points - chosen) <= tolerance).length;
  return Math.round((agreeing / samples.length) * 1000) / 1000;
}
