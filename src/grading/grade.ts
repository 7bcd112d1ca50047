import { z } from "zod";

/**
 * Why a grade needs a person, or what happened while it was made. A grade carries the codes; the audit
 * record carries each with its reason.
 */
export const flagCodes = [
  "blank",
  "output_invalid",
  "evidence_unverified",
  "injection_suspected",
  "low_agreement",
  "canary_leaked",
  "appealed",
  "uncalibrated",
] as const;
export type FlagCode = (typeof flagCodes)[number];

export const flagSchema = z.object({
  code: z.enum(flagCodes),
  reason: z.string(),
  criterionId: z.string().optional(),
  requiresReview: z
    .boolean()
    .describe("True when the flag keeps the grade out of automatic release until a person has looked at it."),
  origin: z
    .literal("answer-screen")
    .optional()
    .describe("Set on flags of the deterministic answer screen, which is run afresh even for cached grades."),
});
export type Flag = z.infer<typeof flagSchema>;

export const gradeStatuses = ["graded", "needs_review"] as const;
export type GradeStatus = (typeof gradeStatuses)[number];

export const criterionResultSchema = z.object({
  criterionId: z.string(),
  points: z
    .number()
    .nullable()
    .describe("null when no valid score exists (the reply was unusable): the grade then needs review."),
  maxPoints: z.number(),
  rationale: z.string(),
  evidence: z.array(z.string()).describe("Verbatim quotes from the answer that support the points."),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("Agreement of the model's samples for this criterion (1 = all agreed); null without samples."),
  comment: z
    .string()
    .nullable()
    .default(null)
    .describe("A teacher's comment on this criterion, for the student; null when there is none."),
});
export type CriterionResult = z.infer<typeof criterionResultSchema>;

export const reviewActions = [
  "changed",
  "approved",
  "reopened",
  "group",
  "appealed",
  "appeal_resolved",
] as const;

export const lastReviewSchema = z
  .object({
    action: z.enum(reviewActions),
    by: z.string().describe("The reviewer named in the action."),
    at: z.string(),
  })
  .describe("The last thing a teacher did to this grade; null when none has.");

export const gradeSchema = z.object({
  id: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  studentId: z.string().nullable(),
  submissionId: z
    .string()
    .nullable()
    .default(null)
    .describe("Your id for the submission (an LMS's), as sent with the answer; null when none was."),
  groupId: z
    .string()
    .nullable()
    .default(null)
    .describe(
      "The answer group: answers to the same rubric version that are the same text once spacing is folded.",
    ),
  status: z.enum(gradeStatuses),
  flags: z.array(z.enum(flagCodes)),
  criteria: z.array(criterionResultSchema),
  totalPoints: z.number().nullable().describe("Sum of criterion points, computed by the service."),
  maxPoints: z.number(),
  feedback: z
    .string()
    .describe("For the student, in the rubric's language; empty when every criterion is full."),
  explanation: z.string().describe("For the teacher: why the grade is what it is."),
  gradedBy: z.enum(["model", "rule", "human"]),
  review: lastReviewSchema.nullable().default(null),
  model: z.string(),
  usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
  cached: z.boolean(),
  outdated: z.boolean().describe("True when the rubric has a newer version than the one this grade used."),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z
    .number()
    .int()
    .min(1)
    .describe("1 when the grade is made, +1 on every change; the ETag names it, If-Match compares it."),
});
export type Grade = z.infer<typeof gradeSchema>;

/** The grade as stored: `outdated` is derived when it is read. */
export type StoredGrade = Omit<Grade, "outdated">;

/**
 * A stored grade document as the current code reads it: fields added after it was stored get their
 * defaults (no comment, no submission id, no group, no review), so old grades read like new ones.
 */
export function upgradeStoredGrade(document: StoredGrade): StoredGrade {
  // Fields are missing at run time in documents stored by older versions, whatever the type says.
  const criteria = (document.criteria as CriterionResult[] | undefined) ?? [];
  if (document.review !== undefined && criteria.every((criterion) => criterion.comment !== undefined)) {
    return document;
  }
  return {
    ...document,
    submissionId: document.submissionId ?? null,
    groupId: document.groupId ?? null,
    review: document.review ?? null,
    criteria: criteria.map((criterion) => ({ ...criterion, comment: criterion.comment ?? null })),
  };
}

/** Sum of points computed in code; null when any criterion has no valid score. */
export function totalOf(criteria: readonly Pick<CriterionResult, "points">[]): number | null {
  let total = 0;
  for (const criterion of criteria) {
    if (criterion.points === null) return null;
    total += criterion.points;
  }
  return total;
}

export function statusFor(flags: readonly Flag[]): GradeStatus {
  return flags.some((flag) => flag.requiresReview) ? "needs_review" : "graded";
}

export function flagCodesOf(flags: readonly Flag[]): FlagCode[] {
  return [...new Set(flags.map((flag) => flag.code))];
}
