import { afterEach, describe, expect, it, vi } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Calibrations (issue 10, point 6): teachers' points checked against the rubric version, graded as a
 * job, and compared with the grader's per criterion and for the total once the job completed.
 */

const bootstrapKey = "bootstrap-key-for-calibration-tests-0123";
let test: TestApp;
let model: ScriptedModel;

afterEach(async () => {
  await test?.close();
});

// Teachers' points, and the points the scripted grader gives the same answers.
const teacherInputs = [0, 1, 2, 2, 1, 0, 2, 1, 2, 0];
const teacherOutputs = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0];
const graderOutputs = [0, 1, 1, 1, 2, 2, 2, 2, 1, 0];

const answerText = (index: number) => `Answer ${index + 1}: light and water make glucose.`;
const calibrationAnswers = teacherInputs.map((inputs, index) => ({
  answer: answerText(index),
  points: { inputs, outputs: teacherOutputs[index]! },
}));

async function start() {
  model = createScriptedModel({
    // Each answer names its number: the grader agrees on inputs and differs on three outputs.
    fallback: (modelCall) => {
      const index = Number(/Answer (\d+):/.exec(modelCall.variables.answer ?? "")?.[1]) - 1;
      return allCriteriaReply(
        { inputs: teacherInputs[index]!, outputs: graderOutputs[index]! },
        { quote: "glucose" },
      );
    },
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey },
    dependencies: { model, jobTimings: { idlePollMs: 20, baseBackoffMs: 5 } },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
}

function call(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object, key = bootstrapKey) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });
}

async function waitForCalibration(id: string) {
  let body: Record<string, unknown> = {};
  await vi.waitFor(
    async () => {
      body = (await call("GET", `/v1/calibrations/${id}`)).json();
      expect(body.status).toBe("completed");
    },
    { timeout: 30_000, interval: 20 },
  );
  return body as { status: string; metrics: CalibrationMetrics; jobId: string; rubricVersion: string };
}

type Estimate = { value: number | null; low: number | null; high: number | null };
type Agreement = Record<
  "quadraticKappa" | "exactAgreement" | "adjacentAgreement" | "meanAbsoluteError" | "pearson",
  Estimate
> & { count: number; unscored: number };
type CalibrationMetrics = { total: Agreement; criteria: Record<string, Agreement> };

