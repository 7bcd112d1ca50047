import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { registerApiDocs } from "./http/api-docs.js";
import { requireApiKey } from "./http/auth.js";
import { handleClientError, handleFrameworkError, registerErrorHandling } from "./http/error-handler.js";
import { registerJsonBodyParser } from "./http/json-body.js";
import { registerRequestRules } from "./http/request-rules.js";
import { responseHeaders, withResponseHeaders } from "./http/schemas.js";
import { gradeRoutes } from "./http/routes/grades.js";
import { rubricInterchangeRoutes } from "./http/routes/rubric-interchange.js";
import { rubricRoutes } from "./http/routes/rubrics.js";
import type { Runtime } from "./runtime.js";

export const bodyLimitBytes = 1024 * 1024;

const checkSchema = z.object({
  status: z.enum(["ok", "failing", "not_configured"]),
  detail: z.string().optional(),
});

/**
 * The HTTP face of a runtime: registers plugins and routes. Never listens (main.ts does) and never
 * closes the runtime (its owner does, after the app has closed).
 */
export async function buildApp(runtime: Runtime): Promise<FastifyInstance> {
  const { config, service } = runtime;
  // Typed as Fastify's base logger so routes see a plain FastifyInstance, not one generic over pino.
  const baseLogger: FastifyBaseLogger = runtime.logger;
  const app = Fastify({
    loggerInstance: baseLogger,
    bodyLimit: bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    },
    // Closing waits for in-flight grades; keep-alive sockets must not hold shutdown open.
    forceCloseConnections: "idle",
    // Errors raised before routing, and requests Node cannot parse, get catalog bodies too.
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: (error, socket) => handleClientError(error, socket, baseLogger),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any route: these record or adjust every route registered after them.
  registerErrorHandling(app);
  registerRequestRules(app);
  registerJsonBodyParser(app);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await registerApiDocs(app, { apiKeysConfigured: config.auth.apiKeys.length > 0 });

  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness: the process is up (see /readyz for the database and the provider)",
        tags: ["health"],
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    () => Promise.resolve({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        summary: "Readiness: the database answers and the model provider answers a cheap request",
        description:
          "200 when both are ok, else 503. The provider check is cached for 10 s so that polling is cheap; `not_configured` means no provider is set.",
        tags: ["health"],
        response: {
          200: z.object({
            ready: z.literal(true),
            checks: z.object({ database: checkSchema, model: checkSchema }),
          }),
          503: withResponseHeaders(
            z.object({
              ready: z.literal(false),
              checks: z.object({ database: checkSchema, model: checkSchema }),
            }),
            responseHeaders.retryAfter,
          ),
        },
      },
    },
    async (_request, reply) => {
      const readiness = await runtime.readiness();
      if (!readiness.ready) reply.header("retry-after", "10");
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );

  await app.register(
    async (v1) => {
      requireApiKey(v1, config.auth.apiKeys);
      await v1.register(rubricRoutes, { service });
      await v1.register(rubricInterchangeRoutes, { service, interchange: runtime.rubricInterchange });
      v1.register(gradeRoutes, { service });
    },
    { prefix: "/v1" },
  );
  return app;
}
