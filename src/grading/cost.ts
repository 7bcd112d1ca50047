import { z } from "zod";
import type { CostEstimate, TokenUsage } from "./audit.js";

export const modelPriceSchema = z.strictObject({
  inputPerMillionTokens: z.number().min(0),
  outputPerMillionTokens: z.number().min(0),
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
