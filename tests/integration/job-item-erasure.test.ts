import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { unlinkErasedSource } from "../../src/grading/answer-purge.js";
import type { AuditRecord } from "../../src/grading/audit.js";
import type { StoredGrade } from "../../src/grading/grade.js";
import type { ClaimedJobItem } from "../../src/grading/jobs.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { newId } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { storedGradeFixture } from "../helpers/stored-grades.js";

/**
 * A student's erasure and the job items that name them, on every backend: every item ends counted once
 * (graded, needs review, failed or cancelled, summing to the total), also when an item is settled while
 * the erasure runs.
 */
const backends = storageBackends("job item erasure", "job_item_erasure", "grader.db");
const scope = defaultOperatorScope;
const owner = { tenantId: scope.tenantId, role: scope.role, keyId: scope.keyId };

function rubric() {
  const validation = validateRubricDocument(scienceRubric);
  if (!validation.ok) throw new Error("invalid test rubric");
  return validation.rubric;
}

/** A job of one item per student, queued: `s-1`, `s-2`, … in upload order. */
async function queueJob(storage: Storage, students: string[]): Promise<{ jobId: string; version: string }> {
  const { version } = rubric();
  await storage.forTenant(scope.tenantId).rubrics.save(rubric(), new Date());
  const store = storage.jobsFor(scope.tenantId);
  const jobId = newId("job");
  const now = new Date();
  await store.create({
    id: jobId,
    owner,
    rubricId: scienceRubric.id,
    rubricVersion: version,
    source: "json",
    now,
  });
  await store.appendItems(
    jobId,
    1,
    students.map((studentId) => ({ answer: `answer of ${studentId}`, studentId, submissionId: null })),
    now,
  );
  await store.open(jobId, students.length, now);
  return { jobId, version };
}

/** Leases up to `count` items, in upload order. */
async function claimAll(storage: Storage, count: number): Promise<ClaimedJobItem[]> {
  const now = new Date();
  const claimed = await storage.jobQueue.claim({
    holder: "worker",
    limit: count,
    maxRunning: 100,
    now,
    leaseUntil: new Date(now.getTime() + 60_000),
  });
  return claimed.sort((a, b) => a.seq - b.seq);
}

/** Stores the item's grade as the grade use case does, and settles the item with it. */
async function gradeItem(
  storage: Storage,
  item: ClaimedJobItem,
  version: string,
  status: StoredGrade["status"],
): Promise<string> {
  const grade = storedGradeFixture({
    rubricId: scienceRubric.id,
    rubricVersion: version,
    studentId: item.studentId,
    status,
  });
  const audit: AuditRecord = {
    gradeId: grade.id,
    rubricId: grade.rubricId,
    rubricVersion: grade.rubricVersion,
    promptVersion: "p",
    model: "openai:test",
    parameters: {},
    strategy: "all-criteria",
    samples: 1,
    attempts: [],
    usage: { inputTokens: 1, outputTokens: 1 },
    cost: { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null },
    flags: [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult: { criteria: grade.criteria, totalPoints: grade.totalPoints, feedback: "", explanation: "" },
    humanChanges: [],
  };
  await storage
    .forTenant(scope.tenantId)
    .grades.insert({ grade, answer: item.answer, cacheKey: null, audit });
  const settled = await storage.jobQueue.settle(
    item,
    item.holder,
    { kind: "graded", gradeId: grade.id, status },
    new Date(),
  );
  expect(settled).toBe(true);
  return grade.id;
}

function erase(storage: Storage, studentId: string) {
  return storage
    .studentDataFor(scope.tenantId)
    .eraseStudent(
      studentId,
      { id: newId("ers"), erasedAt: new Date().toISOString(), erasedBy: null },
      unlinkErasedSource,
    );
}

describe.each(backends)("job item erasure: $name", ({ open }) => {
  let storage: Storage | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await storage?.close();
    await cleanup?.();
    storage = undefined;
    cleanup = undefined;
  });

  it("ends the student's graded items cancelled, naming no grade, and the job stops counting them graded", async () => {
    // Regression: the items kept `graded` / `needs_review` and a grade id that answered nothing, and the
    // job still counted them graded after the grades were erased.
    ({ storage, cleanup } = await open());
    const { jobId, version } = await queueJob(storage, ["s-1", "s-2", "s-3"]);
    const [first, second, third] = await claimAll(storage, 3);
    await gradeItem(storage, first!, version, "graded");
    await gradeItem(storage, second!, version, "needs_review");
    const kept = await gradeItem(storage, third!, version, "graded");
    const jobs = storage.jobsFor(scope.tenantId);
    const before = await jobs.find(jobId);
    expect(before!.counts).toMatchObject({ total: 3, graded: 2, needsReview: 1, cancelled: 0, pending: 0 });

    const tombstone = await erase(storage, "s-1");
    await erase(storage, "s-2");
    expect(tombstone.grades).toBe(1);

    const job = await jobs.find(jobId);
    expect(job!.counts).toEqual({ total: 3, graded: 1, needsReview: 0, failed: 0, cancelled: 2, pending: 0 });
    expect(job!.status).toBe("completed");
    const results = await jobs.results(jobId, 0, 10);
    expect(results.map(({ seq, state, gradeId, studentId }) => ({ seq, state, gradeId, studentId }))).toEqual(
      [
        { seq: 1, state: "cancelled", gradeId: null, studentId: null },
        { seq: 2, state: "cancelled", gradeId: null, studentId: null },
        { seq: 3, state: "graded", gradeId: kept, studentId: "s-3" },
      ],
    );
    // Each cancelled item ends again, after the events of the grades: a stream following the job sees it.
    const events = await jobs.events(jobId, before!.counts.total, 10);
    expect(events.map(({ seq, state }) => ({ seq, state }))).toEqual([
      { seq: 1, state: "cancelled" },
      { seq: 2, state: "cancelled" },
    ]);
  });
});

