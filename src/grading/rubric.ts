import { z } from "zod";
import { quoteShown } from "../lib/code-points.js";
import { visibleTextSchema, withMaxCharacters, withoutControlCharacters } from "./visible-text.js";

/**
 * The rubric file format teachers write (YAML or JSON). docs/rubric-format.md documents it and
 * docs/rubric.schema.json is generated from this schema (`npm run schema:rubric`) for editors.
 * Objects are strict: a misspelt key (`maxpoints`) is an error, not a silently ignored field.
 */

/** What every rubric and criterion id is: a slug of lowercase letters and digits, joined by `-` or `_`. */
export const slugPattern = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/**
 * What every rubric version is: 16 lowercase hex digits, the content hash `contentVersion` makes in
 * rubric loading (kept apart from it here: the teacher page's types must not reach node:crypto).
 */
export const rubricVersionPattern = /^[0-9a-f]{16}$/;

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(slugPattern, "must be a slug: lowercase letters, digits, '-' or '_'");

/** Points are whole or half points: exact in binary floating point, so sums are exact too. */
const halfPoints = z
  .number()
  .finite()
  .refine((value) => Number.isInteger(value * 2), "must be a whole or half number (such as 1 or 1.5)");

/**
 * A teacher's text: trimmed, not empty to a reader (a title of zero-width spaces or bidi controls is
 * empty too), and without control characters but tabs and line breaks: the rule of every person's text.
 */
const text = visibleTextSchema;

const languageTag = z
  .string()
  .min(2)
  .max(35)
  .transform((tag, context) => {
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? tag;
    } catch {
      context.addIssue({
        code: "custom",
        message: `${quoteShown(tag)} is not a BCP 47 language tag (such as en, de-CH, fa)`,
      });
      return z.NEVER;
    }
  });

export const levelSchema = z
  .strictObject({
    points: halfPoints.min(0).describe("Points given at this level: 0..maxPoints, whole or half."),
    description: text(2_000).describe("What an answer at this level shows."),
  })
  .describe("One achievement level of a criterion.");

export const criterionSchema = z
  .strictObject({
    id: slug.describe("Stable id, unique within the rubric; grades refer to criteria by it."),
    title: text(200),
    description: text(4_000).describe("What this criterion assesses, written for the grader."),
    maxPoints: halfPoints.positive().max(1_000).describe("Greater than 0; whole or half points."),
    levels: z
      .array(levelSchema)
      .min(1)
      .max(12)
      .optional()
      .describe(
        "Optional achievement levels. When present, the grader may only give 0 or one of these points values.",
      ),
  })
  .superRefine((criterion, context) => {
    const seen = new Set<number>();
    criterion.levels?.forEach((level, index) => {
      if (level.points > criterion.maxPoints) {
        context.addIssue({
          code: "custom",
          path: ["levels", index, "points"],
          message: `must be between 0 and maxPoints (${criterion.maxPoints})`,
        });
      }
      if (seen.has(level.points)) {
        context.addIssue({
          code: "custom",
          path: ["levels", index, "points"],
          message: `duplicate level points ${level.points}: each level needs its own points value`,
        });
      }
      seen.add(level.points);
    });
  });

export const exemplarSchema = z
  .strictObject({
    answer: text(10_000).describe("A real or realistic student answer."),
    points: z
      .record(z.string(), z.number())
      .describe("Points the teacher gave, by criterion id; every criterion must be listed."),
    feedback: withoutControlCharacters(withMaxCharacters(z.string().trim(), 4_000)).optional(),
  })
  .describe("A graded example shown to the model (few-shot).");

/** How many times the model grades one answer (per rubric or per request). */
export const sampleCountSchema = z.number().int().min(1).max(9);

export const gradingStrategies = ["all-criteria", "per-criterion"] as const;
export const evidencePolicies = ["review", "cap-at-lowest-level"] as const;

export const gradingOptionsSchema = z
  .strictObject({
    strategy: z
      .enum(gradingStrategies)
      .default("all-criteria")
      .describe("all-criteria: one model call per grade; per-criterion: one call per criterion."),
    samples: sampleCountSchema
      .optional()
      .describe("How many times the model grades each answer; the median is kept. Default from config."),
    evidencePolicy: z
      .enum(evidencePolicies)
      .default("review")
      .describe(
        "When a criterion's quotes cannot be found in the answer: send the grade to review, or cap the criterion at its lowest level.",
      ),
    modelInjectionScreen: z
      .boolean()
      .default(false)
      .describe("Also ask the model whether the answer tries to manipulate the grader (one extra call)."),
  })
  .describe("How answers to this rubric are graded.");

