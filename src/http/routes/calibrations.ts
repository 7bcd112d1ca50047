import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  comparedMetrics,
  maxExemplarAnswerChars,
  maxExemplarsPerRequest,
  minCalibrationAnswers,
  type Calibration,
  type CalibrationService,
} from "../../grading/calibrations.js";
import { recordWithNamedKeys } from "../../grading/record-keys.js";
import { calibrationSchema } from "../response-schemas.js";
import { commonErrorResponses, errorBodySchema, sentClientIdSchema, withMaxCharacters } from "../schemas.js";

/**
 * Calibrations (issue 10, point 6): teachers' points for answers of a rubric version, graded as a job
 * and compared with the grader's, per criterion and for the total.
 */

const createSchema = z.strictObject({
  rubricVersion: z.string().min(1).max(64).optional().describe("Default: the rubric's current version."),
  answers: z
    .array(
      z.strictObject({
        answer: z.string().describe("A student's answer, as written."),
        studentId: sentClientIdSchema
          .optional()
          .describe(
            "Whose answer it is: the student's erasure then empties its text (and deletes its grade).",
          ),
        points: recordWithNamedKeys("criterion id", 64, z.number()).describe(
          "The teacher's points per criterion id: every criterion, within its bounds.",
        ),
      }),
    )
    .min(minCalibrationAnswers),
});

function calibrationView(calibration: Calibration) {
  return {
    id: calibration.id,
    rubricId: calibration.rubricId,
    rubricVersion: calibration.rubricVersion,
    status: calibration.status,
    jobId: calibration.jobId,
    answerCount: calibration.answerCount,
    createdAt: calibration.createdAt,
    completedAt: calibration.completedAt,
    answersPurgedAt: calibration.answersPurgedAt,
    metrics: calibration.result && {
      excludedAnswers: calibration.result.excludedAnswers ?? [],
      total: calibration.result.total,
      criteria: calibration.result.criteria,
      bootstrap: calibration.result.bootstrap,
    },
  };
}

const metricChangeSchema = z.object({
  current: z.number().nullable(),
  baseline: z.number().nullable(),
  difference: z.number().nullable().describe("current − baseline; null when either is undefined."),
});

const metricRecord = <Schema extends z.ZodType>(schema: Schema) =>
  z.object(
    Object.fromEntries(comparedMetrics.map((name) => [name, schema])) as Record<
      (typeof comparedMetrics)[number],
      Schema
    >,
  );

const agreementChangeSchema = z.object({
  differences: metricRecord(metricChangeSchema).describe(
    "Each calibration's figure on its own answers: comparable as far as the answers are alike.",
  ),
  paired: z
    .object({
      count: z.number().int().describe("Answers both calibrations share and both graders scored."),
      metrics: metricRecord(
        metricChangeSchema.extend({
          low: z.number().nullable().describe("Paired bootstrap 95% interval of the difference, low end."),
          high: z.number().nullable(),
        }),
      ),
    })
    .nullable()
    .describe(
      "On the answers both calibrations share (same text and teacher's points, a graded example of neither): the difference with a paired interval. null when none are shared.",
    ),
});

const comparisonSchema = z.object({
  calibrationId: z.string(),
  rubricVersion: z.string(),
  baseline: z.object({ calibrationId: z.string(), rubricVersion: z.string() }),
  total: agreementChangeSchema,
  criteria: z.record(z.string(), agreementChangeSchema).describe("The criteria both versions have."),
  bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), level: z.number() }),
});

const requirementSchema = z.strictObject({
  minQuadraticKappa: z.number().min(-1).max(1).describe("Least total quadratic κ of a passing calibration."),
  minAnswers: z
    .number()
    .int()
    .min(minCalibrationAnswers)
    .max(100_000)
    .describe("Least answers of a passing calibration (graded examples left out are not counted)."),
});

const requirementViewSchema = z.object({
  rubric: requirementSchema.nullable().describe("This rubric's own requirement."),
  tenant: requirementSchema.nullable().describe("The school's (PUT /v1/settings)."),
  effective: requirementSchema
    .nullable()
    .describe("What each version of this rubric must meet: the stricter of both, field by field."),
});

