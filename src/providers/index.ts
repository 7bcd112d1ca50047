import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { GradingModel, RequestGate } from "../grading/ports.js";
import type { Clock } from "../lib/clock.js";
import { createGradingModel, type ProviderDialect } from "./grading-model.js";
import { anthropicDialect, azureOpenAIDialect, openAIDialect } from "./hosted-dialects.js";
import { llamaCppDialect } from "./llamacpp-dialect.js";
import { loadPromptLibrary } from "./prompt-library.js";

export { PromptTemplateError } from "./prompt-library.js";

/**
 * The grading model for the configured provider. Loads and checks the prompt templates first (a
 * template problem throws PromptTemplateError), then makes the provider's dialect: a local model is
 * loaded here, once per process. Throws when the templates are bad or a local model cannot be loaded.
 * `gate`, when given, is the provider's shared request rate: every attempt passes it first.
 */
export async function createConfiguredGradingModel(
  settings: Config["model"],
  dependencies: {
    clock: Clock;
    logger: Logger;
    promptsDirectory: string;
    random?: () => number;
    gate?: RequestGate;
    /** Temperatures whose chat models are made before this returns (see PreparableGradingModel.prepare). */
    prepareTemperatures?: readonly number[];
  },
): Promise<GradingModel> {
  const prompts = loadPromptLibrary(dependencies.promptsDirectory);
  const dialect = await dialectFor(settings);
  const model = createGradingModel({
    id: settings.id,
    dialect,
    prompts,
    clock: dependencies.clock,
    logger: dependencies.logger,
    limits: {
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      maxRetryWaitMs: settings.maxRetryWaitMs,
      maxInFlight: settings.maxInFlight,
    },
    maxOutputTokens: settings.maxOutputTokens,
    ...(dependencies.random ? { random: dependencies.random } : {}),
    ...(dependencies.gate ? { gate: dependencies.gate } : {}),
  });
  await model.prepare(dependencies.prepareTemperatures ?? []);
  return model;
}

function dialectFor(settings: Config["model"]): Promise<ProviderDialect> {
  switch (settings.provider) {
    case "openai":
      return Promise.resolve(openAIDialect(settings));
    case "azure_openai":
      return Promise.resolve(azureOpenAIDialect(settings));
    case "anthropic":
      return Promise.resolve(anthropicDialect(settings));
    case "llamacpp":
      return llamaCppDialect(settings);
  }
}
