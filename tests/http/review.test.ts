import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A teacher's review actions: approve as it is, change points or only comments and feedback, reopen;
 * each recorded in the audit with who and why, each honouring If-Match.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
let model: ScriptedModel;
let test: TestApp;

beforeEach(async () => {
  model = createScriptedModel();
  test = await buildTestAppWithRubric({ dependencies: { model } });
});
afterEach(() => test.close());

async function gradeWith(reply: string, text = answer) {
  model.enqueue(reply);
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer: text },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}
const act = (method: "POST" | "PATCH", url: string, payload: object, headers: Record<string, string> = {}) =>
  test.app.inject({ method, url, payload, headers });
const auditOf = async (id: string) =>
  (await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit` })).json();

describe("approve", () => {
  it("makes a grade that needs review graded without resending points, and records who and why", async () => {
    // A quote that is not in the answer: the grade needs review (evidence_unverified).
    const grade = await gradeWith(
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "not in the answer" }),
    );
    expect(grade.status).toBe("needs_review");
    const approved = await act("POST", `/v1/grades/${grade.id}/approve`, {
      reviewer: "Ms Lee",
      reason: "quotes are fine",
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: "graded",
      gradedBy: "model",
      totalPoints: 3,
      version: 2,
      review: { action: "approved", by: "Ms Lee" },
    });
    expect(approved.headers.etag).toBe('"2"');
    const audit = await auditOf(grade.id);
    expect(audit.humanChanges).toEqual([
      expect.objectContaining({
        action: "approved",
        reviewer: "Ms Lee",
        reason: "quotes are fine",
        keyId: null,
        criteria: [],
        status: { from: "needs_review", to: "graded" },
      }),
    ]);
  });

  it("refuses to approve a grade without points, naming the criterion", async () => {
    model.enqueue("not json at all");
    const grade = await gradeWith("still not json after the repair");
    expect(grade.flags).toContain("output_invalid");
    const response = await act("POST", `/v1/grades/${grade.id}/approve`, { reviewer: "Ms Lee" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/criterion "inputs" has no valid model score/);
  });

  it("refuses new points that leave a criterion without any, naming body.criteria as validation does", async () => {
    // Regression: the path was `criteria`, where every validation error says `body.criteria`.
    model.enqueue("not json at all");
    const grade = await gradeWith("still not json after the repair");
    const response = await act("PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "inputs only",
      criteria: [{ criterionId: "inputs", points: 1 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "body.criteria", message: 'criterion "outputs" has no valid model score: give its points' },
    ]);
  });

  it("honours If-Match", async () => {
    const grade = await gradeWith(
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "not in the answer" }),
    );
    const stale = await act(
      "POST",
      `/v1/grades/${grade.id}/approve`,
      { reviewer: "r" },
      { "if-match": '"7"' },
    );
    expect(stale.statusCode).toBe(412);
    const fresh = await act(
      "POST",
      `/v1/grades/${grade.id}/approve`,
      { reviewer: "r" },
      { "if-match": '"1"' },
    );
    expect(fresh.statusCode).toBe(200);
  });

  it("approving an approved grade again changes nothing: same version and ETag, no audit entry", async () => {
    // Regression: each repeat (a double click, a retried request) added a version and an audit entry.
    const grade = await gradeWith(
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "not in the answer" }),
    );
    const first = await act("POST", `/v1/grades/${grade.id}/approve`, { reviewer: "Ms Lee" });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const again = await act(
      "POST",
      `/v1/grades/${grade.id}/approve`,
      { reviewer: "Mr Roe", reason: "again" },
      { "if-match": '"2"' },
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers.etag).toBe('"2"');
    expect(again.json()).toEqual(first.json());
    const unconditional = await act("POST", `/v1/grades/${grade.id}/approve`, { reviewer: "Mr Roe" });
    expect(unconditional.statusCode).toBe(200);
    expect(unconditional.json()).toMatchObject({ version: 2, review: { action: "approved", by: "Ms Lee" } });
    // A stale If-Match is still refused, though there is nothing to do.
    const stale = await act(
      "POST",
      `/v1/grades/${grade.id}/approve`,
      { reviewer: "r" },
      { "if-match": '"1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe("grade_modified");
    const audit = await auditOf(grade.id);
    expect(audit.humanChanges.map((change: { action: string }) => change.action)).toEqual(["approved"]);
    const read = await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}` });
    expect(read.json().version).toBe(2);
  });
});

