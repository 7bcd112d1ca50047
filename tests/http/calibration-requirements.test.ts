import { afterEach, describe, expect, it, vi } from "vitest";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import { eventually, integrationEnv, sendEvent, waitForPassback } from "../helpers/integration-fixtures.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue 10, point 7 completed: a rubric's own calibration requirement beside the school's (the
 * stricter of both holds), and held jobs and integration submissions released by the calibration that
 * passes for their version, recorded on the job.
 */

const bootstrapKey = "bootstrap-key-for-requirement-tests-0123";
let test: TestApp;
let model: ScriptedModel;
let receiver: CallbackReceiver | undefined;

afterEach(async () => {
  await test?.close();
  await receiver?.close();
  receiver = undefined;
});

// As in calibrations.test.ts: total quadratic κ 0.916 on these 10 answers.
const teacherInputs = [0, 1, 2, 2, 1, 0, 2, 1, 2, 0];
const teacherOutputs = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0];
const graderOutputs = [0, 1, 1, 1, 2, 2, 2, 2, 1, 0];
const answerText = (index: number) => `Answer ${index + 1}: light and water make glucose.`;
const calibrationAnswers = teacherInputs.map((inputs, index) => ({
  answer: answerText(index),
  points: { inputs, outputs: teacherOutputs[index]! },
}));
const jobAnswers = [{ answer: answerText(0) }, { answer: answerText(5) }];
const otherRubric = { ...scienceRubric, id: "photosynthesis-other", title: "Another rubric" };

async function start(env: Record<string, string> = {}) {
  model = createScriptedModel({
    fallback: (modelCall) => {
      const index = Number(/Answer (\d+):/.exec(modelCall.variables.answer ?? "")?.[1]) - 1;
      const known = index >= 0 && index < teacherInputs.length;
      return allCriteriaReply(
        known ? { inputs: teacherInputs[index]!, outputs: graderOutputs[index]! } : { inputs: 2, outputs: 1 },
        { quote: "glucose" },
      );
    },
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...env },
    dependencies: {
      model,
      jobTimings: { idlePollMs: 20, baseBackoffMs: 5 },
      integrationTimings: { idlePollMs: 20, baseBackoffMs: 20, maxBackoffMs: 100 },
    },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
  expect((await call("POST", "/v1/rubrics", otherRubric)).statusCode).toBe(201);
}

function call(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object, key = bootstrapKey) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });
}

const requirementUrl = (rubricId = scienceRubric.id) => `/v1/rubrics/${rubricId}/calibration-requirement`;

async function schoolRequires(requirement: { minQuadraticKappa: number; minAnswers: number } | null) {
  expect((await call("PUT", "/v1/settings", { calibration: requirement })).statusCode).toBe(200);
}

async function rubricRequires(requirement: { minQuadraticKappa: number; minAnswers: number }) {
  const response = await call("PUT", requirementUrl(), requirement);
  expect(response.statusCode).toBe(200);
  return response.json<{ rubric: unknown; tenant: unknown; effective: unknown }>();
}

async function jobStatus(rubricId = scienceRubric.id, rubricVersion?: string) {
  const response = await call("POST", "/v1/jobs", {
    rubricId,
    ...(rubricVersion ? { rubricVersion } : {}),
    answers: jobAnswers,
  });
  expect(response.statusCode).toBe(202);
  return response.json<{ id: string; status: string; rubricVersion: string }>();
}

async function singleGradeFlags(rubricId = scienceRubric.id) {
  const response = await call("POST", "/v1/grade", { rubricId, answer: answerText(2) });
  expect(response.statusCode).toBe(200);
  return response.json<{ flags: string[] }>().flags;
}

async function calibrateAndWait(rubricVersion?: string) {
  const created = await call("POST", `/v1/rubrics/${scienceRubric.id}/calibrations`, {
    ...(rubricVersion ? { rubricVersion } : {}),
    answers: calibrationAnswers,
  });
  expect(created.statusCode).toBe(202);
  const calibration = created.json<{ id: string; jobId: string; rubricVersion: string }>();
  await vi.waitFor(
    async () => expect((await call("GET", `/v1/jobs/${calibration.jobId}`)).json().status).toBe("completed"),
    { timeout: 30_000, interval: 20 },
  );
  return calibration;
}

