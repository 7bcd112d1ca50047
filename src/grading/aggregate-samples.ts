import { verifyEvidence } from "./evidence.js";
import type { CriterionResult, Flag } from "./grade.js";
import type { CriterionReply } from "./reply-schema.js";
import { lowestLevelPoints, type GradingOptions, type Rubric } from "./rubric.js";
import { agreement, medianSnapped } from "./scoring.js";

export interface AggregationOptions {
  strategy: GradingOptions["strategy"];
  evidencePolicy: GradingOptions["evidencePolicy"];
  /** Agreement below this flags low_agreement. */
  minAgreement: number;
}

/** One sample's usable reply, per criterion: null where that sample gave nothing valid. */
export interface SampleOutcome {
  criteria: Record<string, CriterionReply | null>;
  /** Per criterion for the per-criterion strategy, one entry otherwise. */
  feedback: string[] | null;
  explanation: string | null;
}

/**
 * Combines the samples criterion by criterion: median snapped to an allowed value, agreement as
 * confidence, evidence checked on a sample that gave the chosen points (one whose quotes are found, if any
 * is) against `foldedAnswer`, the text
 * the model saw folded for evidence (AnswerAnalysis.evidenceText: as written, never NFKC-folded).
 */
export function aggregateSamples(
  rubric: Rubric,
  options: AggregationOptions,
  outcomes: readonly SampleOutcome[],
  foldedAnswer: string,
): { criteria: CriterionResult[]; feedback: string; explanation: string; flags: Flag[] } {
  const flags: Flag[] = [];
  const needed = Math.ceil(outcomes.length / 2);
  const representatives: (number | null)[] = [];

  const criteria = rubric.criteria.map((criterion): CriterionResult => {
    const replies = outcomes.map((outcome) => outcome.criteria[criterion.id] ?? null);
    const valid = replies.filter((reply): reply is CriterionReply => reply !== null);
    if (valid.length < needed) {
      representatives.push(null);
      flags.push({
        code: "output_invalid",
        requiresReview: true,
        criterionId: criterion.id,
        reason:
          outcomes.length === 1
            ? "The model's reply was unusable even after one repair attempt; no score was invented."
            : `Only ${valid.length} of ${outcomes.length} samples gave a usable reply; no score was invented.`,
      });
      return {
        criterionId: criterion.id,
        points: null,
        maxPoints: criterion.maxPoints,
        rationale: "",
        evidence: [],
        confidence: null,
        comment: null,
      };
    }
    const chosen = medianSnapped(
      criterion,
      valid.map((reply) => reply.points),
    );
    // Among the samples closest to the chosen points, one whose quotes are found in the answer speaks for
    // them: the verdict on the evidence must not depend on the order the samples came in.
    const closest = closestReplyIndexes(replies, chosen);
    const representativeIndex =
      (chosen > 0
        ? closest.find((index) => verifyEvidence(foldedAnswer, replies[index]!.evidence).verified)
        : undefined) ?? closest[0]!;
    representatives.push(representativeIndex);
    const representative = replies[representativeIndex]!;
    // Invalid samples count as disagreeing: confidence is agreement among all k draws.
    const confidence = agreement(
      criterion,
      replies.map((reply) => reply?.points ?? Number.NaN),
      chosen,
    );
    if (confidence !== null && confidence < options.minAgreement) {
      flags.push({
        code: "low_agreement",
        requiresReview: true,
        criterionId: criterion.id,
        reason: `The samples disagreed: ${valid.map((reply) => reply.points).join(", ")} (agreement ${confidence}).`,
      });
    }
    let points = chosen;
    let { rationale, evidence: quotes } = representative;
    if (points > 0) {
      const evidence = verifyEvidence(foldedAnswer, representative.evidence);
      if (!evidence.verified) {
        const what =
          evidence.reason === "no_quotes"
            ? "no quote from the answer supports it"
            : `quotes not found in the answer: ${evidence.missingQuotes.map((quote) => JSON.stringify(quote.slice(0, 80))).join(", ")}`;
        if (options.evidencePolicy === "cap-at-lowest-level") {
          const capped = Math.min(points, lowestLevelPoints(criterion));
          flags.push({
            code: "evidence_unverified",
            requiresReview: false,
            criterionId: criterion.id,
            reason: `${points} points were capped at ${capped}: ${what}.`,
          });
          // Nobody reviews a capped grade: what it shows must agree with its points. Only quotes found in the
          // answer stay its evidence, and the rationale says why the points are lower than it argues for (the
          // model's reply stays in the audit record).
          quotes = quotes.filter((quote) => verifyEvidence(foldedAnswer, [quote]).verified);
          if (capped < points) {
            rationale = `Capped at ${capped} of the ${points} points the model gave: ${what}. ${rationale}`;
          }
          points = capped;
        } else {
          flags.push({
            code: "evidence_unverified",
            requiresReview: true,
            criterionId: criterion.id,
            reason: `${points} points need checking: ${what}.`,
          });
        }
      }
    }
    return {
      criterionId: criterion.id,
      points,
      maxPoints: criterion.maxPoints,
      rationale,
      evidence: quotes,
      confidence,
      comment: null,
    };
  });

  const allFull = criteria.every((result) => result.points === result.maxPoints);
  let feedback = "";
  let explanation = "";
  if (options.strategy === "per-criterion") {
    feedback = criteria
      .map((_, index) => {
        const sample = representatives[index];
        return sample === null || sample === undefined ? "" : (outcomes[sample]?.feedback?.[index] ?? "");
      })
      .filter((text) => text.trim() !== "")
      .join("\n");
    explanation = criteria
      .map((result, index) => `${rubric.criteria[index]!.title}: ${result.rationale || "no usable reply"}`)
      .join("\n");
  } else {
    const best = bestOverallSample(outcomes, criteria);
    feedback = best?.feedback?.[0] ?? "";
    explanation = best?.explanation ?? "";
  }
  // Perfect answers are not told how to improve (coursemology2 #8009): no feedback at full marks.
  if (allFull) feedback = "";
  return { criteria, feedback, explanation, flags };
}

/** The indexes of the usable replies whose points are closest to the chosen ones, in sample order. */
function closestReplyIndexes(replies: readonly (CriterionReply | null)[], chosen: number): number[] {
  let closest: number[] = [];
  let bestDistance = Number.POSITIVE_INFINITY;
  replies.forEach((reply, index) => {
    if (!reply) return;
    const distance = Math.abs(reply.points - chosen);
    if (distance < bestDistance) {
      bestDistance = distance;
      closest = [index];
    } else if (distance === bestDistance) {
      closest.push(index);
    }
  });
  return closest;
}

/** The complete sample whose points are closest to the final ones: its feedback matches the grade best. */
function bestOverallSample(
  outcomes: readonly SampleOutcome[],
  criteria: readonly CriterionResult[],
): SampleOutcome | undefined {
  let best: SampleOutcome | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const outcome of outcomes) {
    if (outcome.feedback === null) continue;
    let distance = 0;
    for (const result of criteria) {
      const reply = outcome.criteria[result.criterionId];
      distance += reply && result.points !== null ? Math.abs(reply.points - result.points) : 1_000;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = outcome;
    }
  }
  return best;
}
