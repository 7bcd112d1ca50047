import type { PromptTask, TokenUsage } from "./audit.js";
import { estimateCost, type ModelPrice } from "./cost.js";

/**
 * The arithmetic of estimates: what grading answers will cost, from the same plans grading makes
 * (`planModelRun`). Pure and exact on integers; money through `estimateCost`, never by a model.
 *
 * - Calls: the planned calls; at most twice that, since each call may add one repair call.
 * - Input tokens: the model's own `estimateInputTokens` of every planned call, the figure the per-grade
 *   budget checks (it errs high). At most: every call repaired, each repair resending its prompt plus the
 *   unusable reply (up to the output limit) and the repair instructions (`repairAllowanceTokens`).
 * - Output tokens: expected from the rubric's size (a typical reply per criterion, below); at most the
 *   output limit (GRADER_MAX_OUTPUT_TOKENS) for every call and every repair.
 */

/**
 * Tokens of a typical reply, measured with the o200k tokenizer on the replies bench/strategy-tokens.ts
 * uses (a two-sentence rationale, one quote and the points per criterion; three sentences of feedback
 * and one of explanation per grade): all criteria at once ≈ 55 + 46 per criterion, one criterion ≈ 52,
 * a screen verdict ≈ 16. Rounded up.
 */
export const typicalReplyTokens = {
  perCriterion: 50,
  allCriteriaOverhead: 60,
  oneCriterionOverhead: 15,
  screen: 30,
} as const;

/** The repair template and the list of problems a repair call adds to the prompt it resends. */
export const repairAllowanceTokens = 200;

/** The expected output tokens of one call of `task` for a rubric of `criteriaCount` criteria, capped at the limit. */
export function expectedReplyTokens(
  task: PromptTask,
  criteriaCount: number,
  maxOutputTokens: number,
): number {
  const tokens =
    task === "grade-all-criteria"
      ? typicalReplyTokens.allCriteriaOverhead + typicalReplyTokens.perCriterion * criteriaCount
      : task === "grade-one-criterion"
        ? typicalReplyTokens.oneCriterionOverhead + typicalReplyTokens.perCriterion
        : typicalReplyTokens.screen;
  return Math.min(tokens, maxOutputTokens);
}

export interface Range {
  expected: number;
  max: number;
}

/** The figures of grading one answer. */
export interface AnswerFigures {
  calls: Range;
  inputTokens: Range;
  outputTokens: Range;
}

/** What a plan is made of, as far as the arithmetic needs: the task and input estimate of each call. */
export interface PlannedCallShape {
  task: PromptTask;
  inputTokens: number;
}

/**
 * The figures of one answer from its planned calls (an empty list for a blank answer: no call).
 * `maxOutputTokens` is the output limit of one call.
 */
export function answerFigures(
  calls: readonly PlannedCallShape[],
  criteriaCount: number,
  maxOutputTokens: number,
): AnswerFigures {
  let input = 0;
  let output = 0;
  for (const call of calls) {
    input += call.inputTokens;
    output += expectedReplyTokens(call.task, criteriaCount, maxOutputTokens);
  }
  const count = calls.length;
  const worst = worstCaseTokens(count, input, maxOutputTokens);
  return {
    calls: { expected: count, max: 2 * count },
    inputTokens: { expected: input, max: worst.inputTokens },
    outputTokens: { expected: output, max: worst.outputTokens },
  };
}

/**
 * The most tokens one grade of `calls` planned calls (with `inputTokens` estimated input over all of them)
 * can be charged for: every call repaired, each repair resending its prompt, the unusable reply (up to
 * the output limit) and the repair instructions; every reply and repair reply at the output limit.
 */
export function worstCaseTokens(calls: number, inputTokens: number, maxOutputTokens: number): TokenUsage {
  return {
    inputTokens: 2 * inputTokens + calls * (maxOutputTokens + repairAllowanceTokens),
    outputTokens: 2 * calls * maxOutputTokens,
  };
}

export interface CostRange {
  currency: "USD";
  /** null when the model has no price in the price table. */
  expected: number | null;
  max: number | null;
  inputPerMillionTokens: number | null;
  outputPerMillionTokens: number | null;
}

export interface BatchFigures extends AnswerFigures {
  cost: CostRange;
}

/**
 * The figures of grading `answers` answers like `samples` (one figure per sample answer; at least one),
 * and of one average answer. With as many answers as samples the totals are the samples' sums exactly;
 * otherwise the samples' average scaled to `answers`, rounded to whole calls and tokens.
 */
export function batchFigures(
  samples: readonly AnswerFigures[],
  answers: number,
  price: ModelPrice | undefined,
): { total: BatchFigures; perAnswer: BatchFigures } {
  if (samples.length === 0) throw new Error("batchFigures needs at least one sample answer");
  const sum = (pick: (figures: AnswerFigures) => number) =>
    samples.reduce((total, figures) => total + pick(figures), 0);
  const scale = (value: number, count: number) =>
    count === samples.length ? value : Math.round((value * count) / samples.length);
  const figuresFor = (count: number): AnswerFigures => ({
    calls: {
      expected: scale(
        sum((f) => f.calls.expected),
        count,
      ),
      max: scale(
        sum((f) => f.calls.max),
        count,
      ),
    },
    inputTokens: {
      expected: scale(
        sum((f) => f.inputTokens.expected),
        count,
      ),
      max: scale(
        sum((f) => f.inputTokens.max),
        count,
      ),
    },
    outputTokens: {
      expected: scale(
        sum((f) => f.outputTokens.expected),
        count,
      ),
      max: scale(
        sum((f) => f.outputTokens.max),
        count,
      ),
    },
  });
  const withCost = (figures: AnswerFigures): BatchFigures => ({
    ...figures,
    cost: costRange(price, figures),
  });
  // Per answer: the samples' average, unrounded tokens would be fractions; rounded like the totals.
  const perAnswer = withCost(
    samples.length === 1 ? samples[0]! : averageFigures(samples, (value) => Math.round(value)),
  );
  return { total: withCost(figuresFor(answers)), perAnswer };
}

function averageFigures(samples: readonly AnswerFigures[], round: (value: number) => number): AnswerFigures {
  const mean = (pick: (figures: AnswerFigures) => number) =>
    round(samples.reduce((total, figures) => total + pick(figures), 0) / samples.length);
  return {
    calls: { expected: mean((f) => f.calls.expected), max: mean((f) => f.calls.max) },
    inputTokens: { expected: mean((f) => f.inputTokens.expected), max: mean((f) => f.inputTokens.max) },
    outputTokens: { expected: mean((f) => f.outputTokens.expected), max: mean((f) => f.outputTokens.max) },
  };
}

/** Expected and highest cost of the figures; null amounts when the model has no price. */
export function costRange(price: ModelPrice | undefined, figures: AnswerFigures): CostRange {
  const usage = (pick: (range: Range) => number): TokenUsage => ({
    inputTokens: pick(figures.inputTokens),
    outputTokens: pick(figures.outputTokens),
  });
  const expected = estimateCost(
    price,
    usage((range) => range.expected),
  );
  const max = estimateCost(
    price,
    usage((range) => range.max),
  );
  return {
    currency: "USD",
    expected: expected.amount,
    max: max.amount,
    inputPerMillionTokens: expected.inputPerMillionTokens,
    outputPerMillionTokens: expected.outputPerMillionTokens,
  };
}
