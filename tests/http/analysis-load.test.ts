import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { inlineAnswerAnalyser } from "../../src/analysis/index.js";
import type { AnalysisLoad, AnswerAnalyser } from "../../src/grading/ports.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The analyser places a short answer by how many grades are in flight (inline when it is alone, on
 * the analysis thread beside the others): the service must tell it, counting every grade it is making.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe("the load the grading service reports to the analyser", () => {
  it("counts the grades in flight: one alone, several when requests overlap, and none left after", async () => {
    const loads: (AnalysisLoad | undefined)[] = [];
    const analyser: AnswerAnalyser = {
      analyse(answer, load) {
        loads.push(load);
        return inlineAnswerAnalyser.analyse(answer);
      },
      close: () => Promise.resolve(),
    };
    const model = createScriptedModel();
    model.fallback = async () => {
      await delay(100);
      return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    };
    test = await buildTestAppWithRubric({ dependencies: { model, analyser } });
    const grade = (answer: string) =>
      test!.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: scienceRubric.id, answer } });

    expect((await grade("Plants make glucose.")).statusCode).toBe(200);
    expect(loads.at(-1)).toEqual({ gradesInFlight: 1 });

    loads.length = 0;
    const answers = Array.from({ length: 4 }, (_, index) => `Plants make glucose (${index}).`);
    const responses = await Promise.all(answers.map(grade));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    // The requests are analysed one after another as they arrive, while the earlier ones wait for the model.
    expect(loads.map((load) => load?.gradesInFlight)).toEqual([1, 2, 3, 4]);

    // A failed grade leaves the count too.
    model.fallback = () => Promise.reject(new Error("the model broke"));
    expect((await grade("Plants make oxygen.")).statusCode).toBe(500);
    loads.length = 0;
    model.fallback = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    expect((await grade("Plants make sugar and glucose.")).statusCode).toBe(200);
    expect(loads).toEqual([{ gradesInFlight: 1 }]);
  });
});
