import { z } from "zod";
import { roleSchema } from "../grading/access.js";
import { appealSchema } from "../grading/appeals.js";
import { humanChangeSchema } from "../grading/audit.js";
import { gradeSchema } from "../grading/grade.js";
import { deliveryStatuses, integrationTypes, rubricMappingSchema } from "../grading/integrations.js";

/**
 * The response bodies of the routes the teacher page reads, declared once: the routes answer with them
 * (so the OpenAPI document shows them) and src/http/api-types.ts derives the page's types from them.
 * This module imports only zod and the pure core, never Fastify or Node, because web/'s typecheck
 * (DOM types, no Node) compiles everything it reaches. Responses no client type-checks against stay
 * beside their routes.
 */

export const meSchema = z.object({
  tenantId: z.string(),
  role: roleSchema,
  keyId: z.string().nullable().describe("The stored key; null for a bootstrap key or keyless loopback use."),
  operator: z.boolean().describe("May create tenants (a bootstrap key)."),
});

export const rubricViewSchema = z
  .looseObject({
    id: z.string(),
    version: z.string().describe("Content hash: equal content, equal version."),
    title: z.string(),
    language: z.string(),
    question: z.string(),
    criteria: z.array(z.looseObject({ id: z.string(), title: z.string(), maxPoints: z.number() })),
    maxPoints: z.number().describe("Sum of the criteria's maxPoints."),
    versionCreatedAt: z.string().describe("When this version was first uploaded."),
  })
  .describe("A rubric version: the validated document plus its version.");

export const rubricSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  language: z.string(),
  criteriaCount: z.number().int(),
  maxPoints: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable().describe("When it was archived (no new grades); null when it is not."),
});

export const rubricListSchema = z.object({ rubrics: z.array(rubricSummarySchema) });

export const rubricVersionsSchema = z.object({
  versions: z.array(z.object({ version: z.string(), createdAt: z.string(), current: z.boolean() })),
});

export const warningSchema = z.object({ path: z.string(), message: z.string() });

export const importedRubricSchema = rubricViewSchema
  .extend({
    warnings: z
      .array(warningSchema)
      .describe("What the file had that this service has no place for, and what was converted."),
  })
  .describe("The rubric as stored (as POST /v1/rubrics answers), plus the import's warnings.");

export const auditSchema = z
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
    humanChanges: z.array(humanChangeSchema),
    answer: z
      .string()
      .nullable()
      .describe("The answer exactly as submitted; null once retention purged it (GRADER_RETENTION_DAYS)."),
    answerPurgedAt: z
      .string()
      .nullable()
      .describe("When retention purged the answer; null while it is kept."),
    cachedFromErased: z
      .boolean()
      .optional()
      .describe(
        "True when the grade this one was copied from was erased (a student's erasure): `cachedFrom` is null.",
      ),
  })
  .describe(
    "Everything behind a grade: versions, model and parameters, every raw reply, usage, cost, flags and human changes.",
  );

export const queueEntrySchema = z.object({
  groupId: z.string().nullable().describe("The answer group; null for a grade that stands alone."),
  size: z.number().int().describe("Grades in the group (1 for a grade that stands alone)."),
  pending: z.number().int().describe("How many of them need review."),
  firstGradeId: z.string().describe("The oldest of them that needs review; the keyset position."),
  grade: gradeSchema.describe("That grade, with the model's evidence per criterion."),
  answer: z.string().describe("Its answer, exactly as submitted."),
  appeals: z.array(appealSchema).describe("Open appeals on that grade."),
});

export const reviewQueuePageSchema = z.object({
  entries: z.array(queueEntrySchema),
  next: z.string().nullable().describe("Cursor of the next page; null on the last."),
});

export const jobCountsSchema = z.object({
  total: z.number().int(),
  graded: z
    .number()
    .int()
    .describe("Items whose grade is `graded` now: by the model, or approved or decided by a teacher."),
  needsReview: z
    .number()
    .int()
    .describe(
      "Items whose grade needs review now (in the review queue): a teacher's approval moves one to `graded`, reopening or an appeal moves one back.",
    ),
  failed: z.number().int().describe("Failed after their last attempt; retry with POST /v1/jobs/{id}/retry."),
  cancelled: z.number().int(),
  pending: z.number().int().describe("Queued or running."),
});

