import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * `DELETE /v1/rubrics/:id` is refused while a grade uses the rubric. Regression: a grade whose model call
 * was in flight when the rubric was deleted was stored afterwards, naming a rubric version that no longer
 * existed: it could then be neither reviewed nor appealed ("Rubric version … is gone"), and the rubric id
 * was free to be uploaded again under it. The grade and the delete are now ordered: whichever comes first
 * wins, and a grade whose rubric went while it was made is refused with 404, nothing stored.
 */
const backends = storageBackends(
  "a rubric deleted while an answer is graded",
  "rubric_delete_race",
  "grader.db",
);
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";

describe.each(backends)("a rubric deleted while one of its answers is graded, on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp;
  let model: ScriptedModel;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    model = createScriptedModel();
    test = await buildTestAppWithRubric({ dependencies: { model }, storage });
  });
  afterEach(async () => {
    await test.close();
    await storage.close();
    await cleanup();
  });

  it("never leaves a job behind whose rubric version is gone", async () => {
    // The job's row is written just after its rubric was read: the delete comes in between.
    let proceed: () => void = () => {};
    let reached: () => void = () => {};
    const atCreate = new Promise<void>((resolve) => (reached = resolve));
    const paused = new Promise<void>((resolve) => (proceed = resolve));
    const jobsFor = storage.jobsFor.bind(storage);
    storage.jobsFor = (tenantId) => {
      const jobs = jobsFor(tenantId);
      return {
        ...jobs,
        async create(job) {
          reached();
          await paused;
          return jobs.create(job);
        },
      };
    };
    const creating = test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, answers: [{ answer, studentId: "student-1" }] },
    });
    await atCreate;
    const deleted = await test.app.inject({ method: "DELETE", url: `/v1/rubrics/${scienceRubric.id}` });
    proceed();
    const created = await creating;
    storage.jobsFor = jobsFor;

    const jobs = (await test.app.inject({ method: "GET", url: "/v1/jobs" })).json<{
      jobs: { id: string; rubricId: string; rubricVersion: string }[];
    }>().jobs;
    for (const job of jobs) {
      const version = await test.app.inject({
        method: "GET",
        url: `/v1/rubrics/${job.rubricId}?version=${job.rubricVersion}`,
      });
      expect(version.statusCode, `job ${job.id}: ${version.body}`).toBe(200);
    }
    if (deleted.statusCode === 204) {
      expect(created.statusCode, created.body).toBe(404);
      expect(created.json().error.code).toBe("rubric_not_found");
      expect(jobs).toEqual([]);
    } else {
      expect(deleted.statusCode).toBe(409);
      expect(created.statusCode, created.body).toBe(202);
    }
  });

  it("never leaves a grade behind whose rubric version is gone", async () => {
    let reply: () => void = () => {};
    model.enqueue(async () => {
      await new Promise<void>((resolve) => (reply = resolve));
      return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    });
    const grading = test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer, studentId: "student-1" },
    });
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));
    const deleted = await test.app.inject({ method: "DELETE", url: `/v1/rubrics/${scienceRubric.id}` });
    reply();
    const graded = await grading;

    const grades = (await test.app.inject({ method: "GET", url: "/v1/grades" })).json<{
      grades: { id: string; rubricId: string; rubricVersion: string }[];
    }>().grades;
    // Every stored grade's rubric version can still be read, and a teacher can review the grade.
    for (const grade of grades) {
      const version = await test.app.inject({
        method: "GET",
        url: `/v1/rubrics/${grade.rubricId}?version=${grade.rubricVersion}`,
      });
      expect(version.statusCode, `grade ${grade.id}: ${version.body}`).toBe(200);
      const approved = await test.app.inject({
        method: "POST",
        url: `/v1/grades/${grade.id}/approve`,
        payload: { reviewer: "teacher" },
      });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    if (deleted.statusCode === 204) {
      expect(graded.statusCode, graded.body).toBe(404);
      expect(graded.json().error.code).toBe("rubric_not_found");
      expect(grades).toEqual([]);
    } else {
      expect(deleted.statusCode).toBe(409);
      expect(graded.statusCode, graded.body).toBe(200);
    }
  });
});
