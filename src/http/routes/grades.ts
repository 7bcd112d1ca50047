import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../grading/errors.js";
import { gradeSchema, gradeStatuses } from "../../grading/grade.js";
import type { GradingService } from "../../grading/grading-service.js";
import { sampleCountSchema } from "../../grading/rubric.js";
import { commonErrorResponses, errorBodySchema, responseHeaders, withResponseHeaders } from "../schemas.js";

const gradeRequestSchema = z.strictObject({
  rubricId: z.string().min(1).max(64).describe("Id of an uploaded rubric; its current version is used."),
  answer: z.string().describe("The student's answer, as written. Blank answers get 0 without a model call."),
  studentId: z.string().min(1).max(200).nullable().optional().describe("Your id for the student (optional)."),
  samples: sampleCountSchema
    .optional()
    .describe("Grade k times and keep the median per criterion (overrides the rubric and the default)."),
});

const idempotencyHeaderSchema = z.looseObject({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional()
    .describe("Repeat a request safely: the same key and body return the stored grade without a model call."),
});

const humanGradeSchema = z.strictObject({
  reviewer: z.string().trim().min(1).max(200).describe("Who made the change (name or id)."),
  reason: z.string().trim().min(1).max(2_000).describe("Why the points were changed."),
  criteria: z
    .array(z.strictObject({ criterionId: z.string().min(1), points: z.number() }))
    .min(1)
    .describe("New points per criterion; criteria not listed keep their points."),
});

const auditSchema = z
  .looseObject({
    gradeId: z.string(),
    rubricId: z.string(),
    rubricVersion: z.string(),
    currentRubricVersion: z.string().nullable(),
    outdated: z.boolean(),
    promptVersion: z.string(),
    model: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    attempts: z.array(z.looseObject({ rawReply: z.string().nullable(), latencyMs: z.number() })),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
    cost: z.looseObject({ currency: z.string(), amount: z.number().nullable() }),
    flags: z.array(z.looseObject({ code: z.string(), reason: z.string() })),
    humanChanges: z.array(z.looseObject({ reviewer: z.string(), reason: z.string(), at: z.string() })),
    answer: z.string().describe("The answer exactly as submitted."),
  })
  .describe(
    "Everything behind a grade: versions, model and parameters, every raw reply, usage, cost, flags and human changes.",
  );

const gradeIdParams = z.object({ id: z.string().min(1).max(64) });

const entityTag = String.raw`(?:W/)?"[^"]*"`;
const ifMatchHeaderSchema = z.looseObject({
  "if-match": z
    .string()
    .regex(
      new RegExp(String.raw`^\s*(?:\*|${entityTag}(?:\s*,\s*${entityTag})*)\s*$`),
      'must be the ETag of the grade, such as "3" (or a comma-separated list of ETags, or *)',
    )
    .optional()
    .describe(
      "The grade's ETag as read: the change is refused with 412 `grade_modified` if the grade changed since. Send it.",
    ),
});

/** The ETag of a grade names its version: it changes exactly when the grade does. */
const etagOf = (grade: { version: number }) => `"${grade.version}"`;

/**
 * The grade versions an If-Match header names: undefined when there is none or it is `*` (any version
 * of an existing grade). A tag that is not one of our versions matches nothing. Weak tags compare by
 * their value: a proxy that compresses responses may weaken the ETag a client saw.
 */
function versionsFromIfMatch(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const match of header.matchAll(/"([^"]*)"/g)) {
    if (/^[1-9][0-9]{0,14}$/.test(match[1]!)) versions.push(Number(match[1]));
  }
  return versions;
}

/**
 * List cursors are opaque to clients: today a keyset position (the last grade id of the page), free
 * to change shape later without breaking anyone who only passes `next` back.
 */
function encodeListCursor(lastGradeId: string): string {
  return Buffer.from(JSON.stringify({ before: lastGradeId })).toString("base64url");
}

/** The keyset position in a cursor; throws `invalid_request` for anything `next` never was. */
function decodeListCursor(cursor: string): string {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      typeof position === "object" &&
      position !== null &&
      "before" in position &&
      typeof position.before === "string" &&
      position.before.length > 0
    ) {
      return position.before;
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  const message = "is not a cursor from this API: pass `next` from the previous page unchanged";
  throw new AppError("invalid_request", {
    message: `querystring.cursor: ${message}`,
    details: [{ path: "querystring.cursor", message }],
  });
}

