import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultTenantId } from "../../src/grading/access.js";
import { itemIdempotencyKey } from "../../src/grading/jobs.js";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { loggerOptions } from "../../src/lib/logger.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Students' data (issue "Teachers' workflow, schools and roles, and students' data", point 8): a
 * student's export, their erasure with its tombstone, and answer retention, through the HTTP API.
 */

const bootstrapKey = "students-bootstrap-key-0123456789";
const answerA = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const answerB = "Light and water go in; glucose comes out of the leaf.";
const answerC = "Sunlight, water and CO2 make sugar (glucose) and oxygen.";

let test: TestApp;
let model: ScriptedModel;

type Method = "GET" | "POST" | "PATCH" | "DELETE";
const call = (key: string, method: Method, url: string, payload?: object, headers: object = {}) =>
  test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload ? { payload } : {}),
  });

async function createKey(role: string): Promise<{ key: string; id: string }> {
  const response = await call(bootstrapKey, "POST", "/v1/keys", { name: `${role} key`, role });
  expect(response.statusCode).toBe(201);
  return { key: response.json().key, id: response.json().id };
}

async function grade(
  key: string,
  answer: string,
  studentId: string | null,
  headers: object = {},
): Promise<{ id: string; cached: boolean; studentId: string | null }> {
  const response = await call(
    key,
    "POST",
    "/v1/grade",
    { rubricId: scienceRubric.id, answer, studentId },
    headers,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const exportOf = async (key: string, studentId: string) => {
  const response = await call(key, "GET", `/v1/students/${encodeURIComponent(studentId)}/export`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino(loggerOptions("info"), stream), lines };
}

async function start(options: { env?: Record<string, string>; clock?: Clock; logger?: pino.Logger } = {}) {
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...options.env },
    dependencies: {
      model,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    },
  });
  expect((await call(bootstrapKey, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
}

afterEach(() => test.close());

describe("a student's export", () => {
  beforeEach(() => start());

  it("holds every grade of the student, oldest first, with answer, audit record and human changes", async () => {
    const teacher = await createKey("teacher");
    const first = await grade(teacher.key, answerA, "s-1");
    const second = await grade(teacher.key, answerB, "s-1");
    await grade(teacher.key, answerC, "s-2");
    const changed = await call(teacher.key, "PATCH", `/v1/grades/${second.id}`, {
      reviewer: "Ms Smith",
      reason: "Names both outputs.",
      criteria: [{ criterionId: "outputs", points: 2 }],
    });
    expect(changed.statusCode).toBe(200);

    const response = await call(teacher.key, "GET", "/v1/students/s-1/export", undefined, {
      accept: "application/json",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body.studentId).toBe("s-1");
    expect(Date.parse(body.generatedAt)).not.toBeNaN();
    expect(body.grades.map((item: { id: string }) => item.id)).toEqual([first.id, second.id]);
    const [a, b] = body.grades;
    expect(a).toMatchObject({
      id: first.id,
      studentId: "s-1",
      rubricId: scienceRubric.id,
      rubricVersion: expect.any(String),
      status: "graded",
      flags: [],
      totalPoints: 3,
      feedback: "Feedback for the student.",
      answer: answerA,
      answerPurgedAt: null,
      submittedBy: teacher.id,
      audit: { gradeId: first.id, humanChanges: [], cachedFrom: null },
    });
    expect(a.criteria[0]).toMatchObject({ criterionId: "inputs", points: 2, evidence: ["glucose"] });
    expect(a.audit.attempts[0].rawReply).toContain("glucose");
    expect(b).toMatchObject({ answer: answerB, gradedBy: "human", totalPoints: 4, version: 2 });
    expect(b.audit.humanChanges).toEqual([
      expect.objectContaining({ reviewer: "Ms Smith", reason: "Names both outputs." }),
    ]);
    expect(response.body).not.toContain(answerC);
  });

  it("answers 200 with an empty list for a student unknown here, and another school's admin gets nothing", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    const created = await call(bootstrapKey, "POST", "/v1/tenants", { id: "north", name: "North" });
    const north = created.json().adminKey.key as string;

    const unknown = await exportOf(bootstrapKey, "nobody");
    expect(unknown).toMatchObject({ studentId: "nobody", grades: [] });
    const foreign = await call(north, "GET", "/v1/students/s-1/export");
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json().grades).toEqual([]);
    expect(foreign.body).not.toContain(answerA);
    // The same shape as for a student nobody has heard of: nothing tells that s-1 exists elsewhere.
    expect(Object.keys(foreign.json()).sort()).toEqual(Object.keys(unknown).sort());
  });

  it("streams many grades into one valid document", async () => {
    const answers = Array.from({ length: 230 }, (_, index) => `${answerA} (${index})`);
    for (const answer of answers) await grade(bootstrapKey, answer, "s-many");
    const body = await exportOf(bootstrapKey, "s-many");
    expect(body.grades.map((item: { answer: string }) => item.answer)).toEqual(answers);
  });

  it("answers only JSON: 406 for an Accept header that refuses it", async () => {
    const url = "/v1/students/s-1/export";
    for (const accept of ["*/*", "application/*", "text/html, application/json;q=0.5"]) {
      expect((await call(bootstrapKey, "GET", url, undefined, { accept })).statusCode, accept).toBe(200);
    }
    for (const accept of ["text/csv", "application/xml, text/*", "application/json;q=0"]) {
      const response = await call(bootstrapKey, "GET", url, undefined, { accept });
      expect(response.statusCode, accept).toBe(406);
      expect(response.json().error).toMatchObject({ code: "not_acceptable" });
      expect(response.json().error.details[0].path).toBe("headers.accept");
    }
  });
});

describe("a student's erasure", () => {
  beforeEach(() => start());

  it("deletes their grades, audits and answers; ids answer 404, lists and exports never show them", async () => {
    const admin = await createKey("admin");
    const teacher = await createKey("teacher");
    const erasedA = await grade(teacher.key, answerA, "s-1");
    const erasedB = await grade(teacher.key, answerB, "s-1", { "idempotency-key": "submission-7" });
    const kept = await grade(teacher.key, answerC, "s-3");

    const response = await call(admin.key, "DELETE", "/v1/students/s-1");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: expect.stringMatching(/^ers_/),
      tenantId: "default",
      erasedAt: expect.any(String),
      erasedBy: admin.id,
      grades: 2,
      cachedCopiesUnlinked: 0,
      idempotencyKeys: 1,
    });

    for (const id of [erasedA.id, erasedB.id]) {
      expect((await call(teacher.key, "GET", `/v1/grades/${id}`)).statusCode).toBe(404);
      expect((await call(teacher.key, "GET", `/v1/grades/${id}/audit`)).statusCode).toBe(404);
      const patch = await call(teacher.key, "PATCH", `/v1/grades/${id}`, {
        reviewer: "r",
        reason: "x",
        criteria: [{ criterionId: "inputs", points: 0 }],
      });
      expect(patch.statusCode).toBe(404);
    }
    const list = await call(teacher.key, "GET", "/v1/grades");
    expect(list.json().grades.map((item: { id: string }) => item.id)).toEqual([kept.id]);
    expect((await call(teacher.key, "GET", "/v1/grades?studentId=s-1")).json().grades).toEqual([]);
    expect((await exportOf(teacher.key, "s-1")).grades).toEqual([]);
    expect((await call(teacher.key, "GET", `/v1/grades/${kept.id}`)).statusCode).toBe(200);

    // The idempotency record went with the grade: the same submission is a new request now, not a
    // replay of what was erased.
    const callsBefore = model.calls.length;
    const again = await call(
      teacher.key,
      "POST",
      "/v1/grade",
      { rubricId: scienceRubric.id, answer: answerB, studentId: "s-1" },
      { "idempotency-key": "submission-7" },
    );
    expect(again.statusCode).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(again.json().id).not.toBe(erasedB.id);
    expect(model.calls.length).toBe(callsBefore + 1);
  });

  it("takes their flagged grades out of the review queue; the export held them with their flags first", async () => {
    const teacher = await createKey("teacher");
    // A quote the student never wrote: the grade is flagged and waits for review.
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "words never written" }));
    const flagged = await grade(teacher.key, answerA, "s-1");
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "other words never written" }));
    const othersFlagged = await grade(teacher.key, answerC, "s-3");
    const queue = async () =>
      (await call(teacher.key, "GET", "/v1/grades?status=needs_review"))
        .json()
        .grades.map((item: { id: string }) => item.id);
    expect(await queue()).toEqual([othersFlagged.id, flagged.id]);

    const [exported] = (await exportOf(teacher.key, "s-1")).grades;
    expect(exported).toMatchObject({
      id: flagged.id,
      status: "needs_review",
      flags: ["evidence_unverified"],
    });
    expect(exported.audit.flags.map((flag: { code: string }) => flag.code)).toContain("evidence_unverified");

    expect((await call(bootstrapKey, "DELETE", "/v1/students/s-1")).statusCode).toBe(200);
    expect(await queue()).toEqual([othersFlagged.id]);
    const studentsQueue = await call(teacher.key, "GET", "/v1/grades?status=needs_review&studentId=s-1");
    expect(studentsQueue.json().grades).toEqual([]);

    // Nothing made from the erased answer is served to another student sending the same text.
    const callsBefore = model.calls.length;
    const sameText = await grade(teacher.key, answerA, "s-9");
    expect(sameText.cached).toBe(false);
    expect(model.calls.length).toBe(callsBefore + 1);
    expect((await call(teacher.key, "GET", `/v1/grades/${sameText.id}/audit`)).json().cachedFrom).toBeNull();
  });

  it("keeps other students' copies of an erased grade, unlinked, and never serves its result again", async () => {
    const original = await grade(bootstrapKey, answerA, "s-1");
    expect(original.cached).toBe(false);
    const copy = await grade(bootstrapKey, answerA, "s-2");
    expect(copy.cached).toBe(true);
    const copyBefore = (await call(bootstrapKey, "GET", `/v1/grades/${copy.id}`)).json();
    expect((await call(bootstrapKey, "GET", `/v1/grades/${copy.id}/audit`)).json().cachedFrom).toBe(
      original.id,
    );

    const erasure = (await call(bootstrapKey, "DELETE", "/v1/students/s-1")).json();
    expect(erasure).toMatchObject({ grades: 1, cachedCopiesUnlinked: 1, erasedBy: null });

    // The copy is s-2's grade: same points, feedback and evidence (quotes of s-2's own, identical
    // answer), same version; only the link to the erased grade is gone.
    const copyAfter = await call(bootstrapKey, "GET", `/v1/grades/${copy.id}`);
    expect(copyAfter.statusCode).toBe(200);
    expect(copyAfter.json()).toEqual(copyBefore);
    const audit = (await call(bootstrapKey, "GET", `/v1/grades/${copy.id}/audit`)).json();
    expect(audit).toMatchObject({ cachedFrom: null, cachedFromErased: true, answer: answerA, attempts: [] });
    expect(JSON.stringify(audit)).not.toContain(original.id);

    // A new identical answer is graded afresh: nothing made from the erased answer is served again.
    const callsBefore = model.calls.length;
    const fresh = await grade(bootstrapKey, answerA, "s-4");
    expect(fresh.cached).toBe(false);
    expect(model.calls.length).toBe(callsBefore + 1);
    // And that fresh grade is what the cache serves from now on.
    expect((await grade(bootstrapKey, answerA, "s-5")).cached).toBe(true);
    expect(model.calls.length).toBe(callsBefore + 1);
  });

  it("leaves the cache alone when the erased grade was itself a copy of another student's", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    await grade(bootstrapKey, answerA, "s-2");
    const erasure = (await call(bootstrapKey, "DELETE", "/v1/students/s-2")).json();
    expect(erasure).toMatchObject({ grades: 1, cachedCopiesUnlinked: 0 });
    const callsBefore = model.calls.length;
    expect((await grade(bootstrapKey, answerA, "s-3")).cached).toBe(true);
    expect(model.calls.length).toBe(callsBefore);
  });

  it("is idempotent: erasing again answers 200 with nothing left, and each request leaves a tombstone", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    const first = await call(bootstrapKey, "DELETE", "/v1/students/s-1");
    const second = await call(bootstrapKey, "DELETE", "/v1/students/s-1");
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ grades: 1 });
    expect(second.json()).toMatchObject({ grades: 0, cachedCopiesUnlinked: 0, idempotencyKeys: 0 });

    const listed = await call(bootstrapKey, "GET", "/v1/erasures");
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ erasures: [second.json(), first.json()], next: null });
  });

  it("leaves tombstones without personal data: no student id, no hash of it, no answer", async () => {
    const studentId = "student-4711";
    await grade(bootstrapKey, answerA, studentId);
    await call(bootstrapKey, "DELETE", `/v1/students/${studentId}`);
    const body = (await call(bootstrapKey, "GET", "/v1/erasures")).body;
    const [tombstone] = JSON.parse(body).erasures;
    expect(Object.keys(tombstone).sort()).toEqual(
      ["cachedCopiesUnlinked", "erasedAt", "erasedBy", "grades", "id", "idempotencyKeys", "tenantId"].sort(),
    );
    expect(body).not.toContain("4711");
    expect(body).not.toContain("glucose");
    // Nothing in it but ids, times and counts: no field could hold a hash.
    expect(body).not.toMatch(/[0-9a-f]{32}/);
  });

  it("pages the tombstones newest first", async () => {
    for (const student of ["a", "b", "c"]) await call(bootstrapKey, "DELETE", `/v1/students/${student}`);
    const first = (await call(bootstrapKey, "GET", "/v1/erasures?limit=2")).json();
    expect(first.erasures).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = (await call(bootstrapKey, "GET", `/v1/erasures?limit=2&cursor=${first.next}`)).json();
    expect(second.erasures).toHaveLength(1);
    expect(second.next).toBeNull();
    const ids = [...first.erasures, ...second.erasures].map((item: { id: string }) => item.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect((await call(bootstrapKey, "GET", "/v1/erasures?cursor=nonsense")).statusCode).toBe(400);
  });

  it("refuses a cursor of another list or a forged one with 400, instead of answering an empty or first page", async () => {
    for (const student of ["a", "b", "c"]) await call(bootstrapKey, "DELETE", `/v1/students/${student}`);
    await grade(bootstrapKey, answerA, "s-9");
    await grade(bootstrapKey, answerB, "s-9");
    const grades = (await call(bootstrapKey, "GET", "/v1/grades?limit=1")).json<{ next: string }>();
    const forged = (position: string) =>
      Buffer.from(JSON.stringify({ before: position })).toString("base64url");
    // The grade list's `next` (a grade id: read as a position, it answered the first page again), and forged
    // positions that answered an empty page.
    for (const cursor of [grades.next, forged("a"), forged("zzz"), forged("ers_")]) {
      const response = await call(bootstrapKey, "GET", `/v1/erasures?limit=2&cursor=${cursor}`);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        details: [
          { path: "querystring.cursor", message: expect.stringMatching(/not a cursor from this API/) },
        ],
      });
    }
    // Its own `next` still pages on.
    const first = (await call(bootstrapKey, "GET", "/v1/erasures?limit=2")).json<{ next: string }>();
    const second = await call(bootstrapKey, "GET", `/v1/erasures?limit=2&cursor=${first.next}`);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().erasures).toHaveLength(1);
  });

  it("stays in the caller's school: another school erasing the same student id erases nothing here", async () => {
    const kept = await grade(bootstrapKey, answerA, "s-1");
    const north = (await call(bootstrapKey, "POST", "/v1/tenants", { id: "north", name: "North" })).json()
      .adminKey.key as string;
    const erasure = await call(north, "DELETE", "/v1/students/s-1");
    expect(erasure.statusCode).toBe(200);
    expect(erasure.json()).toMatchObject({ tenantId: "north", grades: 0 });
    expect((await call(bootstrapKey, "GET", `/v1/grades/${kept.id}`)).statusCode).toBe(200);
    // Each school sees only its own tombstones.
    expect((await call(bootstrapKey, "GET", "/v1/erasures")).json().erasures).toEqual([]);
    expect((await call(north, "GET", "/v1/erasures")).json().erasures).toHaveLength(1);
  });

  it("is for admins: teachers and service keys get 403; teachers may export, service keys may not", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    const teacher = await createKey("teacher");
    const service = await createKey("service");
    for (const key of [teacher.key, service.key]) {
      const denied = await call(key, "DELETE", "/v1/students/s-1");
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe("forbidden");
      expect((await call(key, "GET", "/v1/erasures")).statusCode).toBe(403);
    }
    expect((await call(teacher.key, "GET", "/v1/students/s-1/export")).statusCode).toBe(200);
    expect((await call(service.key, "GET", "/v1/students/s-1/export")).statusCode).toBe(403);
    // Nothing was erased by the refused requests.
    expect((await exportOf(bootstrapKey, "s-1")).grades).toHaveLength(1);
  });

  it("erases their appeals and the decision of an answer group only they were in; other groups keep theirs", async () => {
    const own = await grade(bootstrapKey, answerA, "s-1");
    const shared = await grade(bootstrapKey, answerB, "s-1");
    await grade(bootstrapKey, answerB, "s-2");
    const filed = await call(bootstrapKey, "POST", `/v1/grades/${own.id}/appeals`, {
      criterionId: "inputs",
      reason: "my reasons, personal data",
      by: "s-1",
    });
    expect(filed.statusCode).toBe(201);
    const groupOf = async (id: string) =>
      (await call(bootstrapKey, "GET", `/v1/grades/${id}`)).json().groupId;
    const ownGroup = await groupOf(own.id);
    const sharedGroup = await groupOf(shared.id);
    for (const groupId of [ownGroup, sharedGroup]) {
      const decided = await call(bootstrapKey, "PATCH", `/v1/groups/${groupId}`, {
        reviewer: "Ms Lee",
        reason: "group",
        criteria: [{ criterionId: "inputs", points: 0 }],
      });
      expect(decided.statusCode, decided.body).toBe(200);
    }

    expect((await call(bootstrapKey, "DELETE", "/v1/students/s-1")).statusCode).toBe(200);
    const resolve = await call(bootstrapKey, "POST", `/v1/appeals/${filed.json().appeal.id}/resolve`, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "x",
    });
    expect(resolve.statusCode).toBe(404);
    expect((await call(bootstrapKey, "GET", `/v1/groups/${ownGroup}`)).statusCode).toBe(404);
    expect((await call(bootstrapKey, "GET", `/v1/groups/${sharedGroup}`)).json().decision).not.toBeNull();
    // The erased student's answer, sent again by someone else, is graded afresh, not by the old decision.
    const again = await grade(bootstrapKey, answerA, "s-3");
    expect((await call(bootstrapKey, "GET", `/v1/grades/${again.id}`)).json()).toMatchObject({
      gradedBy: "model",
      review: null,
    });
    const raw = test.storage as unknown as {
      forTenant: (id: string) => { appeals: { listForGrade(id: string): Promise<unknown[]> } };
    };
    expect(await raw.forTenant("default").appeals.listForGrade(own.id)).toEqual([]);
  });
});

