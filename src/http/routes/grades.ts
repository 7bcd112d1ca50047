import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { etagOf, expectedVersionsOf, ifMatchHeaderSchema } from "../if-match.js";
import { z } from "zod";
import { clientIdempotencyKey } from "../../grading/access.js";
import { AppError } from "../../grading/errors.js";
import { gradeSchema, gradeStatuses } from "../../grading/grade.js";
import type { GradingService } from "../../grading/grading-service.js";
import { sampleCountSchema } from "../../grading/rubric.js";
import { maxCommentChars, maxFeedbackChars } from "../../grading/review.js";
import type { GradeListFilter } from "../../grading/ports.js";
import { firstIdAt } from "../../lib/ids.js";
import { clientGoneSignal } from "../client-gone.js";
import { cursorPositions, decodeCursor, encodeCursor } from "../cursors.js";
import { gradesAsCsv, wantsCsv } from "../grade-csv.js";
import { dropStalledReader } from "../stalled-reader.js";
import {
  answerGroupIdSchema,
  sentClientIdSchema,
  rubricIdFieldSchema,
  commonErrorResponses,
  errorBodySchema,
  pageCursorSchema,
  pageLimitSchema,
  responseHeaders,
  rubricIdFilterSchema,
  rubricVersionFilterSchema,
  nameSchema,
  visibleTextSchema,
  withMaxCharacters,
  withoutControlCharacters,
  withResponseHeaders,
} from "../schemas.js";
import { auditSchema } from "../response-schemas.js";

