import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { registerApiDocs } from "./http/api-docs.js";
import { registerAccessControl } from "./http/auth.js";
import { createFailedKeyAttempts } from "./http/failed-key-attempts.js";
import { accessRoutes } from "./http/routes/access.js";
import { handleClientError, handleFrameworkError, registerErrorHandling } from "./http/error-handler.js";
import { registerJsonBodyParser } from "./http/json-body.js";
import { registerRequestRules } from "./http/request-rules.js";
import { validatorCompiler } from "./http/validator-compiler.js";
import { responseHeaders, withResponseHeaders } from "./http/schemas.js";
import { dropUnreadReply, watchedReplyBytes } from "./http/stalled-reader.js";
import { gradeRoutes } from "./http/routes/grades.js";
import { metricsRoute } from "./http/routes/metrics.js";
import { usageRoutes } from "./http/routes/usage.js";
import { jobRoutes } from "./http/routes/jobs.js";
import { calibrationRoutes } from "./http/routes/calibrations.js";
import { integrationEventRoutes, integrationRoutes } from "./http/routes/integrations.js";
import { rubricInterchangeRoutes } from "./http/routes/rubric-interchange.js";
import { rubricRoutes } from "./http/routes/rubrics.js";
import { reviewQueueRoutes } from "./http/routes/review-queue.js";
import { studentRoutes } from "./http/routes/students.js";
import { teacherPageRoutes } from "./http/teacher-page.js";
import type { Runtime } from "./runtime.js";

export const bodyLimitBytes = 1024 * 1024;
/**
 * Largest request line and headers Node reads. An import takes its rubric's question (up to 10,000
 * characters), title and rubric name in the query, as the form holds only the file: percent-encoded, a
 * character of three UTF-8 bytes takes nine, so the longest such query is about 94,000 characters. Node's
 * default (16 KiB) refused a Persian question of 3,000 letters as "headers too large".
 */
const maxRequestHeadBytes = 128 * 1024;
/** Longest percent-encoded path parameter the router passes on to a route's schema. */
const maxPathParameterChars = 2048;

const checkSchema = z.object({
  status: z.enum(["ok", "failing", "not_configured"]),
  detail: z.string().optional(),
});

/**
 * One info line per request, when it ends, with its method, path and status: Fastify's default writes a
 * second, "incoming request", which doubled the logging work of a deadline spike of webhooks (it is
 * kept at debug level).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}

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
    // Fastify's default is no limit: a body that stops part-way held its connection for ever, without a key.
    // Node arms the limit only when its server is made with it (setting it afterwards, as Fastify does with
    // this option, changes nothing), so it goes to the constructor too, with how often Node looks for
    // requests over it (Node's 30 s, unless the limit is shorter).
    requestTimeout: config.server.requestTimeoutMs,
    // Only the proxies named: anyone else could write X-Forwarded-For and be counted as another client.
    ...(config.server.trustedProxies.length > 0 ? { trustProxy: [...config.server.trustedProxies] } : {}),
    http: {
      requestTimeout: config.server.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, config.server.requestTimeoutMs / 4)),
      maxHeaderSize: maxRequestHeadBytes,
    },
    // The router's limit on a path parameter counts its percent-encoded characters (default 100). Ids
    // are checked by each route's schema, which names the field; a student id may be 200 characters
    // (as POST /v1/grade takes it), up to 9 encoded characters each, and must reach the students' routes.
    // A trailing slash is ignored (`POST /v1/grade/` is `POST /v1/grade`): a client that joined a base URL
    // and a path with one slash too many got 404 for a route that exists.
    routerOptions: { maxParamLength: maxPathParameterChars, ignoreTrailingSlash: true },
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    },
    logController: new OneLinePerRequest(),
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
  // Closing waits for requests in flight; their keep-alive connections must then close with their
  // response, not stay open (idle connections are closed only once, when closing starts).
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  // Callback hooks, not async ones: one promise less per request.
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    if (closing) reply.header("connection", "close");
    // Streams watch their own reader (dropStalledReader); a large reply sent whole is watched here.
    if ((typeof payload === "string" || Buffer.isBuffer(payload)) && payload.length > watchedReplyBytes)
      dropUnreadReply(reply);
    done(null, payload);
  });
  // A reply sent before its body was read to the end (an upload refused once its query, key or first rows
  // were read) leaves the rest of the body on the connection, where the client's next request would wait
  // behind it until a timeout. The rest is read and dropped, up to the route's body limit.
  app.addHook("onResponse", (request, _reply, done) => {
    drainUnreadBody(request.raw, request.routeOptions.bodyLimit ?? bodyLimitBytes);
    done();
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

  // Wrong API keys and metrics tokens per client address, counted together; wrong inbound signatures and
  // tokens apart, per address and integration (integrationEventRoutes says why).
  const failedKeyAttempts = createFailedKeyAttempts(runtime.clock);
  const failedTokenAttempts = createFailedKeyAttempts(runtime.clock);
  metricsRoute(app, { metrics: runtime.metrics, token: config.metrics.token, failedKeyAttempts });
  teacherPageRoutes(app, { directory: config.web.directory, logger: baseLogger });

  await app.register(
    async (v1) => {
      registerAccessControl(v1, {
        bootstrapKeys: config.auth.apiKeys,
        access: runtime.access,
        clock: runtime.clock,
        failedKeyAttempts,
      });
      // Every /v1 answer is a school's data (answers, grades, feedback, keys): no cache keeps it, the
      // browser's on a shared school computer included, where the next user could read a class's grades
      // off the disk. A route that says otherwise (an event stream) sets its own.
      v1.addHook("onSend", (_request, reply, payload, done) => {
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
        done(null, payload);
      });
      await v1.register(rubricRoutes, { service });
      await v1.register(rubricInterchangeRoutes, { service, interchange: runtime.rubricInterchange });
      v1.register(gradeRoutes, { service });
      v1.register(reviewQueueRoutes, { service });
      v1.register(accessRoutes, { access: runtime.access });
      v1.register(studentRoutes, { students: runtime.studentData });
      v1.register(usageRoutes, { usage: runtime.usage, calibrations: runtime.calibrations });
      await v1.register(jobRoutes, {
        jobs: runtime.jobs,
        service,
        maxUploadBytes: config.jobs.maxUploadBytes,
        maxAnswerChars: config.grading.maxAnswerChars,
        maxEventStreams: config.jobs.maxEventStreams,
      });
      v1.register(calibrationRoutes, { calibrations: runtime.calibrations });
      v1.register(integrationRoutes, { integrations: runtime.integrations });
    },
    { prefix: "/v1" },
  );
  // Inbound webhooks carry a signature instead of an API key: outside the access-controlled scope.
  app.register(integrationEventRoutes, {
    prefix: "/v1",
    integrations: runtime.integrations,
    failedTokenAttempts,
  });
  return app;
}

/**
 * Reads what is left of a request's body and drops it, so that its connection can carry the next request;
 * a client that sends more than `limitBytes` after the reply loses the connection instead.
 */
function drainUnreadBody(raw: IncomingMessage, limitBytes: number): void {
  if (raw.complete || raw.destroyed) return;
  // A parser the handler stopped reading from (a multipart upload's) would hold the flow back.
  raw.unpipe();
  let drained = 0;
  raw.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limitBytes) raw.destroy();
  });
  raw.on("error", () => {});
  raw.resume();
}
