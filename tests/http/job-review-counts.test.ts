import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, postgresUrl, type TestDatabase } from "../helpers/postgres.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A job's counts and its items' states say what the items' grades say now: a teacher's approval,
 * change of points, group decision, reopening or appeal moves them, as it moves the job's results and
 * CSV; the queue's own states and the job's status stay as they were.
 */

const bootstrapKey = "bootstrap-key-for-job-review-tests-0123456789";
let test: TestApp;
let model: ScriptedModel;

let database: TestDatabase | undefined;
/** SQLite in memory, and PostgreSQL (whose writers lock grade, item and job in that order) when configured. */
const backends = postgresUrl ? (["sqlite", "postgres"] as const) : (["sqlite"] as const);
let backend: (typeof backends)[number] = "sqlite";

afterEach(async () => {
  await test?.close();
  await database?.drop();
  database = undefined;
});

/** Answers containing "unusable" get a reply that is not JSON: `needs_review` without points. */
async function start() {
  model = createScriptedModel({
    fallback: (modelCall) =>
      JSON.stringify(modelCall.variables).includes("unusable")
        ? "this is not JSON"
        : allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  database = backend === "postgres" ? await createTestDatabase("job_review_counts") : undefined;
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...(database ? { DATABASE_URL: database.config.url } : {}) },
    dependencies: { model, jobTimings: { idlePollMs: 20, baseBackoffMs: 5 } },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
}

function call(method: "GET" | "POST" | "PATCH", url: string, payload?: object) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bootstrapKey}` },
    ...(payload ? { payload } : {}),
  });
}

interface JobView {
  id: string;
  status: string;
  counts: Record<string, number>;
}
interface ItemView {
  seq: number;
  state: string;
  gradeId: string | null;
  grade: { status: string; groupId: string | null } | null;
}

async function runJob(answers: string[]): Promise<JobView> {
  const created = await call("POST", "/v1/jobs", {
    rubricId: scienceRubric.id,
    answers: answers.map((answer) => ({ answer })),
  });
  expect(created.statusCode).toBe(202);
  const id = created.json<{ id: string }>().id;
  test.runtime.jobRunner.start();
  let job = {} as JobView;
  await vi.waitFor(
    async () => {
      job = (await call("GET", `/v1/jobs/${id}`)).json<JobView>();
      expect(job.status).toBe("completed");
      expect(job.counts.pending).toBe(0);
    },
    { timeout: 30_000, interval: 20 },
  );
  return job;
}

const jobOf = async (id: string) => (await call("GET", `/v1/jobs/${id}`)).json<JobView>();
const itemsOf = async (id: string) =>
  (await call("GET", `/v1/jobs/${id}/results`)).json<{ items: ItemView[] }>().items;

/** The job as `GET /v1/jobs/:id` and `GET /v1/jobs` show it, and each item's state beside its grade's status. */
async function expectJob(id: string, counts: { graded: number; needsReview: number }) {
  const job = await jobOf(id);
  expect(job.status).toBe("completed");
  expect(job.counts).toMatchObject({ ...counts, failed: 0, cancelled: 0, pending: 0 });
  const listed = (await call("GET", "/v1/jobs"))
    .json<{ jobs: JobView[] }>()
    .jobs.find((one) => one.id === id);
  expect(listed?.counts).toEqual(job.counts);
  const items = await itemsOf(id);
  for (const item of items) expect(item.state).toBe(item.grade?.status);
  expect(items.filter((item) => item.state === "graded")).toHaveLength(counts.graded);
  expect(items.filter((item) => item.state === "needs_review")).toHaveLength(counts.needsReview);
  return items;
}

const reviewer = { reviewer: "Ms Lee", reason: "checked by hand" };
const points = {
  ...reviewer,
  criteria: [
    { criterionId: "inputs", points: 2 },
    { criterionId: "outputs", points: 1 },
  ],
};

describe.each(backends)("a job's counts and item states follow its grades (%s)", (name) => {
  beforeEach(() => {
    backend = name;
  });

  it("moves an item to graded when its grade's points are set or it is approved, and back when reopened", async () => {
    await start();
    const job = await runJob(["Light, water and carbon dioxide make glucose.", "an unusable reply follows"]);
    expect(job.counts).toMatchObject({ graded: 1, needsReview: 1 });
    const pending = (await itemsOf(job.id)).find((item) => item.state === "needs_review")!;
    const gradeId = pending.gradeId!;

    // New points decide the grade: the job has nothing left to review.
    expect((await call("PATCH", `/v1/grades/${gradeId}`, points)).statusCode).toBe(200);
    let items = await expectJob(job.id, { graded: 2, needsReview: 0 });
    expect(items.find((item) => item.seq === pending.seq)?.state).toBe("graded");

    // Reopened: it is work left again.
    expect((await call("POST", `/v1/grades/${gradeId}/reopen`, reviewer)).statusCode).toBe(200);
    items = await expectJob(job.id, { graded: 1, needsReview: 1 });
    expect(items.find((item) => item.seq === pending.seq)?.state).toBe("needs_review");

    // Approved as it is.
    expect((await call("POST", `/v1/grades/${gradeId}/approve`, reviewer)).statusCode).toBe(200);
    await expectJob(job.id, { graded: 2, needsReview: 0 });

    // The model's own graded item reopened, too.
    const other = items.find((item) => item.seq !== pending.seq)!;
    expect((await call("POST", `/v1/grades/${other.gradeId}/reopen`, reviewer)).statusCode).toBe(200);
    await expectJob(job.id, { graded: 1, needsReview: 1 });

    // A comment alone leaves the grade, and so the item, in review.
    const comment = { ...reviewer, criteria: [{ criterionId: "inputs", comment: "Name all three." }] };
    expect((await call("PATCH", `/v1/grades/${other.gradeId}`, comment)).statusCode).toBe(200);
    await expectJob(job.id, { graded: 1, needsReview: 1 });
  });

  it("moves every item of an answer group a teacher decides to graded", async () => {
    await start();
    const job = await runJob([
      "an unusable reply follows",
      "an unusable  reply follows",
      "Light, water and carbon dioxide make glucose.",
    ]);
    expect(job.counts).toMatchObject({ graded: 1, needsReview: 2 });
    const items = await itemsOf(job.id);
    const groupId = items[0]!.grade!.groupId!;
    expect(items[1]!.grade!.groupId).toBe(groupId);

    const decided = await call("PATCH", `/v1/groups/${groupId}`, points);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<{ applied: string[] }>().applied).toHaveLength(2);
    await expectJob(job.id, { graded: 3, needsReview: 0 });
  });

  it("moves an appealed item back to review, and to graded once the appeal is resolved", async () => {
    await start();
    const job = await runJob(["Light, water and carbon dioxide make glucose."]);
    const [item] = await itemsOf(job.id);
    const filed = await call("POST", `/v1/grades/${item!.gradeId}/appeals`, {
      criterionId: "outputs",
      reason: "I named oxygen too.",
      by: "student s-1",
    });
    expect(filed.statusCode, filed.body).toBe(201);
    await expectJob(job.id, { graded: 0, needsReview: 1 });

    const appealId = filed.json<{ appeal: { id: string } }>().appeal.id;
    const resolved = await call("POST", `/v1/appeals/${appealId}/resolve`, {
      outcome: "upheld",
      points: 2,
      ...reviewer,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await expectJob(job.id, { graded: 1, needsReview: 0 });
  });

  it("settles an item as its grade is when it settles, though a teacher approved it after it was stored", async () => {
    await start();
    const created = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: "an unusable reply follows" }],
    });
    const jobId = created.json<{ id: string }>().id;
    const now = new Date();
    const [claimed] = await test.storage.jobQueue.claim({
      holder: "test",
      limit: 1,
      maxRunning: 10,
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    // The worker stored the grade (in review) and, before it settled the item, a teacher decided it.
    const scope = { tenantId: "default", role: "admin" as const, keyId: null, operator: false };
    const { grade } = await test.runtime.service.grade(scope, {
      rubricId: scienceRubric.id,
      answer: "an unusable reply follows",
      studentId: null,
      priority: "batch",
    });
    expect(grade.status).toBe("needs_review");
    expect((await call("PATCH", `/v1/grades/${grade.id}`, points)).statusCode).toBe(200);
    const settled = await test.storage.jobQueue.settle(
      claimed!,
      "test",
      { kind: "graded", gradeId: grade.id, status: "needs_review" },
      new Date(),
    );
    expect(settled).toBe(true);
    await expectJob(jobId, { graded: 1, needsReview: 0 });
  });
});
