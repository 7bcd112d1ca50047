import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { gradeSchema } from "../../src/grading/grade.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const apiKey = "test-api-key-0123456789";

let model: ScriptedModel;
let test: TestApp;

async function start(env: Record<string, string> = {}) {
  model = createScriptedModel();
  test = await buildTestApp({ env, dependencies: { model } });
  const upload = await test.app.inject({
    method: "POST",
    url: "/v1/rubrics",
    payload: scienceRubric,
    headers: env.GRADER_API_KEYS ? { authorization: `Bearer ${apiKey}` } : {},
  });
  expect(upload.statusCode).toBe(201);
}

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  test.app.inject({ method: "POST", url: "/v1/grade", payload: payload as object, headers });

describe("POST /v1/grade", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  it("returns the grade in the documented shape, and GET /v1/grades/:id returns it again", async () => {
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const response = await post({ rubricId: "photosynthesis-basics", answer, studentId: "student-7" });
    expect(response.statusCode).toBe(200);
    const grade = gradeSchema.parse(response.json());
    expect(grade).toMatchObject({
      rubricId: "photosynthesis-basics",
      status: "graded",
      flags: [],
      totalPoints: 3,
      maxPoints: 4,
      studentId: "student-7",
      model: "openai:scripted-model",
      usage: { inputTokens: 100, outputTokens: 20 },
    });
    expect(grade.criteria[0]).toEqual({
      criterionId: "inputs",
      points: 2,
      maxPoints: 2,
      rationale: "Rationale for inputs.",
      evidence: ["glucose"],
      confidence: null,
      comment: null,
    });
    const again = await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}` });
    expect(again.json()).toEqual(response.json());
  });

  it("answers 404 for an unknown rubric without calling the model", async () => {
    const response = await post({ rubricId: "no-such-rubric", answer });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("rubric_not_found");
    expect(model.calls).toHaveLength(0);
  });

  it("answers 400 naming every missing or wrong-typed field", async () => {
    const response = await post({ answer: 42, samples: 12, colour: "red" });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("invalid_request");
    const paths = error.details.map((problem: { path: string }) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining(["body.rubricId", "body.answer", "body.samples", "body.colour"]),
    );
    expect(error.message).toContain("body.rubricId: is required");
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await post("{not json", { "content-type": "application/json" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_request");
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const response = await post({ rubricId: "photosynthesis-basics", answer: "x".repeat(1024 * 1024 + 1) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("payload_too_large");
  });

  it("answers 400 answer_too_long for an answer over the configured limit", async () => {
    const response = await post({ rubricId: "photosynthesis-basics", answer: "x".repeat(20_001) });
    expect(response.statusCode).toBe(400);
    // Named as a validation error names the field (`body.answer`): it said `answer`.
    expect(response.json().error).toMatchObject({
      code: "answer_too_long",
      message: "body.answer: is 20001 characters long; the limit is 20000.",
      details: [{ path: "body.answer" }],
    });
  });

  it.each([
    ["provider_unavailable", 503],
    ["provider_error", 502],
    ["provider_timeout", 504],
  ] as const)("answers %s as %i and stores nothing", async (code, status) => {
    model.enqueue({ throws: new AppError(code, { retryAfterSeconds: 30 }) });
    const response = await post({ rubricId: "photosynthesis-basics", answer });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    if (code === "provider_unavailable") expect(response.headers["retry-after"]).toBe("30");
    const list = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(list.json().grades).toEqual([]);
  });

  it.each([
    ["provider_unavailable", 503, "5"],
    ["provider_timeout", 504, "5"],
  ] as const)(
    "answers %s with a Retry-After even when the provider sent none",
    async (code, status, seconds) => {
      // Regression: a provider's 503 without retry-after, a dropped or refused connection gave no hint.
      model.enqueue({ throws: new AppError(code) });
      const response = await post({ rubricId: "photosynthesis-basics", answer });
      expect(response.statusCode).toBe(status);
      expect(response.headers["retry-after"]).toBe(seconds);
    },
  );

  it("never sends a stack trace or an internal message in a 500", async () => {
    model.enqueue({ throws: new Error("secret internal detail at /srv/app.js:12") });
    const response = await post({ rubricId: "photosynthesis-basics", answer });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe("internal_error");
    expect(response.body).not.toContain("secret internal detail");
    expect(response.body).not.toContain(".js:");
    expect(response.json().error.message).toContain(response.headers["x-request-id"]);
  });
});

describe("Idempotency-Key", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  it("returns the stored grade for a repeat without a model call, and 422 for the same key with another body", async () => {
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const headers = { "idempotency-key": "submission-42" };
    const first = await post({ rubricId: "photosynthesis-basics", answer }, headers);
    const repeat = await post({ rubricId: "photosynthesis-basics", answer }, headers);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    expect(repeat.headers["idempotent-replayed"]).toBe("true");
    expect(model.calls).toHaveLength(1);

    const conflict = await post(
      { rubricId: "photosynthesis-basics", answer: "A different answer." },
      headers,
    );
    expect(conflict.statusCode).toBe(422);
    expect(conflict.json().error.code).toBe("idempotency_key_reused");
    expect(model.calls).toHaveLength(1);
  });

  it("replays the same JSON with its keys in another order or other white space; a real difference still conflicts", async () => {
    // Regression: a replayed body was compared as written, so a client re-serialising it got 422.
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const send = (raw: string) =>
      test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: raw,
        headers: { "content-type": "application/json", "idempotency-key": "reordered-1" },
      });
    const first = await send(JSON.stringify({ rubricId: "photosynthesis-basics", answer, studentId: "s-7" }));
    expect(first.statusCode, first.body).toBe(200);
    for (const raw of [
      JSON.stringify({ studentId: "s-7", answer, rubricId: "photosynthesis-basics" }),
      JSON.stringify({ answer, rubricId: "photosynthesis-basics", studentId: "s-7" }, null, 2),
      ` \n{ "studentId" :"s-7",\t"answer": ${JSON.stringify(answer)} , "rubricId":"photosynthesis-basics" }\r\n`,
    ]) {
      const repeat = await send(raw);
      expect(repeat.statusCode, repeat.body).toBe(200);
      expect(repeat.headers["idempotent-replayed"]).toBe("true");
      expect(repeat.json()).toEqual(first.json());
    }
    expect(model.calls).toHaveLength(1);
    const changed = await send(
      JSON.stringify({ studentId: "s-8", answer, rubricId: "photosynthesis-basics" }),
    );
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe("idempotency_key_reused");
  });

  it("answers 409 with Retry-After (the time left on the first request's lease) while it runs", async () => {
    let finish: () => void = () => {};
    model.enqueue(async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    });
    const headers = { "idempotency-key": "submission-43" };
    const first = post({ rubricId: "photosynthesis-basics", answer }, headers);
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));

    const busy = await post({ rubricId: "photosynthesis-basics", answer }, headers);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe("idempotency_key_in_use");
    const retryAfter = Number(busy.headers["retry-after"]);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);

    finish();
    expect((await first).statusCode).toBe(200);
    const repeat = await post({ rubricId: "photosynthesis-basics", answer }, headers);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.headers["idempotent-replayed"]).toBe("true");
    expect(model.calls).toHaveLength(1);
  });

  it("frees the key when grading failed, so the same request can be retried", async () => {
    model.enqueue(
      { throws: new AppError("provider_unavailable") },
      allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "glucose" }),
    );
    const headers = { "idempotency-key": "retry-me" };
    expect((await post({ rubricId: "photosynthesis-basics", answer }, headers)).statusCode).toBe(503);
    const retried = await post({ rubricId: "photosynthesis-basics", answer }, headers);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().totalPoints).toBe(2);
  });
});

describe("review queue, human grades and the audit record", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  it("lists grades that need review, filtered by rubric, with their flags", async () => {
    model.enqueue(
      allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }),
      allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "words the student never wrote" }),
    );
    const good = (await post({ rubricId: "photosynthesis-basics", answer })).json();
    const doubtful = (
      await post({ rubricId: "photosynthesis-basics", answer: `${answer} Also roots.` })
    ).json();
    expect(good.status).toBe("graded");
    const queue = await test.app.inject({
      method: "GET",
      url: "/v1/grades?status=needs_review&rubricId=photosynthesis-basics",
    });
    expect(queue.statusCode).toBe(200);
    expect(
      queue.json().grades.map((grade: { id: string; flags: string[] }) => [grade.id, grade.flags]),
    ).toEqual([[doubtful.id, ["evidence_unverified"]]]);
    const otherRubric = await test.app.inject({
      method: "GET",
      url: "/v1/grades?status=needs_review&rubricId=other",
    });
    expect(otherRubric.json().grades).toEqual([]);
  });

  it("records a human grade that wins, validated against the rubric, with the model grade kept in the audit", async () => {
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "an invented quote" }));
    const graded = (
      await post({ rubricId: "photosynthesis-basics", answer }, { "idempotency-key": "k1" })
    ).json();
    expect(graded.status).toBe("needs_review");

    const invalid = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${graded.id}`,
      payload: {
        reviewer: "Ms. Rivera",
        reason: "Checked by hand",
        criteria: [
          { criterionId: "inputs", points: 1.5 },
          { criterionId: "nope", points: 1 },
          { criterionId: "outputs", points: 3 },
        ],
      },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.map((problem: { path: string }) => problem.path)).toEqual([
      "body.criteria[0].points",
      "body.criteria[1].criterionId",
      "body.criteria[2].points",
    ]);
    // A change of nothing is named at the body's field too (it was `criteria`, without `body.`).
    const empty = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${graded.id}`,
      payload: { reviewer: "Ms. Rivera", reason: "Checked by hand", criteria: [] },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([
      { path: "body.criteria", message: "give at least one criterion's points or comment, or feedback" },
    ]);

    const patched = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${graded.id}`,
      payload: {
        reviewer: "Ms. Rivera",
        reason: "Only two inputs named correctly",
        criteria: [{ criterionId: "inputs", points: 1 }],
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: "graded", gradedBy: "human", totalPoints: 3 });

    // The idempotent repeat of the original request now returns the human grade, never the model's.
    const replay = await post({ rubricId: "photosynthesis-basics", answer }, { "idempotency-key": "k1" });
    expect(replay.json()).toMatchObject({ gradedBy: "human", totalPoints: 3 });
    const queue = await test.app.inject({ method: "GET", url: "/v1/grades?status=needs_review" });
    expect(queue.json().grades).toEqual([]);

    const audit = (await test.app.inject({ method: "GET", url: `/v1/grades/${graded.id}/audit` })).json();
    expect(audit.modelResult.totalPoints).toBe(4);
    expect(audit.humanChanges).toEqual([
      expect.objectContaining({
        reviewer: "Ms. Rivera",
        reason: "Only two inputs named correctly",
        criteria: [{ criterionId: "inputs", from: 2, to: 1 }],
      }),
    ]);
  });

  it("keeps a full audit record and marks grades made under an older rubric version as outdated", async () => {
    model.enqueue(
      allCriteriaReply({ inputs: 2, outputs: 7 }),
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    );
    const grade = (await post({ rubricId: "photosynthesis-basics", answer })).json();
    const audit = (await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}/audit` })).json();
    expect(audit).toMatchObject({
      gradeId: grade.id,
      rubricVersion: grade.rubricVersion,
      promptVersion: "test-prompts",
      model: "openai:scripted-model",
      parameters: { temperature: 0, maxOutputTokens: 1000 },
      usage: { inputTokens: 200, outputTokens: 40 },
      outdated: false,
      answer,
    });
    expect(audit.attempts).toHaveLength(2);
    expect(audit.attempts[0].rawReply).toContain('"points":7');
    expect(audit.attempts[0].problems[0]).toContain("criteria.outputs.points");
    expect(audit.cost).toMatchObject({ currency: "USD" });

    await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title: "Revised" },
    });
    const later = (await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}` })).json();
    expect(later.outdated).toBe(true);
    const laterAudit = (await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}/audit` })).json();
    expect(laterAudit.outdated).toBe(true);
    expect(laterAudit.currentRubricVersion).not.toBe(grade.rubricVersion);
  });

  it("answers 404 for an unknown grade", async () => {
    for (const url of ["/v1/grades/grd_nope", "/v1/grades/grd_nope/audit"]) {
      const response = await test.app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("grade_not_found");
    }
  });
});

describe("grade versions: ETag and If-Match", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  const change = (id: string, points: number, headers: Record<string, string> = {}) =>
    test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${id}`,
      headers,
      payload: { reviewer: "Ms. Rivera", reason: "Checked", criteria: [{ criterionId: "inputs", points }] },
    });

  async function gradeNeedingReview(): Promise<{ id: string; version: number }> {
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "an invented quote" }));
    const graded = (await post({ rubricId: "photosynthesis-basics", answer })).json();
    expect(graded).toMatchObject({ status: "needs_review", version: 1 });
    return graded;
  }

  const audit = async (id: string) =>
    (await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit` })).json();

  it("sends the version as ETag, applies a change whose If-Match is current, and refuses a stale one with 412", async () => {
    const { id } = await gradeNeedingReview();
    const read = await test.app.inject({ method: "GET", url: `/v1/grades/${id}` });
    expect(read.headers.etag).toBe('"1"');

    const changed = await change(id, 1, { "if-match": read.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, gradedBy: "human", totalPoints: 3 });
    expect(changed.headers.etag).toBe('"2"');

    // A second reviewer still holding version 1 is refused, and nothing is written.
    const stale = await change(id, 0, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe("grade_modified");
    const after = await test.app.inject({ method: "GET", url: `/v1/grades/${id}` });
    expect(after.json()).toMatchObject({ version: 2, totalPoints: 3 });
    expect(after.headers.etag).toBe('"2"');
    expect((await audit(id)).humanChanges).toHaveLength(1);

    // Any of several tags, a weak tag (a compressing proxy's) and `*` match; without If-Match it applies.
    expect((await change(id, 2, { "if-match": '"7", W/"2"' })).json().version).toBe(3);
    expect((await change(id, 1, { "if-match": "*" })).json().version).toBe(4);
    expect((await change(id, 0)).json()).toMatchObject({ version: 5, totalPoints: 2 });
    expect((await audit(id)).humanChanges).toHaveLength(4);
  });

  it("answers 400 for an If-Match that is not an entity tag, and 404 before 412 for an unknown grade", async () => {
    const { id } = await gradeNeedingReview();
    const malformed = await change(id, 1, { "if-match": "1" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe("headers.if-match");
    expect((await change("grd_nope", 1, { "if-match": '"1"' })).statusCode).toBe(404);
  });

  it("lets one of two reviewers racing with the same ETag win; the other gets 412", async () => {
    const { id } = await gradeNeedingReview();
    const responses = await Promise.all([
      change(id, 1, { "if-match": '"1"' }),
      change(id, 0, { "if-match": '"1"' }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    const winner = responses.find((response) => response.statusCode === 200)!.json();
    const stored = (await test.app.inject({ method: "GET", url: `/v1/grades/${id}` })).json();
    expect(stored).toMatchObject({ version: 2, totalPoints: winner.totalPoints });
    expect((await audit(id)).humanChanges).toHaveLength(1);
  });

  it("applies both of two racing changes without If-Match, one on top of the other, losing neither", async () => {
    const { id } = await gradeNeedingReview();
    const responses = await Promise.all([change(id, 1), change(id, 0)]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
    expect(responses.map((response) => response.json().version).sort()).toEqual([2, 3]);
    const changes = (await audit(id)).humanChanges;
    expect(changes).toHaveLength(2);
    // The second change's "from" is the first change's "to": it was applied to the grade as changed.
    expect(changes[1].criteria[0].from).toBe(changes[0].criteria[0].to);
    const stored = (await test.app.inject({ method: "GET", url: `/v1/grades/${id}` })).json();
    expect(stored.version).toBe(3);
    expect(stored.criteria[0].points).toBe(changes[1].criteria[0].to);
  });
});

describe("GET /v1/grades: filters and cursor", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  async function gradeMany(count: number, studentId: (index: number) => string | null) {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      model.enqueue(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }));
      const graded = await post({
        rubricId: "photosynthesis-basics",
        answer: `${answer} (${index})`,
        studentId: studentId(index),
      });
      ids.push(graded.json().id);
    }
    return ids.reverse();
  }

  const list = (query: string) => test.app.inject({ method: "GET", url: `/v1/grades?${query}` });

  it("filters by student and pages with an opaque `next` cursor until it is null", async () => {
    const newestFirst = await gradeMany(7, (index) => (index % 2 === 0 ? "student-a" : "student-b"));
    const ofA = newestFirst.filter((_, index) => (newestFirst.length - 1 - index) % 2 === 0);

    const pages: string[][] = [];
    let query = "studentId=student-a&limit=2";
    for (;;) {
      const page = await list(query);
      expect(page.statusCode).toBe(200);
      const body = page.json();
      pages.push(body.grades.map((grade: { id: string; studentId: string }) => grade.id));
      expect(body.grades.every((grade: { studentId: string }) => grade.studentId === "student-a")).toBe(true);
      if (body.next === null) break;
      query = `studentId=student-a&limit=2&cursor=${encodeURIComponent(body.next)}`;
    }
    // Four of seven grades are student-a's: two full pages and no empty page after them.
    expect(pages).toEqual([ofA.slice(0, 2), ofA.slice(2, 4)]);

    // The older `before` cursor still works.
    const older = (await list(`limit=3&before=${newestFirst[2]}`)).json();
    expect(older.grades.map((grade: { id: string }) => grade.id)).toEqual(newestFirst.slice(3, 6));
    expect(older.nextBefore).toBe(newestFirst[5]);
    expect((await list(`limit=10&studentId=nobody`)).json()).toEqual({
      grades: [],
      next: null,
      nextBefore: null,
    });
  });

  it("answers 400 for a cursor it never made, and for both cursor and before", async () => {
    await gradeMany(1, () => null);
    const foreign = await list("cursor=not-a-cursor");
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe("querystring.cursor");
    const next = Buffer.from(JSON.stringify({ before: "grd_x" })).toString("base64url");
    expect((await list(`cursor=${next}&before=grd_x`)).statusCode).toBe(400);
  });
});

describe("keyless use on loopback (no GRADER_API_KEYS)", () => {
  beforeEach(() => start());
  afterEach(() => test.close());

  it("serves only requests addressed to a loopback host from its own pages, so another site gets 401", async () => {
    // Regression: any request without a key acted as the operator, whatever its Host; a page on
    // attacker.example rebinding its name to 127.0.0.1 could read every grade and student export.
    const get = (host: string) => test.app.inject({ method: "GET", url: "/v1/grades", headers: { host } });
    for (const host of [
      "localhost",
      "localhost:3000",
      "127.0.0.1:3000",
      "[::1]:3000",
      "app.localhost:8080",
    ]) {
      expect((await get(host)).statusCode, host).toBe(200);
    }
    for (const host of ["attacker.example:3000", "attacker.example", "127.0.0.1.nip.io", "[::2]:3000"]) {
      const refused = await get(host);
      expect(refused.statusCode, host).toBe(401);
      expect(refused.json().error.code).toBe("unauthorized");
      expect(refused.json().error.message).toContain("GRADER_API_KEYS");
    }
    // Regression: another site's page could POST multipart/form-data (no preflight) through the
    // user's browser, as the operator: upload rubrics, start jobs.
    const rubricFrom = (origin: string, host = new URL(origin).host) =>
      test.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        payload: { ...scienceRubric, id: `csrf-${Math.random().toString(36).slice(2, 8)}` },
        headers: { origin, host },
      });
    for (const origin of ["https://attacker.example", "null", "http://127.0.0.1.nip.io:3000"]) {
      const refused = await rubricFrom(origin, "localhost:3000");
      expect(refused.statusCode, origin).toBe(401);
      expect(refused.json().error.code).toBe("unauthorized");
    }
    for (const origin of [
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
      "http://LOCALHOST:80",
    ]) {
      expect((await rubricFrom(origin)).statusCode, origin).toBe(201);
    }
    expect((await rubricFrom("http://localhost", "localhost:80")).statusCode).toBe(201);
    // Regression: a page of another web application on this machine (another port: a notebook server, a
    // development server running a student's code) acted as the operator through the user's browser.
    for (const [origin, host] of [
      ["http://localhost:8888", "localhost:3000"],
      ["http://127.0.0.1:8888", "127.0.0.1:3000"],
      ["http://localhost:3000", "127.0.0.1:3000"],
    ] as const) {
      const refused = await rubricFrom(origin, host);
      expect(refused.statusCode, `${origin} to ${host}`).toBe(401);
      expect(refused.json().error.code).toBe("unauthorized");
    }
    // A stored key works from any host.
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/keys",
      payload: { name: "teacher", role: "teacher" },
    });
    expect(created.statusCode).toBe(201);
    const withKey = await test.app.inject({
      method: "GET",
      url: "/v1/grades",
      headers: { host: "grader.example.edu", authorization: `Bearer ${created.json().key}` },
    });
    expect(withKey.statusCode).toBe(200);
  });
});

describe("bearer authentication", () => {
  beforeEach(() => start({ GRADER_API_KEYS: `${apiKey},another-key-abcdefghij` }));
  afterEach(() => test.close());

  it("answers 401 without a key or with a wrong one, and serves with a valid one", async () => {
    const body = { rubricId: "photosynthesis-basics", answer };
    const none = await post(body);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("unauthorized");
    expect(none.headers["www-authenticate"]).toContain("Bearer");
    expect((await post(body, { authorization: "Bearer wrong-key-wrong-key" })).statusCode).toBe(401);
    expect((await post(body, { authorization: `Basic ${apiKey}` })).statusCode).toBe(401);
    model.enqueue(allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "glucose" }));
    expect((await post(body, { authorization: `Bearer ${apiKey}` })).statusCode).toBe(200);
    expect(model.calls).toHaveLength(1);
  });

  it("leaves /healthz and /docs open", async () => {
    const health = await test.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    const openapi = await test.app.inject({ method: "GET", url: "/docs/json" });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(["/v1/rubrics", "/v1/grade", "/v1/grades/{id}", "/v1/grades/{id}/audit"]),
    );
  });
});

describe("persistence", () => {
  it("returns a grade again after a restart", async () => {
    const directory = mkdtempSync(join(tmpdir(), "grader-"));
    const env = { DATABASE_URL: `sqlite:${join(directory, "grader.db")}` };
    try {
      model = createScriptedModel();
      model.enqueue(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }));
      let running = await buildTestApp({ env, dependencies: { model } });
      await running.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
      const grade = (
        await running.app.inject({
          method: "POST",
          url: "/v1/grade",
          payload: { rubricId: scienceRubric.id, answer },
        })
      ).json();
      await running.close();

      running = await buildTestApp({ env, dependencies: { model: createScriptedModel() } });
      const again = await running.app.inject({ method: "GET", url: `/v1/grades/${grade.id}` });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(grade);
      await running.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