describe("a rubric's own calibration requirement", () => {
  it("holds its jobs and flags its single grades where the school requires nothing; only an admin sets it", async () => {
    await start();
    const teacher = (await call("POST", "/v1/keys", { name: "Ms Smith", role: "teacher" })).json();
    const byTeacher = await call(
      "PUT",
      requirementUrl(),
      { minQuadraticKappa: 0.7, minAnswers: 10 },
      teacher.key,
    );
    expect(byTeacher.statusCode).toBe(403);
    const unknown = await call("PUT", requirementUrl("no-such-rubric"), {
      minQuadraticKappa: 0.7,
      minAnswers: 10,
    });
    expect(unknown.statusCode).toBe(404);
    const tooFew = await call("PUT", requirementUrl(), { minQuadraticKappa: 0.7, minAnswers: 5 });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.json().error.message).toContain("minAnswers");
    expect((await call("GET", requirementUrl())).json()).toEqual({
      rubric: null,
      tenant: null,
      effective: null,
    });

    expect(await rubricRequires({ minQuadraticKappa: 0.7, minAnswers: 10 })).toEqual({
      rubric: { minQuadraticKappa: 0.7, minAnswers: 10 },
      tenant: null,
      effective: { minQuadraticKappa: 0.7, minAnswers: 10 },
    });
    // A teacher reads it.
    expect((await call("GET", requirementUrl(), undefined, teacher.key)).statusCode).toBe(200);
    expect((await jobStatus()).status).toBe("awaiting_calibration");
    expect(await singleGradeFlags()).toContain("uncalibrated");
    // Another rubric is not concerned.
    expect((await jobStatus(otherRubric.id)).status).not.toBe("awaiting_calibration");
    expect(await singleGradeFlags(otherRubric.id)).not.toContain("uncalibrated");

    const removed = await call("DELETE", requirementUrl());
    expect(removed.json()).toEqual({ rubric: null, tenant: null, effective: null });
    expect((await jobStatus()).status).not.toBe("awaiting_calibration");

    // A deleted rubric's requirement goes with it: the same id uploaded again starts without one.
    const fresh = { ...scienceRubric, id: "photosynthesis-fresh" };
    expect((await call("POST", "/v1/rubrics", fresh)).statusCode).toBe(201);
    const set = await call("PUT", requirementUrl(fresh.id), { minQuadraticKappa: 0.7, minAnswers: 10 });
    expect(set.statusCode).toBe(200);
    expect((await call("DELETE", `/v1/rubrics/${fresh.id}`)).statusCode).toBe(204);
    expect((await call("POST", "/v1/rubrics", fresh)).statusCode).toBe(201);
    expect((await call("GET", requirementUrl(fresh.id))).json().rubric).toBeNull();
  });

  it("tightens the school's requirement and never loosens it", async () => {
    await start();
    test.runtime.jobRunner.start();
    await calibrateAndWait(); // κ 0.916 on 10 answers
    // The school asks for 0.5, the rubric for 0.95: 0.95 holds, so this calibration does not pass.
    await schoolRequires({ minQuadraticKappa: 0.5, minAnswers: 10 });
    expect((await rubricRequires({ minQuadraticKappa: 0.95, minAnswers: 10 })).effective).toEqual({
      minQuadraticKappa: 0.95,
      minAnswers: 10,
    });
    expect((await jobStatus()).status).toBe("awaiting_calibration");
    expect(await singleGradeFlags()).toContain("uncalibrated");
    // The other rubric follows the school's alone.
    expect((await call("GET", requirementUrl(otherRubric.id))).json().effective).toEqual({
      minQuadraticKappa: 0.5,
      minAnswers: 10,
    });

    // The school asks for 0.95 and 20 answers, the rubric for less: the school's floor holds.
    await schoolRequires({ minQuadraticKappa: 0.95, minAnswers: 20 });
    expect((await rubricRequires({ minQuadraticKappa: 0.5, minAnswers: 10 })).effective).toEqual({
      minQuadraticKappa: 0.95,
      minAnswers: 20,
    });
    expect((await jobStatus()).status).toBe("awaiting_calibration");

    // A rubric that asks for more answers than the school, with a κ the calibration meets.
    await schoolRequires({ minQuadraticKappa: 0.5, minAnswers: 10 });
    await rubricRequires({ minQuadraticKappa: 0.5, minAnswers: 11 });
    expect((await jobStatus()).status).toBe("awaiting_calibration");
    await rubricRequires({ minQuadraticKappa: 0.9, minAnswers: 10 });
    expect((await jobStatus()).status).not.toBe("awaiting_calibration");
    expect(await singleGradeFlags()).not.toContain("uncalibrated");
  });
});

