import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Answer groups: identical answers (once spacing is folded) to one rubric version are one entry of the
 * review queue, and a teacher's decision on the group applies to every member, present and future,
 * except members graded individually. Each member's audit says where its grade came from.
 */

const answer = "Plants need light and water. They make sugar.";
// The quote is not in the answer: every model grade needs review (evidence_unverified).
const doubtfulReply = () => allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "not in the answer" });

let model: ScriptedModel;
let test: TestApp;

beforeEach(async () => {
  model = createScriptedModel({ fallback: doubtfulReply() });
  test = await buildTestApp({ dependencies: { model } });
  expect(
    (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
  ).toBe(201);
});
afterEach(() => test.close());

async function submit(text: string, studentId: string) {
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer: text, studentId },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const queue = async (query = "") => {
  const response = await test.app.inject({ method: "GET", url: `/v1/review-queue${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{
    entries: {
      groupId: string | null;
      size: number;
      pending: number;
      grade: { id: string };
      answer: string;
    }[];
    next: string | null;
  }>();
};
const decide = (groupId: string, payload: object) =>
  test.app.inject({ method: "PATCH", url: `/v1/groups/${groupId}`, payload });
const getGrade = async (id: string) =>
  (await test.app.inject({ method: "GET", url: `/v1/grades/${id}` })).json();
const auditOf = async (id: string) =>
  (await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit` })).json();

describe("grouping", () => {
  it("puts answers that differ only in spacing in one group, listed once with its size", async () => {
    const a = await submit(answer, "s-1");
    const b = await submit(`  ${answer.replace(" ", "\n  ")} `, "s-2");
    const c = await submit(answer, "s-3");
    const other = await submit("Plants need only soil.", "s-4");
    expect(a.groupId).toMatch(/^agr_[0-9a-f]{32}$/);
    expect(b.groupId).toBe(a.groupId);
    expect(c.groupId).toBe(a.groupId);
    expect(other.groupId).not.toBe(a.groupId);

    const { entries } = await queue();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ groupId: a.groupId, size: 3, pending: 3, answer });
    expect(entries[0]!.grade.id).toBe(a.id);
    expect(entries[1]).toMatchObject({ groupId: other.groupId, size: 1, pending: 1 });
  });

  it("keeps answers apart that differ in any visible character: superscripts, case, punctuation", async () => {
    const groups = new Set<string>();
    for (const [index, text] of ["2³ = 8", "23 = 8", "2³ = 8.", "CO2 is used", "Co2 is used"].entries()) {
      groups.add((await submit(text, `s-${index}`)).groupId);
    }
    expect(groups.size).toBe(5);
  });

  it("does not group across rubric versions or schools", async () => {
    const first = await submit(answer, "s-1");
    const changed = { ...scienceRubric, title: "Photosynthesis basics, revised" };
    expect((await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: changed })).statusCode).toBe(
      201,
    );
    const second = await submit(answer, "s-2");
    expect(second.rubricVersion).not.toBe(first.rubricVersion);
    expect(second.groupId).not.toBe(first.groupId);
  });
});

