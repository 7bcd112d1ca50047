import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { itemIdempotencyKey, type ClaimedJobItem } from "../../src/grading/jobs.js";
import { createItemGrader } from "../../src/jobs/grade-item.js";
import { newId } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An item whose worker stops while grading it (out of memory, a native crash) is taken over when its
 * lease runs out. Regression: the takeover counted no attempt, so an item that killed every process
 * grading it was picked up forever and its job never completed. Each takeover now counts an attempt;
 * once they are spent the item ends with the grade a dead worker stored under its key, or fails.
 *
 * Deterministic: the workers are claims made at chosen times (far in the future, out of reach of the
 * test app's own runner), and the "crash" is a claim never settled.
 */
const scope = defaultOperatorScope;
const owner = { tenantId: scope.tenantId, role: scope.role, keyId: scope.keyId };
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const maxAttempts = 3;
const leaseMs = 60_000;
const start = Date.parse("2100-01-01T00:00:00Z");

let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

async function setUp(): Promise<{ jobId: string; version: string }> {
  storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestApp({ dependencies: { model }, storage });
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(upload.statusCode).toBe(201);
  const version = (JSON.parse(upload.body) as { version: string }).version;
  const jobs = storage.jobsFor(scope.tenantId);
  const jobId = newId("job");
  const now = new Date(start);
  await jobs.create({
    id: jobId,
    owner,
    rubricId: scienceRubric.id,
    rubricVersion: version,
    source: "json",
    now,
  });
  await jobs.appendItems(jobId, 1, [{ answer, studentId: "s-1", submissionId: null }], now);
  await jobs.open(jobId, 1, now);
  return { jobId, version };
}

/** A worker's claim at `at` (ms after the start), under a holder of its own. */
async function claimAt(at: number, holder: string): Promise<ClaimedJobItem[]> {
  const now = new Date(start + at);
  return storage!.jobQueue.claim({
    holder,
    limit: 1,
    maxRunning: 10,
    now,
    leaseUntil: new Date(now.getTime() + leaseMs),
  });
}

/** The first worker claims the item and dies; each later one takes it over and dies too. */
async function crashEveryWorker(workers: number): Promise<ClaimedJobItem[]> {
  const claims: ClaimedJobItem[] = [];
  for (let worker = 0; worker < workers; worker++) {
    const [item] = await claimAt(worker * (leaseMs + 1), `worker-${worker}`);
    expect(item, `worker ${worker} claims the item`).toBeDefined();
    claims.push(item!);
  }
  return claims;
}

function graderAt(at: number, grade: () => Promise<never>) {
  return createItemGrader({
    queue: storage!.jobQueue,
    grading: { grade },
    clock: { now: () => new Date(start + at), sleep: () => Promise.resolve() },
    logger: pino({ level: "silent" }),
    maxAttempts,
    random: () => 0.5,
  });
}

describe("an item whose worker stops while grading it, every time", () => {
  it("counts each takeover of its expired lease as an attempt", async () => {
    await setUp();
    const claims = await crashEveryWorker(maxAttempts + 1);
    expect(claims.map((claim) => claim.attempts)).toEqual([0, 1, 2, 3]);
    expect(claims.map((claim) => claim.takenOver ?? false)).toEqual([false, true, true, true]);
  });

  it("fails once the takeovers spent its attempts, saying its worker stopped, without grading it again", async () => {
    const { jobId } = await setUp();
    const claims = await crashEveryWorker(maxAttempts + 1);
    let graded = 0;
    const grader = graderAt(maxAttempts * (leaseMs + 1), () => {
      graded += 1;
      return Promise.reject(new Error("killed the process again"));
    });
    const result = await grader.run(claims.at(-1)!);
    expect(graded).toBe(0);
    expect(result).toMatchObject({ settled: true, outcome: { kind: "failed", code: "worker_stopped" } });
    const job = await storage!.jobsFor(scope.tenantId).find(jobId);
    expect(job).toMatchObject({ status: "completed", counts: { total: 1, failed: 1, pending: 0 } });
    const [item] = await storage!.jobsFor(scope.tenantId).results(jobId, 0, 10);
    expect(item!.state).toBe("failed");
    expect(item!.error!.code).toBe("worker_stopped");
    expect(item!.error!.message).toContain(`stopped while grading it`);
    expect(item!.error!.message).toContain(`${maxAttempts} times`);
  });

  it("ends with the grade a dead worker stored under the item's key, neither failing nor grading again", async () => {
    const { jobId, version } = await setUp();
    const [first] = await claimAt(0, "worker-0");
    // The first worker stored its grade under the item's key, then died before settling the item.
    const stored = await test!.runtime.service.grade(
      scope,
      { rubricId: scienceRubric.id, rubricVersion: version, answer, studentId: "s-1", priority: "batch" },
      itemIdempotencyKey(first!.jobId, first!.seq),
    );
    const claims = [first!];
    for (let worker = 1; worker <= maxAttempts; worker++) {
      const [item] = await claimAt(worker * (leaseMs + 1), `worker-${worker}`);
      claims.push(item!);
    }
    let graded = 0;
    const grader = graderAt(maxAttempts * (leaseMs + 1), () => {
      graded += 1;
      return Promise.reject(new Error("must not grade again"));
    });
    const result = await grader.run(claims.at(-1)!);
    expect(graded).toBe(0);
    expect(result).toMatchObject({ settled: true, outcome: { kind: "graded", gradeId: stored.grade.id } });
    const job = await storage!.jobsFor(scope.tenantId).find(jobId);
    expect(job).toMatchObject({ status: "completed", counts: { total: 1, graded: 1, failed: 0 } });
    const [item] = await storage!.jobsFor(scope.tenantId).results(jobId, 0, 10);
    expect(item!.gradeId).toBe(stored.grade.id);
  });
});