export const jobSchema = z.object({
  id: z.string(),
  status: z
    .enum(["awaiting_calibration", "queued", "running", "completed", "cancelled"])
    .describe(
      "`awaiting_calibration`: held (items stored, not graded) until a passing calibration exists or a teacher releases it.",
    ),
  total: z.number().int(),
  rubricId: z.string(),
  rubricVersion: z.string().describe("Every item is graded with this version (pinned at creation)."),
  counts: jobCountsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  release: z
    .object({
      by: z
        .string()
        .nullable()
        .describe("The key id of the teacher that released it; null when a calibration did."),
      at: z.string(),
      calibrationId: z
        .string()
        .nullable()
        .describe(
          "The passing calibration of the job's rubric version that released it; null for a teacher's release.",
        ),
    })
    .nullable()
    .describe("Who or what released a job held for calibration, and when; null otherwise."),
});

export const jobListSchema = z.object({ jobs: z.array(jobSchema), next: z.string().nullable() });

export const estimateSchema = z.object({
  value: z.number().nullable(),
  low: z.number().nullable().describe("Bootstrap 95% interval, low end; null when undefined."),
  high: z.number().nullable(),
});

export const agreementSchema = z.object({
  count: z.number().int().describe("Answers the grader scored."),
  unscored: z.number().int().describe("Answers the grader gave no score (left out of the figures)."),
  quadraticKappa: estimateSchema,
  exactAgreement: estimateSchema,
  adjacentAgreement: estimateSchema,
  meanAbsoluteError: estimateSchema,
  pearson: estimateSchema,
});

export const calibrationSchema = z.object({
  id: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  status: z.enum(["running", "completed"]),
  jobId: z.string().describe("The job grading the answers (GET /v1/jobs/{id})."),
  answerCount: z.number().int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  answersPurgedAt: z
    .string()
    .nullable()
    .describe("When retention or a student's erasure emptied answer texts; the figures stay."),
  metrics: z
    .object({
      excludedAnswers: z
        .array(z.number().int())
        .describe(
          "Indexes of answers left out of every figure: their text is a graded example of the version calibrated, so the model saw the teacher's points.",
        ),
      total: agreementSchema,
      criteria: z.record(z.string(), agreementSchema),
      bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int(), level: z.number() }),
    })
    .nullable()
    .describe("null while running: computed from the job's grades once it completed."),
});

/** A mapping as stored (the input's `courseId` may be a number; it is kept as a string). */
export const storedMappingSchema = rubricMappingSchema.extend({
  courseId: z.string().optional(),
  lineItemUrl: z.string().optional(),
});

export const integrationSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: z.enum(integrationTypes),
  name: z.string(),
  enabled: z.boolean(),
  assignments: z.record(z.string(), storedMappingSchema),
  defaultRubric: storedMappingSchema.nullable(),
  holdForReview: z.boolean(),
  callbackUrl: z.string().nullable(),
  hasCredentials: z.boolean(),
  lms: z
    .object({
      url: z.string(),
      liveEvents: z
        .object({ jwksUrl: z.string(), issuer: z.string().optional(), audience: z.string().optional() })
        .optional(),
      requireToken: z.boolean().optional(),
      clientId: z.string().optional(),
      keyId: z.string().optional(),
    })
    .nullable()
    .describe("Canvas and Moodle: where the LMS is (its tokens are never returned)."),
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  inboundUrl: z
    .string()
    .describe("Where the LMS posts its signed events (path; prefix it with this service's address)."),
  deliveryCounts: z
    .object({
      ...(Object.fromEntries(deliveryStatuses.map((status) => [status, z.number().int()])) as {
        [status in (typeof deliveryStatuses)[number]]: z.ZodNumber;
      }),
      scoreMismatch: z
        .number()
        .int()
        .describe(
          "Canvas: how many submissions Canvas last answered keeping another score than the one sent (the delivery's `scoreMismatch`; counted in `delivered` too; a later grade Canvas keeps as sent clears it): list them with GET /v1/submissions?integrationId=…&scoreMismatch=true.",
        ),
    })
    .describe(
      "How many of its deliveries (grade passbacks and callbacks, one per grade version) are in each state now: `pending` and `delivering` are on their way, `delivered` arrived, `dead` were given up and wait for a retry by hand (list them with GET /v1/submissions?integrationId=…&passbackStatus=dead), `superseded` were replaced by a later grade before they were sent, or after they were given up (nothing to do); and `scoreMismatch`: how many were delivered with another score kept. Deleted with the integration; a student's erasure removes theirs.",
    ),
});

export const integrationListSchema = z.object({ integrations: z.array(integrationSchema) });
