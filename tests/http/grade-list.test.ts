import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { storedAuditFixture, storedGradeFixture } from "../helpers/stored-grades.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Finding grades: filters by student, submission, rubric version, who graded and time; keyset pages;
 * CSV export of any filtered list; a grade pinned to a rubric version; the rubric lifecycle (versions,
 * archive, delete).
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
let model: ScriptedModel;
let test: TestApp;

beforeEach(async () => {
  model = createScriptedModel();
  test = await buildTestAppWithRubric({ dependencies: { model } });
});
afterEach(() => test.close());

async function grade(
  fields: Record<string, unknown>,
  points: Record<string, number> = { inputs: 2, outputs: 1 },
) {
  model.enqueue(allCriteriaReply(points, { quote: "light, water and carbon dioxide" }));
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer, ...fields },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const list = async (query: string) => {
  const response = await test.app.inject({ method: "GET", url: `/v1/grades?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ grades: { id: string }[]; next: string | null }>();
};
const idsOf = (body: { grades: { id: string }[] }) => body.grades.map((grade) => grade.id);

describe("filters", () => {
  it("finds one student's grades, one submission, and grades by who made the points", async () => {
    // Different answers: identical ones would be one cached grade.
    const a = await grade({ studentId: "s-1", submissionId: "sub-1", answer: `${answer} (1)` });
    const b = await grade({ studentId: "s-2", submissionId: "sub-2", answer: `${answer} (2)` });
    const c = await grade({ studentId: "s-1", submissionId: "sub-3", answer: `${answer} (3)` });
    expect(idsOf(await list("studentId=s-1"))).toEqual([c.id, a.id]);
    expect(idsOf(await list("submissionId=sub-2"))).toEqual([b.id]);
    expect(a.submissionId).toBe("sub-1");

    const changed = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${b.id}`,
      payload: { reviewer: "Ms Lee", reason: "two inputs", criteria: [{ criterionId: "inputs", points: 1 }] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(idsOf(await list("gradedBy=human"))).toEqual([b.id]);
    expect(idsOf(await list("gradedBy=model"))).toEqual([c.id, a.id]);
  });

  it("answers a submission sent again unchanged with its grade as it is now: the teacher's change wins", async () => {
    // Regression: the resubmission got a fresh copy of the model's result, listed newest, so a client
    // taking the submission's newest grade lost the teacher's decision.
    const first = await grade({ studentId: "s-1", submissionId: "sub-1" });
    const changed = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${first.id}`,
      payload: { reviewer: "Ms Lee", reason: "one input", criteria: [{ criterionId: "inputs", points: 1 }] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const again = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, studentId: "s-1", submissionId: "sub-1" },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, gradedBy: "human", totalPoints: 2 });
    expect(idsOf(await list("submissionId=sub-1"))).toEqual([first.id]);
    // Another student's identical answer is theirs to grade: the model's result, not the teacher's change.
    const other = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, studentId: "s-2", submissionId: "sub-2" },
    });
    expect(other.json()).toMatchObject({ gradedBy: "model", totalPoints: 3 });
    expect(other.json().id).not.toBe(first.id);
  });

  it("filters by time: createdFrom inclusive, createdTo exclusive", async () => {
    const first = await grade({ answer: `${answer} (1)` });
    await new Promise((resolve) => setTimeout(resolve, 15));
    const middle = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const second = await grade({ answer: `${answer} (2)` });
    expect(idsOf(await list(`createdFrom=${encodeURIComponent(middle)}`))).toEqual([second.id]);
    expect(idsOf(await list(`createdTo=${encodeURIComponent(middle)}`))).toEqual([first.id]);
    expect(idsOf(await list(`createdFrom=${encodeURIComponent(first.createdAt)}`))).toEqual([
      second.id,
      first.id,
    ]);
    // A range the wrong way round is a mistake to name, not an empty page (as on GET /v1/usage).
    const backwards = await test.app.inject({
      method: "GET",
      url: `/v1/grades?createdFrom=${encodeURIComponent(second.createdAt)}&createdTo=${encodeURIComponent(first.createdAt)}`,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toEqual([
      { path: "querystring.createdFrom", message: "must not be after `createdTo`" },
    ]);
  });

  it("takes a lower-case t separator and z zone (RFC 3339 §5.6) as the upper-case forms", async () => {
    // Regression: `2026-09-01t08:00:00z` answered 400 "must be an ISO 8601 date and time".
    const first = await grade({ answer: `${answer} (1)` });
    await new Promise((resolve) => setTimeout(resolve, 15));
    const middle = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const second = await grade({ answer: `${answer} (2)` });
    const lower = middle.replace("T", "t").replace("Z", "z");
    expect(idsOf(await list(`createdFrom=${lower}`))).toEqual([second.id]);
    expect(idsOf(await list(`createdTo=${lower}`))).toEqual([first.id]);
    const offset = lower.replace("z", "%2B00:00");
    expect(idsOf(await list(`createdFrom=${offset}`))).toEqual([second.id]);
    // Compared as the same time: a range from a time to itself in the other spelling is not backwards.
    expect(idsOf(await list(`createdFrom=${lower}&createdTo=${middle}`))).toEqual([]);
  });

  it("says what a time filter takes: a date alone, or a + offset not percent-encoded, is named with the form", async () => {
    // Regression: both answered "querystring.createdFrom: Invalid ISO datetime", which says neither that
    // a time and an offset are needed nor that a `+` typed into the URL arrived as a space.
    const dateOnly = await test.app.inject({ method: "GET", url: "/v1/grades?createdFrom=2026-09-01" });
    expect(dateOnly.statusCode).toBe(400);
    expect(dateOnly.json().error.details).toEqual([
      {
        path: "querystring.createdFrom",
        message: "must be an ISO 8601 date and time with an offset, such as 2026-09-01T00:00:00Z",
      },
    ]);
    const plus = await test.app.inject({
      method: "GET",
      url: "/v1/grades?createdTo=2026-09-01T08:00:00+02:00",
    });
    expect(plus.statusCode).toBe(400);
    expect(plus.json().error.message).toBe(
      "querystring.createdTo: must be an ISO 8601 date and time with an offset: a `+` in a query string must be sent as %2B (2026-09-01T08:00:00%2B02:00)",
    );
    const encoded = await test.app.inject({
      method: "GET",
      url: "/v1/grades?createdTo=2026-09-01T08:00:00%2B02:00",
    });
    expect(encoded.statusCode, encoded.body).toBe(200);
  });

  it("finds a grade by its own createdAt even when the clock moves while it is stored", async () => {
    // A clock that is a millisecond later on every reading: the id and createdAt must come from one reading.
    let reading = Date.now();
    const ticking: Clock = {
      now: () => new Date((reading += 1)),
      sleep: (ms, signal) => systemClock.sleep(ms, signal),
    };
    await test.close();
    test = await buildTestAppWithRubric({ dependencies: { model, clock: ticking } });
    const made = [await grade({ answer: `${answer} (1)` }), await grade({ answer: `${answer} (2)` })];
    for (const one of made) {
      expect(idsOf(await list(`createdFrom=${encodeURIComponent(one.createdAt)}`))).toContain(one.id);
      const after = new Date(Date.parse(one.createdAt) + 1).toISOString();
      expect(idsOf(await list(`createdTo=${encodeURIComponent(after)}`))).toContain(one.id);
    }
  });

  it("pages a filtered list with the next cursor, no grade twice or missed", async () => {
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      made.push((await grade({ studentId: "s-1", answer: `${answer} (${index})` })).id);
    }
    await grade({ studentId: "s-2", answer: `${answer} (other)` });
    const seen: string[] = [];
    let query = "studentId=s-1&limit=2";
    for (;;) {
      const page = await list(query);
      seen.push(...idsOf(page));
      if (!page.next) break;
      query = `studentId=s-1&limit=2&cursor=${page.next}`;
    }
    expect(seen).toEqual(made.reverse());
  });

  it("refuses a rubricId no rubric can have with 400 naming it; a well-formed one that matches nothing lists none", async () => {
    // Regression: `?rubricId=Lab Report` answered 200 with an empty list, which reads as "no grades yet".
    await grade({ answer: `${answer} (1)` });
    const message = "must be a rubric id: a slug of at most 64 letters, digits, '-' or '_'";
    for (const url of ["/v1/grades", "/v1/review-queue"]) {
      for (const value of ["Lab%20Report", "x".repeat(65)]) {
        const response = await test.app.inject({ method: "GET", url: `${url}?rubricId=${value}` });
        expect(response.statusCode, `${url} ${value}`).toBe(400);
        expect(response.json().error).toEqual({
          code: "invalid_request",
          message: `querystring.rubricId: ${message}`,
          details: [{ path: "querystring.rubricId", message }],
        });
      }
    }
    expect(idsOf(await list("rubricId=no-such-rubric"))).toEqual([]);
    // A slug in upper case is a well-formed id no rubric has (ids are lower case), as in a path.
    expect(idsOf(await list("rubricId=PHOTOSYNTHESIS-BASICS"))).toEqual([]);
    expect(idsOf(await list(`rubricId=${scienceRubric.id}`))).toHaveLength(1);
    const queue = await test.app.inject({ method: "GET", url: "/v1/review-queue?rubricId=no-such-rubric" });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().entries).toEqual([]);
  });

  it("refuses a rubricVersion no version can be with 400 naming it; a well-formed one that matches nothing lists none", async () => {
    // Regression: `?rubricId=…&rubricVersion=v1` answered 200 with an empty list, which reads as "no grades yet".
    const made = await grade({ answer: `${answer} (1)` });
    expect(made.rubricVersion).toMatch(/^[0-9a-f]{16}$/);
    const message = "must be a rubric version: 16 hex digits, as the rubric's `version`";
    for (const value of ["v1", made.rubricVersion.slice(0, 8), "latest"]) {
      const response = await test.app.inject({
        method: "GET",
        url: `/v1/grades?rubricId=${scienceRubric.id}&rubricVersion=${value}`,
      });
      expect(response.statusCode, value).toBe(400);
      expect(response.json().error).toEqual({
        code: "invalid_request",
        message: `querystring.rubricVersion: ${message}`,
        details: [{ path: "querystring.rubricVersion", message }],
      });
    }
    expect(idsOf(await list(`rubricId=${scienceRubric.id}&rubricVersion=${"0".repeat(16)}`))).toEqual([]);
    // In upper case it is well-formed and names no version (versions are lower case), as in a path.
    expect(
      idsOf(await list(`rubricId=${scienceRubric.id}&rubricVersion=${made.rubricVersion.toUpperCase()}`)),
    ).toEqual([]);
    expect(idsOf(await list(`rubricId=${scienceRubric.id}&rubricVersion=${made.rubricVersion}`))).toEqual([
      made.id,
    ]);
  });

  it("refuses a bad filter with 400 naming it", async () => {
    for (const [query, field] of [
      ["rubricVersion=v1", "rubricVersion"],
      ["gradedBy=robot", "gradedBy"],
      ["createdFrom=yesterday", "createdFrom"],
      ["student=s-1", "student"],
    ] as const) {
      const response = await test.app.inject({ method: "GET", url: `/v1/grades?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.body, query).toContain(field);
    }
  });
});

