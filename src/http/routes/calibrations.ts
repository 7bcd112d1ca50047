import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  minCalibrationAnswers,
  type Calibration,
  type CalibrationService,
} from "../../grading/calibrations.js";
import { commonErrorResponses, errorBodySchema } from "../schemas.js";

/**
 * Calibrations (issue 10, point 6): teachers' points for answers of a rubric version, graded as a job
 * and compared with the grader's, per criterion and for the total.
 */

const estimateSchema = z.object({
  value: z.number().nullable(),
  low: z.number().nullable().describe("Bootstrap 95% interval, low end; null when undefined."),
  high: z.number().nullable(),
});

const agreementSchema = z.object({
  count: z.number().int().describe("Answers the grader scored."),
  unscored: z.number().int().describe("Answers the grader gave no score (left out of the figures)."),
  quadraticKappa: estimateSchema,
  exactAgreement: estimateSchema,
  adjacentAgreement: estimateSchema,
  meanAbsoluteError: estimateSchema,
  pearson: estimateSchema,
});

const calibrationSchema = z.object({
  id: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  status: z.enum(["running", "completed"]),
  jobId: z.string().describe("The job grading the answers (GET /v1/jobs/{id})."),
  answerCount: z.number().int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  metrics: z
    .object({
      total: agreementSchema,
      criteria: z.record(z.string(), agreementSchema),
      bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), level: z.number() }),
    })
    .nullable()
    .describe("null while running: computed from the job's grades once it completed."),
});

const createSchema = z.strictObject({
  rubricVersion: z.string().min(1).max(64).optional().describe("Default: the rubric's current version."),
  answers: z
    .array(
      z.strictObject({
        answer: z.string().describe("A student's answer, as written."),
        points: z
          .record(z.string().min(1).max(64), z.number())
          .describe("The teacher's points per criterion id: every criterion, within its bounds."),
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
    metrics: calibration.result,
  };
}

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
