import { afterEach, describe, expect, it } from "vitest";
import { inlineAnalyserWith } from "../helpers/inline-analysers.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The answer's analysis (its screen, on a thread in a server) starts as the grade begins, before the
 * rubric is read, so that it is done sooner; a grade refused after it started gives it up, so that the
 * analyser's count of grades in progress (which chooses where the next screen runs) comes back to zero.
 */
describe("POST /v1/grade: the answer's analysis", () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  const events: string[] = [];
  const recordingAnalyser = inlineAnalyserWith(() => {
    events.push("prepared");
    return { finished: () => events.push("finished") };
  });

  async function start() {
    events.length = 0;
    const model = createScriptedModel({ fallback: allCriteriaReply({ inputs: 2, outputs: 1 }) });
    test = await buildTestAppWithRubric({ dependencies: { model, analyser: recordingAnalyser } });
    return test.app;
  }
  const grade = (rubricId: string, answer: string) =>
    test!.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId, answer } });

  it("is started before the rubric is read, and given up when the rubric refuses the grade", async () => {
    await start();
    const missing = await grade("no-such-rubric", "Light and water make sugar.");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: "rubric_not_found" } });
    expect(events).toEqual(["prepared", "finished"]);
  });

  it("is told once that its grade is over when the grade is stored", async () => {
    await start();
    const graded = await grade(scienceRubric.id, "Light and water make sugar.");
    expect(graded.statusCode, graded.body).toBe(200);
    expect(events).toEqual(["prepared", "finished"]);
  });

  it("is not started for an answer the grade refuses", async () => {
    await start();
    const unpaired = await grade(scienceRubric.id, "Light \ud800 and water.");
    expect(unpaired.statusCode).toBe(400);
    expect(unpaired.json()).toMatchObject({ error: { code: "invalid_request" } });
    const tooLong = await grade(scienceRubric.id, "a".repeat(20_001));
    expect(tooLong.json()).toMatchObject({ error: { code: "answer_too_long" } });
    expect(events).toEqual([]);
  });
});
