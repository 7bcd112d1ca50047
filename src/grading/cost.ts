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