export const rubricDocumentSchema = z
  .strictObject({
    id: slug.describe("Stable id of the rubric; uploading the same id again makes a new version."),
    title: text(200),
    question: text(10_000).describe("The question or task the students answered."),
    language: languageTag
      .default("en")
      .describe("BCP 47 tag of the language the feedback is written in (en, de, fa, ar-EG, ...)."),
    referenceAnswer: text(10_000).optional().describe("A model answer; the grader compares against it."),
    gradingNotes: text(10_000)
      .optional()
      .describe("Teacher-only guidance for the grader: accepted variants, common mistakes, edge cases."),
    criteria: z.array(criterionSchema).min(1, "needs at least one criterion").max(30),
    exemplars: z.array(exemplarSchema).max(10).optional(),
    grading: gradingOptionsSchema.optional(),
  })
  .superRefine((rubric, context) => {
    const byId = new Map<string, z.infer<typeof criterionSchema>>();
    rubric.criteria.forEach((criterion, index) => {
      if (byId.has(criterion.id)) {
        context.addIssue({
          code: "custom",
          path: ["criteria", index, "id"],
          message: `duplicate criterion id "${criterion.id}"`,
        });
      }
      byId.set(criterion.id, criterion);
    });
    rubric.exemplars?.forEach((exemplar, exemplarIndex) => {
      for (const [criterionId, points] of Object.entries(exemplar.points)) {
        const criterion = byId.get(criterionId);
        const path = ["exemplars", exemplarIndex, "points", criterionId];
        if (!criterion) {
          context.addIssue({
            code: "custom",
            path,
            message: `no criterion has id ${quoteShown(criterionId.length > 64 ? `${criterionId.slice(0, 64)}…` : criterionId)}`,
          });
        } else if (!isAllowedPoints(criterion, points)) {
          context.addIssue({ code: "custom", path, message: describeAllowedPoints(criterion) });
        }
      }
      for (const criterionId of byId.keys()) {
        // Own keys only: `"constructor" in {}` is true, so a criterion of that id was never missing.
        if (!Object.hasOwn(exemplar.points, criterionId)) {
          context.addIssue({
            code: "custom",
            path: ["exemplars", exemplarIndex, "points"],
            message: `missing points for criterion "${criterionId}"`,
          });
        }
      }
    });
  })
  .describe("A grading rubric: the question, what is assessed and how many points each criterion is worth.");

export type RubricDocument = z.output<typeof rubricDocumentSchema>;
export type Criterion = RubricDocument["criteria"][number];
export type GradingOptions = z.output<typeof gradingOptionsSchema>;

/** A validated rubric with its content version. */
export interface Rubric extends RubricDocument {
  /** Content hash of the normalised document: equal content, equal version. */
  version: string;
}

/**
 * The points the grader may give for a criterion, ascending, when the set is small enough to list:
 * 0 plus every level's points when the criterion has levels (0 is always allowed, for a missing or
 * irrelevant answer), otherwise every half point up to maxPoints when there are at most 21 of them.
 * Returns undefined for large continuous ranges (then any half point in 0..maxPoints is allowed).
 */
export function allowedPoints(criterion: Pick<Criterion, "maxPoints" | "levels">): number[] | undefined {
  if (criterion.levels) {
    return [...new Set([0, ...criterion.levels.map((level) => level.points)])].sort((a, b) => a - b);
  }
  const halfSteps = criterion.maxPoints * 2;
  if (halfSteps > 20) return undefined;
  return Array.from({ length: halfSteps + 1 }, (_, step) => step / 2);
}

/** True when `points` is a value the criterion allows (see allowedPoints). */
export function isAllowedPoints(criterion: Pick<Criterion, "maxPoints" | "levels">, points: number): boolean {
  if (!Number.isFinite(points) || points < 0 || points > criterion.maxPoints) return false;
  if (!Number.isInteger(points * 2)) return false;
  return criterion.levels ? allowedPoints(criterion)!.includes(points) : true;
}

/** The lowest points value a criterion allows above nothing: used to cap unsupported awards. */
export function lowestLevelPoints(criterion: Pick<Criterion, "maxPoints" | "levels">): number {
  if (!criterion.levels) return 0;
  return Math.min(...criterion.levels.map((level) => level.points));
}

export function describeAllowedPoints(criterion: Pick<Criterion, "maxPoints" | "levels">): string {
  const allowed = allowedPoints(criterion);
  if (criterion.levels && allowed) return `must be one of ${allowed.join(", ")}`;
  return `must be a whole or half number between 0 and ${criterion.maxPoints}`;
}

/** Sum of maxPoints, computed in code. */
export function rubricMaxPoints(rubric: Pick<RubricDocument, "criteria">): number {
  return rubric.criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0);
}
