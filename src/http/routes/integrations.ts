import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../grading/errors.js";
import { gradeSchema } from "../../grading/grade.js";
import {
  defaultGraceSeconds,
  integrationInputSchema,
  integrationPatchSchema,
  type IntegrationService,
  type IntegrationView,
} from "../../grading/integration-service.js";
import {
  deliveryAttemptOutcomes,
  deliveryStatuses,
  passbackFilterStatuses,
  submissionCreatedSchema,
  submissionStatuses,
} from "../../grading/integrations.js";
import { urlTokenOf } from "../../lib/url-token.js";
import { cursorPositions, decodeCursor, encodeCursor } from "../cursors.js";
import { sendError } from "../error-handler.js";
import type { FailedKeyAttempts } from "../failed-key-attempts.js";
import { integrationListSchema, integrationSchema } from "../response-schemas.js";
import {
  sentClientIdSchema,
  commonErrorResponses,
  errorBodySchema,
  integrationIdFilterSchema,
  pageCursorSchema,
  pageLimitSchema,
  responseHeaders,
  withResponseHeaders,
} from "../schemas.js";

const withSecretSchema = integrationSchema.extend({
  secret: z
    .string()
    .describe(
      "The `whsec_…` signing secret: shown in this response only. Events are signed with it, and so are callbacks.",
    ),
  liveEventsUrl: z
    .string()
    .optional()
    .describe(
      "Canvas only: the inbound URL with its secret `token` (derived from `secret`), the URL to give Canvas's Data Services subscription. Shown in this response only; rotating the secret gives a new one.",
    ),
});

const idParams = z.object({ id: z.string().min(1).max(200) });

const deliverySchema = z.object({
  id: z.string(),
  messageId: z.string().describe("The callback's `webhook-id`: `<gradeId>.v<version>`."),
  gradeId: z.string(),
  gradeVersion: z.number().int(),
  target: z
    .object({ kind: z.enum(["webhook", "canvas", "moodle", "lti"]), url: z.string() })
    .describe(
      "`webhook`: a signed callback to `url`; `canvas`, `moodle`: grade passback to the LMS at `url`.",
    ),
  status: z
    .enum(deliveryStatuses)
    .describe(
      "`pending`, `delivering`, `delivered`; `dead`: given up (fix the cause, then retry it by hand); `superseded`: a later grade for the same place (a newer version, or a later attempt's grade for the same LMS submission) was released before it was sent (or after it was given up), and is sent instead: never sent, never retried.",
    ),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      httpStatus: z.number().int().nullable(),
      outcome: z.enum(deliveryAttemptOutcomes),
      error: z.string().nullable(),
      durationMs: z.number(),
    }),
  ),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  scoreMismatch: z
    .object({
      sent: z.object({ points: z.number(), maxPoints: z.number().nullable() }),
      kept: z.object({
        score: z.number().nullable(),
        grade: z.string().nullable(),
        pointsDeducted: z.number().nullable(),
      }),
      reason: z.string(),
    })
    .nullable()
    .describe(
      "Canvas: the passback was `delivered`, but Canvas answered that it kept another score than the one sent (`kept.score`, `kept.grade` as the assignment shows it, `kept.pointsDeducted` by its late or missing policy): a deduction, a grading type that changed the points, or an assignment out of other points than the rubric's maximum (a percentage grade that is not `sent.points` out of `sent.maxPoints`). Sending again would change nothing: check the assignment in Canvas. null otherwise.",
    ),
});

