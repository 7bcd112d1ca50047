import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CalibrationService } from "../../grading/calibrations.js";
import { gradingStrategies, sampleCountSchema } from "../../grading/rubric.js";
import type { UsageService } from "../../grading/usage-service.js";
import { commonErrorResponses, errorBodySchema, rubricIdFieldSchema } from "../schemas.js";

const estimateRequestSchema = z.strictObject({
  rubricId: rubricIdFieldSchema.describe("Id of an uploaded rubric."),
  rubricVersion: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("A version of the rubric; default its current one."),
  answers: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe("How many answers will be graded; default: as many as `sampleAnswers`."),
  sampleAnswers: z
    .array(z.string())
    .min(1)
    .max(100)
    .optional()
    .describe(
      "Answers like those to be graded: each is planned exactly as grading would plan it (blank ones make no call).",
    ),
  averageAnswerChars: z
    .number()
    .int()
    .min(1)
    .max(200_000)
    .optional()
    .describe("Without sample answers: the answers' average length in characters (default 1,000)."),
  strategy: z.enum(gradingStrategies).optional().describe("Instead of the rubric's grading strategy."),
  samples: sampleCountSchema
    .optional()
    .describe("Instead of the rubric's (or the default) number of samples per answer."),
});

const rangeSchema = z.object({ expected: z.number().int(), max: z.number().int() });
const costSchema = z.object({
  currency: z.literal("USD"),
  expected: z.number().nullable().describe("null when the model has no price (GRADER_PRICES)."),
  max: z.number().nullable(),
  inputPerMillionTokens: z.number().nullable(),
  outputPerMillionTokens: z.number().nullable(),
});
const figuresSchema = z.object({
  calls: rangeSchema,
  inputTokens: rangeSchema,
  outputTokens: rangeSchema,
  cost: costSchema,
});
const problemSchema = z.object({ path: z.string(), message: z.string() });
const budgetStatusSchema = z.object({
  day: z.string().describe("Today, YYYY-MM-DD in UTC."),
  budgetUsd: z.number().nullable().describe("The daily budget in force; null: no cap."),
  spentUsd: z.number(),
  remainingUsd: z.number().nullable(),
  resetsAt: z.string().describe("The next UTC midnight."),
});

const estimateSchema = z
  .object({
    model: z.string(),
    rubricId: z.string(),
    rubricVersion: z.string(),
    strategy: z.enum(gradingStrategies),
    samples: z.number().int(),
    modelInjectionScreen: z.boolean(),
    answers: z.number().int(),
    answerBasis: z.enum(["sampleAnswers", "averageAnswerChars", "default"]),
    averageAnswerChars: z.number().int(),
    blankSampleAnswers: z.number().int(),
    calls: rangeSchema.describe("Planned model calls; at most twice that (one repair per call)."),
    inputTokens: rangeSchema.describe(
      "The model's own estimate of every planned call (as the per-grade budget uses it; errs high); max: every call repaired.",
    ),
    outputTokens: rangeSchema.extend({ basis: z.string() }),
    cost: costSchema,
    perAnswer: figuresSchema,
    withinPerGradeBudget: z.boolean(),
    perGradeBudget: z.object({
      maxCalls: z.number().int(),
      maxInputTokens: z.number().int(),
      problems: z
        .array(problemSchema)
        .describe(
          "What to change, as `grade_budget_exceeded` would say it: for too many calls, the field that made them: `body.samples` when sent, else `body.strategy` when it chose per-criterion, else the rubric's own grading options, named as the field that chose the rubric (`body.rubricVersion`, or `body.rubricId`); for too many input tokens, the answer as it was sent, `body.sampleAnswers[i]` (or `body.averageAnswerChars`, also for the default length). The first 100; `unlistedProblems` counts the rest.",
        ),
      unlistedProblems: z
        .number()
        .int()
        .describe("Problems beyond the first 100, which `problems` does not list (0: all are listed)."),
    }),
    dailyBudget: budgetStatusSchema.extend({
      expectedCostFitsToday: z.boolean().nullable(),
    }),
  })
  .describe("What grading the answers is expected to take, and at most.");

const usageTotalsShape = {
  grades: z.number().int(),
  cachedGrades: z.number().int(),
  modelCalls: z
    .number()
    .int()
    .describe("Calls that answered, repairs included; also those of grades that failed or were not stored."),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  unpricedCalls: z.number().int().describe("Calls of a model without a price: not in costUsd."),
};

const usageSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.literal("USD"),
  days: z
    .array(
      z.object({
        day: z.string(),
        ...usageTotalsShape,
        models: z.array(z.object({ day: z.string(), model: z.string(), ...usageTotalsShape })),
      }),
    )
    .describe("Days with grades or paid calls (of grades that failed or were not stored), oldest first."),
  total: z.object(usageTotalsShape),
  today: budgetStatusSchema,
});

/** As the usage service words a value that is not a day. */
const dayError = { error: "must be a date as YYYY-MM-DD (a UTC day)" };

