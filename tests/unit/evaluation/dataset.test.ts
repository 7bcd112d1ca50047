import { describe, expect, it } from "vitest";
import {
  answerKey,
  buildRubricForQuestion,
  labelledAnswerSchema,
  pickExemplars,
  rubricIdFor,
  scaleFor,
  seededShuffle,
  type LabelledAnswer,
} from "../../../src/evaluation/dataset.js";
import { allowedPoints } from "../../../src/grading/rubric.js";

const answer = (overrides: Partial<LabelledAnswer>): LabelledAnswer =>
  labelledAnswerSchema.parse({
    dataset: "saf-communication-networks-en-v2",
    split: "train",
    question_id: "1.6",
    question: "Which encoding should be used?",
    reference_answer: "Binary encoding.",
    answer_id: "1.6.1",
    answer: "Binary.",
    score: 2.5,
    max_score: 2.5,
    ...overrides,
  });

describe("labelled answers and built rubrics", () => {
  it("keys answers by data set, split and id, since SAF ids repeat across splits", () => {
    const train = answer({ answer_id: "1.6.343", split: "train" });
    const unseen = answer({ answer_id: "1.6.343", split: "test-unseen-answers" });
    expect(answerKey(train)).not.toBe(answerKey(unseen));
  });

  it("makes valid, distinct rubric ids from any question id", () => {
    const id = rubricIdFor(answer({ question_id: "BULB_C_VOLTAGE_EXPLAIN_WHY1" }));
    expect(id).toMatch(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(rubricIdFor(answer({ question_id: "1.6" }))).not.toBe(rubricIdFor(answer({ question_id: "1-6" })));
  });

  it("uses the teachers' half-point scores as levels, and the whole half-point range otherwise", () => {
    const levelled = buildRubricForQuestion([
      answer({ score: 0 }),
      answer({ score: 1.5, answer_id: "b" }),
      answer({ score: 2.5, answer_id: "c" }),
    ]);
    expect(levelled.referenceAnswer).toBe("Binary encoding.");
    expect(allowedPoints(levelled.criteria[0]!)).toEqual([0, 1.5, 2.5]);
    const quarters = buildRubricForQuestion([
      answer({ score: 0.25, max_score: 1, language: "de" }),
      answer({ score: 0.75, max_score: 1, answer_id: "b", language: "de" }),
    ]);
    expect(quarters.criteria[0]!.levels).toBeUndefined();
    expect(quarters.language).toBe("de");
    expect(scaleFor(quarters, [0.25, 0.75])).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("cuts a long question or reference answer to the rubric's limits in whole characters", () => {
    // Regression: a UTF-16 slice ended inside the emoji at the cut (half a surrogate pair went to the
    // model) and kept 5,000 emoji of a limit of 10,000 characters.
    const built = buildRubricForQuestion([
      answer({ question: `Q ${"🌱".repeat(12_000)}`, reference_answer: `x${"🌱".repeat(12_000)}` }),
    ]);
    expect(built.question).toBe(`Q ${"🌱".repeat(9_998)}`);
    expect(built.referenceAnswer).toBe(`x${"🌱".repeat(9_999)}`);
    expect(built.referenceAnswer!.isWellFormed()).toBe(true);
  });

  it("adds exemplars drawn reproducibly from the training split, skipping scores a rubric cannot give", () => {
    const candidates = [
      answer({ answer_id: "a", answer: "one", score: 2.5 }),
      answer({ answer_id: "b", answer: "two", score: 1.25 }),
      answer({ answer_id: "c", answer: "three", score: 0, split: "test-unseen-answers" }),
      answer({ answer_id: "d", answer: "four", score: 1.5 }),
    ];
    const picked = pickExemplars(candidates, 2, 5);
    expect(picked).toEqual(pickExemplars(candidates, 2, 5));
    expect(picked.map((exemplar) => exemplar.answer).sort()).toEqual(["four", "one"]);
    const rubric = buildRubricForQuestion(candidates, picked);
    expect(rubric.exemplars).toHaveLength(2);
    expect(seededShuffle([1, 2, 3, 4, 5], 9)).toEqual(seededShuffle([1, 2, 3, 4, 5], 9));
  });
});