export function calibrationRoutes(app: FastifyInstance, options: { calibrations: CalibrationService }): void {
  const { calibrations } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/rubrics/:id/calibrations",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Calibrate a rubric version: grade teacher-graded answers and measure agreement",
        description:
          `At least ${minCalibrationAnswers} answers, each with the teacher's points for every criterion. ` +
          "The answers are graded as a job (source `calibration`); once it completes, the calibration holds quadratic κ, exact and adjacent agreement, MAE and Pearson per criterion and for the total, with bootstrap 95% intervals.",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        body: createSchema,
        response: {
          202: calibrationSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const calibration = await calibrations.create(request.scope, {
        rubricId: request.params.id,
        ...(request.body.rubricVersion !== undefined ? { rubricVersion: request.body.rubricVersion } : {}),
        answers: request.body.answers,
      });
      return reply
        .status(202)
        .header("location", `/v1/calibrations/${calibration.id}`)
        .send(calibrationView(calibration));
    },
  );

  routes.get(
    "/rubrics/:id/calibrations",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "A rubric's calibrations, newest first, over all its versions",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: {
          200: z.object({ calibrations: z.array(calibrationSchema) }),
          404: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => ({
      calibrations: (await calibrations.listForRubric(request.scope, request.params.id)).map(calibrationView),
    }),
  );

  routes.post(
    "/calibrations/:id/exemplars",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Turn answers of a completed calibration into graded examples of its rubric (a new version)",
        description:
          `Picks 1 to ${maxExemplarsPerRequest} answers by their index in the calibration's \`answers\` (from 0); each becomes a graded example with the teacher's points (and optional feedback) in a new version of the rubric: the calibrated version plus these examples, made the current one. ` +
          `An answer longer than ${maxExemplarAnswerChars} characters, purged, already an example, or more examples than the rubric's limit of 10 answer 400 naming the field. ` +
          "Calibrate the new version to see whether they helped (GET /v1/calibrations/{id}/comparison); answers that are graded examples are left out of its figures.",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        body: z.strictObject({
          answers: z
            .array(
              z.strictObject({
                index: z.number().int().min(0).describe("The answer's position in the calibration, from 0."),
                feedback: withMaxCharacters(z.string().trim().min(1), 4_000)
                  .optional()
                  .describe("Feedback the teacher would give it, shown to the model with the example."),
              }),
            )
            .min(1)
            .max(maxExemplarsPerRequest),
        }),
        response: {
          201: z.object({
            rubricId: z.string(),
            rubricVersion: z.string().describe("The new version: now the rubric's current one."),
            previousVersion: z.string().describe("The version calibrated, which the new one extends."),
            exemplarsAdded: z.number().int(),
            exemplars: z.number().int().describe("Graded examples the new version has in all."),
          }),
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const made = await calibrations.addExemplars(request.scope, request.params.id, request.body.answers);
      request.log.info(
        {
          calibrationId: made.calibration.id,
          rubricId: made.rubric.id,
          version: made.rubric.version,
          added: made.added,
        },
        "calibration answers made graded examples",
      );
      return reply
        .status(201)
        .header("location", `/v1/rubrics/${made.rubric.id}?version=${made.rubric.version}`)
        .send({
          rubricId: made.rubric.id,
          rubricVersion: made.rubric.version,
          previousVersion: made.previousVersion,
          exemplarsAdded: made.added,
          exemplars: made.rubric.exemplars?.length ?? 0,
        });
    },
  );

  routes.get(
    "/calibrations/:id/comparison",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Compare a calibration with another of the same rubric: did the new version help?",
        description:
          "By default against the newest completed calibration of the version uploaded just before this one. Every figure's difference (current − baseline), and on the answers both calibrations share a paired bootstrap 95% interval. 404 when there is no baseline, 409 `calibration_running` while either is still graded.",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: z.object({
          baseline: z.string().min(1).max(64).optional().describe("The calibration to compare with."),
        }),
        response: {
          200: comparisonSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => calibrations.compare(request.scope, request.params.id, request.query.baseline),
  );

  routes.get(
    "/rubrics/:id/calibration-requirement",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "A rubric's calibration requirement, the school's, and the one its versions must meet",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: requirementViewSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => calibrations.getRubricRequirement(request.scope, request.params.id),
  );

  routes.put(
    "/rubrics/:id/calibration-requirement",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Require a passing calibration of each version of this rubric before batch grading",
        description:
          "Applies to every version of the rubric, besides the school's requirement: each field takes the stricter of both, so a rubric can require more than the school, never less. Held jobs and LMS submissions wait in `awaiting_calibration` and single grades are flagged `uncalibrated` until a calibration of the version meets it.",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        body: requirementSchema,
        response: { 200: requirementViewSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      await calibrations.setRubricRequirement(request.scope, request.params.id, request.body);
      request.log.info(
        { rubricId: request.params.id, requirement: request.body },
        "rubric calibration requirement set",
      );
      return calibrations.getRubricRequirement(request.scope, request.params.id);
    },
  );

  routes.delete(
    "/rubrics/:id/calibration-requirement",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Remove a rubric's own calibration requirement (the school's stays)",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: requirementViewSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      await calibrations.setRubricRequirement(request.scope, request.params.id, null);
      request.log.info({ rubricId: request.params.id }, "rubric calibration requirement removed");
      return calibrations.getRubricRequirement(request.scope, request.params.id);
    },
  );

  routes.get(
    "/calibrations/:id",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "A calibration: its status, its job and, once completed, its metrics",
        tags: ["calibrations"],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: calibrationSchema, 404: errorBodySchema, ...commonErrorResponses },
      },
    },
    async (request) => calibrationView(await calibrations.get(request.scope, request.params.id)),
  );
}