describe("a decision on the group", () => {
  it("grades every present member, names the group in each audit, and empties the queue", async () => {
    const members = [
      await submit(answer, "s-1"),
      await submit(answer, "s-2"),
      await submit(` ${answer}`, "s-3"),
    ];
    const groupId = members[0].groupId as string;
    const response = await decide(groupId, {
      reviewer: "Ms Lee",
      reason: "names two inputs and one output",
      criteria: [
        { criterionId: "inputs", points: 1, comment: "Carbon dioxide is missing." },
        { criterionId: "outputs", points: 1 },
      ],
      feedback: "Mention carbon dioxide and oxygen.",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      groupId,
      size: 3,
      pending: 0,
      applied: members.map((member) => member.id),
      skipped: [],
      decision: { version: 1, reviewer: "Ms Lee" },
    });
    for (const member of members) {
      const grade = await getGrade(member.id);
      expect(grade).toMatchObject({
        status: "graded",
        gradedBy: "human",
        totalPoints: 2,
        feedback: "Mention carbon dioxide and oxygen.",
        review: { action: "group", by: "Ms Lee" },
      });
      expect(grade.criteria[0].comment).toBe("Carbon dioxide is missing.");
      const audit = await auditOf(member.id);
      // Regression: the reason read "names two inputs and one output (decision 1 on answer group agr_…)".
      expect(audit.humanChanges.at(-1)).toMatchObject({
        action: "group",
        groupId,
        groupDecisionVersion: 1,
        reviewer: "Ms Lee",
        reason: "names two inputs and one output",
      });
      // The model's result stays in the audit record.
      expect(audit.modelResult.totalPoints).toBe(2);
    }
    expect((await queue()).entries).toEqual([]);
  });

  it("honours If-Match: a decision made on a group decided again since it was read is refused with 412", async () => {
    // Regression: PATCH /v1/groups/:id took no If-Match and GET sent no ETag, so of two teachers deciding
    // one group at once the later silently replaced the earlier's grade for every member.
    const first = await submit(answer, "s-1");
    await submit(answer, "s-2");
    const groupId = first.groupId as string;
    const read = await test.app.inject({ method: "GET", url: `/v1/groups/${groupId}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"0"');
    const decideAs = (reviewer: string, points: number, ifMatch?: string) =>
      test.app.inject({
        method: "PATCH",
        url: `/v1/groups/${groupId}`,
        headers: ifMatch === undefined ? {} : { "if-match": ifMatch },
        payload: { reviewer, reason: "checked", criteria: [{ criterionId: "inputs", points }] },
      });

    // Both teachers read the group before either decided: the first wins, the second is told.
    const lee = await decideAs("Ms Lee", 2, read.headers.etag);
    expect(lee.statusCode, lee.body).toBe(200);
    expect(lee.headers.etag).toBe('"1"');
    const stale = await decideAs("Mr Diaz", 0, read.headers.etag);
    expect(stale.statusCode, stale.body).toBe(412);
    expect(stale.json().error).toMatchObject({ code: "group_modified" });
    expect(stale.json().error.message).toContain("version 1");
    // Nothing of the refused decision was written: the members keep Ms Lee's points, the decision is hers.
    expect((await getGrade(first.id)).criteria[0]).toMatchObject({ points: 2 });
    const after = await test.app.inject({ method: "GET", url: `/v1/groups/${groupId}` });
    expect(after.headers.etag).toBe('"1"');
    expect(after.json().decision).toMatchObject({ version: 1, reviewer: "Ms Lee" });

    // With the ETag read now (weakened by a proxy, or in a list), or `*`, or none, the decision is made.
    expect((await decideAs("Mr Diaz", 1, 'W/"1"')).statusCode).toBe(200);
    expect((await decideAs("Mr Diaz", 1, '"7", "2"')).statusCode).toBe(200);
    expect((await decideAs("Mr Diaz", 1, "*")).headers.etag).toBe('"4"');
    expect((await decideAs("Mr Diaz", 1)).headers.etag).toBe('"5"');
    const malformed = await decideAs("Mr Diaz", 1, "5");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe("headers.if-match");

    // Two decisions at once with the same ETag: exactly one is made.
    const [one, two] = await Promise.all([decideAs("A", 0, '"5"'), decideAs("B", 2, '"5"')]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 412]);
  });

  it("applies to future members: the next student's identical answer gets the teacher's grade, not the model's", async () => {
    const first = await submit(answer, "s-1");
    expect(
      (
        await decide(first.groupId, {
          reviewer: "Ms Lee",
          reason: "full marks for inputs",
          criteria: [{ criterionId: "inputs", points: 2 }],
        })
      ).statusCode,
    ).toBe(200);
    const callsBefore = model.calls.length;
    const later = await submit(answer, "s-9");
    expect(model.calls.length).toBe(callsBefore); // served from the cache, then decided
    expect(later).toMatchObject({
      groupId: first.groupId,
      status: "graded",
      gradedBy: "human",
      totalPoints: 3,
      review: { action: "group" },
    });
    expect((await auditOf(later.id)).humanChanges).toEqual([
      expect.objectContaining({
        action: "group",
        groupId: first.groupId,
        groupDecisionVersion: 1,
        reviewer: "Ms Lee",
        reason: "full marks for inputs",
      }),
    ]);
    expect((await queue()).entries).toEqual([]);
    // A member with other spacing, which the model grades afresh, gets it too.
    const spaced = await submit(`${answer}\n`, "s-10");
    expect(spaced).toMatchObject({ status: "graded", totalPoints: 3, gradedBy: "human" });
  });

  it("applies to a member whose grading was under way when the decision was made", async () => {
    const first = await submit(answer, "s-1");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    model.enqueue(async () => {
      await held;
      return doubtfulReply();
    });
    // Other spacing: a cache miss, so the model is called and waits.
    const pending = submit(answer.replace(" ", "  "), "s-2");
    await expect.poll(() => model.calls.length).toBe(2);
    expect((await decide(first.groupId, { reviewer: "Ms Lee", reason: "ok", criteria: [] })).statusCode).toBe(
      200,
    );
    release();
    expect(await pending).toMatchObject({
      groupId: first.groupId,
      status: "graded",
      review: { action: "group" },
    });
  });

  it("leaves a member graded individually alone, and lists it on its own", async () => {
    const a = await submit(answer, "s-1");
    const b = await submit(answer, "s-2");
    const c = await submit(answer, "s-3");
    const individual = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${b.id}`,
      payload: {
        reviewer: "Mr Kay",
        reason: "own judgement",
        criteria: [{ criterionId: "inputs", points: 0 }],
      },
    });
    expect(individual.statusCode).toBe(200);
    const reopened = await test.app.inject({
      method: "POST",
      url: `/v1/grades/${b.id}/reopen`,
      payload: { reviewer: "Mr Kay", reason: "look again" },
    });
    expect(reopened.statusCode).toBe(200);
    const entries = (await queue()).entries;
    expect(entries.map((entry) => [entry.groupId, entry.pending])).toEqual([
      [a.groupId, 2],
      [null, 1],
    ]);

    const decided = (await decide(a.groupId, { reviewer: "Ms Lee", reason: "fine", criteria: [] })).json();
    expect(decided.applied).toEqual([a.id, c.id]);
    expect(decided.skipped).toEqual([b.id]);
    expect(decided.individuallyReviewed).toBe(1);
    expect((await getGrade(b.id)).criteria[0].points).toBe(0);
    expect((await getGrade(b.id)).status).toBe("needs_review");
  });

  it("approves the group as it is with no criteria, and a later decision replaces it", async () => {
    const a = await submit(answer, "s-1");
    const first = (await decide(a.groupId, { reviewer: "Ms Lee", reason: "as graded", criteria: [] })).json();
    expect(first.decision.criteria).toEqual([
      { criterionId: "inputs", points: 1, comment: null },
      { criterionId: "outputs", points: 1, comment: null },
    ]);
    const second = (
      await decide(a.groupId, {
        reviewer: "Ms Lee",
        reason: "on reflection",
        criteria: [{ criterionId: "outputs", points: 2 }],
      })
    ).json();
    expect(second.decision).toMatchObject({ version: 2 });
    expect((await getGrade(a.id)).totalPoints).toBe(3);
    const changes = (await auditOf(a.id)).humanChanges;
    expect(changes).toHaveLength(2);
    expect(changes[1].criteria).toEqual([{ criterionId: "outputs", from: 1, to: 2 }]);
    expect(changes.map((change: { reason: string }) => change.reason)).toEqual([
      "as graded",
      "on reflection",
    ]);
    expect(changes.map((change: { groupDecisionVersion: number }) => change.groupDecisionVersion)).toEqual([
      1, 2,
    ]);
  });

  it("takes a decision without criteria as `criteria: []`: the group approved as it is", async () => {
    // docs/api.md showed `criteria` as required; leaving it out is meaningful (approve, or feedback only).
    const a = await submit(answer, "s-1");
    const decided = await decide(a.groupId, { reviewer: "Ms Lee", reason: "as graded" });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().decision.criteria).toEqual([
      { criterionId: "inputs", points: 1, comment: null },
      { criterionId: "outputs", points: 1, comment: null },
    ]);
    expect(await getGrade(a.id)).toMatchObject({ status: "graded", totalPoints: 2 });
  });

  it("lets a later decision remove a comment, keeps what it does not name, and leaves every member alike", async () => {
    const present = [await submit(answer, "s-1"), await submit(answer, "s-2")];
    const groupId = present[0].groupId as string;
    const first = await decide(groupId, {
      reviewer: "Ms Lee",
      reason: "first look",
      criteria: [
        { criterionId: "inputs", points: 2, comment: "Good inputs." },
        { criterionId: "outputs", comment: "Name both products." },
      ],
      feedback: "Well done.",
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await decide(groupId, {
      reviewer: "Ms Lee",
      reason: "second look",
      criteria: [{ criterionId: "inputs", comment: null }],
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().decision).toMatchObject({
      criteria: [
        { criterionId: "inputs", points: 2, comment: null },
        { criterionId: "outputs", points: 1, comment: "Name both products." },
      ],
      feedback: "Well done.",
    });

    const later = await submit(answer, "s-3");
    type Criterion = { criterionId: string; points: number; comment: string | null };
    const gradeOf = async (id: string) => {
      const grade = await getGrade(id);
      return {
        criteria: (grade.criteria as Criterion[]).map(({ criterionId, points, comment }) => ({
          criterionId,
          points,
          comment,
        })),
        feedback: grade.feedback,
      };
    };
    const expected = {
      criteria: [
        { criterionId: "inputs", points: 2, comment: null },
        { criterionId: "outputs", points: 1, comment: "Name both products." },
      ],
      feedback: "Well done.",
    };
    for (const member of [...present, later])
      expect(await gradeOf(member.id), member.studentId).toEqual(expected);
    // The removal is in each present member's audit, as a PATCH of one grade would record it.
    expect((await auditOf(present[1].id)).humanChanges.at(-1).comments).toEqual([
      { criterionId: "inputs", from: "Good inputs.", to: null },
    ]);

    const emptied = await decide(groupId, { reviewer: "Ms Lee", reason: "no feedback", feedback: "" });
    expect(emptied.statusCode, emptied.body).toBe(200);
    for (const member of [...present, later]) expect((await getGrade(member.id)).feedback).toBe("");
  });

  it("refuses bad decisions with 400 naming the field, and unknown groups with 404, writing nothing", async () => {
    const a = await submit(answer, "s-1");
    const bad = await decide(a.groupId, {
      reviewer: "Ms Lee",
      reason: "x",
      criteria: [{ criterionId: "inputs", points: 7 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("body.criteria[0].points");
    const unknownCriterion = await decide(a.groupId, {
      reviewer: "Ms Lee",
      reason: "x",
      criteria: [{ criterionId: "nope", points: 1 }],
    });
    expect(unknownCriterion.statusCode).toBe(400);
    expect((await getGrade(a.id)).status).toBe("needs_review");
    expect(
      (await test.app.inject({ method: "GET", url: `/v1/groups/${a.groupId}` })).json().decision,
    ).toBeNull();

    const unknown = await decide(`agr_${"0".repeat(32)}`, { reviewer: "Ms Lee", reason: "x" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("group_not_found");
    const malformed = await decide("grp-1", { reviewer: "Ms Lee", reason: "x" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain("params.id");
  });
});

describe("a group decision that leaves a criterion without points", () => {
  it("is refused naming body.criteria, as validation names it", async () => {
    // Regression: the path was `criteria`, where every validation error says `body.criteria`.
    model.enqueue("not json at all", "still not json after the repair");
    const a = await submit(answer, "s-1");
    expect(a.flags).toContain("output_invalid");
    const response = await decide(a.groupId, {
      reviewer: "Ms Lee",
      reason: "inputs only",
      criteria: [{ criterionId: "inputs", points: 1 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      {
        path: "body.criteria",
        message: 'criterion "outputs" has no valid score in this group: give its points',
      },
    ]);
  });
});

describe("the grade list's groupId filter", () => {
  it("lists a group's members, and refuses an id no group can have with 400, as GET /v1/groups/:id does", async () => {
    const a = await submit(answer, "s-1");
    const b = await submit(`  ${answer}`, "s-2");
    const members = await test.app.inject({ method: "GET", url: `/v1/grades?groupId=${a.groupId}` });
    expect(members.statusCode, members.body).toBe(200);
    expect(
      members
        .json()
        .grades.map((grade: { id: string }) => grade.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    // Regression: these answered 200 with an empty list, as if the group had no members.
    for (const groupId of ["grp-1", `${a.groupId}0`, "%E2%80%AE", "%20"]) {
      const response = await test.app.inject({ method: "GET", url: `/v1/grades?groupId=${groupId}` });
      expect(response.statusCode, groupId).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        details: [
          { path: "querystring.groupId", message: "must be an answer group id (`agr_` and 32 hex digits)" },
        ],
      });
    }
    // One in upper case is well-formed and no group's (ids are lower case): none, as `/v1/groups/:id` is 404.
    const upper = await test.app.inject({
      method: "GET",
      url: `/v1/grades?groupId=${a.groupId.toUpperCase()}`,
    });
    expect(upper.statusCode, upper.body).toBe(200);
    expect(upper.json().grades).toEqual([]);
  });
});

describe("the queue", () => {
  it("lists a group once across pages, at its oldest pending grade", async () => {
    const first = await submit(answer, "s-1");
    const alone1 = await submit(`${answer} (1)`, "s-2");
    const alone2 = await submit(`${answer} (2)`, "s-3");
    await submit(answer, "s-4"); // the group again, after the cursor of page 1
    const alone3 = await submit(`${answer} (3)`, "s-5");
    const page1 = await queue("?limit=2");
    expect(page1.entries.map((entry) => entry.grade.id)).toEqual([first.id, alone1.id]);
    expect(page1.entries[0]).toMatchObject({ groupId: first.groupId, pending: 2, size: 2 });
    const page2 = await queue(`?limit=2&cursor=${page1.next}`);
    expect(page2.entries.map((entry) => entry.grade.id)).toEqual([alone2.id, alone3.id]);
    expect(page2.next).toBeNull();
  });

  it("pages with a cursor, each entry once", async () => {
    for (let index = 0; index < 5; index += 1) await submit(`${answer} (${index})`, `s-${index}`);
    const seen: string[] = [];
    let query = "?limit=2";
    for (;;) {
      const page = await queue(query);
      seen.push(...page.entries.map((entry) => entry.grade.id));
      if (!page.next) break;
      query = `?limit=2&cursor=${page.next}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});
