import { z } from "zod";
import type { CostEstimate, TokenUsage } from "./audit.js";

/** The dearest model on offer costs a few hundred USD per million tokens; 1e308 is a typo that prices to Infinity. */
const usdPerMillionTokens = z
  .number()
  .min(0)
  .max(10_000, { error: "must be at most 10000 (USD per million tokens)" });
export const modelPriceSchema = z.strictObject({
  inputPerMillionTokens: usdPerMillionTokens,
  outputPerMillionTokens: usdPerMillionTokens,
});
/** USD per million tokens. */
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export function sumUsage(attempts: readonly { usage: TokenUsage }[]): TokenUsage {
  return attempts.reduce(
    (sum, attempt) => ({
      inputTokens: sum.inputTokens + attempt.usage.inputTokens,
      outputTokens: sum.outputTokens + attempt.usage.outputTokens,
    }),
    { inputTokens: 0, outputTokens: 0 },
  );
}

/** Cost in USD from the configured price table; money is computed here, never by the model. */
export function estimateCost(price: ModelPrice | undefined, usage: TokenUsage): CostEstimate {
  if (!price)
    return { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null };
  const amount =
    (usage.inputTokens * price.inputPerMillionTokens + usage.outputTokens * price.outputPerMillionTokens) /
    1_000_000;
  return {
    currency: "USD",
    amount: Math.round(amount * 1e8) / 1e8,
    inputPerMillionTokens: price.inputPerMillionTokens,
    outputPerMillionTokens: price.outputPerMillionTokens,
  };
}

/** What some model calls cost on one UTC day. */
export interface DaySpend {
  /** `YYYY-MM-DD`, UTC: the day the calls were made (sent). */
  day: string;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD from the price table; null for a model without a price (its calls are counted unpriced). */
  costUsd: number | null;
}

/**
 * The spend of calls per UTC day each was made (its `startedAt`), oldest day first: a grade that ran
 * past midnight spent on both days, and each call counts on the day it was made. A call without a start
 * time counts on `fallbackDay`. Nothing for no calls.
 */
export function spendByDay(
  attempts: readonly { startedAt: string; usage: TokenUsage }[],
  price: ModelPrice | undefined,
  fallbackDay: string,
): DaySpend[] {
  const byDay = new Map<string, { modelCalls: number; inputTokens: number; outputTokens: number }>();
  for (const attempt of attempts) {
    // Audit records written by other code paths (and tests) may lack the time: the grade's day then.
    const day = (attempt.startedAt as string | undefined)?.slice(0, 10) ?? fallbackDay;
    const sum = byDay.get(day) ?? { modelCalls: 0, inputTokens: 0, outputTokens: 0 };
    sum.modelCalls++;
    sum.inputTokens += attempt.usage.inputTokens;
    sum.outputTokens += attempt.usage.outputTokens;
    byDay.set(day, sum);
  }
  return [...byDay.entries()]
    .sort(([first], [second]) => first.localeCompare(second))
    .map(([day, sum]) => ({ day, ...sum, costUsd: estimateCost(price, sum).amount }));
}

/**
 * `spend` (per day) less `moved`, usage of the same calls the ledger has already (a lapsed hold's), day by
 * day; days left with no call are left out. Never below zero.
 */
export function spendNotMoved(spend: readonly DaySpend[], moved: readonly DaySpend[]): DaySpend[] {
  if (moved.length === 0) return [...spend];
  const left: DaySpend[] = [];
  for (const part of spend) {
    const same = moved.filter((entry) => entry.day === part.day);
    const less = (pick: (entry: DaySpend) => number) =>
      Math.max(
        0,
        same.reduce((rest, entry) => rest - pick(entry), pick(part)),
      );
    const modelCalls = less((entry) => entry.modelCalls);
    if (modelCalls === 0) continue;
    left.push({
      day: part.day,
      modelCalls,
      inputTokens: less((entry) => entry.inputTokens),
      outputTokens: less((entry) => entry.outputTokens),
      costUsd: part.costUsd === null ? null : less((entry) => entry.costUsd ?? 0),
    });
  }
  return left;
}

/** The price an audit record's cost was computed with; undefined for a model without a price. */
export function priceOf(cost: CostEstimate): ModelPrice | undefined {
  if (cost.inputPerMillionTokens === null || cost.outputPerMillionTokens === null) return undefined;
  return {
    inputPerMillionTokens: cost.inputPerMillionTokens,
    outputPerMillionTokens: cost.outputPerMillionTokens,
  };
}