describe("POST /v1/rubrics/{id}/calibrations: checks", () => {
  it("refuses fewer than 10 answers, unknown criteria, missing criteria and points out of bounds, naming them", async () => {
    await start();
    const url = `/v1/rubrics/${scienceRubric.id}/calibrations`;
    const few = await call("POST", url, { answers: calibrationAnswers.slice(0, 9) });
    expect(few.statusCode).toBe(400);
    expect(few.json().error.code).toBe("invalid_request");

    const cases: [Record<string, number>, string][] = [
      [{ inputs: 1, outputs: 1, style: 1 }, "body.answers[3].points.style"],
      [{ inputs: 1.5, outputs: 1 }, "body.answers[3].points.inputs"], // not one of its levels
      [{ inputs: 1, outputs: 3 }, "body.answers[3].points.outputs"], // above maxPoints
      [{ inputs: 1, outputs: -1 }, "body.answers[3].points.outputs"],
      [{ inputs: 1 }, "body.answers[3].points.outputs"], // missing
    ];
    for (const [points, path] of cases) {
      const answers = calibrationAnswers.map((answer, index) =>
        index === 3 ? { ...answer, points } : answer,
      );
      const response = await call("POST", url, { answers });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.message).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, "\\$&")}: `));
      expect(response.json().error.details).toEqual([expect.objectContaining({ path })]);
    }
    // Regression: `"constructor" in points` is always true, so a missing criterion of that id was
    // accepted and the calibration's figures answered 500 for ever.
    const withConstructor = {
      ...scienceRubric,
      id: "with-constructor",
      criteria: [
        ...scienceRubric.criteria,
        { id: "constructor", title: "Constructor", description: "Names what builds.", maxPoints: 1 },
      ],
    };
    expect((await call("POST", "/v1/rubrics", withConstructor)).statusCode).toBe(201);
    const constructorMissing = await call("POST", `/v1/rubrics/${withConstructor.id}/calibrations`, {
      answers: calibrationAnswers,
    });
    expect(constructorMissing.statusCode).toBe(400);
    expect(constructorMissing.json().error.message).toMatch(/^body\.answers\[0\]\.points\.constructor: /);
    // Nothing was stored or queued.
    expect((await call("GET", url)).json().calibrations).toEqual([]);
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);

    const missing = await call("POST", "/v1/rubrics/no-such-rubric/calibrations", {
      answers: calibrationAnswers,
    });
    expect(missing.statusCode).toBe(404);
    const unknownVersion = await call("POST", url, { rubricVersion: "v-none", answers: calibrationAnswers });
    expect(unknownVersion.statusCode).toBe(404);
  });
});

describe("a calibration graded by the scripted model", () => {
  it("runs as a job and yields κ, agreement, MAE and Pearson per criterion and for the total", async () => {
    await start();
    const created = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
      answers: calibrationAnswers,
    });
    expect(created.statusCode).toBe(202);
    const calibration = created.json();
    expect(calibration).toMatchObject({ status: "running", answerCount: 10, metrics: null });
    expect(created.headers.location).toBe(`/v1/calibrations/${calibration.id}`);
    const job = (await call("GET", `/v1/jobs/${calibration.jobId}`)).json();
    expect(job).toMatchObject({ total: 10, rubricVersion: calibration.rubricVersion });
    // Regression: cancelling the calibration's job left the calibration `running` for good.
    const cancelled = await call("DELETE", `/v1/jobs/${calibration.jobId}`);
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().error.code).toBe("calibration_running");
    // Retryable, so it says when to ask again (the job runs to its end; then the answer is job_finished).
    expect(Number(cancelled.headers["retry-after"])).toBeGreaterThan(0);

    test.runtime.jobRunner.start();
    const done = await waitForCalibration(calibration.id);
    const { criteria, total } = done.metrics;
    // Expected values computed independently with NumPy (quadratic κ = 1 − Σw·O / Σw·E, w = (i − j)²).
    expect(criteria.inputs!.quadraticKappa.value).toBeCloseTo(1, 10);
    expect(criteria.inputs!.exactAgreement.value).toBe(1);
    expect(criteria.inputs!.meanAbsoluteError.value).toBe(0);
    expect(criteria.outputs!.quadraticKappa.value).toBeCloseTo(0.7619047619047619, 10);
    expect(criteria.outputs!.exactAgreement.value).toBeCloseTo(0.7, 10);
    expect(criteria.outputs!.adjacentAgreement.value).toBe(1);
    expect(criteria.outputs!.meanAbsoluteError.value).toBeCloseTo(0.3, 10);
    expect(criteria.outputs!.pearson.value).toBeCloseTo(0.7721873425053442, 10);
    expect(total.count).toBe(10);
    expect(total.quadraticKappa.value).toBeCloseTo(0.9162011173184358, 10);
    expect(total.exactAgreement.value).toBeCloseTo(0.7, 10);
    expect(total.adjacentAgreement.value).toBe(1);
    expect(total.meanAbsoluteError.value).toBeCloseTo(0.3, 10);
    expect(total.pearson.value).toBeCloseTo(0.9232150473086606, 10);
    // A seeded bootstrap interval around the value.
    expect(total.quadraticKappa.low).not.toBeNull();
    expect(total.quadraticKappa.low!).toBeLessThanOrEqual(total.quadraticKappa.value!);
    expect(total.quadraticKappa.high!).toBeGreaterThanOrEqual(total.quadraticKappa.value!);

    // Stored: read again and listed for the rubric, with the same figures.
    const again = (await call("GET", `/v1/calibrations/${calibration.id}`)).json();
    expect(again.metrics).toEqual(done.metrics);
    const list = (await call("GET", `/v1/rubrics/${scienceRubric.id}/calibrations`)).json();
    expect(list.calibrations).toHaveLength(1);
    expect(list.calibrations[0]).toMatchObject({ id: calibration.id, status: "completed" });
    expect(list.calibrations[0].metrics).toEqual(done.metrics);

    expect((await call("GET", "/v1/calibrations/cal_none")).statusCode).toBe(404);
  });
});

async function requireCalibration(requirement: { minQuadraticKappa: number; minAnswers: number } | null) {
  const response = await call("PUT", "/v1/settings", { calibration: requirement });
  expect(response.statusCode).toBe(200);
  expect(response.json().calibration).toEqual(requirement);
}

const jobAnswers = [{ answer: answerText(0) }, { answer: answerText(5) }];

describe("a school that requires calibration", () => {
  it("holds batch jobs in awaiting_calibration until a teacher releases them, recording who and when", async () => {
    await start();
    await requireCalibration({ minQuadraticKappa: 0.7, minAnswers: 20 });
    expect((await call("GET", "/v1/settings")).json().calibration).toEqual({
      minQuadraticKappa: 0.7,
      minAnswers: 20,
    });
    const teacher = (await call("POST", "/v1/keys", { name: "Ms Smith", role: "teacher" })).json();

    const held = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(held.statusCode).toBe(202);
    expect(held.json()).toMatchObject({ status: "awaiting_calibration", total: 2, release: null });
    const jobId = held.json().id as string;
    const stored = await test.storage.jobsFor("default").results(jobId, 0, 10);
    expect(stored.map((item) => item.state)).toEqual(["held", "held"]);

    // The runner grades a calibration (10 answers: below this school's 20, so it does not pass) but
    // never the held job.
    test.runtime.jobRunner.start();
    const calibration = (
      await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, { answers: calibrationAnswers })
    ).json();
    await waitForCalibration(calibration.id);
    expect(model.calls).toHaveLength(10);
    expect((await call("GET", `/v1/jobs/${jobId}`)).json()).toMatchObject({
      status: "awaiting_calibration",
      counts: { pending: 2, graded: 0 },
    });
    const stillHeld = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(stillHeld.json().status).toBe("awaiting_calibration");
    // A single grade still works, marked uncalibrated (informational: no review for it).
    const single = await call("POST", "/v1/grade", { rubricId: scienceRubric.id, answer: answerText(2) });
    expect(single.statusCode).toBe(200);
    expect(single.json().flags).toContain("uncalibrated");
    expect(single.json().status).toBe("graded");

    const released = await call("POST", `/v1/jobs/${jobId}/release`, {}, teacher.key);
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: "queued", release: { by: teacher.id } });
    expect(released.json().release.at).toEqual(expect.any(String));
    await vi.waitFor(
      async () => expect((await call("GET", `/v1/jobs/${jobId}`)).json().status).toBe("completed"),
      { timeout: 30_000, interval: 20 },
    );
    const again = await call("POST", `/v1/jobs/${jobId}/release`, {}, teacher.key);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("job_not_held");
    expect((await call("GET", `/v1/jobs/${jobId}`)).json().release.by).toBe(teacher.id);
  });

  it("lets jobs through once a calibration of the version passes; a new version needs its own", async () => {
    await start();
    await requireCalibration({ minQuadraticKappa: 0.7, minAnswers: 10 });
    test.runtime.jobRunner.start();
    const calibration = (
      await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, { answers: calibrationAnswers })
    ).json();
    // Not read since its job completed: the check computes the result itself.
    await vi.waitFor(
      async () =>
        expect((await call("GET", `/v1/jobs/${calibration.jobId}`)).json().status).toBe("completed"),
      { timeout: 30_000, interval: 20 },
    );
    const passed = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(passed.json().status).not.toBe("awaiting_calibration");
    const calibrated = await call("POST", "/v1/grade", { rubricId: scienceRubric.id, answer: answerText(2) });
    expect(calibrated.json().flags).not.toContain("uncalibrated");

    const revised = await call("POST", "/v1/rubrics", { ...scienceRubric, title: "Photosynthesis, revised" });
    expect(revised.statusCode).toBe(201);
    const newVersion = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(newVersion.json()).toMatchObject({ status: "awaiting_calibration" });
    expect(newVersion.json().rubricVersion).not.toBe(calibration.rubricVersion);
    const uncalibrated = await call("POST", "/v1/grade", {
      rubricId: scienceRubric.id,
      answer: answerText(3),
    });
    expect(uncalibrated.json().flags).toContain("uncalibrated");
    // The old version, pinned, still passes.
    const pinned = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      rubricVersion: calibration.rubricVersion,
      answers: jobAnswers,
    });
    expect(pinned.json().status).not.toBe("awaiting_calibration");

    // Without a requirement nothing is held.
    await requireCalibration(null);
    const free = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(free.json().status).not.toBe("awaiting_calibration");
  });
});

describe("a calibration whose process died before its job was accepted", () => {
  it("is not one: its rubric's grades, jobs and calibrations are not refused for its missing job", async () => {
    // Regression: a calibration is stored, then its job is opened. A process killed between the two left
    // a calibration naming a job still `receiving` (deleted an hour later): every read that settled it
    // answered 404 job_not_found, so with a requirement set every grade and job of the rubric was refused.
    await start();
    await requireCalibration({ minQuadraticKappa: 0.7, minAnswers: 10 });
    const rubricVersion = (await call("GET", `/v1/rubrics/${scienceRubric.id}`)).json().version as string;
    const now = new Date();
    // What the dead request left: its job received but never opened, and the calibration naming it.
    const jobs = test.storage.jobsFor("default");
    expect(
      await jobs.create({
        id: "job_orphan",
        owner: { tenantId: "default", role: "admin", keyId: null },
        rubricId: scienceRubric.id,
        rubricVersion,
        source: "calibration",
        now,
      }),
    ).toBe("created");
    await jobs.appendItems(
      "job_orphan",
      1,
      calibrationAnswers.map((answer) => ({ answer: answer.answer, studentId: null, submissionId: null })),
      now,
    );
    await test.storage.calibrationsFor("default").create({
      id: "cal_orphan",
      rubricId: scienceRubric.id,
      rubricVersion,
      jobId: "job_orphan",
      answers: calibrationAnswers,
      createdBy: null,
      now,
    });

    const listed = await call("GET", `/v1/rubrics/${scienceRubric.id}/calibrations`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(JSON.stringify(listed.json())).not.toContain("cal_orphan");
    const orphan = await call("GET", "/v1/calibrations/cal_orphan");
    expect(orphan.statusCode).toBe(404);
    expect(orphan.json().error.code).toBe("calibration_not_found");
    const held = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: jobAnswers });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json().status).toBe("awaiting_calibration");
    const graded = await call("POST", "/v1/grade", { rubricId: scienceRubric.id, answer: answerText(2) });
    expect(graded.statusCode, graded.body).toBe(200);
    expect(graded.json().flags).toContain("uncalibrated");
  });
});

describe("POST /v1/calibrations/{id}/exemplars: odd answers", () => {
  it("counts an answer's 2,000 characters as code points: an answer of emoji that fits becomes an example", async () => {
    // Regression: the limit counted UTF-16 units, so 1,500 emoji were "3018 characters" and refused.
    await start();
    const emoji = `Answer 1: ${"🌱".repeat(1_500)} glucose`;
    const answers = calibrationAnswers.map((answer, index) =>
      index === 0 ? { ...answer, answer: emoji } : answer,
    );
    const created = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, { answers });
    expect(created.statusCode).toBe(202);
    test.runtime.jobRunner.start();
    await waitForCalibration(created.json().id);
    const made = await call("POST", `/v1/calibrations/${created.json().id}/exemplars`, {
      answers: [{ index: 0 }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const version = made.json().rubricVersion;
    const rubric = (await call("GET", `/v1/rubrics/${scienceRubric.id}?version=${version}`)).json();
    expect(rubric.exemplars.map((exemplar: { answer: string }) => exemplar.answer)).toEqual([emoji]);

    const tooLong = `Answer 2: ${"🌱".repeat(2_000)}`;
    const second = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
      answers: calibrationAnswers.map((answer, index) =>
        index === 1 ? { ...answer, answer: tooLong } : answer,
      ),
    });
    await waitForCalibration(second.json().id);
    const refused = await call("POST", `/v1/calibrations/${second.json().id}/exemplars`, {
      answers: [{ index: 1 }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain(`answer 1 has ${[...tooLong].length} characters`);
  });
});
