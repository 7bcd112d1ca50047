import { afterEach, describe, expect, it } from "vitest";
import { createScriptedModel, oneCriterionReply, type ScriptedModel } from "../helpers/scripted-model.js";
import { openStorage } from "../../src/storage/database.js";
import { buildTestApp, scienceRubric, testConfig, type TestApp } from "../helpers/test-app.js";

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
    expect(error.details[0].path).toBe("body.samples");
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

  it("names the rubric, not body.samples, when the rubric's own options are over a budget lowered since its upload", async () => {
    // Regression: a grade that sent no samples was told to change `body.samples`.
    const storage = await openStorage(testConfig().database);
    try {
      model = createScriptedModel({ fallback: oneCriterionReply(0) });
      const before = await buildTestApp({
        env: { GRADER_MAX_CALLS_PER_GRADE: "30" },
        storage,
        dependencies: { model },
      });
      expect(
        (await before.app.inject({ method: "POST", url: "/v1/rubrics", payload: perCriterionRubric(10, 3) }))
          .statusCode,
      ).toBe(201);
      await before.close();
      test = await buildTestApp({
        env: { GRADER_MAX_CALLS_PER_GRADE: "20" },
        storage,
        dependencies: { model },
      });
      const response = await grade({ rubricId: "wide-10", answer: "Some ideas." });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe("grade_budget_exceeded");
      expect(error.details[0].path).toBe("body.rubricId");
      expect(error.message).toMatch(
        /rubric's grading options: .*30 model calls; one grade may make at most 20/,
      );
      expect(model.calls).toHaveLength(0);

      const fewer = await grade({ rubricId: "wide-10", answer: "Some ideas.", samples: 3 });
      expect(fewer.json().error.details[0].path).toBe("body.samples");
    } finally {
      await test.close();
      await storage.close();
      test = await buildTestApp();
    }
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
    expect(error.details).toEqual([
      { path: "body.answer", message: expect.stringContaining("unpaired UTF-16 surrogate at offset 18") },
    ]);
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

describe("text that could not be stored as sent", () => {
  const rawPost = (url: string, body: Buffer | string, contentType: string) =>
    test.app.inject({ method: "POST", url, headers: { "content-type": contentType }, payload: body });

  it("refuses a body that is not UTF-8 instead of storing U+FFFD", async () => {
    await start();
    expect((await upload(scienceRubric)).statusCode).toBe(201);
    const bytes = Buffer.concat([
      Buffer.from(`{"rubricId": "${scienceRubric.id}", "answer": "Plants need light `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(` and water"}`),
    ]);
    const response = await rawPost("/v1/grade", bytes, "application/json");
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_request" });
    expect(response.json().error.message).toMatch(/^body: is not valid UTF-8 text/);
    expect(model.calls).toHaveLength(0);
  });

  it("names any field with a lone surrogate, not only the answer", async () => {
    await start();
    expect((await upload(scienceRubric)).statusCode).toBe(201);
    const response = await rawPost(
      "/v1/grade",
      `{"rubricId": "${scienceRubric.id}", "answer": "fine", "studentId": "s-\\udc00-1"}`,
      "application/json",
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "body.studentId", message: expect.stringContaining("unpaired UTF-16 surrogate at offset 2") },
    ]);
  });

  it("says when the lone surrogate is in a property name, naming the object that holds it", async () => {
    await start();
    const response = await rawPost(
      "/v1/grade",
      `{"rubricId": "x", "answer": "fine", "\\ud800": 1}`,
      "application/json",
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      {
        path: "body",
        message: expect.stringContaining("has a property name that contains an unpaired UTF-16 surrogate"),
      },
    ]);
  });

  it("refuses rubric uploads with invalid UTF-8 or a lone surrogate, in JSON and YAML", async () => {
    await start();
    const yaml = Buffer.concat([
      Buffer.from("id: broken\ntitle: T"),
      Buffer.from([0xc3, 0x28]),
      Buffer.from("\n"),
    ]);
    const yamlResponse = await rawPost("/v1/rubrics", yaml, "application/yaml");
    expect(yamlResponse.statusCode).toBe(400);
    expect(yamlResponse.json().error.message).toMatch(/^body: is not valid UTF-8 text/);

    const json = JSON.stringify({ ...scienceRubric, title: "PLACEHOLDER" }).replace(
      "PLACEHOLDER",
      "Photo\\ud800synthesis",
    );
    const jsonResponse = await rawPost("/v1/rubrics", json, "application/json");
    expect(jsonResponse.statusCode).toBe(400);
    expect(jsonResponse.json().error).toMatchObject({ code: "invalid_rubric" });
    expect(jsonResponse.json().error.details[0].path).toBe("title");
    const list = await test.app.inject({ method: "GET", url: "/v1/rubrics" });
    expect(list.json().rubrics).toEqual([]);
  });
});