export function gradeRoutes(app: FastifyInstance, options: { service: GradingService }): void {
  const { service } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/grade",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Grade an answer against a rubric",
        description:
          "Returns the grade: `graded`, or `needs_review` with flags saying why. Identical answers in flight at once are graded once. Provider failures answer 502/503/504 and store nothing; 429 (the school's daily budget is spent) carries `Retry-After` until the next UTC midnight; 409 (the Idempotency-Key's first request is still running) carries `Retry-After`.",
        tags: ["grades"],
        body: gradeRequestSchema,
        headers: idempotencyHeaderSchema,
        response: {
          200: withResponseHeaders(gradeSchema, responseHeaders.idempotentReplayed),
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
          429: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
          502: errorBodySchema,
          503: withResponseHeaders(errorBodySchema, responseHeaders.retryAfter),
          504: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { rubricId, answer, studentId, samples } = request.body;
      const { grade, replayed } = await service.grade(
        request.scope,
        { rubricId, answer, studentId: studentId ?? null, ...(samples !== undefined ? { samples } : {}) },
        request.headers["idempotency-key"],
      );
      request.log.info(
        {
          gradeId: grade.id,
          rubricId,
          status: grade.status,
          flags: grade.flags,
          replayed,
          cached: grade.cached,
        },
        "answer graded",
      );
      if (replayed) reply.header("idempotent-replayed", "true");
      return grade;
    },
  );

  routes.get(
    "/grades",
    {
      // A service key lists only the grades it submitted.
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "List grades, newest first: the review queue with `?status=needs_review`",
        description:
          "Filters combine (status, rubric, student). Page with `cursor=<next>` and the same filters; `next` is null on the last page. Every page is read through an index, however many grades are stored.",
        tags: ["grades"],
        querystring: z.object({
          status: z.enum(gradeStatuses).optional(),
          rubricId: z.string().min(1).max(64).optional(),
          studentId: z.string().min(1).max(200).optional().describe("Only this student's grades."),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z
            .string()
            .min(1)
            .max(512)
            .optional()
            .describe("Opaque: `next` from the previous page, with the same filters."),
          before: z
            .string()
            .min(1)
            .max(64)
            .optional()
            .describe("Deprecated (use `cursor`): a grade id, `nextBefore` from the previous page."),
        }),
        response: {
          200: z.object({
            grades: z.array(gradeSchema),
            next: z.string().nullable().describe("Cursor of the next page; null on the last page."),
            nextBefore: z.string().nullable().describe("Deprecated: the last grade id, for `before`."),
          }),
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { status, rubricId, studentId, limit, cursor, before } = request.query;
      if (cursor !== undefined && before !== undefined) {
        const message = "give either `cursor` or the older `before`, not both";
        throw new AppError("invalid_request", {
          message: `querystring: ${message}`,
          details: [{ path: "querystring.before", message }],
        });
      }
      const position = cursor !== undefined ? decodeListCursor(cursor) : before;
      const { grades, more } = await service.listGrades(request.scope, {
        limit,
        ...(status ? { status } : {}),
        ...(rubricId ? { rubricId } : {}),
        ...(studentId ? { studentId } : {}),
        ...(position ? { before: position } : {}),
      });
      const lastId = more ? (grades.at(-1)?.id ?? null) : null;
      return { grades, next: lastId && encodeListCursor(lastId), nextBefore: lastId };
    },
  );

  routes.get(
    "/grades/:id",
    {
      config: { roles: ["admin", "teacher", "service"] },
      schema: {
        summary: "Read a grade",
        description: "The `ETag` header names the grade's version: send it as `If-Match` with a change.",
        tags: ["grades"],
        params: gradeIdParams,
        response: { 200: gradeSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      const grade = await service.getGrade(request.scope, request.params.id);
      reply.header("etag", etagOf(grade));
      return grade;
    },
  );

  routes.patch(
    "/grades/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Record a teacher's grade: it always wins over the model's",
        description:
          "Points are checked against the rubric version the grade used. The grade becomes `graded` by `human` at the next `version`; the model's result stays in the audit record. Send the grade's ETag as `If-Match`: if the grade changed since you read it, the change is refused with 412 `grade_modified` and nothing is written. Without If-Match a change that races another is applied on top of it.",
        tags: ["grades"],
        params: gradeIdParams,
        headers: ifMatchHeaderSchema,
        body: humanGradeSchema,
        response: {
          200: gradeSchema,
          404: errorBodySchema,
          412: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const expectedVersions = versionsFromIfMatch(request.headers["if-match"]);
      const grade = await service.recordHumanGrade(
        request.scope,
        request.params.id,
        request.body,
        expectedVersions ? { expectedVersions } : {},
      );
      request.log.info(
        { gradeId: grade.id, criteria: request.body.criteria.length, version: grade.version },
        "human grade recorded",
      );
      reply.header("etag", etagOf(grade));
      return grade;
    },
  );

  routes.get(
    "/grades/:id/audit",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "The audit record of a grade",
        tags: ["grades"],
        params: gradeIdParams,
        response: { 200: auditSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => service.getAudit(request.scope, request.params.id),
  );
}
