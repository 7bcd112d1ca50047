import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * U+0000 is valid in JSON and in an answer as submitted, and SQLite stores it; PostgreSQL refuses it in
 * text. Regression: on PostgreSQL such an answer was graded (the model paid for) and then failed to store
 * with a 500. Every backend must keep it exactly, as it keeps every other character.
 */
const backends = storageBackends("U+0000 in stored text", "nul_text", "grader.db");

describe.each(backends)("text holding U+0000 on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "light" }),
    });
    test = await buildTestAppWithRubric({ dependencies: { model }, storage });
  });
  afterEach(async () => {
    await test.close();
    await storage.close();
    await cleanup();
  });

  it("grades an answer with U+0000 (and the private-use characters the escape uses) and keeps it exactly", async () => {
    const answer = "Plants need light\u0000 and water. \uE000\uE001 \uE000\u0000 They make sugar.";
    // Ids no longer take U+0000 (visible-text.test.ts), but one may hold what the escape writes for it.
    const studentId = "s-\uE000\uE001-\uE000";
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, studentId },
    });
    expect(graded.statusCode, graded.body).toBe(200);
    const { id } = graded.json<{ id: string }>();
    const audit = await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit` });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json<{ answer: string }>().answer).toBe(answer);
    const stored = await storage.grades.findById(id);
    expect(stored?.answer).toBe(answer);
    expect(stored?.grade.studentId).toBe(studentId);
    // Filters compare the text as sent.
    const listed = await storage.grades.list({ limit: 10, studentId });
    expect(listed.map((grade) => grade.id)).toEqual([id]);
    // Ids stored before that rule may hold U+0000: its escape is not the id above.
    expect(await storage.grades.list({ limit: 10, studentId: "s-\u0000-\uE000" })).toEqual([]);
    expect(await storage.grades.list({ limit: 10, studentId: "s-\uE001-\uE000" })).toEqual([]);
    // The same answer again is the same answer: served from the cache, not graded twice.
    const again = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, studentId },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect((await storage.grades.findById(again.json<{ id: string }>().id))?.answer).toBe(answer);
  });
});
