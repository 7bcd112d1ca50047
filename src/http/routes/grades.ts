import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
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

export function gradeRoutes(app: FastifyInstance, options: { service: GradingService }): void {
  const { service } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/grade",
    {
      schema: {
        summary: "Grade an answer against a rubric",
        description:
          "Returns the grade: `graded`, or `needs_review` with flags saying why. Provider failures answer 502/503/504 and store nothing.",
        tags: ["grades"],
        body: gradeRequestSchema,
        headers: idempotencyHeaderSchema,
        response: {
          200: withResponseHeaders(gradeSchema, responseHeaders.idempotentReplayed),
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
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
      schema: {
        summary: "List grades, newest first: the review queue with `?status=needs_review`",
        tags: ["grades"],
        querystring: z.object({
          status: z.enum(gradeStatuses).optional(),
          rubricId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z
            .string()
            .min(1)
            .max(64)
            .optional()
            .describe("Cursor: `nextBefore` from the previous page."),
        }),
        response: {
          200: z.object({ grades: z.array(gradeSchema), nextBefore: z.string().nullable() }),
          ...commonErrorResponses,
        },
      },
    },
    async (request) => {
      const { status, rubricId, limit, before } = request.query;
      const grades = await service.listGrades({
        limit,
        ...(status ? { status } : {}),
        ...(rubricId ? { rubricId } : {}),
        ...(before ? { before } : {}),
      });
      return { grades, nextBefore: grades.length === limit ? (grades.at(-1)?.id ?? null) : null };
    },
  );

  routes.get(
    "/grades/:id",
    {
      schema: {
        summary: "Read a grade",
        tags: ["grades"],
        params: gradeIdParams,
        response: { 200: gradeSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => service.getGrade(request.params.id),
  );

  routes.patch(
    "/grades/:id",
    {
      schema: {
        summary: "Record a teacher's grade: it always wins over the model's",
        description:
          "Points are checked against the rubric version the grade used. The grade becomes `graded` by `human`; the model's result stays in the audit record.",
        tags: ["grades"],
        params: gradeIdParams,
        body: humanGradeSchema,
        response: { 200: gradeSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const grade = await service.recordHumanGrade(request.params.id, request.body);
      request.log.info({ gradeId: grade.id, criteria: request.body.criteria.length }, "human grade recorded");
      return grade;
    },
  );

  routes.get(
    "/grades/:id/audit",
    {
      schema: {
        summary: "The audit record of a grade",
        tags: ["grades"],
        params: gradeIdParams,
        response: { 200: auditSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => service.getAudit(request.params.id),
  );
}
