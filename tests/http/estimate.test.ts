import { afterEach, describe, expect, it } from "vitest";
import type { ModelCall } from "../../src/grading/ports.js";
import {
  allCriteriaReply,
  createScriptedModel,
  oneCriterionReply,
  type ScriptedModel,
} from "../helpers/scripted-model.js";
import { openStorage } from "../../src/storage/database.js";
import { buildTestApp, scienceRubric, testConfig, type TestApp } from "../helpers/test-app.js";

/**
 * Issue "Teachers' workflow", point 9: `POST /v1/estimate` says what grading N answers will take. It
 * plans answers exactly as grading does, so the estimate and the grading it describes never disagree:
 * these tests estimate, then grade the same answers and count what the model was really asked.
 */

const answers = [
  "Plants need light, water and carbon dioxide. They make glucose and oxygen.",
  "Light and water go in; sugar comes out, and the plant releases oxygen into the air around it.",
  "Photosynthesis uses sunlight to turn carbon dioxide and water into glucose, giving off oxygen as well.",
];

/** Valid replies for every task, quoting the answer so that no grade is sent to review. */
function replyFor(call: ModelCall): string {
  const answer = call.variables.answer ?? "";
  const quote = answer.split(" ").slice(0, 2).join(" ");
  if (call.task === "grade-one-criterion") return oneCriterionReply(1, { quote });
  if (call.task === "screen-injection") return JSON.stringify({ reasoning: "Ordinary.", injection: false });
  return allCriteriaReply({ inputs: 1, outputs: 1 }, { quote });
}

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

async function start(
  env: Record<string, string> = {},
  grading?: object,
): Promise<{ test: TestApp; model: ScriptedModel }> {
  const model = createScriptedModel({ fallback: replyFor });
  test = await buildTestApp({
    env: {
      GRADER_PRICES: JSON.stringify({
        "openai:scripted-model": { inputPerMillionTokens: 0.5, outputPerMillionTokens: 2 },
      }),
      ...env,
    },
    dependencies: { model },
  });
  const rubric = grading ? { ...scienceRubric, grading } : scienceRubric;
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
  expect(upload.statusCode).toBe(201);
  return { test, model };
}

const estimate = (app: TestApp, body: object) =>
  app.app.inject({ method: "POST", url: "/v1/estimate", payload: { rubricId: scienceRubric.id, ...body } });

