import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import type { TenantStores } from "../../src/grading/ports.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { buildTestApp, scienceRubric, testConfig, type TestApp } from "../helpers/test-app.js";

/**
 * Appeals: one criterion of a grade disputed with a reason, from a teacher or from a student through
 * a service key; the grade is back in the review queue on its own with its evidence until a teacher
 * resolves the appeal, and both steps are in the audit.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const bootstrapKey = "bootstrap-admin-key-0123456789";
let model: ScriptedModel;
let test: TestApp;

beforeEach(async () => {
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 1, outputs: 2 }, { quote: "light, water and carbon dioxide" }),
  });
  test = await buildTestApp({ dependencies: { model }, env: { GRADER_API_KEYS: bootstrapKey } });
  expect((await call(bootstrapKey, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
});
afterEach(() => test.close());

function call(
  key: string,
  method: "GET" | "POST" | "PATCH",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload ? { payload } : {}),
  });
}
async function createKey(role: string): Promise<string> {
  const response = await call(bootstrapKey, "POST", "/v1/keys", { name: `${role} key`, role });
  expect(response.statusCode).toBe(201);
  return response.json().key as string;
}
async function gradeAs(key: string, text = answer) {
  const response = await call(key, "POST", "/v1/grade", {
    rubricId: scienceRubric.id,
    answer: text,
    studentId: "s-1",
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const appeal = (key: string, gradeId: string, body: object) =>
  call(key, "POST", `/v1/grades/${gradeId}/appeals`, body);

describe("filing an appeal", () => {
  it("sends the grade back to review on its own, with its evidence and the appeal", async () => {
    const grade = await gradeAs(bootstrapKey);
    expect(grade.status).toBe("graded");
    const filed = await appeal(bootstrapKey, grade.id, {
      criterionId: "inputs",
      reason: "I named all three inputs.",
      by: "student s-1",
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().appeal).toMatchObject({ criterionId: "inputs", status: "open", resolution: null });
    expect(filed.json().grade).toMatchObject({
      status: "needs_review",
      flags: expect.arrayContaining(["appealed"]),
    });

    const { entries } = (await call(bootstrapKey, "GET", "/v1/review-queue")).json();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ groupId: null, size: 1, firstGradeId: grade.id, answer });
    expect(entries[0].appeals).toEqual([expect.objectContaining({ reason: "I named all three inputs." })]);
    expect(entries[0].grade.criteria[0].evidence).toEqual(["light, water and carbon dioxide"]);

    const audit = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/audit`)).json();
    expect(audit.humanChanges).toEqual([
      expect.objectContaining({
        action: "appealed",
        reviewer: "student s-1",
        reason: "I named all three inputs.",
        appealId: filed.json().appeal.id,
        status: { from: "graded", to: "needs_review" },
      }),
    ]);
  });

  it("lets a service key appeal the grades it submitted, and only those", async () => {
    const lms = await createKey("service");
    const otherLms = await createKey("service");
    const own = await gradeAs(lms);
    const foreign = await gradeAs(otherLms, `${answer} (other)`);
    const body = { criterionId: "inputs", reason: "all three", by: "student" };
    expect((await appeal(lms, own.id, body)).statusCode).toBe(201);
    expect((await appeal(lms, foreign.id, body)).statusCode).toBe(404);
    expect((await call(lms, "GET", `/v1/grades/${own.id}/appeals`)).json().appeals).toHaveLength(1);
    // Resolving is a teacher's.
    const appealId = (await call(lms, "GET", `/v1/grades/${own.id}/appeals`)).json().appeals[0].id;
    const resolve = await call(lms, "POST", `/v1/appeals/${appealId}/resolve`, {
      outcome: "upheld",
      reviewer: "x",
      reason: "y",
      points: 2,
    });
    expect(resolve.statusCode).toBe(403);
  });

  it("refuses an unknown criterion (400 naming it) and a second open appeal on a criterion (409)", async () => {
    const grade = await gradeAs(bootstrapKey);
    const unknown = await appeal(bootstrapKey, grade.id, { criterionId: "nope", reason: "r", by: "b" });
    expect(unknown.statusCode).toBe(400);
    // Named as every other field of the body is (it was `criterionId`, alone of all the body's fields).
    expect(unknown.json().error).toMatchObject({
      message: 'body.criterionId: the rubric has no criterion "nope"',
      details: [{ path: "body.criterionId", message: 'the rubric has no criterion "nope"' }],
    });
    const missing = await appeal(bootstrapKey, grade.id, { criterionId: "inputs", by: "b" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("body.reason");
    expect(
      (await appeal(bootstrapKey, grade.id, { criterionId: "inputs", reason: "r", by: "b" })).statusCode,
    ).toBe(201);
    const again = await appeal(bootstrapKey, grade.id, { criterionId: "inputs", reason: "r2", by: "b" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("appeal_open");
    // Another criterion may be appealed meanwhile.
    expect(
      (await appeal(bootstrapKey, grade.id, { criterionId: "outputs", reason: "r", by: "b" })).statusCode,
    ).toBe(201);
  });
});

describe("resolving an appeal", () => {
  async function openAppeal(criterionId = "inputs") {
    const grade = await gradeAs(bootstrapKey);
    const filed = await appeal(bootstrapKey, grade.id, { criterionId, reason: "all three", by: "student" });
    expect(filed.statusCode).toBe(201);
    return { grade, appealId: filed.json().appeal.id as string };
  }
  const resolve = (appealId: string, body: object) =>
    call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, body);

  it("upheld: new points, graded again, the resolution kept with the appeal and in the audit", async () => {
    const { grade, appealId } = await openAppeal();
    const resolved = await resolve(appealId, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "carbon dioxide is there",
      points: 2,
      comment: "You are right.",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().appeal).toMatchObject({
      status: "upheld",
      resolution: { outcome: "upheld", reviewer: "Ms Lee", points: { from: 1, to: 2 } },
    });
    expect(resolved.json().grade).toMatchObject({
      status: "graded",
      gradedBy: "human",
      totalPoints: 4,
      review: { action: "appeal_resolved" },
    });
    expect(resolved.json().grade.flags).not.toContain("appealed");
    expect(resolved.json().grade.criteria[0].comment).toBe("You are right.");
    const audit = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/audit`)).json();
    expect(audit.humanChanges.at(-1)).toMatchObject({
      action: "appeal_resolved",
      appealId,
      criteria: [{ criterionId: "inputs", from: 1, to: 2 }],
    });
    expect((await call(bootstrapKey, "GET", "/v1/review-queue")).json().entries).toEqual([]);

    const twice = await resolve(appealId, { outcome: "denied", reviewer: "Ms Lee", reason: "x" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("appeal_closed");
  });

  it("denied: the points stay; points with a denial are refused", async () => {
    const { grade, appealId } = await openAppeal();
    const contradictory = await resolve(appealId, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "no",
      points: 2,
    });
    expect(contradictory.statusCode).toBe(400);
    expect(contradictory.json().error.details[0].path).toBe("body.points");
    const denied = await resolve(appealId, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "carbon dioxide is missing",
    });
    expect(denied.statusCode).toBe(200);
    expect(denied.json().grade).toMatchObject({ status: "graded", totalPoints: 3, gradedBy: "model" });
    expect(denied.json().appeal).toMatchObject({ status: "denied", resolution: { points: null } });
    const listed = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/appeals`)).json().appeals;
    expect(listed).toEqual([expect.objectContaining({ id: appealId, status: "denied" })]);
  });

  it("keeps the grade in review while another appeal on it is open", async () => {
    const { grade, appealId } = await openAppeal("inputs");
    expect(
      (await appeal(bootstrapKey, grade.id, { criterionId: "outputs", reason: "r", by: "b" })).statusCode,
    ).toBe(201);
    const first = await resolve(appealId, { outcome: "denied", reviewer: "Ms Lee", reason: "no" });
    expect(first.json().grade).toMatchObject({ status: "needs_review" });
    expect(first.json().grade.flags).toContain("appealed");
  });

  it("records in the audit only the status changes that happened while another appeal stays open", async () => {
    const { grade, appealId } = await openAppeal("inputs");
    const second = await appeal(bootstrapKey, grade.id, { criterionId: "outputs", reason: "r", by: "b" });
    const upheld = await resolve(appealId, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "fair",
      points: 2,
    });
    expect(upheld.json().grade).toMatchObject({ status: "needs_review", gradedBy: "human" });
    const afterFirst = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/audit`)).json();
    expect(afterFirst.humanChanges.at(-1)).toMatchObject({
      action: "appeal_resolved",
      criteria: [{ criterionId: "inputs", from: 1, to: 2 }],
      status: null,
    });

    await resolve(second.json().appeal.id, { outcome: "denied", reviewer: "Ms Lee", reason: "no" });
    const trail = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/audit`)).json().humanChanges;
    expect(
      trail.map((change: { action: string; status: unknown }) => [change.action, change.status]),
    ).toEqual([
      ["appealed", { from: "graded", to: "needs_review" }],
      ["appealed", null],
      ["appeal_resolved", null],
      ["appeal_resolved", { from: "needs_review", to: "graded" }],
    ]);
  });

  it("answers 404 for an unknown appeal and points outside the criterion with 400", async () => {
    expect((await resolve("apl_missing", { outcome: "denied", reviewer: "a", reason: "b" })).statusCode).toBe(
      404,
    );
    const { appealId } = await openAppeal();
    const over = await resolve(appealId, { outcome: "upheld", reviewer: "a", reason: "b", points: 9 });
    expect(over.statusCode).toBe(400);
    // Named as the resolution sends it: `body.criteria[0].points` named a field this body does not have.
    expect(over.json().error).toMatchObject({
      code: "invalid_request",
      message: "body.points: must be one of 0, 1, 2",
      details: [{ path: "body.points", message: "must be one of 0, 1, 2" }],
    });
    const half = await resolve(appealId, { outcome: "upheld", reviewer: "a", reason: "b", points: 0.5 });
    expect(half.statusCode).toBe(400);
    expect(half.json().error.details).toEqual([{ path: "body.points", message: "must be one of 0, 1, 2" }]);
    // Nothing was resolved: the appeal is still open.
    const resolved = await resolve(appealId, { outcome: "upheld", reviewer: "a", reason: "b", points: 2 });
    expect(resolved.statusCode, resolved.body).toBe(200);
  });

  it("upholds with points a criterion of a grade where another has no score, and keeps the grade in review", async () => {
    // The model's reply and its repair are both unusable: no criterion has points.
    model.enqueue("not json at all", "still not json");
    const grade = await gradeAs(bootstrapKey, "An answer the model could not grade.");
    expect(grade.criteria.map((result: { points: number | null }) => result.points)).toEqual([null, null]);
    const filed = await appeal(bootstrapKey, grade.id, {
      criterionId: "inputs",
      reason: "all three",
      by: "s",
    });
    const appealId = filed.json().appeal.id as string;
    const upheld = await resolve(appealId, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "right",
      points: 2,
    });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json().grade).toMatchObject({ status: "needs_review", totalPoints: null });
    expect(upheld.json().grade.flags).not.toContain("appealed");
    expect(upheld.json().grade.criteria.map((result: { points: number | null }) => result.points)).toEqual([
      2,
      null,
    ]);
    const audit = (await call(bootstrapKey, "GET", `/v1/grades/${grade.id}/audit`)).json();
    expect(audit.humanChanges.at(-1)).toMatchObject({
      action: "appeal_resolved",
      appealId,
      criteria: [{ criterionId: "inputs", from: null, to: 2 }],
      status: null,
    });
  });

  it("refuses to approve or re-point a grade while its appeal is open, so it stays in the queue until resolved", async () => {
    const { grade, appealId } = await openAppeal("inputs");
    const approve = await call(bootstrapKey, "POST", `/v1/grades/${grade.id}/approve`, {
      reviewer: "Ms Lee",
    });
    expect(approve.statusCode, approve.body).toBe(409);
    expect(approve.json().error.code).toBe("appeal_open");
    expect(approve.json().error.message).toContain(appealId);
    const repoint = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "fix",
      criteria: [{ criterionId: "outputs", points: 1 }],
    });
    expect(repoint.statusCode, repoint.body).toBe(409);
    expect(repoint.json().error).toMatchObject({
      code: "appeal_open",
      details: [{ appealId, criterionId: "inputs" }],
    });

    // A comment or feedback alone does not decide the grade: allowed, and it stays in review.
    const commented = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "note",
      criteria: [{ criterionId: "inputs", comment: "Looking at it." }],
    });
    expect(commented.statusCode, commented.body).toBe(200);
    expect(commented.json()).toMatchObject({ status: "needs_review", totalPoints: 3 });
    const queued = (await call(bootstrapKey, "GET", "/v1/review-queue")).json().entries;
    expect(queued).toEqual([
      expect.objectContaining({
        firstGradeId: grade.id,
        appeals: [expect.objectContaining({ id: appealId })],
      }),
    ]);
    const pending = (await call(bootstrapKey, "GET", "/v1/grades?status=needs_review")).json().grades;
    expect(pending.map((listed: { id: string }) => listed.id)).toEqual([grade.id]);

    // Once the appeal is resolved, the grade is the teacher's to approve or change again.
    await resolve(appealId, { outcome: "denied", reviewer: "Ms Lee", reason: "no" });
    const approved = await call(bootstrapKey, "POST", `/v1/grades/${grade.id}/approve`, {
      reviewer: "Ms Lee",
    });
    expect(approved.statusCode, approved.body).toBe(200);
  });

  it("keeps an appealed member out of its group's decision", async () => {
    const a = await gradeAs(bootstrapKey);
    const b = await gradeAs(bootstrapKey);
    expect(b.groupId).toBe(a.groupId);
    expect(
      (await appeal(bootstrapKey, b.id, { criterionId: "inputs", reason: "r", by: "s" })).statusCode,
    ).toBe(201);
    const decided = await call(bootstrapKey, "PATCH", `/v1/groups/${a.groupId}`, {
      reviewer: "Ms Lee",
      reason: "group",
      criteria: [{ criterionId: "inputs", points: 0 }],
    });
    expect(decided.json()).toMatchObject({ applied: [a.id], skipped: [b.id] });
    expect((await call(bootstrapKey, "GET", `/v1/grades/${b.id}`)).json().criteria[0].points).toBe(1);
  });
});

describe("If-Match on appeals", () => {
  const body = { criterionId: "inputs", reason: "I named all three inputs.", by: "student s-1" };
  const read = async (gradeId: string) => ({
    grade: (await call(bootstrapKey, "GET", `/v1/grades/${gradeId}`)).json(),
    appeals: (await call(bootstrapKey, "GET", `/v1/grades/${gradeId}/appeals`)).json().appeals,
    audit: (await call(bootstrapKey, "GET", `/v1/grades/${gradeId}/audit`)).json(),
    queue: (await call(bootstrapKey, "GET", "/v1/review-queue")).json().entries,
  });

  it("refuses to file an appeal on a grade changed since it was read (412), writing nothing", async () => {
    // Regression: If-Match was ignored, so an appeal was filed against points the appellant never saw.
    const grade = await gradeAs(bootstrapKey);
    const changed = await call(
      bootstrapKey,
      "PATCH",
      `/v1/grades/${grade.id}`,
      { reviewer: "Ms Lee", reason: "note", criteria: [{ criterionId: "inputs", comment: "Good." }] },
      { "if-match": '"1"' },
    );
    expect(changed.headers.etag).toBe('"2"');
    const before = await read(grade.id);

    const stale = await call(bootstrapKey, "POST", `/v1/grades/${grade.id}/appeals`, body, {
      "if-match": '"1"',
    });
    expect(stale.statusCode, stale.body).toBe(412);
    expect(stale.json().error.code).toBe("grade_modified");
    expect(await read(grade.id)).toEqual(before);
    expect(before.appeals).toEqual([]);

    const fresh = await call(bootstrapKey, "POST", `/v1/grades/${grade.id}/appeals`, body, {
      "if-match": '"2"',
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.json().grade.version).toBe(3);
    expect(fresh.headers.etag).toBe('"3"');
    // Without If-Match, as before: filed on whatever version the grade is at, and the new ETag answered.
    const other = await appeal(bootstrapKey, grade.id, { ...body, criterionId: "outputs" });
    expect(other.statusCode).toBe(201);
    expect(other.headers.etag).toBe('"4"');
  });

  it("refuses to resolve an appeal on a grade changed since it was read (412), writing nothing", async () => {
    const grade = await gradeAs(bootstrapKey);
    const filed = await appeal(bootstrapKey, grade.id, body);
    expect(filed.headers.etag).toBe('"2"');
    const appealId = filed.json().appeal.id as string;
    // A comment while the appeal is open: the grade moves on to version 3.
    await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "note",
      criteria: [{ criterionId: "inputs", comment: "Looking at it." }],
    });
    const before = await read(grade.id);
    const resolution = { outcome: "upheld", reviewer: "Ms Lee", reason: "fair", points: 2 };

    const stale = await call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, resolution, {
      "if-match": '"2"',
    });
    expect(stale.statusCode, stale.body).toBe(412);
    expect(stale.json().error.code).toBe("grade_modified");
    expect(await read(grade.id)).toEqual(before);
    expect(before.appeals).toEqual([expect.objectContaining({ id: appealId, status: "open" })]);
    expect(before.queue).toEqual([expect.objectContaining({ firstGradeId: grade.id })]);

    const fresh = await call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, resolution, {
      "if-match": 'W/"3"',
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().grade).toMatchObject({ version: 4, status: "graded", totalPoints: 4 });
    expect(fresh.headers.etag).toBe('"4"');
  });

  it("answers the new ETag when an appeal is resolved without If-Match, and refuses a malformed one (400)", async () => {
    const grade = await gradeAs(bootstrapKey);
    const filed = await appeal(bootstrapKey, grade.id, body);
    const appealId = filed.json().appeal.id as string;
    const resolution = { outcome: "denied", reviewer: "Ms Lee", reason: "no" };
    const malformed = await call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, resolution, {
      "if-match": "3",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain("if-match");
    const resolved = await call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, resolution);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.headers.etag).toBe('"3"');
    expect(resolved.json().grade.version).toBe(3);
  });
});

describe("appealing a criterion again", () => {
  const body = { criterionId: "inputs", reason: "I named all three inputs.", by: "student s-1" };
  const resolve = (appealId: string, resolution: object) =>
    call(bootstrapKey, "POST", `/v1/appeals/${appealId}/resolve`, resolution);
  async function appealAndResolve(gradeId: string, resolution: object) {
    const filed = await appeal(bootstrapKey, gradeId, body);
    expect(filed.statusCode, filed.body).toBe(201);
    const resolved = await resolve(filed.json().appeal.id, resolution);
    expect(resolved.statusCode, resolved.body).toBe(200);
    return filed.json().appeal.id as string;
  }
  async function expectRefusedAgain(gradeId: string, appealId: string) {
    const before = (await call(bootstrapKey, "GET", `/v1/grades/${gradeId}`)).json();
    const again = await appeal(bootstrapKey, gradeId, { ...body, reason: "Please look again." });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error).toMatchObject({
      code: "appeal_already_resolved",
      details: [expect.objectContaining({ appealId, criterionId: "inputs" })],
    });
    expect(again.json().error.message).toContain('Criterion "inputs"');
    expect(again.json().error.message).toContain(`${appealId}) was resolved`);
    // Nothing written: no appeal, no new version, not back in the queue.
    const listed = (await call(bootstrapKey, "GET", `/v1/grades/${gradeId}/appeals`)).json().appeals;
    expect(listed.filter((filed: { status: string }) => filed.status === "open")).toEqual([]);
    expect((await call(bootstrapKey, "GET", `/v1/grades/${gradeId}`)).json()).toEqual(before);
    expect((await call(bootstrapKey, "GET", "/v1/review-queue")).json().entries).toEqual([]);
  }

  it("refuses a second appeal of a criterion whose appeal was denied and whose points did not change (409)", async () => {
    // Regression: a criterion could be appealed again the moment its appeal was resolved, without limit.
    const grade = await gradeAs(bootstrapKey);
    const appealId = await appealAndResolve(grade.id, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "no",
    });
    await expectRefusedAgain(grade.id, appealId);
    // A comment is not new points: still refused.
    const commented = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "explain",
      criteria: [{ criterionId: "inputs", comment: "Carbon dioxide is missing." }],
    });
    expect(commented.statusCode).toBe(200);
    await expectRefusedAgain(grade.id, appealId);
    // Another criterion has had no appeal: it may be appealed.
    expect((await appeal(bootstrapKey, grade.id, { ...body, criterionId: "outputs" })).statusCode).toBe(201);
  });

  it("refuses a second appeal after an upheld one: the appeal's own new points do not count", async () => {
    const grade = await gradeAs(bootstrapKey);
    const appealId = await appealAndResolve(grade.id, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "fair",
      points: 2,
    });
    await expectRefusedAgain(grade.id, appealId);
  });

  it("takes a new appeal once a teacher changed the criterion's points since the resolution, and then only one", async () => {
    const grade = await gradeAs(bootstrapKey);
    const first = await appealAndResolve(grade.id, { outcome: "denied", reviewer: "Ms Lee", reason: "no" });
    const repointed = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Mr Roe",
      reason: "second marking",
      criteria: [{ criterionId: "inputs", points: 0 }],
    });
    expect(repointed.statusCode, repointed.body).toBe(200);
    const filed = await appeal(bootstrapKey, grade.id, { ...body, reason: "Now I have none?" });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().appeal.id).not.toBe(first);
    // One open appeal per criterion still.
    const open = await appeal(bootstrapKey, grade.id, body);
    expect(open.statusCode).toBe(409);
    expect(open.json().error.code).toBe("appeal_open");
    const resolved = await resolve(filed.json().appeal.id, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "fair",
      points: 1,
    });
    expect(resolved.statusCode).toBe(200);
    await expectRefusedAgain(grade.id, filed.json().appeal.id);
  });

  it("refuses a new appeal when the criterion's points were changed and changed back to the resolved ones", async () => {
    // Regression: any recorded change counted, so A → B → A opened the resolved criterion again.
    const grade = await gradeAs(bootstrapKey);
    const resolvedPoints = grade.criteria.find(
      (result: { criterionId: string }) => result.criterionId === "inputs",
    ).points as number;
    const appealId = await appealAndResolve(grade.id, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "no",
    });
    for (const points of [resolvedPoints === 0 ? 1 : 0, resolvedPoints]) {
      const repointed = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
        reviewer: "Mr Roe",
        reason: "second marking",
        criteria: [{ criterionId: "inputs", points }],
      });
      expect(repointed.statusCode, repointed.body).toBe(200);
    }
    await expectRefusedAgain(grade.id, appealId);
  });

  it("does not count new points on another criterion as a change of the appealed one", async () => {
    const grade = await gradeAs(bootstrapKey);
    const appealId = await appealAndResolve(grade.id, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "no",
    });
    const other = await call(bootstrapKey, "PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "outputs",
      criteria: [{ criterionId: "outputs", points: 1 }],
    });
    expect(other.statusCode, other.body).toBe(200);
    await expectRefusedAgain(grade.id, appealId);
  });
});

describe("an appeal whose write loses a race to another change", () => {
  // The write is a compare-and-set on the grade's version (PostgreSQL reads at READ COMMITTED, so another
  // change can land between the read and the write). These stores lose the next `losses` of them, as if
  // another change had just moved the grade on.
  let losses = 0;
  const losingRaces = (storage: Storage): Storage => {
    const wrap = (stores: TenantStores): TenantStores => ({
      ...stores,
      transaction: (work) =>
        stores.transaction((inner) =>
          work({
            ...inner,
            grades: {
              ...inner.grades,
              update: (...args) => (losses-- > 0 ? Promise.resolve(false) : inner.grades.update(...args)),
            },
          }),
        ),
    });
    return { ...storage, ...wrap(storage), forTenant: (tenantId) => wrap(storage.forTenant(tenantId)) };
  };
  let racing: TestApp;
  let storage: Storage;
  beforeEach(async () => {
    losses = 0;
    storage = await openStorage(testConfig().database);
    racing = await buildTestApp({ dependencies: { model }, storage: losingRaces(storage) });
    const created = await racing.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(created.statusCode).toBe(201);
  });
  afterEach(async () => {
    await racing.close();
    await storage.close();
  });
  const send = (url: string, payload: object, headers: Record<string, string> = {}) =>
    racing.app.inject({ method: "POST", url, payload, headers });
  const body = { criterionId: "inputs", reason: "I named all three inputs.", by: "student s-1" };

  it("is checked again and filed when no If-Match was sent: no 412 for a precondition never given", async () => {
    // Regression: filing and resolving answered 412 grade_modified to a client that sent no If-Match.
    const graded = await send("/v1/grade", { rubricId: scienceRubric.id, answer, studentId: "s-1" });
    const gradeId = graded.json().id as string;
    losses = 1;
    const filed = await send(`/v1/grades/${gradeId}/appeals`, body);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().grade).toMatchObject({ version: 2, status: "needs_review" });
    losses = 1;
    const resolved = await send(`/v1/appeals/${filed.json().appeal.id}/resolve`, {
      outcome: "denied",
      reviewer: "Ms Lee",
      reason: "two inputs only",
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().grade).toMatchObject({ version: 3, status: "graded" });
    const listed = await racing.app.inject({ method: "GET", url: `/v1/grades/${gradeId}/appeals` });
    expect(listed.json().appeals).toEqual([expect.objectContaining({ status: "denied" })]);
  });

  it("is refused with 412 when If-Match was sent, writing nothing", async () => {
    const graded = await send("/v1/grade", { rubricId: scienceRubric.id, answer, studentId: "s-1" });
    const gradeId = graded.json().id as string;
    losses = 1;
    const filed = await send(`/v1/grades/${gradeId}/appeals`, body, { "if-match": '"1"' });
    expect(filed.statusCode, filed.body).toBe(412);
    expect(filed.json().error.code).toBe("grade_modified");
    const listed = await racing.app.inject({ method: "GET", url: `/v1/grades/${gradeId}/appeals` });
    expect(listed.json().appeals).toEqual([]);
  });
});

describe("two appeals on one criterion filed at the same moment", () => {
  // What a second request sees when the first one's appeal commits between its check and its write: no
  // open appeal. These stores hide open appeals from the check, so only the database stands behind
  // "one open appeal per criterion".
  const missingOpenAppeals = (storage: Storage): Storage => {
    const wrap = (stores: TenantStores): TenantStores => ({
      ...stores,
      transaction: (work) =>
        stores.transaction((inner) =>
          work({
            ...inner,
            appeals: {
              ...inner.appeals,
              listForGrade: async (gradeId) =>
                (await inner.appeals.listForGrade(gradeId)).filter((filed) => filed.status !== "open"),
            },
          }),
        ),
    });
    return { ...storage, ...wrap(storage), forTenant: (tenantId) => wrap(storage.forTenant(tenantId)) };
  };
  let racing: TestApp;
  let storage: Storage;
  beforeEach(async () => {
    storage = await openStorage(testConfig().database);
    racing = await buildTestApp({ dependencies: { model }, storage: missingOpenAppeals(storage) });
    const created = await racing.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(created.statusCode).toBe(201);
  });
  afterEach(async () => {
    await racing.close();
    await storage.close();
  });
  const send = (url: string, payload: object) => racing.app.inject({ method: "POST", url, payload });

  it("files one and answers the other 409 appeal_open, as the check does, storing nothing of it", async () => {
    // Regression: only the application's check stood behind it; the database took a second open appeal.
    const graded = await send("/v1/grade", { rubricId: scienceRubric.id, answer, studentId: "s-1" });
    const gradeId = graded.json().id as string;
    const body = { criterionId: "inputs", reason: "I named all three inputs.", by: "student s-1" };
    const first = await send(`/v1/grades/${gradeId}/appeals`, body);
    expect(first.statusCode, first.body).toBe(201);
    const second = await send(`/v1/grades/${gradeId}/appeals`, { ...body, reason: "Me too." });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().error).toMatchObject({
      code: "appeal_open",
      message: 'An appeal on criterion "inputs" of this grade is open already.',
    });
    const listed = await racing.app.inject({ method: "GET", url: `/v1/grades/${gradeId}/appeals` });
    expect(listed.json().appeals).toEqual([expect.objectContaining({ id: first.json().appeal.id })]);
    const grade = await racing.app.inject({ method: "GET", url: `/v1/grades/${gradeId}` });
    expect(grade.json().version).toBe(first.json().grade.version);
    // Another criterion is not held back.
    expect(
      (await send(`/v1/grades/${gradeId}/appeals`, { ...body, criterionId: "outputs" })).statusCode,
    ).toBe(201);
  });
});
