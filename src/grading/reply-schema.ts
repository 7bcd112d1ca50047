import { z } from "zod";
import { allowedPoints, type Criterion, type RubricDocument } from "./rubric.js";

/**
 * Zod schemas for what the model must reply, built per rubric. They are sent to the provider as a
 * strict JSON schema (so every field is required, optional values are `.nullable()`, and no
 * `oneOf`/`allOf` appears) and used again, by us, to validate the reply.
 *
 * Field order is deliberate: the rationale and the quotes come before the points, so the model
 * reasons and cites before it scores.
 */

/** Points for one criterion: one of the allowed values when they can be listed, else a bounded half-point number. */
export function buildPointsSchema(criterion: Pick<Criterion, "maxPoints" | "levels">) {
  const allowed = allowedPoints(criterion);
  if (allowed) {
    const [first, ...rest] = allowed as [number, ...number[]];
    return z.literal([first, ...rest]).describe(`Points: one of ${allowed.join(", ")}.`);
  }
  return z
    .number()
    .min(0)
    .max(criterion.maxPoints)
    .multipleOf(0.5)
    .describe(`Points: a whole or half number from 0 to ${criterion.maxPoints}.`);
}

export function buildCriterionReplySchema(criterion: Criterion) {
  return z.strictObject({
    rationale: z
      .string()
      .describe("One or two sentences for the teacher: what the answer shows for this criterion."),
    evidence: z
      .array(z.string())
      .describe("Exact quotes copied from the student's answer that support the points; empty if none."),
    points: buildPointsSchema(criterion),
  });
}

const feedbackField = z
  .string()
  .describe(
    "Feedback addressed to the student, in the rubric's language; empty if every criterion has full marks.",
  );
const explanationField = z
  .string()
  .describe("For the teacher: a short summary of why the answer earned these points.");

/** Reply for the all-criteria strategy: one object per criterion id, exactly the rubric's ids. */
export function buildAllCriteriaReplySchema(rubric: Pick<RubricDocument, "criteria">) {
  const criteria = Object.fromEntries(
    rubric.criteria.map((criterion) => [criterion.id, buildCriterionReplySchema(criterion)]),
  );
  return z.strictObject({
    criteria: z.strictObject(criteria),
    explanation: explanationField,
    feedback: feedbackField,
  });
}

/** Reply for the per-criterion strategy: one criterion per call. */
export function buildOneCriterionReplySchema(criterion: Criterion) {
  return buildCriterionReplySchema(criterion).extend({
    feedback: z
      .string()
      .describe("One or two sentences to the student about this criterion only, in the rubric's language."),
  });
}

export type CriterionReply = z.infer<ReturnType<typeof buildCriterionReplySchema>>;
export interface AllCriteriaReply {
  criteria: Record<string, CriterionReply>;
  explanation: string;
  feedback: string;
}
export type OneCriterionReply = CriterionReply & { feedback: string };
