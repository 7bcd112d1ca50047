/**
 * The figures of the spend tests: one price for the scripted model, at which every scripted call (100 input
 * and 20 output tokens) costs exactly `callCost` USD, and what the usage ledger then holds for a grade that
 * was not stored and of which one call answered, or two (with `grades: 1`: a stored grade of two calls).
 */
export const scriptedModelPrices = JSON.stringify({
  "openai:scripted-model": { inputPerMillionTokens: 100, outputPerMillionTokens: 500 },
});
export const callCost = 0.02;
export const spendTestAnswer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
export const oneCallNoGrade = {
  grades: 0,
  cachedGrades: 0,
  modelCalls: 1,
  inputTokens: 100,
  outputTokens: 20,
  costUsd: callCost,
  unpricedCalls: 0,
};
export const twoCallsNoGrade = {
  ...oneCallNoGrade,
  modelCalls: 2,
  inputTokens: 200,
  outputTokens: 40,
  costUsd: 2 * callCost,
};