const gradeRequestSchema = z.strictObject({
  rubricId: rubricIdFieldSchema.describe("Id of an uploaded rubric; its current version is used."),
  rubricVersion: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("Grade with this version of the rubric instead of the current one."),
  answer: z.string().describe("The student's answer, as written. Blank answers get 0 without a model call."),
  studentId: sentClientIdSchema.nullable().optional().describe("Your id for the student (optional)."),
  submissionId: sentClientIdSchema
    .nullable()
    .optional()
    .describe("Your id for the submission (an LMS's), stored with the grade and a list filter."),
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

export const reviewerField = nameSchema(200).describe("Who does it (a name or id), for the audit record.");
export const reasonField = visibleTextSchema(2_000);

export const criterionEditSchema = z.strictObject({
  // A rubric's criterion ids are slugs of at most 64 characters: a longer one names none, and was echoed
  // whole in the message that said so.
  criterionId: z.string().min(1).max(64),
  points: z.number().optional().describe("New points; allowed values as in the rubric."),
  comment: withoutControlCharacters(withMaxCharacters(z.string(), maxCommentChars))
    .nullable()
    .optional()
    .describe("A comment for the student on this criterion; null removes it."),
});

const humanGradeSchema = z.strictObject({
  reviewer: reviewerField,
  reason: reasonField.describe("Why, for the audit record."),
  criteria: z
    .array(criterionEditSchema)
    .optional()
    .describe("Points and/or comments per criterion; criteria not listed keep theirs."),
  feedback: withoutControlCharacters(withMaxCharacters(z.string(), maxFeedbackChars))
    .optional()
    .describe("New feedback for the student (also at full marks, where the model leaves it empty)."),
});

const reviewStepSchema = (reasonRequired: boolean) =>
  z.strictObject({
    reviewer: reviewerField,
    reason: reasonRequired ? reasonField.describe("Why, for the audit record.") : reasonField.optional(),
  });

/**
 * `createdFrom`/`createdTo`: an ISO 8601 date and time with an offset. Says what it takes, and that a `+`
 * offset typed into a URL as it is arrives as a space (`?createdFrom=2026-09-01T08:00:00+02:00`).
 * RFC 3339 (§5.6) lets the `T` separator and the `Z` zone be written lower case, which zod refuses: they
 * are read as the upper-case forms before the check, so that every later use (the range check, a cursor's
 * filters) sees one spelling of one time.
 */
const timeFilterSchema = () =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value.replace(/^(\d{4}-\d{2}-\d{2})t/, "$1T").replace(/(\d)z$/, "$1Z")
        : value,
    z.iso.datetime({
      offset: true,
      error: (issue) =>
        typeof issue.input === "string" && / [0-9]{2}(:?[0-9]{2})?$/.test(issue.input)
          ? "must be an ISO 8601 date and time with an offset: a `+` in a query string must be sent as %2B (2026-09-01T08:00:00%2B02:00)"
          : "must be an ISO 8601 date and time with an offset, such as 2026-09-01T00:00:00Z",
    }),
  );

export const gradeIdParams = z.object({ id: z.string().min(1).max(64) });

export const gradeIfMatchHeaderSchema = ifMatchHeaderSchema("the grade", "grade_modified");

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
          "Returns the grade: `graded`, or `needs_review` with flags saying why. Identical answers in flight at once are graded once. Provider failures answer 502/503/504 and store nothing; 429 (the school's daily budget is spent) carries `Retry-After` until the next UTC midnight; 409 (the Idempotency-Key's first request is still running) carries `Retry-After`. 503 `server_busy` (as many grades run as the service takes; a repeat of an Idempotency-Key is still answered as above) and 503 `storage_unavailable` (the database cannot store data now; nothing was stored) carry `Retry-After`.",
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
      const { rubricId, rubricVersion, answer, studentId, submissionId, samples } = request.body;
      const idempotencyKey = request.headers["idempotency-key"];
      // A client that gave up (closed its connection) stops its grade: waiting for the provider, it held
      // a slot of GRADER_MAX_PENDING_GRADES (and its calls one of GRADER_MAX_IN_FLIGHT) until the grade
      // ended, so that a hung provider left the service refusing everyone with 503 for minutes after the
      // clients had gone, and the grade was paid for with nobody to read it. Not a request that can be
      // picked up again: with an Idempotency-Key or a submissionId its retry (a client's timeout, a
      // dropped connection) is answered the stored grade without a second model call, as promised.
      const resumable = idempotencyKey !== undefined || Boolean(submissionId);
      const clientGone = resumable ? undefined : clientGoneSignal(reply);
      let graded;
      try {
        graded = await service.grade(
          request.scope,
          {
            rubricId,
            answer,
            studentId: studentId ?? null,
            ...(samples !== undefined ? { samples } : {}),
            ...(rubricVersion !== undefined ? { rubricVersion } : {}),
            ...(submissionId ? { submissionId } : {}),
            ...(clientGone ? { signal: clientGone.signal } : {}),
          },
          idempotencyKey === undefined ? undefined : clientIdempotencyKey(request.scope, idempotencyKey),
        );
      } finally {
        clientGone?.stop();
      }
      const { grade, replayed } = graded;
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
          rubricId: rubricIdFilterSchema.optional().describe("Only grades of this rubric."),
          studentId: sentClientIdSchema.optional().describe("Only this student's grades."),
          submissionId: sentClientIdSchema.optional().describe("Only grades of this submission id."),
          rubricVersion: rubricVersionFilterSchema
            .optional()
            .describe("Only grades made with this version of `rubricId` (needs rubricId)."),
          gradedBy: z.enum(["model", "rule", "human"]).optional().describe("Who made the grade's points."),
          groupId: answerGroupIdSchema
            .optional()
            .describe("Only the members of this answer group (one in other case is no group's: none)."),
          createdFrom: timeFilterSchema()
            .optional()
            .describe("Only grades made at or after this time (ISO 8601)."),
          createdTo: timeFilterSchema().optional().describe("Only grades made before this time (ISO 8601)."),
          limit: pageLimitSchema(200, 50),
          cursor: pageCursorSchema,
          // A grade id, as `nextBefore` gives: any other text was read as a position, so `before=zzz` answered
          // the first page again and `before=a` an empty one, as a forged cursor did.
          before: z
            .string()
            .regex(cursorPositions.grade, "must be a grade id (`grd_…`): `nextBefore` from the previous page")
            .optional()
            .describe("Deprecated (use `cursor`): a grade id, `nextBefore` from the previous page."),
        }),
        response: {
          200: {
            description: "A page of grades; with `Accept: text/csv`, every matching grade as one CSV.",
            content: {
              "application/json": {
                schema: z.object({
                  grades: z.array(gradeSchema),
                  next: z.string().nullable().describe("Cursor of the next page; null on the last page."),
                  nextBefore: z.string().nullable().describe("Deprecated: the last grade id, for `before`."),
                }),
              },
              "text/csv": {
                schema: z.string().describe("One row per grade, one column per criterion (docs/api.md)."),
              },
            },
          },
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { limit, cursor, before, ...filterValues } = request.query;
      const {
        status,
        rubricId,
        studentId,
        submissionId,
        rubricVersion,
        gradedBy,
        groupId,
        createdFrom,
        createdTo,
      } = filterValues;
      if (rubricVersion !== undefined && rubricId === undefined) {
        const message = "`rubricVersion` needs `rubricId`";
        throw new AppError("invalid_request", {
          message: `querystring: ${message}`,
          details: [{ path: "querystring.rubricVersion", message }],
        });
      }
      if (cursor !== undefined && before !== undefined) {
        const message = "give either `cursor` or the older `before`, not both";
        throw new AppError("invalid_request", {
          message: `querystring: ${message}`,
          details: [{ path: "querystring.before", message }],
        });
      }
      if (
        createdFrom !== undefined &&
        createdTo !== undefined &&
        Date.parse(createdFrom) > Date.parse(createdTo)
      ) {
        // As GET /v1/usage refuses `from` after `to`: an empty page would hide the mistake.
        const message = "must not be after `createdTo`";
        throw new AppError("invalid_request", {
          message: `querystring.createdFrom: ${message}`,
          details: [{ path: "querystring.createdFrom", message }],
        });
      }
      // Times as instants: `…T08:00:00Z` and `…T10:00:00+02:00` are one filter, and make one cursor.
      const origin = {
        list: "grades",
        filters: {
          ...filterValues,
          createdFrom: createdFrom !== undefined ? Date.parse(createdFrom) : undefined,
          createdTo: createdTo !== undefined ? Date.parse(createdTo) : undefined,
        },
      };
      const cursorPosition =
        cursor !== undefined ? decodeCursor("before", cursor, cursorPositions.grade, origin) : before;
      // A time range is an id range: ids sort by creation time.
      const upper = createdTo !== undefined ? firstIdAt("grd", Date.parse(createdTo)) : undefined;
      const position =
        cursorPosition !== undefined && upper !== undefined
          ? cursorPosition < upper
            ? cursorPosition
            : upper
          : (cursorPosition ?? upper);
      const filter: Omit<GradeListFilter, "limit"> = {
        ...(status ? { status } : {}),
        ...(rubricId ? { rubricId } : {}),
        ...(studentId ? { studentId } : {}),
        ...(submissionId ? { submissionId } : {}),
        ...(rubricVersion ? { rubricVersion } : {}),
        ...(gradedBy ? { gradedBy } : {}),
        ...(groupId ? { groupId } : {}),
        ...(createdFrom ? { atOrAfter: firstIdAt("grd", Date.parse(createdFrom)) } : {}),
        ...(position ? { before: position } : {}),
      };
      if (wantsCsv(request.headers.accept)) {
        const criterionIds = rubricId ? await service.criterionIdsOf(request.scope, rubricId) : null;
        reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="grades.csv"');
        dropStalledReader(reply);
        // A stream is piped as it is: the JSON serializer of this route never sees it.
        return reply.send(gradesAsCsv(service, request.scope, filter, criterionIds) as never);
      }
      const { grades, more } = await service.listGrades(request.scope, { ...filter, limit });
      const lastId = more ? (grades.at(-1)?.id ?? null) : null;
      return { grades, next: lastId && encodeCursor("before", lastId, origin), nextBefore: lastId };
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
      reply.header("etag", etagOf(grade.version));
      return grade;
    },
  );

  routes.patch(
    "/grades/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Change a grade: points, comments per criterion, feedback. A teacher always wins",
        description:
          "Points are checked against the rubric version the grade used. With points, the grade becomes `graded` by `human` (every criterion then needs points); comments and feedback alone keep its status. While an appeal on the grade is open, new points are refused with 409 `appeal_open`: resolve the appeal instead. The model's result stays in the audit record, which records who changed what and why. Send the grade's ETag as `If-Match`: if the grade changed since you read it, the change is refused with 412 `grade_modified` and nothing is written. Without If-Match a change that races another is applied on top of it.",
        tags: ["review"],
        params: gradeIdParams,
        headers: gradeIfMatchHeaderSchema,
        body: humanGradeSchema,
        response: {
          200: gradeSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          412: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { reviewer, reason, criteria, feedback } = request.body;
      const grade = await service.reviewGrade(
        request.scope,
        request.params.id,
        {
          kind: "change",
          change: {
            reviewer,
            reason,
            ...(criteria ? { criteria } : {}),
            ...(feedback !== undefined ? { feedback } : {}),
          },
        },
        expectedVersionsOf(request.headers["if-match"]),
      );
      request.log.info(
        {
          gradeId: grade.id,
          criteria: criteria?.length ?? 0,
          feedback: feedback !== undefined,
          version: grade.version,
        },
        "grade changed by a teacher",
      );
      reply.header("etag", etagOf(grade.version));
      return grade;
    },
  );

  for (const step of ["approve", "reopen"] as const) {
    routes.post(
      `/grades/:id/${step}`,
      {
        config: { roles: ["admin", "teacher"] },
        schema: {
          summary:
            step === "approve"
              ? "Approve a grade as it is: it becomes `graded` without resending any points"
              : "Reopen a grade: it goes back to `needs_review`",
          description:
            "Recorded in the audit record with who and why. `If-Match` as for PATCH." +
            (step === "approve"
              ? " Every criterion must have points (an `output_invalid` one needs a change). While an appeal on the grade is open it is refused with 409 `appeal_open`: resolve the appeal instead. A grade approved already (and not changed since) is answered as it is: same version and ETag, nothing recorded."
              : " A grade in review already is answered as it is: same version and ETag, nothing recorded."),
          tags: ["review"],
          params: gradeIdParams,
          headers: gradeIfMatchHeaderSchema,
          body: reviewStepSchema(step === "reopen"),
          response: {
            200: gradeSchema,
            404: errorBodySchema,
            ...(step === "approve" ? { 409: errorBodySchema } : {}),
            412: errorBodySchema,
            ...commonErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const grade = await service.reviewGrade(
          request.scope,
          request.params.id,
          { kind: step, reviewer: request.body.reviewer, reason: request.body.reason ?? "" },
          expectedVersionsOf(request.headers["if-match"]),
        );
        request.log.info({ gradeId: grade.id, step, version: grade.version }, "grade reviewed");
        reply.header("etag", etagOf(grade.version));
        return grade;
      },
    );
  }

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
