import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../../src/grading/access.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../../helpers/test-app.js";

/**
 * A grade's priority (a batch job's `batch`) reaches every model call of the grade, repairs included,
 * and changes nothing else: not the idempotency request, not the grade.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const valid = () => allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });

let model: ScriptedModel;
let test: TestApp;
beforeEach(async () => {
  model = createScriptedModel();
  test = await buildTestApp({ dependencies: { model } });
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(upload.statusCode).toBe(201);
});
afterEach(() => test.close());

const command = { rubricId: scienceRubric.id, answer, studentId: null };

describe("GradeCommand.priority", () => {
  it("carries batch to every model call of the grade, samples and repairs alike", async () => {
    model.enqueue("not JSON at all", valid(), valid(), valid());
    await test.runtime.service.grade(defaultOperatorScope, { ...command, samples: 3, priority: "batch" });
    expect(model.calls).toHaveLength(4);
    expect(model.calls.some((call) => call.repair !== undefined)).toBe(true);
    expect(model.calls.map((call) => call.priority)).toEqual(["batch", "batch", "batch", "batch"]);
  });

  it("is not part of the idempotency request: the same request with another priority is a replay", async () => {
    model.enqueue(valid());
    const first = await test.runtime.service.grade(
      defaultOperatorScope,
      { ...command, priority: "batch" },
      "submission-1",
    );
    const again = await test.runtime.service.grade(defaultOperatorScope, command, "submission-1");
    expect(again.replayed).toBe(true);
    expect(again.grade.id).toBe(first.grade.id);
    expect(model.calls).toHaveLength(1);
  });
});