describe("change", () => {
  it("adds comments per criterion without changing points, status or who graded", async () => {
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const response = await act("PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "explain the missing point",
      criteria: [{ criterionId: "outputs", comment: "Oxygen is released too." }],
    });
    expect(response.statusCode).toBe(200);
    const changed = response.json();
    expect(changed).toMatchObject({ status: "graded", gradedBy: "model", totalPoints: 3 });
    expect(changed.criteria.map((criterion: { comment: string | null }) => criterion.comment)).toEqual([
      null,
      "Oxygen is released too.",
    ]);
    const [change] = (await auditOf(grade.id)).humanChanges;
    expect(change).toMatchObject({
      action: "changed",
      criteria: [],
      comments: [{ criterionId: "outputs", from: null, to: "Oxygen is released too." }],
    });
  });

  it("edits the student feedback, also at full marks where the model leaves it empty", async () => {
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }));
    expect(grade.feedback).toBe("");
    const response = await act("PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "praise",
      feedback: "Excellent: complete and precise.",
    });
    expect(response.json().feedback).toBe("Excellent: complete and precise.");
    const [change] = (await auditOf(grade.id)).humanChanges;
    expect(change.feedback).toEqual({ from: "", to: "Excellent: complete and precise." });
  });

  it("changes points: the grade becomes graded by human", async () => {
    const grade = await gradeWith(
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "not in the answer" }),
    );
    const response = await act("PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "Ms Lee",
      reason: "oxygen is named",
      criteria: [{ criterionId: "outputs", points: 2, comment: "Full marks: oxygen is named." }],
    });
    expect(response.json()).toMatchObject({ status: "graded", gradedBy: "human", totalPoints: 4 });
    const [change] = (await auditOf(grade.id)).humanChanges;
    expect(change.criteria).toEqual([{ criterionId: "outputs", from: 1, to: 2 }]);
  });

  it("refuses a change that changes nothing, or names a criterion without points or comment", async () => {
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const empty = await act("PATCH", `/v1/grades/${grade.id}`, { reviewer: "r", reason: "y" });
    expect(empty.statusCode).toBe(400);
    const bare = await act("PATCH", `/v1/grades/${grade.id}`, {
      reviewer: "r",
      reason: "y",
      criteria: [{ criterionId: "inputs" }],
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details).toEqual([
      { path: "body.criteria[0]", message: "give points, a comment, or both" },
    ]);
  });

  it("lists the first 100 problems of a change naming many unknown criteria, and counts the rest", async () => {
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const criteria = Array.from({ length: 150 }, (_, index) => ({ criterionId: `c${index}`, points: 1 }));
    const response = await act("PATCH", `/v1/grades/${grade.id}`, { reviewer: "r", reason: "y", criteria });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.details).toHaveLength(100);
    expect(error.details[0]).toEqual({
      path: "body.criteria[0].criterionId",
      message: 'the rubric has no criterion "c0"',
    });
    expect(error.message).toMatch(/; and 50 more problems \(the first 100 are listed\)$/);
  });
});

describe("reopen", () => {
  it("sends a graded grade back to review, with a reason", async () => {
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    expect((await act("POST", `/v1/grades/${grade.id}/reopen`, { reviewer: "Ms Lee" })).statusCode).toBe(400);
    const response = await act("POST", `/v1/grades/${grade.id}/reopen`, {
      reviewer: "Ms Lee",
      reason: "check again",
    });
    expect(response.json()).toMatchObject({ status: "needs_review", review: { action: "reopened" } });
    const queue = await test.app.inject({ method: "GET", url: "/v1/grades?status=needs_review" });
    expect(queue.json().grades.map((listed: { id: string }) => listed.id)).toEqual([grade.id]);
  });

  it("reopening a grade that is in review changes nothing: same version and ETag, no audit entry", async () => {
    // Regression: reopening a grade in review added a version and an audit entry each time.
    const grade = await gradeWith(allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }));
    const step = { reviewer: "Ms Lee", reason: "check again" };
    const first = await act("POST", `/v1/grades/${grade.id}/reopen`, step);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const again = await act("POST", `/v1/grades/${grade.id}/reopen`, step, { "if-match": '"2"' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers.etag).toBe('"2"');
    expect(again.json()).toEqual(first.json());
    // Nor does a grade the model left in review get an entry for being "reopened".
    const pending = await gradeWith(
      allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "not in the answer" }),
      `${answer} Also sunlight.`,
    );
    expect(pending.status).toBe("needs_review");
    const untouched = await act("POST", `/v1/grades/${pending.id}/reopen`, step);
    expect(untouched.statusCode).toBe(200);
    expect(untouched.json()).toMatchObject({ version: 1, status: "needs_review", review: null });
    expect(untouched.headers.etag).toBe('"1"');
    const stale = await act("POST", `/v1/grades/${grade.id}/reopen`, step, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe("grade_modified");
    expect((await auditOf(grade.id)).humanChanges).toHaveLength(1);
    expect((await auditOf(pending.id)).humanChanges).toEqual([]);
  });
});