const settingsSchema = z.object({
  dailyBudgetUsd: z.number().nullable().describe("The school's own daily budget in USD; null: none."),
  defaultDailyBudgetUsd: z
    .number()
    .nullable()
    .describe("GRADER_DAILY_BUDGET_USD: the operator's ceiling for every school; null: none."),
  effectiveDailyBudgetUsd: z.number().nullable().describe("The lower of the two: the budget in force."),
  updatedAt: z
    .string()
    .nullable()
    .describe(
      "When the school's daily budget was last set (a change of the other settings leaves it); null: never.",
    ),
  calibration: z
    .object({ minQuadraticKappa: z.number(), minAnswers: z.number().int() })
    .nullable()
    .describe(
      "Batch jobs for a rubric version wait in `awaiting_calibration` until a calibration of that version meets this; null: no requirement.",
    ),
  purgeExemplarCopies: z
    .boolean()
    .describe(
      "Whether graded examples made from calibration answers leave the rubric's stored versions when those answers are purged (GRADER_RETENTION_DAYS) or their student erased. Default false: examples are teacher-chosen rubric content.",
    ),
});

const calibrationRequirementSchema = z
  .strictObject({
    minQuadraticKappa: z
      .number()
      .min(-1)
      .max(1)
      .describe("Least total quadratic κ of a passing calibration."),
    minAnswers: z.number().int().min(10).max(100_000).describe("Least answers of a passing calibration."),
  })
  .nullable();

/** Estimates (teachers and admins), the tenant's spend per day and its settings (admins). */
export function usageRoutes(
  app: FastifyInstance,
  options: { usage: UsageService; calibrations: CalibrationService },
): void {
  const { usage, calibrations } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    "/estimate",
    {
      config: { roles: ["admin", "teacher"] },
      schema: {
        summary: "Estimate the model calls, tokens and cost of grading answers with a rubric",
        description:
          "Plans the answers exactly as grading would (same strategy, samples, prompts and token estimate) under the configured model; nothing is graded. Assumes no answer is served from the cache.",
        tags: ["usage"],
        body: estimateRequestSchema,
        response: {
          200: estimateSchema,
          404: errorBodySchema,
          503: errorBodySchema,
          ...commonErrorResponses,
        },
      },
    },
    async (request) => usage.estimate(request.scope, request.body),
  );

  routes.get(
    "/usage",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "This school's model usage and spend per UTC day",
        description:
          "Days with grades between `from` and `to` (YYYY-MM-DD, inclusive; default the last 30 days, at most 366), per model, and today's budget.",
        tags: ["usage"],
        querystring: z.object({
          // The service's own message for a value too long to be a day: "Too big: expected string to have
          // <=10 characters" told an admin who sent 2026-11-01T00:00:00Z (as createdFrom takes) nothing.
          from: z.string().max(10, dayError).optional().describe("First day, YYYY-MM-DD (UTC)."),
          to: z.string().max(10, dayError).optional().describe("Last day, YYYY-MM-DD (UTC); default today."),
        }),
        response: { 200: usageSchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      // An empty value (`?from=`) is a value, refused by the range check as not a date; only an absent one
      // takes the default (it fell back to the last 30 days silently).
      return usage.usage(request.scope, {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
    },
  );

  routes.get(
    "/settings",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "This school's settings: its daily budget and its calibration requirement",
        tags: ["usage"],
        response: { 200: settingsSchema, ...commonErrorResponses },
      },
    },
    async (request) => ({
      ...(await usage.getSettings(request.scope)),
      calibration: await calibrations.getRequirement(request.scope),
      purgeExemplarCopies: await calibrations.purgesExemplarCopies(request.scope),
    }),
  );

  routes.put(
    "/settings",
    {
      config: { roles: ["admin"] },
      schema: {
        summary: "Set this school's daily budget and calibration requirement",
        description:
          "`dailyBudgetUsd` caps what the school's grades may spend on model calls per UTC day; null removes the school's own cap. It may be at most GRADER_DAILY_BUDGET_USD when that is set. Takes effect on the next grade. " +
          "`calibration` requires a passing calibration of a rubric version before its batch jobs are graded; null removes it. " +
          "`purgeExemplarCopies` makes retention and students' erasure also take graded examples copied from calibration answers out of the rubric's versions. A field left out is unchanged.",
        tags: ["usage"],
        body: z.strictObject({
          dailyBudgetUsd: z
            .number()
            .min(0)
            .max(1_000_000)
            .nullable()
            .optional()
            .describe("USD per UTC day; 0 stops all new model grading; null: no cap of the school's own."),
          calibration: calibrationRequirementSchema.optional(),
          purgeExemplarCopies: z
            .boolean()
            .optional()
            .describe(
              "true: graded examples copied from calibration answers go when those answers are purged or erased.",
            ),
        }),
        response: { 200: settingsSchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const { dailyBudgetUsd, calibration, purgeExemplarCopies } = request.body;
      const settings =
        dailyBudgetUsd === undefined
          ? await usage.getSettings(request.scope)
          : await usage.updateSettings(request.scope, { dailyBudgetUsd });
      if (calibration !== undefined) await calibrations.setRequirement(request.scope, calibration);
      if (purgeExemplarCopies !== undefined) {
        await calibrations.setPurgesExemplarCopies(request.scope, purgeExemplarCopies);
      }
      const requirement = await calibrations.getRequirement(request.scope);
      const purgesCopies = await calibrations.purgesExemplarCopies(request.scope);
      request.log.info(
        {
          dailyBudgetUsd: settings.dailyBudgetUsd,
          calibration: requirement,
          purgeExemplarCopies: purgesCopies,
        },
        "school settings changed",
      );
      return { ...settings, calibration: requirement, purgeExemplarCopies: purgesCopies };
    },
  );
}