describe("rubric versions", () => {
  const secondVersion = {
    ...scienceRubric,
    criteria: [
      ...scienceRubric.criteria,
      { id: "clarity", title: "Clarity", description: "Clear.", maxPoints: 1 },
    ],
  };

  it("lists versions, grades with a pinned older version, and filters by version", async () => {
    const v1 = (await test.app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}` })).json()
      .version;
    expect(
      (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: secondVersion })).statusCode,
    ).toBe(201);
    const versions = (
      await test.app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}/versions` })
    ).json().versions;
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ version: v1, current: false });
    expect(versions[1]).toMatchObject({ current: true });
    const v2 = versions[1].version;

    const pinned = await grade({ rubricVersion: v1, answer: `${answer} (old)` });
    expect(pinned.rubricVersion).toBe(v1);
    expect(pinned.maxPoints).toBe(4);
    const current = await grade({ answer: `${answer} (new)` }, { inputs: 2, outputs: 1, clarity: 1 });
    expect(current.rubricVersion).toBe(v2);
    expect(current.maxPoints).toBe(5);

    expect(idsOf(await list(`rubricId=${scienceRubric.id}&rubricVersion=${v1}`))).toEqual([pinned.id]);
    expect(idsOf(await list(`rubricId=${scienceRubric.id}&rubricVersion=${v2}`))).toEqual([current.id]);

    const unknown = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, rubricVersion: "nope", answer },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("rubric_not_found");
    expect(unknown.json().error.message).toContain("nope");
    // Named where it was sent, as every field is (it was `rubricVersion`, neither body nor query).
    const versionProblem = (path: string) => [
      { path, message: `rubric "${scienceRubric.id}" has no such version` },
    ];
    expect(unknown.json().error.details).toEqual(versionProblem("body.rubricVersion"));
    const json = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, rubricVersion: "nope", answers: [{ answer }] },
    });
    expect(json.statusCode).toBe(404);
    expect(json.json().error.details).toEqual(versionProblem("body.rubricVersion"));
    const boundary = "----grader-version-test";
    const csv = await test.app.inject({
      method: "POST",
      url: `/v1/jobs?rubricId=${scienceRubric.id}&rubricVersion=nope`,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\nanswer\r\n${answer}\r\n--${boundary}--\r\n`,
    });
    expect(csv.statusCode, csv.body).toBe(404);
    expect(csv.json().error.details).toEqual(versionProblem("querystring.rubricVersion"));
  });

  it("archives: no new grades (409), old grades readable, unarchive restores", async () => {
    const old = await grade({});
    const archived = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/${scienceRubric.id}/archive`,
    });
    expect(archived.statusCode).toBe(204);
    const summary = (await test.app.inject({ method: "GET", url: "/v1/rubrics" }))
      .json()
      .rubrics.find((rubric: { id: string }) => rubric.id === scienceRubric.id);
    expect(summary.archivedAt).toEqual(expect.any(String));

    const refused = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: `${answer} new` },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("rubric_archived");
    expect((await test.app.inject({ method: "GET", url: `/v1/grades/${old.id}` })).statusCode).toBe(200);
    expect(model.calls).toHaveLength(1);

    expect(
      (await test.app.inject({ method: "POST", url: `/v1/rubrics/${scienceRubric.id}/unarchive` }))
        .statusCode,
    ).toBe(204);
    await grade({ answer: `${answer} new` });
  });

  it("deletes a rubric without grades, refuses one with grades (409 rubric_in_use), 404 for unknown", async () => {
    await grade({});
    const inUse = await test.app.inject({ method: "DELETE", url: `/v1/rubrics/${scienceRubric.id}` });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe("rubric_in_use");

    const unused = { ...scienceRubric, id: "unused-rubric" };
    expect((await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: unused })).statusCode).toBe(
      201,
    );
    expect((await test.app.inject({ method: "DELETE", url: "/v1/rubrics/unused-rubric" })).statusCode).toBe(
      204,
    );
    expect((await test.app.inject({ method: "GET", url: "/v1/rubrics/unused-rubric" })).statusCode).toBe(404);
    expect((await test.app.inject({ method: "DELETE", url: "/v1/rubrics/unused-rubric" })).statusCode).toBe(
      404,
    );
    // The id is free again, with a fresh history.
    expect((await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: unused })).statusCode).toBe(
      201,
    );
    const versions = (
      await test.app.inject({ method: "GET", url: "/v1/rubrics/unused-rubric/versions" })
    ).json();
    expect(versions.versions).toHaveLength(1);
  });

  it("refuses to delete a rubric that a job waits on or a calibration uses, before any grade exists", async () => {
    // Regression: only grades counted, so a queued job's rubric could be deleted; every item then failed
    // with rubric_not_found and the job's CSV export answered 404 for good.
    const queued = { ...scienceRubric, id: "queued-rubric" };
    expect((await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: queued })).statusCode).toBe(
      201,
    );
    const job = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: queued.id, answers: [{ answer }] },
    });
    expect(job.statusCode).toBe(202);
    const refused = await test.app.inject({ method: "DELETE", url: `/v1/rubrics/${queued.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("rubric_in_use");
    const csv = await test.app.inject({
      method: "GET",
      url: `/v1/jobs/${job.json().id}/results`,
      headers: { accept: "text/csv" },
    });
    expect(csv.statusCode).toBe(200);
  });
});

describe("CSV export", () => {
  // Regression: quality values were read with `Number()`, so `q=0x1` weighed 1 and `q=1e0` 1.
  it("reads quality values as RFC 9110 writes them and refuses a malformed one, naming the header", async () => {
    const list = (accept: string) =>
      test.app.inject({ method: "GET", url: "/v1/grades", headers: { accept } });
    for (const accept of [
      "text/csv;q=0x1",
      "text/csv;q=1e0",
      "text/csv;q=",
      "application/json, text/csv;q=1.5",
    ]) {
      const response = await list(accept);
      expect(response.statusCode, accept).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.details[0].path).toBe("headers.accept");
      expect(response.json().error.message).toMatch(
        /^headers\.accept: has q="[^"]*" for "[^"]+": a quality value/,
      );
    }
    for (const [accept, type] of [
      ["text/csv;q=1.000", /^text\/csv/],
      ["text/csv;Q=0.5, application/json;q=0.25", /^text\/csv/],
      ["text/csv;q=0.", /^application\/json/],
      ["text/csv;q=0.000", /^application\/json/],
    ] as const) {
      const response = await list(accept);
      expect(response.statusCode, `${accept} ${response.body}`).toBe(200);
      expect(response.headers["content-type"], accept).toMatch(type);
    }
    const exported = await test.app.inject({
      method: "GET",
      url: "/v1/students/s-1/export",
      headers: { accept: "application/json;q=0x0" },
    });
    expect(exported.statusCode, exported.body).toBe(400);
    expect(exported.json().error.details[0].path).toBe("headers.accept");
  });

  const csvOf = async (query: string) => {
    const response = await test.app.inject({
      method: "GET",
      url: `/v1/grades?${query}`,
      headers: { accept: "text/csv" },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    return parse<Record<string, string>>(response.body, { columns: true });
  };

  it("has one row per grade and one column per criterion, total, status and flags, for a filtered list", async () => {
    const a = await grade({ studentId: "s-1", answer: `${answer} (1)` }, { inputs: 2, outputs: 2 });
    await grade({ studentId: "s-2", answer: `${answer} (2)` });
    const rows = await csvOf(`rubricId=${scienceRubric.id}&studentId=s-1`);
    expect(rows).toEqual([
      expect.objectContaining({
        grade_id: a.id,
        student_id: "s-1",
        "points:inputs": "2",
        "points:outputs": "2",
        total_points: "4",
        max_points: "4",
        status: a.status,
        flags: a.flags.join(";"),
      }),
    ]);
  });

  it("exports every matching grade across many pages, not only the first page of the JSON list", async () => {
    const count = 520; // more than one page of the export's reads
    model.enqueue(...Array.from({ length: count }, () => allCriteriaReply({ inputs: 1, outputs: 1 })));
    for (let index = 0; index < count; index += 1) {
      const response = await test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: scienceRubric.id, answer: `${answer} #${index}` },
      });
      expect(response.statusCode).toBe(200);
    }
    const rows = await csvOf("limit=5");
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => row.grade_id)).size).toBe(count);
  });

  it("keeps a spreadsheet from running a student id as a formula", async () => {
    await grade({ studentId: '=HYPERLINK("http://evil")', answer: `${answer} (x)` });
    await grade({ studentId: "@SUM(A1)", answer: `${answer} (y)` });
    const rows = await csvOf("");
    expect(rows.map((row) => row.student_id).sort()).toEqual(['\'=HYPERLINK("http://evil")', "'@SUM(A1)"]);
  });

  it("keeps a formula behind leading spaces, invisible characters or in fullwidth form from running too", async () => {
    // Regression: only = + - @ as the very first character were guarded, but spreadsheets trim leading spaces
    // on import (LibreOffice, Google Sheets) and CJK Excel reads the fullwidth ＝ as =.
    const sent = ["＝1+1", "\u200c+cmd"];
    // Ids no longer take white space at either end (id-spaces.test.ts), but grades stored before keep theirs.
    const storedBefore = [" =1+1", '\u00a0=HYPERLINK("http://evil")', "\u3000＠SUM(A1)", "\u2003=1+1"];
    // A line feed, a zero-width space and a line separator before it were here too: ids no longer take
    // them (client-ids.test.ts); the rule itself is tested with them in spreadsheet-cells.test.ts.
    const ids = [...sent, ...storedBefore];
    for (const [index, studentId] of sent.entries()) {
      await grade({ studentId, answer: `${answer} (${index})` });
    }
    for (const studentId of storedBefore) {
      const stored = storedGradeFixture({ studentId, rubricId: scienceRubric.id });
      await test.storage.grades.insert({
        grade: stored,
        answer,
        cacheKey: null,
        audit: storedAuditFixture(stored),
      });
    }
    const rows = await csvOf("");
    expect(rows.map((row) => row.student_id).sort()).toEqual(ids.map((id) => `'${id}`).sort());
  });
});