describe("a passing calibration releases what waits for its version", () => {
  it("queues the held jobs of that version, recording the calibration, and leaves other versions held", async () => {
    await start();
    await schoolRequires({ minQuadraticKappa: 0.7, minAnswers: 10 });
    const held = await jobStatus();
    expect(held.status).toBe("awaiting_calibration");
    const firstVersion = held.rubricVersion;
    const revised = await call("POST", "/v1/rubrics", { ...scienceRubric, title: "Photosynthesis, revised" });
    expect(revised.statusCode).toBe(201);
    const heldNewVersion = await jobStatus();
    expect(heldNewVersion.status).toBe("awaiting_calibration");
    expect(heldNewVersion.rubricVersion).not.toBe(firstVersion);

    test.runtime.jobRunner.start();
    // Calibrate the first version; the calibration is never read: the job engine settles it.
    const calibration = await calibrateAndWait(firstVersion);
    await vi.waitFor(
      async () => expect((await call("GET", `/v1/jobs/${held.id}`)).json().status).toBe("completed"),
      { timeout: 30_000, interval: 20 },
    );
    const released = (await call("GET", `/v1/jobs/${held.id}`)).json();
    expect(released.release).toEqual({ by: null, at: expect.any(String), calibrationId: calibration.id });
    expect(released.counts).toMatchObject({ graded: 2, pending: 0 });
    // The other version still waits for its own calibration; a teacher may still release it by hand.
    const other = (await call("GET", `/v1/jobs/${heldNewVersion.id}`)).json();
    expect(other).toMatchObject({ status: "awaiting_calibration", release: null });
    const teacher = (await call("POST", "/v1/keys", { name: "Mr Jones", role: "teacher" })).json();
    const byHand = await call("POST", `/v1/jobs/${heldNewVersion.id}/release`, {}, teacher.key);
    expect(byHand.statusCode).toBe(200);
    expect(byHand.json().release).toEqual({ by: teacher.id, at: expect.any(String), calibrationId: null });
  });

  it("releases an integration's held submission, which is then graded and passed back", async () => {
    receiver = await startCallbackReceiver();
    await start({ ...integrationEnv, GRADER_OUTBOX_TIMEOUT_SECONDS: "1" });
    test.runtime.jobRunner.start();
    test.runtime.integrationRunner.start();
    await rubricRequires({ minQuadraticKappa: 0.7, minAnswers: 10 });
    const connected = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "School portal",
      defaultRubric: { rubricId: scienceRubric.id },
      callbackUrl: receiver.url,
      holdForReview: false,
    });
    expect(connected.statusCode, connected.body).toBe(201);
    const integration = connected.json<{ id: string; secret: string }>();
    const accepted = await sendEvent(test, integration, {
      submissionId: "s-1",
      studentId: "st-1",
      answer: "Light, water and carbon dioxide make glucose and oxygen.",
    });
    expect(accepted.statusCode).toBe(202);
    const job = await eventually(async () => {
      const jobs = (await call("GET", "/v1/jobs")).json<{ jobs: { id: string; status: string }[] }>().jobs;
      const found = jobs.find((entry) => entry.status === "awaiting_calibration");
      expect(found).toBeDefined();
      return found!;
    });
    // Held: nothing graded, nothing sent back.
    expect(model.calls).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);

    const calibration = await calibrateAndWait();
    const submission = await waitForPassback(test, bootstrapKey, accepted.json().submissionId, "delivered");
    expect(submission).toMatchObject({ submissionId: "s-1", status: "graded" });
    expect((await call("GET", `/v1/jobs/${job.id}`)).json().release).toMatchObject({
      by: null,
      calibrationId: calibration.id,
    });
    expect(receiver.received).toHaveLength(1);
  });

  it("grades nothing of a student erased while their answers wait: job items and LMS submissions", async () => {
    // Regression: erasure cancelled queued items but left held ones; a release then graded the emptied
    // answer as a blank 0 and sent that 0 to the LMS under the erased student's submission id.
    receiver = await startCallbackReceiver();
    await start({ ...integrationEnv, GRADER_OUTBOX_TIMEOUT_SECONDS: "1" });
    test.runtime.jobRunner.start();
    test.runtime.integrationRunner.start();
    await schoolRequires({ minQuadraticKappa: 0.7, minAnswers: 10 });
    const upload = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [
        { answer: "Light and water make glucose.", studentId: "alice" },
        { answer: "Carbon dioxide and water make glucose.", studentId: "bob" },
      ],
    });
    expect(upload.json().status).toBe("awaiting_calibration");
    const connected = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "School portal",
      defaultRubric: { rubricId: scienceRubric.id },
      callbackUrl: receiver.url,
      holdForReview: false,
    });
    const integration = connected.json<{ id: string; secret: string }>();
    const accepted = await sendEvent(test, integration, {
      submissionId: "sub-77",
      studentId: "alice",
      answer: "Light, water and carbon dioxide make glucose and oxygen.",
    });
    expect(accepted.statusCode).toBe(202);
    await eventually(async () => {
      const jobs = (await call("GET", "/v1/jobs")).json<{ jobs: { status: string }[] }>().jobs;
      expect(jobs.filter((job) => job.status === "awaiting_calibration")).toHaveLength(2);
    });

    expect((await call("DELETE", "/v1/students/alice")).statusCode).toBe(200);
    const jobs = (await call("GET", "/v1/jobs")).json<{ jobs: { id: string; status: string }[] }>().jobs;
    // The LMS job held only Alice's answer: it has nothing left to wait for.
    expect(jobs.map((job) => job.status).sort()).toEqual(["awaiting_calibration", "completed"]);
    const held = jobs.find((job) => job.status === "awaiting_calibration")!;
    expect(held.id).toBe(upload.json().id);
    expect((await call("POST", `/v1/jobs/${held.id}/release`, {})).statusCode).toBe(200);
    for (const job of jobs) {
      await vi.waitFor(
        async () => expect((await call("GET", `/v1/jobs/${job.id}`)).json().status).toBe("completed"),
        { timeout: 30_000, interval: 20 },
      );
    }
    const results = (await call("GET", `/v1/jobs/${upload.json().id}/results`)).json<{
      items: { state: string; studentId: string | null; grade: unknown }[];
    }>().items;
    expect(results.map((item) => item.state).sort()).toEqual(["cancelled", "graded"]);
    expect(results.find((item) => item.state === "cancelled")!.grade).toBeNull();
    // Bob's answer was graded; nothing of Alice's, and nothing went to the LMS.
    expect(model.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(0);
    expect((await call("GET", "/v1/grades?studentId=alice")).json().grades).toEqual([]);
    const submissions = await call("GET", "/v1/submissions?status=cancelled");
    expect(submissions.statusCode, submissions.body).toBe(200);
    expect(submissions.json().submissions).toEqual([
      expect.objectContaining({
        submissionId: "sub-77",
        studentId: null,
        gradeId: null,
        status: "cancelled",
        passback: expect.objectContaining({ status: "none" }),
      }),
    ]);
  });
});
