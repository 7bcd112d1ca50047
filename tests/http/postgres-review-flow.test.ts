import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The review workflow over HTTP with the data in PostgreSQL: grade, review one grade, decide its answer
 * group, appeal and resolve. The same routes as on SQLite; only the storage differs.
 */

const answer = "Plants need light and water. They make sugar.";

describe.skipIf(postgresUrl)("the review workflow on PostgreSQL", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

describe.runIf(postgresUrl)("the review workflow on PostgreSQL", () => {
  let database: TestDatabase;
  let storage: Storage;
  let test: TestApp;
  beforeEach(async () => {
    database = await createTestDatabase("http_review");
    storage = await openStorage(database.config);
    const model = createScriptedModel({
      // The quote is not in the answer: every grade needs review (evidence_unverified).
      fallback: allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "not in the answer" }),
    });
    test = await buildTestApp({ dependencies: { model }, storage });
    const created = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterEach(async () => {
    await test.close();
    await storage.close();
    await database.drop();
  });

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    test.app.inject({ method, url, ...(payload ? { payload } : {}) });

  it("grades, reviews, decides a group and resolves an appeal", async () => {
    const members = [];
    for (const studentId of ["s-1", "s-2", "s-3"]) {
      const graded = await call("POST", "/v1/grade", { rubricId: scienceRubric.id, answer, studentId });
      expect(graded.statusCode, graded.body).toBe(200);
      members.push(graded.json<{ id: string; groupId: string; status: string }>());
    }
    const groupId = members[0]!.groupId;
    expect(members.map((member) => [member.groupId, member.status])).toEqual(
      members.map(() => [groupId, "needs_review"]),
    );
    const queue = await call("GET", "/v1/review-queue");
    expect(queue.json().entries).toEqual([expect.objectContaining({ groupId, size: 3, pending: 3 })]);

    const reviewed = await call("PATCH", `/v1/grades/${members[2]!.id}`, {
      reviewer: "Mr Kay",
      reason: "own judgement",
      criteria: [{ criterionId: "inputs", points: 0 }],
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: "graded", gradedBy: "human", version: 2 });

    const decided = await call("PATCH", `/v1/groups/${groupId}`, {
      reviewer: "Ms Lee",
      reason: "names two inputs and one output",
      criteria: [{ criterionId: "inputs", points: 2 }],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      applied: [members[0]!.id, members[1]!.id],
      skipped: [members[2]!.id],
      decision: { version: 1 },
    });
    // A later member of the group takes the decision when it is stored.
    const later = await call("POST", "/v1/grade", { rubricId: scienceRubric.id, answer, studentId: "s-4" });
    expect(later.json()).toMatchObject({ groupId, status: "graded", totalPoints: 3 });
    expect((await call("GET", "/v1/review-queue")).json().entries).toEqual([]);

    const appealed = await call("POST", `/v1/grades/${members[0]!.id}/appeals`, {
      criterionId: "outputs",
      reason: "I named sugar.",
      by: "student s-1",
    });
    expect(appealed.statusCode, appealed.body).toBe(201);
    const appealId = appealed.json<{ appeal: { id: string } }>().appeal.id;
    const again = await call("POST", `/v1/grades/${members[0]!.id}/appeals`, {
      criterionId: "outputs",
      reason: "Again.",
      by: "student s-1",
    });
    expect(again.statusCode).toBe(409);
    const resolved = await call("POST", `/v1/appeals/${appealId}/resolve`, {
      outcome: "upheld",
      reviewer: "Ms Lee",
      reason: "sugar is an output",
      points: 2,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      appeal: { status: "upheld", resolution: { points: { from: 1, to: 2 } } },
      grade: { status: "graded", totalPoints: 4 },
    });
    const usage = await call("GET", "/v1/usage");
    expect(usage.statusCode, usage.body).toBe(200);
  });
});