describe("answers being graded when their student is erased", () => {
  beforeEach(() => start());

  /** Holds the next model calls until `release()`; `started` resolves when the first call arrives. */
  function holdModel() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    model.fallback = async () => {
      arrived();
      await released;
      return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    };
    return { started, release };
  }

  it("are not stored: the request answers 409 student_erased; others' grades and later ones are kept", async () => {
    const held = holdModel();
    const erasedOnesGrade = call(bootstrapKey, "POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: answerA,
      studentId: "s-1",
    });
    const othersGrade = call(bootstrapKey, "POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: answerC,
      studentId: "s-2",
    });
    await held.started;
    const erasure = await call(bootstrapKey, "DELETE", "/v1/students/s-1");
    expect(erasure.statusCode).toBe(200);
    expect(erasure.json().grades).toBe(0);
    held.release();

    const refused = await erasedOnesGrade;
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("student_erased");
    expect((await othersGrade).statusCode).toBe(200);
    expect((await exportOf(bootstrapKey, "s-1")).grades).toEqual([]);
    const listed = (await call(bootstrapKey, "GET", "/v1/grades")).json().grades;
    expect(listed.map((item: { studentId: string }) => item.studentId)).toEqual(["s-2"]);

    // The student submits again after the erasure: a new grade, kept.
    const later = await grade(bootstrapKey, answerB, "s-1");
    expect((await call(bootstrapKey, "GET", `/v1/grades/${later.id}`)).statusCode).toBe(200);
  });

  it("end a running job item as cancelled, with no grade and no answer left", async () => {
    const held = holdModel();
    const created = await call(bootstrapKey, "POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: answerA, studentId: "s-1" }],
    });
    expect(created.statusCode, created.body).toBe(202);
    test.runtime.jobRunner.start();
    await held.started;
    expect((await call(bootstrapKey, "DELETE", "/v1/students/s-1")).statusCode).toBe(200);
    // The item's claim on its idempotency key held a hash of the answer and the student id: it is gone,
    // so a process that took the item over would find nothing of theirs (regression: it stayed).
    const jobId = created.json().id as string;
    const now = new Date();
    const claim = await test.runtime.storage
      .forTenant(defaultTenantId)
      .idempotency.claim(itemIdempotencyKey(jobId, 1), "another-request", {
        holder: "test",
        now,
        expiresAt: new Date(now.getTime() + 30_000),
      });
    expect(claim).toEqual({ state: "claimed" });
    held.release();

    let job: { status: string; counts: Record<string, number> } = { status: "", counts: {} };
    await vi.waitFor(
      async () => {
        job = (await call(bootstrapKey, "GET", `/v1/jobs/${jobId}`)).json();
        expect(job.status).toBe("completed");
      },
      { timeout: 30_000, interval: 20 },
    );
    expect(job.counts).toMatchObject({ graded: 0, needsReview: 0, failed: 0, cancelled: 1, pending: 0 });
    const results = await call(bootstrapKey, "GET", `/v1/jobs/${jobId}/results`);
    expect(results.body).not.toContain("glucose");
    expect(results.body).not.toContain("s-1");
    expect((await call(bootstrapKey, "GET", "/v1/grades")).json().grades).toEqual([]);
  });
});

