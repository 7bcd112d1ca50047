import { afterEach, describe, expect, it } from "vitest";
import { createScriptedModel, oneCriterionReply, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * What one grade may cost and what an answer may be: the per-grade budget (refused with 400 before
 * any model call), the answer limit counted in characters as a teacher counts them, and answers
 * that cannot be stored exactly as submitted.
 */

let model: ScriptedModel;
let test: TestApp;

async function start(env: Record<string, string> = {}) {
  model = createScriptedModel({ fallback: oneCriterionReply(0) });
  test = await buildTestApp({ env, dependencies: { model } });
}
afterEach(() => test.close());

const upload = (rubric: object) => test.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
const grade = (body: object) => test.app.inject({ method: "POST", url: "/v1/grade", payload: body });

/** A rubric with `count` criteria, graded one criterion per call. */
function perCriterionRubric(count: number, samples?: number) {
  return {
    ...scienceRubric,
    id: `wide-${count}`,
    criteria: Array.from({ length: count }, (_, index) => ({
      id: `c${index}`,
      title: `Criterion ${index}`,
      description: "Names one idea.",
      maxPoints: 1,
    })),
    grading: { strategy: "per-criterion", ...(samples ? { samples } : {}) },
  };
}

describe("the per-grade budget", () => {
  it("refuses a request whose samples would make more calls than one grade may, before any call", async () => {
    // Regression: 30 criteria × 9 samples per criterion made 271 provider calls for one answer.
    await start({ GRADER_MAX_CALLS_PER_GRADE: "30" });
    expect((await upload(perCriterionRubric(10))).statusCode).toBe(201);
    const response = await grade({ rubricId: "wide-10", answer: "Some ideas.", samples: 9 });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("grade_budget_exceeded");
    expect(error.message).toMatch(/90 model calls; one grade may make at most 30/);
    expect(error.details[0].path).toBe("samples");
    expect(model.calls).toHaveLength(0);

    const within = await grade({ rubricId: "wide-10", answer: "Some ideas.", samples: 3 });
    expect(within.statusCode).toBe(200);
    expect(model.calls).toHaveLength(30);
  });

  it("refuses a request whose input tokens would exceed the budget, naming the variable", async () => {
    await start({ GRADER_MAX_INPUT_TOKENS_PER_GRADE: "1000" });
    expect((await upload(scienceRubric)).statusCode).toBe(201);
    const response = await grade({ rubricId: scienceRubric.id, answer: "word ".repeat(1_000) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "grade_budget_exceeded" });
    expect(response.json().error.message).toContain("GRADER_MAX_INPUT_TOKENS_PER_GRADE");
    expect(model.calls).toHaveLength(0);
  });

  it("refuses at upload a rubric whose own grading options are over the budget", async () => {
    await start({ GRADER_MAX_CALLS_PER_GRADE: "20" });
    const response = await upload(perCriterionRubric(10, 3));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("grade_budget_exceeded");
    expect(response.json().error.details[0]).toMatchObject({ path: "grading.samples" });
    const list = await test.app.inject({ method: "GET", url: "/v1/rubrics" });
    expect(list.json().rubrics).toEqual([]);
  });
});

describe("answer text", () => {
  it("counts the answer limit in characters, not UTF-16 units", async () => {
    // Regression: 10,001 emoji were "20002 characters".
    await start({ GRADER_MAX_ANSWER_CHARS: "100" });
    expect((await upload(scienceRubric)).statusCode).toBe(201);
    model.fallback = JSON.stringify({
      criteria: {
        inputs: { rationale: "r", evidence: [], points: 0 },
        outputs: { rationale: "r", evidence: [], points: 0 },
      },
      explanation: "e",
      feedback: "f",
    });
    const hundredEmoji = "🌱".repeat(100);
    expect((await grade({ rubricId: scienceRubric.id, answer: hundredEmoji })).statusCode).toBe(200);
    const tooLong = await grade({ rubricId: scienceRubric.id, answer: `${hundredEmoji}x` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: "answer_too_long" });
    expect(tooLong.json().error.message).toContain("101 characters");
  });

  it("refuses an answer with a lone surrogate instead of storing it changed", async () => {
    // Regression: "\ud800" was stored as U+FFFD, so the stored answer was not the one submitted.
    await start();
    expect((await upload(scienceRubric)).statusCode).toBe(201);
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: `{"rubricId": "${scienceRubric.id}", "answer": "Plants need light \\ud800 and water"}`,
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("invalid_request");
    expect(error.details).toEqual([{ path: "answer", message: expect.stringContaining("\\uD800") }]);
    expect(model.calls).toHaveLength(0);
    const list = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(list.json().grades).toEqual([]);

    // A well-formed pair (an emoji) is of course fine.
    model.fallback = JSON.stringify({
      criteria: {
        inputs: { rationale: "r", evidence: [], points: 0 },
        outputs: { rationale: "r", evidence: [], points: 0 },
      },
      explanation: "e",
      feedback: "f",
    });
    const emoji = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: `{"rubricId": "${scienceRubric.id}", "answer": "Plants \\ud83c\\udf31 need light"}`,
    });
    expect(emoji.statusCode).toBe(200);
  });
});
