import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An id in a path that is well-formed except for its case names nothing the service made (ids are
 * lowercase), so it is answered as every unknown id is: 404 with the resource's not-found code, on every
 * route, never a 400 on one route and a 404 on the next.
 */

const answer = "Plants need light and water. They make sugar.";
let test: TestApp;

beforeEach(async () => {
  // The quote is not in the answer: the grade needs review, so it has a group to decide.
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "not in the answer" }),
  });
  test = await buildTestApp({ dependencies: { model } });
  expect(
    (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
  ).toBe(201);
});
afterEach(() => test.close());

async function made() {
  const grade = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer, studentId: "s-1" },
  });
  expect(grade.statusCode, grade.body).toBe(200);
  const appeal = await test.app.inject({
    method: "POST",
    url: `/v1/grades/${grade.json().id}/appeals`,
    payload: { criterionId: "inputs", reason: "I named both.", by: "s-1" },
  });
  expect(appeal.statusCode, appeal.body).toBe(201);
  const job = await test.app.inject({
    method: "POST",
    url: "/v1/jobs",
    payload: { rubricId: scienceRubric.id, answers: [{ answer }] },
  });
  expect(job.statusCode, job.body).toBe(202);
  return {
    gradeId: grade.json().id as string,
    groupId: grade.json().groupId as string,
    appealId: appeal.json().appeal.id as string,
    jobId: job.json().id as string,
  };
}

describe("an id in a path upper-cased", () => {
  it("is answered 404 with the resource's not-found code on every route, as an unknown id is", async () => {
    const ids = await made();
    const decision = { reviewer: "Ms Lee", reason: "as graded", criteria: [] };
    const requests = [
      ["GET", `/v1/groups/${ids.groupId.toUpperCase()}`, undefined, "group_not_found"],
      ["GET", `/v1/groups/agr_${ids.groupId.slice(4).toUpperCase()}`, undefined, "group_not_found"],
      ["PATCH", `/v1/groups/${ids.groupId.toUpperCase()}`, decision, "group_not_found"],
      ["GET", `/v1/grades/${ids.gradeId.toUpperCase()}`, undefined, "grade_not_found"],
      ["GET", `/v1/grades/${ids.gradeId.toUpperCase()}/audit`, undefined, "grade_not_found"],
      ["GET", `/v1/jobs/${ids.jobId.toUpperCase()}`, undefined, "job_not_found"],
      ["GET", `/v1/rubrics/${scienceRubric.id.toUpperCase()}`, undefined, "rubric_not_found"],
      [
        "POST",
        `/v1/appeals/${ids.appealId.toUpperCase()}/resolve`,
        { outcome: "denied", reviewer: "Ms Lee", reason: "no" },
        "appeal_not_found",
      ],
    ] as const;
    for (const [method, url, payload, code] of requests) {
      const response = await test.app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(404);
      expect(response.json().error.code, url).toBe(code);
    }
    // The ids as made still answer, and nothing was decided.
    const group = await test.app.inject({ method: "GET", url: `/v1/groups/${ids.groupId}` });
    expect(group.statusCode).toBe(200);
    expect(group.json().decision).toBeNull();
  });
});

describe("an id filter upper-cased", () => {
  it("lists none, as a well-formed unknown id does, where the same id in a path is 404", async () => {
    // Regression: `?groupId=AGR_…` answered 400 while `/v1/groups/AGR_…` answered 404 for the same id.
    const ids = await made();
    const grades = await test.app.inject({ method: "GET", url: "/v1/grades" });
    const rubricVersion = grades.json().grades[0].rubricVersion as string;
    const lists = [
      [`/v1/grades?groupId=${ids.groupId.toUpperCase()}`, "grades"],
      [`/v1/grades?groupId=agr_${ids.groupId.slice(4).toUpperCase()}`, "grades"],
      [`/v1/grades?rubricId=${scienceRubric.id.toUpperCase()}`, "grades"],
      [`/v1/grades?rubricId=${scienceRubric.id}&rubricVersion=${rubricVersion.toUpperCase()}`, "grades"],
      [`/v1/review-queue?rubricId=${scienceRubric.id.toUpperCase()}`, "entries"],
      ["/v1/submissions?integrationId=INT_0123ABC", "submissions"],
    ] as const;
    for (const [url, list] of lists) {
      const response = await test.app.inject({ method: "GET", url });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.json()[list], url).toEqual([]);
    }
    // The ids as made still match.
    const members = await test.app.inject({ method: "GET", url: `/v1/grades?groupId=${ids.groupId}` });
    expect(members.json().grades.map((grade: { id: string }) => grade.id)).toEqual([ids.gradeId]);
    // A value no id can be is still refused, naming the field.
    const malformed = await test.app.inject({ method: "GET", url: "/v1/grades?groupId=grp-1" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe("querystring.groupId");
  });
});