describe("bad student ids", () => {
  beforeEach(() => start());

  it("answer 400 naming params.studentId, and nothing is erased or recorded", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    const tooLong = "x".repeat(201);
    for (const [method, url] of [
      ["GET", `/v1/students/${tooLong}/export`],
      ["DELETE", `/v1/students/${tooLong}`],
      ["GET", "/v1/students//export"],
      ["DELETE", "/v1/students/"],
    ] as const) {
      const response = await call(bootstrapKey, method, url);
      expect(response.statusCode, `${method} ${url}`).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining("params.studentId"),
      });
      expect(response.json().error.details[0].path).toBe("params.studentId");
    }
    // Unknown query parameters and bodies are refused by name too.
    const withQuery = await call(bootstrapKey, "DELETE", "/v1/students/s-1?force=true");
    expect(withQuery.statusCode).toBe(400);
    expect(withQuery.json().error.details[0].path).toBe("querystring.force");
    const withBody = await call(bootstrapKey, "DELETE", "/v1/students/s-1", { reason: "asked" });
    expect(withBody.statusCode).toBe(400);
    expect(withBody.json().error.details[0].path).toBe("body");

    expect((await exportOf(bootstrapKey, "s-1")).grades).toHaveLength(1);
    expect((await call(bootstrapKey, "GET", "/v1/erasures")).json().erasures).toEqual([]);
  });

  it("take every id POST /v1/grade takes: 200 characters, any script, reserved characters escaped", async () => {
    for (const studentId of ["é".repeat(200), "日本".repeat(100), "class 7/b #3?", "x".repeat(200)]) {
      const graded = await grade(bootstrapKey, `${answerA} ${studentId.length}`, studentId);
      const exported = await exportOf(bootstrapKey, studentId);
      expect(exported.studentId).toBe(studentId);
      expect(exported.grades.map((item: { id: string }) => item.id)).toContain(graded.id);
      const erased = await call(bootstrapKey, "DELETE", `/v1/students/${encodeURIComponent(studentId)}`);
      expect(erased.statusCode, erased.body).toBe(200);
      expect(erased.json().grades).toBeGreaterThan(0);
      expect((await call(bootstrapKey, "GET", `/v1/grades/${graded.id}`)).statusCode).toBe(404);
    }
  });
});

