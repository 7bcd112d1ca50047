import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { pino, type Logger } from "pino";
import { z } from "zod";
import {
  createAnswerAnalyser,
  DEFAULT_OFFLOAD_ABOVE_CHARS,
  defaultAnalysisThreads,
} from "./analysis/index.js";
import type { Config } from "./config/config.js";
import type { GradingSettings } from "./grading/grade-answer.js";
import { createGradingService } from "./grading/grading-service.js";
import type { AnswerAnalyser, GradingModel } from "./grading/ports.js";
import { requireApiKey } from "./http/auth.js";
import { registerErrorHandling } from "./http/error-handler.js";
import { gradeRoutes } from "./http/routes/grades.js";
import { rubricRoutes } from "./http/routes/rubrics.js";
import { systemClock, type Clock } from "./lib/clock.js";
import { newId, randomHex } from "./lib/ids.js";
import { loggerOptions } from "./lib/logger.js";
import { packageRoot } from "./lib/package-root.js";
import { createOpenAIGradingModel } from "./providers/openai-grading-model.js";
import { loadPromptLibrary } from "./providers/prompt-library.js";
import { openStorage, type Storage } from "./storage/database.js";

/** Adapters a caller (a test, a worker) may supply; anything left out is built from config. */
export interface AppDependencies {
  storage?: Storage;
  /** null: no provider (grading answers 503 provider_not_configured). */
  model?: GradingModel | null;
  clock?: Clock;
  logger?: Logger;
  /** Closed by whoever made it; the default pool is closed with the app. */
  analyser?: AnswerAnalyser;
}

export const bodyLimitBytes = 1024 * 1024;

/**
 * The composition root: picks the adapters, wires the grading service and registers the HTTP routes.
 * Never listens (main.ts does). Closing the app closes what it opened.
 */
export async function buildApp(config: Config, dependencies: AppDependencies = {}): Promise<FastifyInstance> {
  const logger = dependencies.logger ?? pino(loggerOptions(config.logLevel));
  const clock = dependencies.clock ?? systemClock;
  const storage = dependencies.storage ?? (await openStorage(config.database));
  const model =
    dependencies.model !== undefined ? dependencies.model : createConfiguredModel(config, clock, logger);
  if (!model)
    logger.warn("no model provider configured: set OPENAI_API_KEY or OPENAI_BASE_URL to grade answers");

  const settings: GradingSettings = {
    defaultSamples: config.model.defaultSamples,
    temperature: config.model.temperature,
    sampleTemperature: config.model.sampleTemperature,
    maxAnswerChars: config.grading.maxAnswerChars,
    minAgreement: config.grading.minAgreement,
    maxConcurrentCalls: config.model.maxConcurrentCalls,
    prices: config.grading.prices,
  };
  // Long answers are analysed on worker threads so that a grade never holds the event loop for long.
  const analyser =
    dependencies.analyser ??
    createAnswerAnalyser({
      offloadAboveChars: DEFAULT_OFFLOAD_ABOVE_CHARS,
      threads: defaultAnalysisThreads(),
    });
  const service = createGradingService({
    model,
    analyser,
    rubrics: storage.rubrics,
    grades: storage.grades,
    idempotency: storage.idempotency,
    clock,
    newId: (prefix) => newId(prefix, clock.now().getTime()),
    randomToken: () => randomHex(16),
    settings,
  });

  // Typed as Fastify's base logger so routes see a plain FastifyInstance, not one generic over pino.
  const baseLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: baseLogger,
    bodyLimit: bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    },
    // Closing waits for in-flight grades; keep-alive sockets must not hold shutdown open.
    forceCloseConnections: "idle",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onClose", async () => {
    if (!dependencies.analyser) await analyser.close();
    if (!dependencies.storage) await storage.close();
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Rubric Grader API",
        version: "0.1.0",
        description:
          "Grades student answers against teachers' rubrics with language models. Errors are `{error: {code, message, details?}}`; see docs/api.md.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: config.auth.apiKeys.length > 0 ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness: the process is up and the database answers",
        tags: ["health"],
        response: { 200: z.object({ status: z.literal("ok"), modelConfigured: z.boolean() }) },
      },
    },
    async () => {
      await storage.rubrics.currentVersions(["healthz"]);
      return { status: "ok" as const, modelConfigured: model !== null };
    },
  );

  await app.register(
    async (v1) => {
      requireApiKey(v1, config.auth.apiKeys);
      await v1.register(rubricRoutes, { service });
      v1.register(gradeRoutes, { service });
    },
    { prefix: "/v1" },
  );
  return app;
}

function createConfiguredModel(config: Config, clock: Clock, logger: Logger): GradingModel | null {
  if (!config.model.apiKey && !config.model.baseURL) return null;
  return createOpenAIGradingModel({
    model: config.model,
    prompts: loadPromptLibrary(`${packageRoot()}/prompts`),
    clock,
    logger: logger.child({ component: "model" }),
  });
}
