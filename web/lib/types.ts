import type * as Api from "../../src/http/api-types.js";

/**
 * The API's answers as the page reads them. None is written out here: each comes from
 * src/http/api-types.ts, which derives it from the zod schema the route answers with (types only, so
 * the bundle gets no server code), narrowed with Pick to the fields the page reads. A response that
 * drops, renames or retypes one of them fails `npm run typecheck` (docs/teacher-page.md).
 */

export type {
  Agreement,
  CriterionResult,
  ErrorBody,
  Estimate,
  JobCounts,
  Me,
  ProblemDetail,
  Role,
} from "../../src/http/api-types.js";

export type RubricSummary = Pick<
  Api.RubricSummary,
  "id" | "title" | "version" | "language" | "criteriaCount" | "maxPoints" | "archivedAt"
>;
export type RubricList = Api.RubricList;
export type Criterion = Pick<Api.RubricView["criteria"][number], "id" | "title" | "maxPoints">;
export type Rubric = Pick<
  Api.RubricView,
  "id" | "title" | "version" | "language" | "question" | "criteria" | "maxPoints"
>;
export type RubricVersions = Api.RubricVersions;
export type ImportedRubric = Rubric & Pick<Api.ImportedRubric, "warnings">;

export type Grade = Pick<
  Api.Grade,
  | "id"
  | "rubricId"
  | "rubricVersion"
  | "studentId"
  | "groupId"
  | "status"
  | "flags"
  | "criteria"
  | "totalPoints"
  | "maxPoints"
  | "feedback"
  | "explanation"
  | "gradedBy"
  | "model"
  | "usage"
  | "version"
>;
export type Audit = Pick<
  Api.Audit,
  | "gradeId"
  | "rubricId"
  | "rubricVersion"
  | "model"
  | "promptVersion"
  | "usage"
  | "cost"
  | "flags"
  | "humanChanges"
  | "attempts"
  | "answer"
>;

export type Appeal = Pick<Api.Appeal, "id" | "criterionId" | "reason" | "by" | "status">;
export type QueueEntry = Pick<
  Api.QueueEntry,
  "groupId" | "size" | "pending" | "firstGradeId" | "grade" | "answer" | "appeals"
>;
export type ReviewQueuePage = Api.ReviewQueuePage;

export type Job = Pick<Api.Job, "id" | "status" | "total" | "rubricId" | "counts">;
export type JobList = Api.JobList;

export type Calibration = Pick<Api.Calibration, "id" | "status" | "jobId" | "answerCount" | "metrics">;

export type IntegrationList = Api.IntegrationList;
