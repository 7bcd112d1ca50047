import { afterEach, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A path with a trailing slash is the path without it (`POST /v1/grade/`, `GET /v1/rubrics/`): a client
 * that joined a base URL and a path with one slash too many got 404 `not_found` for a route that exists.
 * Unknown paths, with or without the slash, still answer the catalog's 404, and a known path with another
 * method its 405.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

it("answers a route with a trailing slash as the route without it", async () => {
  const model = createScriptedModel();
  test = await buildTestAppWithRubric({ dependencies: { model } });
  const app = test.app;

  const rubrics = await app.inject({ method: "GET", url: "/v1/rubrics/" });
  expect(rubrics.statusCode, rubrics.body).toBe(200);
  expect(rubrics.json()).toEqual((await app.inject({ method: "GET", url: "/v1/rubrics" })).json());

  const rubric = await app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}/` });
  expect(rubric.statusCode, rubric.body).toBe(200);
  expect(rubric.json()).toMatchObject({ id: scienceRubric.id });

  model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
  const graded = await app.inject({
    method: "POST",
    url: "/v1/grade/",
    payload: { rubricId: scienceRubric.id, answer: "Plants use light and water to make glucose." },
  });
  expect(graded.statusCode, graded.body).toBe(200);
  const grade = graded.json<{ id: string; totalPoints: number }>();
  expect(grade.totalPoints).toBe(3);

  const plain = await app.inject({ method: "GET", url: `/v1/grades/${grade.id}/` });
  expect(plain.statusCode, plain.body).toBe(200);
  expect(plain.json()).toMatchObject({ id: grade.id });

  expect((await app.inject({ method: "GET", url: "/healthz/" })).statusCode).toBe(200);
});

it("still answers an unknown path 404 not_found and a known path with another method 405, slash or not", async () => {
  test = await buildTestAppWithRubric();
  for (const url of ["/v1/nothing-here", "/v1/nothing-here/"]) {
    const response = await test.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: "not_found", message: `No route GET ${url}.` } });
  }
  const put = await test.app.inject({ method: "PUT", url: "/v1/rubrics/" });
  expect(put.statusCode).toBe(405);
  expect(put.json().error.code).toBe("method_not_allowed");
  expect(put.headers.allow?.toString().split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
  // A route's last id left empty is named, as before the slash was ignored.
  const empty = await test.app.inject({ method: "DELETE", url: "/v1/students/" });
  expect(empty.statusCode).toBe(400);
  expect(empty.json().error.details).toEqual([{ path: "params.studentId", message: "is empty" }]);
});

it("still sends /app to /app/, where the teacher page's relative links work", async () => {
  test = await buildTestAppWithRubric();
  const redirect = await test.app.inject({ method: "GET", url: "/app" });
  expect(redirect.statusCode).toBe(301);
  expect(redirect.headers.location).toBe("/app/");
  expect((await test.app.inject({ method: "GET", url: "/app/" })).statusCode).not.toBe(301);
});