describe("list cursors", () => {
  const cursorOf = (position: object) => Buffer.from(JSON.stringify(position)).toString("base64url");

  it("refuse a cursor of another list, or a forged one, with 400 instead of an empty or first page", async () => {
    // Regression: a jobs-list cursor on /v1/grades read as an empty page, `{"before":"nope"}` on /v1/jobs as the
    // first page again, and an item number such as "0x1" or "1e308" on a job's results as a position.
    const jobCursor = cursorOf({ before: "job_01m8yz6ffvbvs8y726rrz2a31d" });
    for (const url of [
      `/v1/grades?cursor=${jobCursor}`,
      `/v1/jobs?cursor=${cursorOf({ before: "nope" })}`,
      `/v1/review-queue?cursor=${cursorOf({ after: "zzzz" })}`,
      `/v1/jobs?cursor=${cursorOf({ before: "grd_01m8yz6ffvbvs8y726rrz2a31d" })}`,
    ]) {
      const response = await test.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.details[0].path).toBe("querystring.cursor");
    }
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, answers: [{ answer }] },
    });
    for (const after of ["0x1", "1e308", "-1"]) {
      const response = await test.app.inject({
        method: "GET",
        url: `/v1/jobs/${created.json().id}/results?cursor=${cursorOf({ after })}`,
      });
      expect(response.statusCode, after).toBe(400);
    }
  });

  it("refuse a cursor sent with other filters, or to another job's results, naming cursor", async () => {
    // Regression: a cursor was a bare position, so `next` of `?status=needs_review` sent with `?status=graded`
    // skipped every graded grade newer than it, and one job's results cursor paged another job's items.
    const made: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      made.push((await grade({ studentId: "s-1", answer: `${answer} (${index})` })).id);
    }
    const first = await list("studentId=s-1&limit=1");
    const message =
      "was made for other filters or another list: send `next` with the same query as the page that gave it, or start again without `cursor`";
    for (const query of [
      "studentId=s-2",
      "",
      "status=graded&studentId=s-1",
      "gradedBy=model&studentId=s-1",
    ]) {
      const response = await test.app.inject({
        method: "GET",
        url: `/v1/grades?${query}&limit=1&cursor=${first.next}`,
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toEqual({
        code: "invalid_request",
        message: `querystring.cursor: ${message}`,
        details: [{ path: "querystring.cursor", message }],
      });
    }
    // The same filters page on, in any order and with another page size.
    const second = await list(`limit=2&studentId=s-1&cursor=${first.next}`);
    expect(idsOf(second)).toEqual([made[1], made[0]]);
    // One time in two spellings is one filter.
    const from = new Date(0).toISOString();
    const timed = await list(`createdFrom=${from}&limit=1`);
    const respelled = from.replace("T", "t").replace("Z", "%2B00:00");
    expect((await list(`createdFrom=${respelled}&limit=1&cursor=${timed.next}`)).grades).toHaveLength(1);

    const job = async (count: number) => {
      const created = await test.app.inject({
        method: "POST",
        url: "/v1/jobs",
        payload: {
          rubricId: scienceRubric.id,
          answers: Array.from({ length: count }, (_, index) => ({ answer: `${answer} [${count}.${index}]` })),
        },
      });
      expect(created.statusCode, created.body).toBe(202);
      return created.json<{ id: string }>().id;
    };
    const [one, other] = [await job(3), await job(3)];
    const page = (await test.app.inject({ method: "GET", url: `/v1/jobs/${one}/results?limit=1` })).json<{
      next: string;
    }>();
    const elsewhere = await test.app.inject({
      method: "GET",
      url: `/v1/jobs/${other}/results?limit=1&cursor=${page.next}`,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details).toEqual([{ path: "querystring.cursor", message }]);
    const onward = await test.app.inject({
      method: "GET",
      url: `/v1/jobs/${one}/results?limit=1&cursor=${page.next}`,
    });
    expect(onward.statusCode, onward.body).toBe(200);
    expect(onward.json().items.map((item: { seq: number }) => item.seq)).toEqual([2]);
    // A cursor of one list is not one of another of the same shape.
    const jobs = (await test.app.inject({ method: "GET", url: "/v1/jobs?limit=1" })).json<{ next: string }>();
    expect(jobs.next).not.toBeNull();
    const submissions = await test.app.inject({ method: "GET", url: `/v1/submissions?cursor=${jobs.next}` });
    expect(submissions.statusCode).toBe(400);
  });

  it("refuse a cursor with characters added or keys added, which decoding used to skip", async () => {
    for (const index of [1, 2, 3]) await grade({ studentId: `s-${index}`, answer: `${answer} (${index})` });
    const first = await test.app.inject({ method: "GET", url: "/v1/grades?limit=1" });
    const next = first.json<{ next: string; nextBefore: string }>().next;
    // Regression: base64url decoding skips characters it cannot read, so each of these was `next` again.
    for (const cursor of [
      `${next}!!`,
      `${next}=`,
      `%20${next}`,
      `${next}%0A`,
      cursorOf({ before: first.json().nextBefore, after: "x" }),
    ]) {
      const response = await test.app.inject({ method: "GET", url: `/v1/grades?limit=1&cursor=${cursor}` });
      expect(response.statusCode, cursor).toBe(400);
      expect(response.json().error.details[0].path).toBe("querystring.cursor");
    }
    const second = await test.app.inject({ method: "GET", url: `/v1/grades?limit=1&cursor=${next}` });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().grades).toHaveLength(1);
  });

  it("refuse a deprecated `before` that is not a grade id with 400, instead of a first or empty page", async () => {
    await grade({ studentId: "s-before", answer });
    // Regression: `before` took any text as a position: `zzzz` (or a job id) answered the first page again,
    // `a` an empty page.
    for (const before of ["zzzz", "a", "job_01m8yz6ffvbvs8y726rrz2a31d", "GRD_01M8YZ6FFVBVS8Y726RRZ2A31D"]) {
      const response = await test.app.inject({ method: "GET", url: `/v1/grades?before=${before}` });
      expect(response.statusCode, before).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        details: [{ path: "querystring.before", message: expect.stringMatching(/must be a grade id/) }],
      });
    }
    // A grade id still pages: `nextBefore` of a page, or any grade's id.
    const page = await test.app.inject({
      method: "GET",
      url: "/v1/grades?before=grd_zzzzzzzzzzzzzzzzzzzzzzzzzz",
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().grades.length).toBeGreaterThan(0);
  });
});