describe("POST /v1/estimate against real grading", () => {
  const cases = [
    { strategy: "all-criteria", samples: 1, screen: false },
    { strategy: "all-criteria", samples: 3, screen: false },
    { strategy: "per-criterion", samples: 1, screen: false },
    { strategy: "per-criterion", samples: 2, screen: false },
    { strategy: "per-criterion", samples: 3, screen: true },
    { strategy: "all-criteria", samples: 2, screen: true },
  ] as const;

  it.each(cases)(
    "$strategy with $samples sample(s) (model screen: $screen): calls and input tokens are what grading uses",
    async ({ strategy, samples, screen }) => {
      const { test, model } = await start({}, { strategy, modelInjectionScreen: screen });
      const estimated = await estimate(test, { sampleAnswers: answers, samples });
      expect(estimated.statusCode).toBe(200);
      const body = estimated.json();

      for (const answer of answers) {
        const graded = await test.app.inject({
          method: "POST",
          url: "/v1/grade",
          payload: { rubricId: scienceRubric.id, answer, samples },
        });
        expect(graded.statusCode).toBe(200);
        expect(graded.json().cached).toBe(false);
      }

      const perAnswer = (strategy === "per-criterion" ? 2 : 1) * samples + (screen ? 1 : 0);
      expect(model.calls).toHaveLength(answers.length * perAnswer);
      expect(body).toMatchObject({
        model: "openai:scripted-model",
        strategy,
        samples,
        modelInjectionScreen: screen,
        answers: answers.length,
        answerBasis: "sampleAnswers",
        calls: { expected: model.calls.length, max: 2 * model.calls.length },
        perAnswer: { calls: { expected: perAnswer, max: 2 * perAnswer } },
        withinPerGradeBudget: true,
      });
      // The same token estimate the per-grade budget checks, call by call.
      const sentTokens = model.calls.reduce((sum, call) => sum + model.estimateInputTokens(call), 0);
      expect(body.inputTokens.expected).toBe(sentTokens);
      expect(body.inputTokens.max).toBeGreaterThan(2 * sentTokens);
      expect(body.outputTokens.expected).toBeGreaterThan(0);
      expect(body.outputTokens.max).toBe(2 * model.calls.length * 2_000);
      expect(body.outputTokens.basis).toContain("GRADER_MAX_OUTPUT_TOKENS");
      // Money from the price table: 0.5 USD per million input tokens, 2 per million output tokens.
      const cost = (input: number, output: number) =>
        Math.round(((input * 0.5 + output * 2) / 1_000_000) * 1e8) / 1e8;
      expect(body.cost).toEqual({
        currency: "USD",
        expected: cost(body.inputTokens.expected, body.outputTokens.expected),
        max: cost(body.inputTokens.max, body.outputTokens.max),
        inputPerMillionTokens: 0.5,
        outputPerMillionTokens: 2,
      });
    },
  );

  it("scales sample answers to the number of answers, and estimates a stated or default length", async () => {
    const { test } = await start();
    const three = (await estimate(test, { sampleAnswers: answers })).json();
    const thirty = (await estimate(test, { sampleAnswers: answers, answers: 30 })).json();
    expect(thirty.answers).toBe(30);
    expect(thirty.calls.expected).toBe(30);
    expect(thirty.inputTokens.expected).toBe(Math.round((three.inputTokens.expected * 30) / 3));
    expect(thirty.perAnswer).toEqual(expect.objectContaining({ calls: { expected: 1, max: 2 } }));

    const short = (await estimate(test, { answers: 10, averageAnswerChars: 200 })).json();
    const long = (await estimate(test, { answers: 10, averageAnswerChars: 4_000 })).json();
    expect(short).toMatchObject({ answerBasis: "averageAnswerChars", averageAnswerChars: 200 });
    expect(long.inputTokens.expected).toBeGreaterThan(short.inputTokens.expected);
    const fallback = (await estimate(test, { answers: 10 })).json();
    expect(fallback).toMatchObject({ answerBasis: "default", averageAnswerChars: 1_000 });
  });

  it("counts no call for a blank sample answer, as grading makes none", async () => {
    const { test, model } = await start();
    const body = (await estimate(test, { sampleAnswers: [answers[0], "   \u200b "] })).json();
    expect(body).toMatchObject({ blankSampleAnswers: 1, calls: { expected: 1, max: 2 } });
    for (const answer of [answers[0], "   \u200b "]) {
      await test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: scienceRubric.id, answer },
      });
    }
    expect(model.calls).toHaveLength(1);
  });

  it("says when a grade would be over the per-grade budget, and what to change", async () => {
    const { test } = await start({ GRADER_MAX_CALLS_PER_GRADE: "4" });
    const body = (await estimate(test, { answers: 5, strategy: "per-criterion", samples: 3 })).json();
    expect(body.withinPerGradeBudget).toBe(false);
    expect(body.perGradeBudget.maxCalls).toBe(4);
    expect(body.perGradeBudget.problems).toEqual([
      expect.objectContaining({ path: "body.samples", message: expect.stringContaining("6 model calls") }),
    ]);
    // Figures are given anyway: what the plan would have taken.
    expect(body.perAnswer.calls.expected).toBe(6);
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: answers[0], samples: 3 },
    });
    // The rubric's own strategy (all-criteria) is within the budget; the estimate was of another one.
    expect(graded.statusCode).toBe(200);
  });

  it("names the sample answer (or the length) over the input-token budget, as the client sent it", async () => {
    // Regression: the problem named `body.answer`, a field POST /v1/estimate does not take.
    const { test } = await start({ GRADER_MAX_INPUT_TOKENS_PER_GRADE: "1000" });
    const long = "word ".repeat(1_000);
    const samples = (await estimate(test, { sampleAnswers: [answers[0], long, long] })).json();
    expect(samples.withinPerGradeBudget).toBe(false);
    expect(samples.perGradeBudget.problems).toEqual([
      {
        path: "body.sampleAnswers[1]",
        message: expect.stringContaining("GRADER_MAX_INPUT_TOKENS_PER_GRADE"),
      },
      {
        path: "body.sampleAnswers[2]",
        message: expect.stringContaining("GRADER_MAX_INPUT_TOKENS_PER_GRADE"),
      },
    ]);
    const sized = (await estimate(test, { answers: 3, averageAnswerChars: 5_000 })).json();
    expect(sized.perGradeBudget.problems.map((problem: { path: string }) => problem.path)).toEqual([
      "body.averageAnswerChars",
    ]);
  });

  it("names the field that drives a too-many-calls problem: the request's samples, its strategy, or the rubric", async () => {
    // Regression: the problem named `body.samples` also when the request sent no samples.
    const { test } = await start({ GRADER_MAX_CALLS_PER_GRADE: "4" }, { samples: 3 });
    const callsPaths = async (body: object) =>
      (
        (await estimate(test, { answers: 5, ...body })).json().perGradeBudget.problems as { path: string }[]
      ).map((problem) => problem.path);
    // The rubric's 3 samples are within 4 calls all-criteria; the request's per-criterion strategy makes 6.
    expect(await callsPaths({})).toEqual([]);
    expect(await callsPaths({ strategy: "per-criterion" })).toEqual(["body.strategy"]);
    expect(await callsPaths({ strategy: "per-criterion", samples: 3 })).toEqual(["body.samples"]);
    expect(await callsPaths({ samples: 5 })).toEqual(["body.samples"]);
  });

  it("names the rubric when its own grading options make too many calls under today's limit", async () => {
    // A rubric uploaded under a higher GRADER_MAX_CALLS_PER_GRADE than the one in force now.
    const storage = await openStorage(testConfig().database);
    try {
      const before = await buildTestApp({
        storage,
        dependencies: { model: createScriptedModel({ fallback: replyFor }) },
      });
      const rubric = { ...scienceRubric, grading: { strategy: "per-criterion", samples: 3 } };
      const upload = await before.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
      expect(upload.statusCode, upload.body).toBe(201);
      await before.close();
      test = await buildTestApp({
        storage,
        env: { GRADER_MAX_CALLS_PER_GRADE: "4" },
        dependencies: { model: createScriptedModel({ fallback: replyFor }) },
      });
      const byId = (await estimate(test, { answers: 5 })).json();
      expect(byId.perGradeBudget.problems).toEqual([
        { path: "body.rubricId", message: expect.stringContaining("6 model calls") },
      ]);
      const byVersion = (await estimate(test, { answers: 5, rubricVersion: upload.json().version })).json();
      expect(byVersion.perGradeBudget.problems).toEqual([
        { path: "body.rubricVersion", message: expect.stringContaining("6 model calls") },
      ]);
    } finally {
      await test?.close();
      test = undefined;
      await storage.close();
    }
  });

  it("lists the first 100 problems and counts the rest, as every refused request does", async () => {
    // Regression: 100 sample answers over the input-token budget and too many calls listed 101 problems.
    const { test } = await start({
      GRADER_MAX_INPUT_TOKENS_PER_GRADE: "1000",
      GRADER_MAX_CALLS_PER_GRADE: "2",
    });
    const long = "word ".repeat(1_000);
    const body = (
      await estimate(test, { sampleAnswers: Array.from({ length: 100 }, () => long), samples: 3 })
    ).json();
    expect(body.withinPerGradeBudget).toBe(false);
    expect(body.perGradeBudget.problems).toHaveLength(100);
    expect(body.perGradeBudget.problems[0]).toMatchObject({ path: "body.samples" });
    expect(body.perGradeBudget.problems.at(-1)).toMatchObject({ path: "body.sampleAnswers[98]" });
    expect(body.perGradeBudget.unlistedProblems).toBe(1);
    const within = (await estimate(test, { answers: 3 })).json();
    expect(within.perGradeBudget).toMatchObject({ problems: [], unlistedProblems: 0 });
  });

  it("gives null amounts for a model without a price, and today's budget when one is set", async () => {
    const model = createScriptedModel({ id: "openai:unpriced-model", fallback: replyFor });
    test = await buildTestApp({ env: { GRADER_DAILY_BUDGET_USD: "2.5" }, dependencies: { model } });
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const body = (await estimate(test, { answers: 4 })).json();
    expect(body.cost).toEqual({
      currency: "USD",
      expected: null,
      max: null,
      inputPerMillionTokens: null,
      outputPerMillionTokens: null,
    });
    expect(body.dailyBudget).toMatchObject({
      budgetUsd: 2.5,
      spentUsd: 0,
      remainingUsd: 2.5,
      expectedCostFitsToday: null,
    });
  });

  it("refuses requests it cannot estimate, naming the field", async () => {
    const { test } = await start({ GRADER_MAX_ANSWER_CHARS: "100" });
    const noCount = await estimate(test, {});
    expect(noCount.statusCode).toBe(400);
    expect(noCount.json().error.details[0].path).toBe("body.answers");
    const both = await estimate(test, { sampleAnswers: ["a"], averageAnswerChars: 10 });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details[0].path).toBe("body.averageAnswerChars");
    const tooLong = await estimate(test, { sampleAnswers: ["short", "x".repeat(101)] });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({
      code: "answer_too_long",
      details: [{ path: "body.sampleAnswers[1]" }],
    });
    const unknown = await test.app.inject({
      method: "POST",
      url: "/v1/estimate",
      payload: { rubricId: "no-such-rubric", answers: 1 },
    });
    expect(unknown.statusCode).toBe(404);
    const oldVersion = await estimate(test, { answers: 1, rubricVersion: "0000000000000000" });
    expect(oldVersion.json().error.code).toBe("rubric_not_found");
  });

  it("refuses a bad count, strategy or sample count with 400, naming the field", async () => {
    const { test, model } = await start();
    const cases: [object, string][] = [
      [{ answers: 0 }, "body.answers"],
      [{ answers: -3 }, "body.answers"],
      [{ answers: 2.5 }, "body.answers"],
      [{ answers: "10" }, "body.answers"],
      [{ answers: 1_000_001 }, "body.answers"],
      [{ answers: 3, strategy: "cheapest" }, "body.strategy"],
      [{ answers: 3, samples: 0 }, "body.samples"],
      [{ answers: 3, samples: 10 }, "body.samples"],
      [{ answers: 3, samples: 1.5 }, "body.samples"],
      [{ answers: 3, averageAnswerChars: 0 }, "body.averageAnswerChars"],
      [{ sampleAnswers: [] }, "body.sampleAnswers"],
      [{ sampleAnswers: [42] }, "body.sampleAnswers[0]"],
      [{ answers: 3, rubricId: "" }, "body.rubricId"],
      [{ answers: 3, students: 5 }, "body.students"],
    ];
    for (const [body, path] of cases) {
      const response = await estimate(test, body);
      const label = JSON.stringify(body);
      expect(response.statusCode, label).toBe(400);
      const { error } = response.json();
      expect(error.code, label).toBe("invalid_request");
      expect(
        error.details.map((problem: { path: string }) => problem.path),
        label,
      ).toContain(path);
      expect(error.message, label).toContain(path);
    }
    expect(model.calls).toHaveLength(0);
  });

  it("answers 503 provider_not_configured without a model", async () => {
    test = await buildTestApp();
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const response = await estimate(test, { answers: 1 });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("provider_not_configured");
  });
});
