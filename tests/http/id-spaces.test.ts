import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { storedAuditFixture, storedGradeFixture } from "../helpers/stored-grades.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An id with white space at either end is kept as sent (nothing is trimmed: an LMS may rely on exact ids),
 * so " s-1" would be another student than "s-1" and `rubricId: "x "` no rubric: such an id in a body or a
 * query string is refused with 400 naming the field. Ids stored before the rule stay readable.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
let model: ScriptedModel;
let test: TestApp;

beforeEach(async () => {
  model = createScriptedModel({ fallback: allCriteriaReply({ inputs: 1, outputs: 2 }) });
  test = await buildTestApp({ dependencies: { model } });
  expect(
    (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
  ).toBe(201);
});
afterEach(() => test.close());

interface Refusal {
  statusCode: number;
  body: string;
  json: () => { error: { code: string; message: string; details: unknown } };
}

function expectRefused(response: Refusal, path: string) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json().error.code).toBe("invalid_request");
  expect(response.json().error.details).toEqual([{ path, message: expect.stringContaining("white space") }]);
  expect(response.json().error.message).toContain(path);
}

describe("an id with surrounding white space", () => {
  it("is refused in a body with 400 naming the field, and nothing is graded or stored", async () => {
    // Regression: `studentId: " s-1"` was stored as another student than "s-1", and `rubricId: "x "` was
    // looked up as sent.
    const post = (url: string, payload: object) => test.app.inject({ method: "POST", url, payload });
    const grade = { rubricId: scienceRubric.id, answer };
    const job = { rubricId: scienceRubric.id, answers: [{ answer }] };
    const requests: [string, object, string][] = [
      ["/v1/grade", { ...grade, rubricId: ` ${scienceRubric.id}` }, "body.rubricId"],
      ["/v1/grade", { ...grade, studentId: "s-1 " }, "body.studentId"],
      ["/v1/grade", { ...grade, submissionId: "\u00a0sub-1" }, "body.submissionId"],
      ["/v1/grade", { ...grade, studentId: "s-1\u3000" }, "body.studentId"],
      ["/v1/estimate", { rubricId: `${scienceRubric.id} `, answers: 3 }, "body.rubricId"],
      ["/v1/jobs", { ...job, rubricId: `${scienceRubric.id}\t` }, "body.rubricId"],
      ["/v1/jobs", { ...job, answers: [{ answer, studentId: " s-1" }] }, "body.answers[0].studentId"],
      ["/v1/jobs", { ...job, answers: [{ answer, submissionId: "sub-1 " }] }, "body.answers[0].submissionId"],
      [
        `/v1/rubrics/${scienceRubric.id}/calibrations`,
        {
          answers: Array.from({ length: 10 }, (_, index) => ({
            answer: `${answer} (${index})`,
            points: { inputs: 1, outputs: 1 },
            ...(index === 3 ? { studentId: " s-3" } : {}),
          })),
        },
        "body.answers[3].studentId",
      ],
    ];
    for (const [url, payload, path] of requests) expectRefused(await post(url, payload), path);
    expect(model.calls).toHaveLength(0);
    expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
    expect((await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);
    // Spaces inside an id are the id's own.
    const inside = await post("/v1/grade", { ...grade, studentId: "Ana Lima" });
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().studentId).toBe("Ana Lima");
  });

  it("is refused in a CSV upload's query and cells, naming where", async () => {
    const upload = (query: string, csv: string) => {
      const boundary = "----spaces";
      return test.app.inject({
        method: "POST",
        url: `/v1/jobs?${query}`,
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      });
    };
    const csv = "answer,student_id\nLight and water,s1\n";
    expectRefused(await upload(`rubricId=%20${scienceRubric.id}`, csv), "querystring.rubricId");
    const cell = await upload(`rubricId=${scienceRubric.id}`, "answer,student_id\nLight and water, s1\n");
    expect(cell.statusCode, cell.body).toBe(400);
    expect(cell.json().error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "row 2.student_id", message: expect.stringContaining("white space") }],
    });
    expect((await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);
  });

  it("is refused as a list filter with 400 naming it", async () => {
    for (const [url, path] of [
      ["/v1/grades?studentId=%20s-1", "querystring.studentId"],
      ["/v1/grades?submissionId=sub-1%20", "querystring.submissionId"],
      ["/v1/submissions?studentId=s-1%C2%A0", "querystring.studentId"],
    ] as const) {
      expectRefused(await test.app.inject({ method: "GET", url }), path);
    }
  });

  it("leaves ids stored before the rule readable, in the grade and under the student", async () => {
    const stored = storedGradeFixture({ studentId: " s-old", rubricId: scienceRubric.id });
    await test.storage.grades.insert({
      grade: stored,
      answer,
      cacheKey: null,
      audit: storedAuditFixture(stored),
    });
    const read = await test.app.inject({ method: "GET", url: `/v1/grades/${stored.id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().studentId).toBe(" s-old");
    const listed = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(listed.json().grades.map((grade: { id: string }) => grade.id)).toEqual([stored.id]);
    const exported = await test.app.inject({ method: "GET", url: "/v1/students/%20s-old/export" });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.json().grades.map((grade: { id: string }) => grade.id)).toEqual([stored.id]);
  });
});