const submissionSchema = z.object({
  id: z.string(),
  integrationId: z.string(),
  submissionId: z.string().describe("The LMS's submission id."),
  attempt: z.number().int(),
  studentId: z.string().nullable(),
  assignmentId: z.string().nullable(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  status: z
    .string()
    .describe(
      "fetching (Canvas, Moodle), received, queued, grading, graded, needs_review, failed or unchanged.",
    ),
  sameAs: z.string().nullable().describe("For `unchanged`: the submission whose grade stands."),
  jobId: z.string().nullable(),
  error: z.string().nullable(),
  grade: gradeSchema.nullable(),
  passback: z.object({
    status: z
      .string()
      .describe(
        "none, waiting, held, or the latest delivery's status (pending, delivering, delivered, dead, superseded).",
      ),
    releasedVersion: z.number().int().nullable(),
    deliveries: z.array(deliverySchema),
  }),
  receivedAt: z.string(),
  updatedAt: z.string(),
});

const submissionSummarySchema = submissionSchema.omit({ grade: true, passback: true }).extend({
  gradeId: z
    .string()
    .nullable()
    .describe("Its grade (read it with GET /v1/grades/:id); null before grading."),
  passback: submissionSchema.shape.passback.omit({ deliveries: true }),
});

const inboundUrl = (id: string) => `/v1/integrations/${id}/events`;
const withUrl = (integration: IntegrationView) => ({
  ...integration,
  inboundUrl: inboundUrl(integration.id),
});
/** An integration with its new secret, and for Canvas the inbound URL that carries the token derived from it. */
const withSecret = (integration: IntegrationView, secret: string) => ({
  ...withUrl(integration),
  secret,
  ...(integration.type === "canvas"
    ? { liveEventsUrl: `${inboundUrl(integration.id)}?token=${urlTokenOf(secret)}` }
    : {}),
});

/** Integrations (admins), and the submissions they brought with their passback (teachers too). */
export function integrationRoutes(app: FastifyInstance, options: { integrations: IntegrationService }): void {
  const { integrations } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/integrations",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Connect an LMS or any system (Standard Webhooks)",
        description:
          "Creates an integration. The answer carries its inbound URL and its `whsec_…` signing secret, shown once (stored encrypted under GRADER_SECRET_KEY). `webhook`: Standard Webhooks in, signed callbacks out. `canvas`: `lms.url`, `credentials.token`, a `courseId` per assignment mapping, optional `lms.liveEvents` (JWT); Canvas's Data Services subscription is given the answer's `liveEventsUrl`, which carries a token. `moodle`: `lms.url` (the site), `credentials.token` (web service) and `credentials.webhookToken` (local_webhooks). `lti`: Standard Webhooks in, AGS scores out (`lms.url` = token URL, `lms.clientId`, `lms.keyId`, `credentials.privateKey`, a `lineItemUrl` per assignment mapping). See docs/lms.md.",
        tags: ["integrations"],
        body: integrationInputSchema,
        response: {
          201: withSecretSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          503: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { integration, secret } = await integrations.createIntegration(request.scope, request.body);
      request.log.info({ integrationId: integration.id, type: integration.type }, "integration created");
      return reply.status(201).send(withSecret(integration, secret));
    },
  );

  routes.get(
    "/integrations",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "List this tenant's integrations (never their secrets)",
        description:
          "Each with `deliveryCounts`: how many of its deliveries are pending, delivering, delivered, dead (given up: retry by hand) or superseded, and how many Canvas kept another score for (`scoreMismatch`), counted without listing them.",
        tags: ["integrations"],
        response: { 200: integrationListSchema, ...commonErrorResponses },
      },
    },
    async (request) => ({
      integrations: (await integrations.listIntegrations(request.scope)).map(withUrl),
    }),
  );

  routes.get(
    "/integrations/:id",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Read an integration (never its secrets)",
        description:
          "With `deliveryCounts`: how many of its deliveries are pending, delivering, delivered, dead (given up: retry by hand) or superseded, and how many Canvas kept another score for (`scoreMismatch`).",
        tags: ["integrations"],
        params: idParams,
        response: { 200: integrationSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => withUrl(await integrations.getIntegration(request.scope, request.params.id)),
  );

  routes.patch(
    "/integrations/:id",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Change an integration (mapping, hold, callback URL, credentials, enabled)",
        description:
          "Fields left out keep their values. `enabled: false` refuses its events (410) and pauses its deliveries.",
        tags: ["integrations"],
        params: idParams,
        body: integrationPatchSchema,
        response: {
          200: integrationSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          503: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) =>
      withUrl(await integrations.updateIntegration(request.scope, request.params.id, request.body)),
  );

  routes.delete(
    "/integrations/:id",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Delete an integration with its submissions and deliveries (its grades stay)",
        tags: ["integrations"],
        params: idParams,
        response: { 204: z.null(), 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      await integrations.deleteIntegration(request.scope, request.params.id);
      return reply.status(204).send(null);
    },
  );

  routes.post(
    "/integrations/:id/rotate-secret",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Rotate the signing secret; the old one stays valid for a grace period",
        description: `The new secret is in this response only (for Canvas, with the new \`liveEventsUrl\`). The previous one is still accepted on events (and so is the Canvas URL token derived from it), and signs callbacks beside the new one, for \`graceSeconds\` (default ${defaultGraceSeconds}, 0 ends it now).`,
        tags: ["integrations"],
        params: idParams,
        body: z
          .object({
            graceSeconds: z
              .number()
              .int()
              .min(0)
              .max(30 * 24 * 60 * 60)
              .optional(),
          })
          .optional(),
        response: {
          200: withSecretSchema,
          404: errorBodySchema,
          503: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { integration, secret } = await integrations.rotateSecret(
        request.scope,
        request.params.id,
        request.body?.graceSeconds,
      );
      request.log.info({ integrationId: integration.id }, "integration secret rotated");
      return withSecret(integration, secret);
    },
  );

  routes.get(
    "/submissions",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "List submissions from integrations, newest first",
        description:
          "Filters combine (integration, status, passback status, score mismatch, student). Page with `cursor=<next>` and the same filters; `next` is null on the last page. Each entry is a summary: read one with GET /v1/submissions/:id for its grade and every passback attempt.",
        tags: ["integrations"],
        querystring: z.object({
          integrationId: integrationIdFilterSchema.optional(),
          status: z.enum(submissionStatuses).optional(),
          passbackStatus: z
            .enum(passbackFilterStatuses)
            .optional()
            .describe(
              "The latest delivery's status, or `held` (a grade waiting for a teacher's review). `dead` lists passbacks given up; `superseded` ones were replaced by a later grade before they were sent (or after they were given up).",
            ),
          scoreMismatch: z
            .enum(["true", "false"])
            .optional()
            .describe(
              "Canvas: `true` lists only the submissions whose latest delivered passback Canvas answered keeping another score than the one sent (see the delivery's `scoreMismatch`; counted in the integration's `deliveryCounts.scoreMismatch`); `false` only the others.",
            ),
          studentId: sentClientIdSchema.optional().describe("Only this student's submissions."),
          limit: pageLimitSchema(200, 50),
          cursor: pageCursorSchema,
        }),
        response: {
          200: z.object({
            submissions: z.array(submissionSummarySchema),
            next: z.string().nullable().describe("Cursor of the next page; null on the last page."),
          }),
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { integrationId, status, passbackStatus, scoreMismatch, studentId, limit, cursor } =
        request.query;
      const origin = {
        list: "submissions",
        filters: { integrationId, status, passbackStatus, scoreMismatch, studentId },
      };
      const { submissions, more } = await integrations.listSubmissions(request.scope, {
        ...(integrationId !== undefined ? { integrationId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(passbackStatus !== undefined ? { passbackStatus } : {}),
        ...(scoreMismatch !== undefined ? { scoreMismatch: scoreMismatch === "true" } : {}),
        ...(studentId !== undefined ? { studentId } : {}),
        ...(cursor !== undefined
          ? { before: decodeCursor("before", cursor, cursorPositions.submission, origin) }
          : {}),
        limit,
      });
      const lastId = more ? (submissions.at(-1)?.id ?? null) : null;
      return { submissions, next: lastId && encodeCursor("before", lastId, origin) };
    },
  );

  routes.get(
    "/submissions/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "A submission from an integration: its grade and its passback, every attempt",
        tags: ["integrations"],
        params: idParams,
        response: { 200: submissionSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => integrations.getSubmission(request.scope, request.params.id),
  );

  routes.post(
    "/submissions/:id/passback",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Retry a dead passback by hand",
        description:
          "Puts the submission's dead deliveries back in the outbox with fresh attempts; `requeued` says how many. `superseded` deliveries are never sent again (a dead one becomes `superseded` once a later grade for the same place is released).",
        tags: ["integrations"],
        params: idParams,
        response: {
          200: z.object({ requeued: z.number().int(), submission: submissionSchema }),
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => integrations.retryPassback(request.scope, request.params.id),
  );

  routes.post(
    "/submissions/:id/fetch",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Try a failed submission again by hand (fetch its text again, or queue it again)",
        description:
          "A Canvas or Moodle submission whose text could not be read from the LMS (status `failed` before grading: a refused token, a deleted submission, too many errors) goes back to `fetching` with fresh attempts; a submission that had its text but could not be queued (its rubric was archived meanwhile) is queued in a new job. Either is then graded as usual. Fix the cause first (the integration's `credentials`, its `lms.url`, the rubric). 409 `submission_fetch_not_failed` for any other submission.",
        tags: ["integrations"],
        params: idParams,
        response: {
          200: submissionSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const submission = await integrations.retryFetch(request.scope, request.params.id);
      request.log.info({ submissionId: submission.id }, "submission fetch retried by hand");
      return submission;
    },
  );
}

/** What the inbound webhook takes, by media type (for the OpenAPI document and the 415 check). */
const eventBodies = {
  content: {
    "application/json": {
      schema: z.union([
        submissionCreatedSchema,
        z
          .looseObject({})
          .describe(
            "A Canvas Live Event (`{metadata, body}`) or a Moodle local_webhooks post (`{eventname, …, token}`).",
          ),
      ]),
    },
    "application/jwt": {
      schema: z
        .string()
        .describe("A Canvas Live Event signed as a JWT (when the integration sets `lms.liveEvents`)."),
    },
    "text/plain": { schema: z.string().describe("The same JWT, as some Canvas instances label it.") },
  },
};

/**
 * The inbound webhook: no API key, the Standard Webhooks signature instead, checked on the raw body
 * bytes (so the body is kept as a Buffer here, never parsed before the check). Moodle's shared token, which
 * an admin types and may be short, is limited like an API key: past 20 wrong in a minute from one address
 * for one integration, that address's events for it are answered 429 `too_many_failed_attempts` before
 * anything is checked, until the minute ends. Per integration as well as per address: schools share
 * senders' addresses (a hosting company's), and one school's wrong token must not stop the others'.
 * Signatures, Canvas JWTs and URL tokens are 256-bit secrets no guesser can find, and an integration id is
 * not a secret: a limit on them would protect nothing, and would let anyone whose events leave from the
 * same addresses as a school's (every Canvas's Live Events come from Instructure's) stop the school's
 * correctly signed events by sending 20 bad ones a minute.
 */
function isWrongMoodleToken(error: unknown): boolean {
  return (
    AppError.isInstance(error) &&
    error.code === "invalid_signature" &&
    Array.isArray(error.details) &&
    error.details.some((detail) => (detail as { path?: unknown }).path === "body.token")
  );
}

export function integrationEventRoutes(
  app: FastifyInstance,
  options: { integrations: IntegrationService; failedTokenAttempts: FailedKeyAttempts },
): void {
  const { integrations, failedTokenAttempts } = options;
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
    done(null, body);
  });
  // Canvas posts signed Live Events as a bare JWT.
  app.addContentTypeParser(
    ["application/jwt", "text/plain"],
    { parseAs: "buffer" },
    (_request, body, done) => {
      done(null, body);
    },
  );
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const header = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  /**
   * The end of each event's token check (failed-key-attempts.ts beginCheck): a Moodle post's token is a
   * guess until it is checked, so events of one address to one integration are counted while they run.
   * Ended by the handler, saying whether the token was wrong, or when the response is done (a body that
   * was refused before the handler ran).
   */
  const tokenChecks = new WeakMap<FastifyRequest, (wrong: boolean) => void>();
  const endTokenCheck = (request: FastifyRequest, wrong: boolean) => {
    tokenChecks.get(request)?.(wrong);
    tokenChecks.delete(request);
  };
  routes.post(
    "/integrations/:id/events",
    {
      // Read raw, so the signature is checked on the bytes that were signed; documented all the same.
      config: { rawBody: eventBodies },
      // Before the body is read: a guesser past the limit costs nothing more.
      onRequest: async (request, reply) => {
        const { id } = request.params as { id?: string };
        const check = await failedTokenAttempts.beginCheck(request.ip, id ?? "");
        const { refusedForSeconds } = check;
        if (refusedForSeconds === 0) tokenChecks.set(request, check.end);
        if (refusedForSeconds > 0) {
          request.log.warn(
            { address: request.ip, integrationId: id, retryAfterSeconds: refusedForSeconds },
            "event refused: too many events that did not prove their sender from this address",
          );
          return sendError(
            reply,
            request,
            new AppError("too_many_failed_attempts", {
              message:
                "Too many events from this address for this integration had a wrong signature or token; Retry-After says when it may try again.",
              retryAfterSeconds: refusedForSeconds,
            }),
          );
        }
      },
      // A request the handler never saw (its body refused, its client gone) ends its check here.
      onResponse: (request, _reply, done) => {
        endTokenCheck(request, false);
        done();
      },
      onRequestAbort: (request, done) => {
        endTokenCheck(request, false);
        done();
      },
      schema: {
        summary:
          "Receive an event: Standard Webhooks `submission.created`, a Canvas Live Event, a Moodle local_webhooks post",
        description:
          'No API key: signed with the integration\'s secret (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`; several signatures allowed). Body: `{type: "submission.created", data: {submissionId, studentId, assignmentId or rubricId, answer, attempt?}}`. 202: recorded, graded on the queue. 200: a duplicate (same webhook-id, or same submission and attempt) or an unchanged resubmission, not graded again. 401: bad or stale signature, nothing stored. 410: the integration is disabled. Canvas integrations take Live Events (`submission_created`) at the `liveEventsUrl` shown with the secret (this URL with `?token=…`; a wrong token is 401, and so is none once `lms.requireToken` is set), or as JWTs when `lms.liveEvents` is set; Moodle integrations `local_webhooks` posts (the shared token in the body): the text is fetched from the LMS in the background; 200 `ignored` for other events.',
        tags: ["integrations"],
        security: [],
        params: idParams,
        querystring: z.object({
          token: z
            .string()
            .max(200)
            .optional()
            .describe("Canvas: the token of the `liveEventsUrl` shown with the integration's secret."),
        }),
        headers: z.looseObject({
          "webhook-id": z.string().optional(),
          "webhook-timestamp": z.string().optional(),
          "webhook-signature": z.string().optional(),
        }),
        response: {
          200: z.object({
            outcome: z.enum(["duplicate", "unchanged", "ignored"]),
            submissionId: z.string().nullable(),
          }),
          202: z.object({ outcome: z.literal("accepted"), submissionId: z.string().nullable() }),
          401: errorBodySchema,
          404: errorBodySchema,
          410: errorBodySchema,
          422: errorBodySchema,
          429: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await integrations
        .receiveEvent(request.params.id, {
          headers: {
            id: header(request.headers["webhook-id"]),
            timestamp: header(request.headers["webhook-timestamp"]),
            signature: header(request.headers["webhook-signature"]),
          },
          body,
          ...(request.query.token !== undefined ? { urlToken: request.query.token } : {}),
        })
        .catch((error: unknown) => {
          endTokenCheck(request, isWrongMoodleToken(error));
          throw error;
        });
      endTokenCheck(request, false);
      return reply.status(result.status).send({ outcome: result.outcome, submissionId: result.submissionId });
    },
  );
}
