import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue 10 with students' data: answer retention and a student's erasure reach the answers held outside
 * grades, those kept in calibrations (their figures stay) and those of job items that failed to grade.
 */

const bootstrapKey = "bootstrap-key-for-calibration-retention-01";
const dayMs = 24 * 60 * 60 * 1000;
let test: TestApp;
let model: ScriptedModel;
let now: Date;
const clock: Clock = { now: () => now, sleep: (ms, signal) => systemClock.sleep(ms, signal) };

const teacherInputs = [0, 1, 2, 2, 1, 0, 2, 1, 2, 0];
const teacherOutputs = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0];
const answerText = (index: number) => `Answer ${index + 1}: light and water make glucose.`;
const calibrationAnswers = teacherInputs.map((inputs, index) => ({
  answer: answerText(index),
  points: { inputs, outputs: teacherOutputs[index]! },
  ...(index === 0 || index === 3 ? { studentId: "st-erased" } : { studentId: `st-${index}` }),
}));

beforeEach(async () => {
  now = new Date("2026-09-01T08:00:00.000Z");
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, GRADER_RETENTION_DAYS: "30" },
    dependencies: {
      model,
      clock,
      jobTimings: { idlePollMs: 20, baseBackoffMs: 5 },
    },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
});
afterEach(() => test.close());

