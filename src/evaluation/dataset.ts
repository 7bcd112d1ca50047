import { z } from "zod";
import { validateRubricDocument } from "../grading/rubric-loading.js";
import { allowedPoints, type Rubric } from "../grading/rubric.js";
import { codePointPrefix } from "../lib/code-points.js";
import { sha256Hex } from "../lib/hashing.js";
import { createPrng } from "./bootstrap.js";

/**
 * Labelled answers for an evaluation, in the JSONL shape of the converted public data sets
 * (SemEval-2013 Task 7, SAF English and German; see docs/evaluation.md), and rubrics built from them.
 * Extra fields are kept out of the way; only these are read.
 */
export const labelledAnswerSchema = z.object({
  dataset: z.string().default("data"),
  split: z.string().default(""),
  question_id: z.coerce.string(),
  question: z.string().min(1),
  reference_answer: z.string().nullish(),
  rubric: z.unknown().nullish(),
  answer_id: z.coerce.string(),
  answer: z.string(),
  score: z.number().finite().min(0),
  max_score: z.number().finite().positive(),
  label: z.string().nullish(),
  language: z.string().nullish(),
});
export type LabelledAnswer = z.infer<typeof labelledAnswerSchema>;

/**
 * An answer's identity: answer ids repeat across splits (SAF) and across data sets, so the key is
 * data set, split and id together.
 */
export function answerKey(answer: Pick<LabelledAnswer, "dataset" | "split" | "answer_id">): string {
  return JSON.stringify([answer.dataset, answer.split, answer.answer_id]);
}

/** A question's identity across data sets. */
export function questionKey(answer: Pick<LabelledAnswer, "dataset" | "question_id">): string {
  return JSON.stringify([answer.dataset, answer.question_id]);
}

/** A rubric id (a slug of at most 64 characters) that names the question and cannot collide. */
export function rubricIdFor(answer: Pick<LabelledAnswer, "dataset" | "question_id">): string {
  const slug = `${answer.dataset}-${answer.question_id}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `eval-${slug || "q"}-${sha256Hex(questionKey(answer)).slice(0, 8)}`;
}

/** Whole or half points, as rubrics allow them. */
const isHalfPoint = (value: number) => Number.isInteger(value * 2);

/**
 * A one-criterion rubric for a question that ships none: the question, the reference answer and the
 * score range. When every score teachers gave this question is a whole or half point (and there are at
 * most 12), those scores become the levels, so the grader uses the teachers' scale (0/1 for SemEval);
 * otherwise any half point up to the maximum is allowed. Throws when the result is not a valid rubric
 * (say a maximum that is not a whole or half point).
 */
export function buildRubricForQuestion(
  answers: readonly LabelledAnswer[],
  exemplars: Exemplar[] = [],
): Rubric {
  const first = answers[0];
  if (!first) throw new RangeError("a rubric needs at least one answer to the question");
  const maxPoints = Math.max(...answers.map((answer) => answer.max_score));
  const used = [...new Set(answers.map((answer) => answer.score))]
    .filter((score) => score > 0)
    .sort((a, b) => a - b);
  const levels =
    used.length > 0 &&
    used.length <= 12 &&
    used.every(isHalfPoint) &&
    used.every((score) => score <= maxPoints)
      ? used.map((points) => ({
          points,
          description:
            points === maxPoints
              ? "Fully correct and complete compared with the reference answer."
              : `Partly correct: ${points} of ${maxPoints} points for the parts of the reference answer that are present and correct.`,
        }))
      : undefined;
  const reference = first.reference_answer?.trim();
  const document = {
    id: rubricIdFor(first),
    // Cut in code points, as the rubric's limits count: a slice of UTF-16 units could end inside an emoji,
    // leaving half a surrogate pair in the prompt, and kept only half as many emoji as the limit allows.
    title: codePointPrefix(`${first.dataset} question ${first.question_id}`, 200),
    question: codePointPrefix(first.question, 10_000),
    language: first.language ?? "en",
    ...(reference ? { referenceAnswer: codePointPrefix(reference, 10_000) } : {}),
    gradingNotes:
      "Built for an evaluation from the question, the reference answer and the score range; the data set ships no rubric. " +
      "Give points for the content of the reference answer that the student states correctly; wrong or contradictory statements earn nothing.",
    criteria: [
      {
        id: "correctness",
        title: "Correct and complete answer",
        description: `How much of the reference answer the student's answer states correctly (0 to ${maxPoints} points).`,
        maxPoints,
        ...(levels ? { levels } : {}),
      },
    ],
    ...(exemplars.length > 0
      ? {
          exemplars: exemplars.map((exemplar) => ({
            answer: exemplar.answer,
            points: { correctness: exemplar.score },
          })),
        }
      : {}),
  };
  const validation = validateRubricDocument(document);
  if (!validation.ok) {
    const problems = validation.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
    throw new RangeError(`question ${first.question_id}: the built rubric is not valid (${problems})`);
  }
  return validation.rubric;
}

export interface Exemplar {
  answer: string;
  score: number;
}

/**
 * Up to `count` graded examples for a question, drawn (seeded) from answers that are not being evaluated,
 * preferring the training split, skipping scores the rubric could not express and answers too long for
 * an exemplar. Deterministic for a seed.
 */
export function pickExemplars(
  candidates: readonly LabelledAnswer[],
  count: number,
  seed: number,
): Exemplar[] {
  const usable = candidates.filter(
    (answer) => isHalfPoint(answer.score) && answer.answer.trim().length > 0 && answer.answer.length <= 2_000,
  );
  const training = usable.filter((answer) => answer.split === "train");
  const pool = seededShuffle(training.length >= count ? training : usable, seed);
  return pool.slice(0, count).map((answer) => ({ answer: answer.answer.trim(), score: answer.score }));
}

/** Fisher–Yates with the seeded generator: the same seed gives the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = createPrng(seed);
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  return shuffled;
}

/** The scale for a question's total: what the rubric allows, plus every gold score teachers gave. */
export function scaleFor(rubric: Rubric, golds: readonly number[]): number[] {
  const allowed =
    rubric.criteria.length === 1
      ? (allowedPoints(rubric.criteria[0]!) ?? [])
      : [0, rubric.criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0)];
  return [...new Set([...allowed, ...golds])].sort((a, b) => a - b);
}
