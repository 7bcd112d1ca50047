import type { z } from "zod";
import type { appealSchema } from "../grading/appeals.js";
import type { criterionResultSchema, gradeSchema } from "../grading/grade.js";
import type {
  agreementSchema,
  auditSchema,
  calibrationSchema,
  estimateSchema,
  importedRubricSchema,
  integrationListSchema,
  integrationSchema,
  jobCountsSchema,
  jobListSchema,
  jobSchema,
  meSchema,
  queueEntrySchema,
  reviewQueuePageSchema,
  rubricListSchema,
  rubricSummarySchema,
  rubricVersionsSchema,
  rubricViewSchema,
} from "./response-schemas.js";
import type { errorBodySchema, problemListSchema } from "./schemas.js";

/**
 * The API's response bodies as TypeScript types, for clients type-checked in this repository: the
 * teacher page (web/lib/types.ts) imports them, and nothing else from src/ (eslint.config.js allows
 * exactly this file). Types only, from the same zod schemas the routes answer with (`z.output`: what
 * the serializer sends, defaults filled in), so the bundle gets no server code and a response that
 * changes under the page fails `npm run typecheck`.
 */

export type ErrorBody = z.output<typeof errorBodySchema>;
export type ProblemDetail = z.output<typeof problemListSchema>[number];

/** GET /v1/me */
export type Me = z.output<typeof meSchema>;
export type Role = Me["role"];

/** GET /v1/rubrics */
export type RubricList = z.output<typeof rubricListSchema>;
export type RubricSummary = z.output<typeof rubricSummarySchema>;
/** POST /v1/rubrics, GET /v1/rubrics/{id} */
export type RubricView = z.output<typeof rubricViewSchema>;
/** GET /v1/rubrics/{id}/versions */
export type RubricVersions = z.output<typeof rubricVersionsSchema>;
/** POST /v1/rubrics/import */
export type ImportedRubric = z.output<typeof importedRubricSchema>;

/** POST /v1/grade, GET /v1/grades/{id}, PATCH /v1/grades/{id} and the review steps */
export type Grade = z.output<typeof gradeSchema>;
export type CriterionResult = z.output<typeof criterionResultSchema>;
/** GET /v1/grades/{id}/audit */
export type Audit = z.output<typeof auditSchema>;

/** GET /v1/review-queue */
export type ReviewQueuePage = z.output<typeof reviewQueuePageSchema>;
export type QueueEntry = z.output<typeof queueEntrySchema>;
export type Appeal = z.output<typeof appealSchema>;

/** POST /v1/jobs, GET /v1/jobs/{id}, and the `job` event of GET /v1/jobs/{id}/events */
export type Job = z.output<typeof jobSchema>;
export type JobCounts = z.output<typeof jobCountsSchema>;
/** GET /v1/jobs */
export type JobList = z.output<typeof jobListSchema>;

/** POST /v1/rubrics/{id}/calibrations, GET /v1/calibrations/{id} */
export type Calibration = z.output<typeof calibrationSchema>;
export type Agreement = z.output<typeof agreementSchema>;
export type Estimate = z.output<typeof estimateSchema>;

/** GET /v1/integrations */
export type IntegrationList = z.output<typeof integrationListSchema>;
export type Integration = z.output<typeof integrationSchema>;