function call(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bootstrapKey}` },
    ...(payload ? { payload } : {}),
  });
}

async function completedCalibration() {
  const created = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
    answers: calibrationAnswers,
  });
  expect(created.statusCode).toBe(202);
  const id = created.json<{ id: string }>().id;
  test.runtime.jobRunner.start();
  let body: Record<string, unknown> = {};
  await vi.waitFor(
    async () => {
      body = (await call("GET", `/v1/calibrations/${id}`)).json();
      expect(body.status).toBe("completed");
    },
    { timeout: 30_000, interval: 20 },
  );
  return body as { id: string; metrics: unknown; answersPurgedAt: string | null };
}

const storedAnswers = (id: string) => test.storage.calibrationsFor("default").answers(id);

describe("answer retention and calibrations", () => {
  it("empties the answer texts of calibrations older than the period; points and figures stay", async () => {
    const calibration = await completedCalibration();
    expect(calibration.answersPurgedAt).toBeNull();
    now = new Date(now.getTime() + 30 * dayMs - 1);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedCalibrations: 0 });
    expect((await storedAnswers(calibration.id))[4]!.answer).toBe(answerText(4));

    now = new Date(now.getTime() + 2);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedCalibrations: 1 });
    const answers = await storedAnswers(calibration.id);
    expect(answers.map((answer) => answer.answer)).toEqual(calibrationAnswers.map(() => ""));
    expect(answers.map((answer) => answer.points)).toEqual(calibrationAnswers.map((answer) => answer.points));
    const after = (await call("GET", `/v1/calibrations/${calibration.id}`)).json();
    expect(after.answersPurgedAt).toBe(now.toISOString());
    expect(after.metrics).toEqual(calibration.metrics);
    // A purged answer can no longer become a graded example.
    const exemplar = await call("POST", `/v1/calibrations/${calibration.id}/exemplars`, {
      answers: [{ index: 1 }],
    });
    expect(exemplar.statusCode).toBe(400);
    expect(exemplar.json().error.message).toMatch(/^body\.answers\[0\]\.index: /);
    expect(exemplar.json().error.message).toContain("purged");
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedCalibrations: 0 });
  });

  it("empties the answers of failed job items, which are then not retried", async () => {
    const created = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: answerText(1), studentId: "st-failed" }, { answer: answerText(2) }],
    });
    expect(created.statusCode).toBe(202);
    const jobId = created.json<{ id: string }>().id;
    // One item fails for good (as after its last attempt); the other is graded.
    const queue = test.storage.jobQueue;
    const claimed = await queue.claim({
      holder: "test",
      limit: 2,
      maxRunning: 10,
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    expect(claimed).toHaveLength(2);
    const failing = claimed.find((item) => item.seq === 1)!;
    expect(
      await queue.settle(
        failing,
        "test",
        { kind: "failed", code: "provider_error", message: "gave up" },
        now,
      ),
    ).toBe(true);
    const pending = async () =>
      (await call("GET", "/v1/students/st-failed/export")).json<{ pendingAnswers: { answer: string }[] }>()
        .pendingAnswers;
    expect((await pending()).map((item) => item.answer)).toEqual([answerText(1)]);

    now = new Date(now.getTime() + 30 * dayMs + 1);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedJobItems: 1 });
    expect(await pending()).toEqual([]);
    // Not "0 retried": the client is told why nothing was.
    const retried = await call("POST", `/v1/jobs/${jobId}/retry`, {});
    expect(retried.statusCode).toBe(409);
    expect(retried.json().error.code).toBe("answers_purged");
    const named = await call("POST", `/v1/jobs/${jobId}/retry`, { items: [1] });
    expect(named.statusCode).toBe(409);
    expect(named.json().error.code).toBe("answers_purged");
    expect((await call("GET", `/v1/jobs/${jobId}`)).json().counts).toMatchObject({ failed: 1 });
    const results = (await call("GET", `/v1/jobs/${jobId}/results`)).json();
    expect(JSON.stringify(results)).not.toContain(answerText(1));
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedJobItems: 0 });
  });

  it("tells a blank failed item from a purged one: the blank one is retried, the purged one never", async () => {
    // Regression: an empty answer was taken for a purged one, so a blank answer that failed could not
    // be retried; the purge now marks what it empties.
    const created = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [
        { answer: answerText(1), studentId: "st-failed" },
        { answer: "", studentId: "st-blank" },
      ],
    });
    const jobId = created.json<{ id: string }>().id;
    const queue = test.storage.jobQueue;
    const lease = { holder: "test", maxRunning: 10, now, leaseUntil: new Date(now.getTime() + 60_000) };
    const claimed = await queue.claim({ ...lease, limit: 2 });
    expect(claimed).toHaveLength(2);
    // Both fail for good: a database fault while grading, after the last attempt.
    for (const item of claimed) {
      const outcome = { kind: "failed" as const, code: "internal_error", message: "gave up" };
      expect(await queue.settle(item, "test", outcome, now)).toBe(true);
    }

    const blank = await call("POST", `/v1/jobs/${jobId}/retry`, { items: [2] });
    expect(blank.statusCode).toBe(200);
    expect(blank.json()).toMatchObject({ retried: 1, purged: 0 });
    test.runtime.jobRunner.start();
    await vi.waitFor(
      async () => {
        const job = (await call("GET", `/v1/jobs/${jobId}`)).json();
        expect(job.counts).toMatchObject({ failed: 1, pending: 0 });
      },
      { timeout: 30_000, interval: 20 },
    );
    const [, graded] = (await call("GET", `/v1/jobs/${jobId}/results`)).json().items;
    expect(graded.grade).toMatchObject({ gradedBy: "rule", totalPoints: 0 });
    expect(model.calls).toHaveLength(0);

    now = new Date(now.getTime() + 30 * dayMs + 1);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedJobItems: 1 });
    const purged = await call("POST", `/v1/jobs/${jobId}/retry`, { items: [1, 2] });
    expect(purged.statusCode).toBe(409);
    expect(purged.json().error.code).toBe("answers_purged");
    expect(model.calls).toHaveLength(0);
  });
});

describe("a student's erasure and calibrations", () => {
  it("empties the texts of their calibration answers and drops their id; other answers and the figures stay", async () => {
    const calibration = await completedCalibration();
    const erased = await call("DELETE", "/v1/students/st-erased");
    expect(erased.statusCode).toBe(200);
    // Their two calibration grades went with their other grades.
    expect(erased.json().grades).toBe(2);
    const answers = await storedAnswers(calibration.id);
    expect(answers[0]).toEqual({ answer: "", points: calibrationAnswers[0]!.points });
    expect(answers[3]).toEqual({ answer: "", points: calibrationAnswers[3]!.points });
    expect(answers[1]).toEqual(calibrationAnswers[1]);
    expect(JSON.stringify(answers)).not.toContain("st-erased");
    const after = (await call("GET", `/v1/calibrations/${calibration.id}`)).json();
    expect(after.metrics).toEqual(calibration.metrics);
    expect(after.answersPurgedAt).toEqual(expect.any(String));
  });
});

describe("graded examples copied from calibration answers", () => {
  async function exemplarsFrom(calibrationId: string, indexes: number[]) {
    const made = await call("POST", `/v1/calibrations/${calibrationId}/exemplars`, {
      answers: indexes.map((index) => ({ index })),
    });
    expect(made.statusCode).toBe(201);
    return made.json<{ rubricVersion: string }>().rubricVersion;
  }
  const exemplarsOf = async (version: string) =>
    (await call("GET", `/v1/rubrics/${scienceRubric.id}?version=${version}`)).json<{
      version: string;
      exemplars?: { answer: string }[];
    }>();
  // Parsed rubric versions are kept for a minute in each process.
  const afterTheCacheMinute = () => (now = new Date(now.getTime() + 61_000));

  it("stay when their answers are purged, unless the school asked for them to go", async () => {
    const calibration = await completedCalibration();
    const version = await exemplarsFrom(calibration.id, [1, 2]);
    expect((await call("GET", "/v1/settings")).json().purgeExemplarCopies).toBe(false);
    now = new Date(now.getTime() + 31 * dayMs);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedCalibrations: 1 });
    afterTheCacheMinute();
    expect((await exemplarsOf(version)).exemplars?.map((exemplar) => exemplar.answer)).toEqual([
      answerText(1),
      answerText(2),
    ]);

    // A school that asks: the next purge takes the copies out of every stored version, ids unchanged.
    const set = await call("PUT", "/v1/settings", { purgeExemplarCopies: true });
    expect(set.json().purgeExemplarCopies).toBe(true);
    const second = await completedCalibration();
    const withCopies = await exemplarsFrom(second.id, [4]);
    const stored = await exemplarsOf(withCopies);
    expect(stored.exemplars?.map((exemplar) => exemplar.answer)).toContain(answerText(4));
    now = new Date(now.getTime() + 31 * dayMs);
    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedCalibrations: 1 });
    afterTheCacheMinute();
    const after = await exemplarsOf(withCopies);
    expect(after.version).toBe(withCopies);
    expect(JSON.stringify(after)).not.toContain(answerText(4));
    // The second calibration held the texts of the first examples too (the same answers): they go as well.
    expect(after.exemplars).toBeUndefined();
    // The next grade's prompt no longer carries it.
    const callsBefore = model.calls.length;
    const graded = await call("POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: "Light makes glucose.",
    });
    expect(graded.statusCode).toBe(200);
    expect(model.calls.length).toBe(callsBefore + 1);
    const rubricInPrompt = model.calls.at(-1)!.variables.rubric ?? "";
    expect(rubricInPrompt).toContain("<question>");
    expect(rubricInPrompt).not.toContain(answerText(4));
    expect(rubricInPrompt).not.toContain("graded_examples");
  });

  it("go with a student's erasure when the school asked, and stay otherwise", async () => {
    const calibration = await completedCalibration();
    const version = await exemplarsFrom(calibration.id, [0, 1]);
    expect((await call("DELETE", "/v1/students/st-erased")).statusCode).toBe(200);
    afterTheCacheMinute();
    expect((await exemplarsOf(version)).exemplars?.map((exemplar) => exemplar.answer)).toEqual([
      answerText(0),
      answerText(1),
    ]);

    await call("PUT", "/v1/settings", { purgeExemplarCopies: true });
    expect((await call("DELETE", "/v1/students/st-1")).statusCode).toBe(200);
    afterTheCacheMinute();
    expect((await exemplarsOf(version)).exemplars?.map((exemplar) => exemplar.answer)).toEqual([
      answerText(0),
    ]);
  });
});
