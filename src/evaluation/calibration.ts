/**
 * Does the grader's confidence predict agreement? Confidences (0..1) are put in equal-width bins; each
 * bin's mean confidence is compared with the share of its answers where the grader agreed with the
 * teacher. Expected calibration error (ECE) is the count-weighted mean gap |agreement − confidence|:
 * 0 for a grader whose "0.8" agrees 80% of the time. Answers without a confidence (a grade made from one
 * sample has none) are left out; with none left, the bins are empty and the ECE is null.
 */

export interface ConfidencePoint {
  /** 0..1; values outside are clamped. */
  confidence: number;
  agreed: boolean;
}

export interface ReliabilityBin {
  /** Bin bounds; the last bin includes 1. */
  from: number;
  to: number;
  count: number;
  /** null for an empty bin. */
  meanConfidence: number | null;
  agreement: number | null;
}

export interface ReliabilityCurve {
  bins: ReliabilityBin[];
  /** How many answers had a confidence. */
  count: number;
  expectedCalibrationError: number | null;
}

/** Throws a RangeError when `binCount` is not a positive integer. */
export function reliabilityCurve(points: readonly ConfidencePoint[], binCount = 10): ReliabilityCurve {
  if (!Number.isInteger(binCount) || binCount < 1)
    throw new RangeError("binCount must be a positive integer");
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, agreed: 0 }));
  for (const point of points) {
    if (!Number.isFinite(point.confidence)) continue;
    const confidence = Math.min(1, Math.max(0, point.confidence));
    const bin = sums[Math.min(binCount - 1, Math.floor(confidence * binCount))]!;
    bin.count += 1;
    bin.confidence += confidence;
    bin.agreed += point.agreed ? 1 : 0;
  }
  const count = sums.reduce((total, bin) => total + bin.count, 0);
  let gap = 0;
  const bins = sums.map((bin, index) => {
    const meanConfidence = bin.count === 0 ? null : bin.confidence / bin.count;
    const agreement = bin.count === 0 ? null : bin.agreed / bin.count;
    if (meanConfidence !== null && agreement !== null)
      gap += (bin.count / count) * Math.abs(agreement - meanConfidence);
    return {
      from: index / binCount,
      to: (index + 1) / binCount,
      count: bin.count,
      meanConfidence,
      agreement,
    };
  });
  return { bins, count, expectedCalibrationError: count === 0 ? null : gap };
}
