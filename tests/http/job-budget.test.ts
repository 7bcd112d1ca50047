import { afterEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A job whose every grade would be over the per-grade budget is refused at upload, whole, as POST
 * /v1/grade refuses the grade. Regression: a rubric accepted under one budget, then the server restarted
 * with more samples, answered 202 to the job and failed every item.
 */
let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
});

describe("POST /v1/jobs over the per-grade budget", () => {
  it("is refused with 400 grade_budget_exceeded before anything is stored or graded", async () => {
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    const first = await buildTestApp({ storage });
    expect(
      (await first.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
    ).toBe(201);
    await first.close();

    // Restarted with nine samples per grade and a budget of five calls.
    const model = createScriptedModel({ fallback: allCriteriaReply({ inputs: 2, outputs: 1 }) });
    test = await buildTestApp({
      storage,
      env: { GRADER_SAMPLES: "9", GRADER_MAX_CALLS_PER_GRADE: "5" },
      dependencies: { model },
    });
    const grade = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: "Light and water." },
    });
    expect(grade.statusCode).toBe(400);
    expect(grade.json().error.code).toBe("grade_budget_exceeded");
    const job = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: [{ answer: "Light and water." }, { answer: "Glucose." }],
      },
    });
    expect(job.statusCode, job.body).toBe(400);
    expect(job.json().error.code).toBe("grade_budget_exceeded");
    expect((await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);
    expect(model.calls).toHaveLength(0);
  });
});