describe.skipIf(postgresUrl)("job item erasure while an item is settled: postgres", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

describe.skipIf(!postgresUrl)("job item erasure while an item is settled, on PostgreSQL", () => {
  let database: TestDatabase | undefined;
  let storage: Storage | undefined;
  let client: pg.Client | undefined;
  afterEach(async () => {
    await client?.end();
    await storage?.close();
    await database?.drop();
    client = undefined;
    storage = undefined;
    database = undefined;
  });

  /** Resolves once a session waits for an advisory lock that another one holds. */
  async function someoneWaitsForAnAdvisoryLock(watcher: pg.Client): Promise<void> {
    for (;;) {
      const { rows } = await watcher.query<{ waiting: string }>(
        "select count(*) as waiting from pg_locks where locktype = 'advisory' and not granted",
      );
      if (Number(rows[0]!.waiting) > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it("counts an item by its state under the job's lock: one settled as failed meanwhile is not counted twice", async () => {
    // Regression (PG erasure count drift): the erasure read the student's item states before it took the
    // job's lock. An item that its worker settled `failed` in between was counted as running (cancelled,
    // failed left alone), then cancelled from `failed`: the job counted it both failed and cancelled, and
    // on SQLite (serial transactions) never.
    database = await createTestDatabase("job_item_erasure_race");
    storage = await openStorage(database.config);
    const { jobId } = await queueJob(storage, ["s-1", "s-2"]);
    const [running] = await claimAll(storage, 1);
    const studentId = running!.studentId!;

    // A settle of the running item holds the job's lock (as settle does) while the erasure starts.
    client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    const watcher = new pg.Client({ connectionString: database.config.url });
    await watcher.connect();
    try {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock(hashtext($1))", [JSON.stringify(["job", jobId])]);
      const erasure = erase(storage, studentId);
      await someoneWaitsForAnAdvisoryLock(watcher);
      // What settle writes for a failed item, then its commit lets the erasure go on.
      await client.query(
        "update job_items set state = 'failed', lease_holder = null, event_id = 1 where job_id = $1 and seq = $2",
        [jobId, running!.seq],
      );
      await client.query("update jobs set failed = failed + 1, last_event_id = 1 where id = $1", [jobId]);
      await client.query("commit");
      await erasure;
    } finally {
      await watcher.end();
    }

    const job = await storage.jobsFor(scope.tenantId).find(jobId);
    expect(job!.counts).toEqual({ total: 2, graded: 0, needsReview: 0, failed: 0, cancelled: 1, pending: 1 });
    const results = await storage.jobsFor(scope.tenantId).results(jobId, 0, 10);
    expect(results.find((item) => item.seq === running!.seq)).toMatchObject({ state: "cancelled" });
  });
});
