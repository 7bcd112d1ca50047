import { afterEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A grade says whether its rubric version is outdated the moment it is answered, as reading it back
 * says: a version pinned behind the current one, or a new version uploaded while the answer was graded,
 * makes it outdated. The version recorded is always the one it was graded with.
 */
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const reply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
let test: TestApp;
let model: ScriptedModel;

afterEach(() => test.close());

async function uploadNewVersion(): Promise<string> {
  const upload = await test.app.inject({
    method: "POST",
    url: "/v1/rubrics",
    payload: { ...scienceRubric, title: `${scienceRubric.title} (revised)` },
  });
  expect(upload.statusCode).toBe(201);
  return upload.json().version as string;
}

async function readBack(id: string) {
  return (await test.app.inject({ method: "GET", url: `/v1/grades/${id}` })).json();
}

describe("a grade's outdated flag when it is answered", () => {
  it("is true for a version pinned behind the current one", async () => {
    // Regression: POST /v1/grade answered outdated: false, and GET /v1/grades/{id} true.
    model = createScriptedModel({ fallback: reply });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const first = (await test.app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}` })).json();
    await uploadNewVersion();
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, rubricVersion: first.version, answer },
    });
    expect(graded.statusCode).toBe(200);
    expect(graded.json()).toMatchObject({ rubricVersion: first.version, outdated: true });
    expect((await readBack(graded.json().id)).outdated).toBe(true);
  });

  it("is true when a new version was uploaded while the answer was graded, which keeps the version it used", async () => {
    let modelCalled: () => void = () => {};
    const called = new Promise<void>((resolve) => (modelCalled = resolve));
    let answerModel: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answerModel = resolve));
    model = createScriptedModel({
      fallback: async () => {
        modelCalled();
        await answered;
        return reply;
      },
    });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const first = (await test.app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}` })).json();
    const grading = test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer },
    });
    await called;
    const second = await uploadNewVersion();
    answerModel();
    const graded = await grading;
    expect(graded.statusCode).toBe(200);
    expect(second).not.toBe(first.version);
    expect(graded.json()).toMatchObject({ rubricVersion: first.version, outdated: true });
    expect((await readBack(graded.json().id)).outdated).toBe(true);
  });

  it("is false for the current version", async () => {
    model = createScriptedModel({ fallback: reply });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer },
    });
    expect(graded.json()).toMatchObject({ outdated: false });
    expect((await readBack(graded.json().id)).outdated).toBe(false);
  });
});
