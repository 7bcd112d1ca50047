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
});
export type CriterionResult = z.infer<typeof criterionResultSchema>;

export const gradeSchema = z.object({
  id: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  studentId: z.string().nullable(),
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