describe("ids written in either Unicode form", () => {
  beforeEach(() => start());
  // "José" as one precomposed é (NFC) and as an e with a combining acute accent (NFD): a keyboard, an LMS or
  // a spreadsheet may send either, and a reader cannot tell them apart.
  const composed = "Jos\u00e9";
  const decomposed = "Jose\u0301";
  const idsOf = (response: { json: () => { grades: { id: string }[] } }) =>
    response
      .json()
      .grades.map((item) => item.id)
      .sort();

  it("are one student: listed, exported and erased whichever form each request uses", async () => {
    // Regression: ids were kept as sent, so the teacher's "José" found none of the grades sent as
    // "Jose\u0301", and an erasure of one form left the other's grades, answers and audits behind.
    const teacher = await createKey("teacher");
    const first = await grade(teacher.key, answerA, decomposed);
    const second = await grade(teacher.key, answerB, composed);
    const other = await grade(teacher.key, answerC, "Jose");
    expect([first.studentId, second.studentId]).toEqual([composed, composed]);
    for (const form of [composed, decomposed]) {
      const listed = await call(teacher.key, "GET", `/v1/grades?studentId=${encodeURIComponent(form)}`);
      expect(idsOf(listed), form).toEqual([first.id, second.id].sort());
      const exported = await exportOf(teacher.key, form);
      expect(exported.studentId).toBe(composed);
      expect(
        exported.grades.map((item: { id: string; studentId: string }) => [item.id, item.studentId]),
      ).toEqual([
        [first.id, composed],
        [second.id, composed],
      ]);
    }

    const erased = await call(bootstrapKey, "DELETE", `/v1/students/${encodeURIComponent(decomposed)}`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().grades).toBe(2);
    for (const id of [first.id, second.id]) {
      expect((await call(teacher.key, "GET", `/v1/grades/${id}`)).statusCode).toBe(404);
    }
    expect((await exportOf(teacher.key, composed)).grades).toEqual([]);
    expect(idsOf(await call(teacher.key, "GET", "/v1/grades"))).toEqual([other.id]);
  });

  it("are one submission: a grade sent with either form is found by the other", async () => {
    const response = await call(bootstrapKey, "POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: answerA,
      submissionId: `sub-${decomposed}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().submissionId).toBe(`sub-${composed}`);
    const listed = await call(
      bootstrapKey,
      "GET",
      `/v1/grades?submissionId=${encodeURIComponent(`sub-${composed}`)}`,
    );
    expect(idsOf(listed)).toEqual([response.json().id]);
  });
});

describe("logs of students' data requests", () => {
  it("never carry the student id (the URL's) or the answer", async () => {
    const { logger, lines } = capturingLogger();
    await start({ logger });
    const studentId = "student-9f3k-unique";
    await grade(bootstrapKey, answerA, studentId);
    await exportOf(bootstrapKey, studentId);
    await call(bootstrapKey, "DELETE", `/v1/students/${studentId}`);
    // Routes that do not exist log their URL too.
    expect((await call(bootstrapKey, "GET", `/v1/students/${studentId}`)).statusCode).toBe(405);
    expect((await call(bootstrapKey, "GET", `/v1/students/${studentId}/grades?x=1`)).statusCode).toBe(404);
    await test.close();
    const all = lines.join("\n");
    expect(all).toContain('"url":"/v1/students/[redacted]/export"');
    expect(all).toContain('"url":"/v1/students/[redacted]"');
    expect(all).toContain('"msg":"student data erased"');
    expect(all).toContain('"msg":"student data exported"');
    expect(all).not.toContain("9f3k");
    expect(all).not.toContain("glucose");
  });

  it("never carry the student id of a path that spells 'students' percent-encoded or in capitals", async () => {
    // Regression: the router decodes `%73tudents`, so the export was served, and its URL logged as sent.
    const { logger, lines } = capturingLogger();
    await start({ logger });
    expect((await call(bootstrapKey, "GET", "/v1/%73tudents/student-7q2w-unique/export")).statusCode).toBe(
      200,
    );
    expect((await call(bootstrapKey, "GET", "/v1/stu%64ents/student-7q2w-unique/export")).statusCode).toBe(
      200,
    );
    expect((await call(bootstrapKey, "GET", "/v1/STUDENTS/student-7q2w-unique/export")).statusCode).toBe(404);
    await test.close();
    const all = lines.join("\n");
    expect(all).toContain('"url":"/v1/students/[redacted]/export"');
    expect(all).not.toContain("7q2w");
  });
});

describe("answer retention (GRADER_RETENTION_DAYS)", () => {
  const dayMs = 24 * 60 * 60 * 1000;
  let now: Date;
  const clock: Clock = { now: () => now, sleep: (ms, signal) => systemClock.sleep(ms, signal) };

  beforeEach(async () => {
    now = new Date("2026-09-01T08:00:00.000Z");
    await start({ env: { GRADER_RETENTION_DAYS: "30" }, clock });
  });

  it("purges answers older than the period and what quotes them; the grade keeps its points and says so", async () => {
    const old = await grade(bootstrapKey, answerA, "s-1");
    const before = (await call(bootstrapKey, "GET", `/v1/grades/${old.id}`)).json();
    now = new Date(now.getTime() + 30 * dayMs - 1);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedGrades: 0 });
    const recent = await grade(bootstrapKey, answerB, "s-1");

    now = new Date(now.getTime() + 2);
    const run = await test.runtime.answerRetention!.purge();
    expect(run).toMatchObject({ purgedGrades: 1, cutoff: "2026-09-01T08:00:00.001Z", compacted: true });

    const purged = await call(bootstrapKey, "GET", `/v1/grades/${old.id}`);
    expect(purged.statusCode).toBe(200);
    expect(purged.headers.etag).toBe('"2"');
    const after = purged.json();
    expect(after).toMatchObject({
      status: before.status,
      flags: before.flags,
      totalPoints: before.totalPoints,
      feedback: before.feedback,
      version: 2,
    });
    expect(after.criteria.map((item: { points: number }) => item.points)).toEqual(
      before.criteria.map((item: { points: number }) => item.points),
    );
    expect(after.criteria.every((item: { evidence: string[] }) => item.evidence.length === 0)).toBe(true);

    const audit = (await call(bootstrapKey, "GET", `/v1/grades/${old.id}/audit`)).json();
    expect(audit).toMatchObject({ answer: null, answerPurgedAt: now.toISOString() });
    expect(audit.attempts[0]).toMatchObject({ rawReply: null });
    expect(JSON.stringify(audit)).not.toContain("glucose");

    const exported = await exportOf(bootstrapKey, "s-1");
    expect(exported.grades.map((item: { answer: string | null }) => item.answer)).toEqual([null, answerB]);
    expect(exported.grades[0].answerPurgedAt).toBe(now.toISOString());
    expect((await call(bootstrapKey, "GET", `/v1/grades/${recent.id}/audit`)).json().answer).toBe(answerB);

    // The purged grade left the cache (its key hashes the answer): the same answer is graded afresh.
    const callsBefore = model.calls.length;
    expect((await grade(bootstrapKey, answerA, "s-2")).cached).toBe(false);
    expect(model.calls.length).toBe(callsBefore + 1);
    // A second run finds nothing left.
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedGrades: 0 });
  });

  it("runs at start-up and logs what it purged (counts only)", async () => {
    await grade(bootstrapKey, answerA, "s-1");
    await grade(bootstrapKey, answerB, "s-2");
    const storage = test.storage;
    // The next start, 31 days later, on the same database.
    await test.app.close();
    const { logger, lines } = capturingLogger();
    now = new Date(now.getTime() + 31 * dayMs);
    const next = await buildTestApp({
      env: { GRADER_API_KEYS: bootstrapKey, GRADER_RETENTION_DAYS: "30" },
      dependencies: { model, clock, logger },
      storage,
    });
    try {
      await expect.poll(() => lines.some((line) => line.includes("answers purged (retention)"))).toBe(true);
      const entry = JSON.parse(lines.find((line) => line.includes("answers purged (retention)"))!);
      expect(entry).toMatchObject({ component: "retention", retentionDays: 30, purgedGrades: 2, level: 30 });
      expect(lines.join("\n")).not.toMatch(/grd_|s-1|s-2|glucose/);
    } finally {
      await next.close();
    }
  });

  it("is off when GRADER_RETENTION_DAYS is unset", async () => {
    await test.close();
    await start();
    expect(test.runtime.answerRetention).toBeNull();
  });
});
