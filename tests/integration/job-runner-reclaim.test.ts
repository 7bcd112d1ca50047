import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import type { JobQueueStore } from "../../src/grading/jobs.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { createJobRunner, type JobRunner } from "../../src/jobs/job-runner.js";
import type { Clock } from "../../src/lib/clock.js";
import { newId } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";

/**
 * The embedded runner claimed every item under one process-wide holder. Regression: when its own lease
 * on an item ran out while it was still grading it (renewals stalled), it claimed the item again, and
 * the two runs could not be told apart: the first to finish settled the item under the lease the second
 * held. Each claim now holds its items under a holder of its own, so the run that lost the lease finds
 * it lost and writes nothing. Deterministic: time is moved by hand past the lease, and each grade waits
 * for the test to release it.
 */
const scope = defaultOperatorScope;
const owner = { tenantId: scope.tenantId, role: scope.role, keyId: scope.keyId };
const leaseMs = 60_000;

let storage: Storage | undefined;
let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop(0);
  await storage?.close();
  runner = undefined;
  storage = undefined;
});

/** A fresh in-memory database holding an open job of one item, ready to be claimed at `now`. */
async function jobOfOneItem(now: Date) {
  const opened = await openStorage({ kind: "sqlite", path: ":memory:" });
  storage = opened;
  const validation = validateRubricDocument(scienceRubric);
  if (!validation.ok) throw new Error("invalid test rubric");
  await opened.forTenant(scope.tenantId).rubrics.save(validation.rubric, new Date());
  const jobs = opened.jobsFor(scope.tenantId);
  const jobId = newId("job");
  await jobs.create({
    id: jobId,
    owner,
    rubricId: scienceRubric.id,
    rubricVersion: validation.rubric.version,
    source: "json",
    now,
  });
  await jobs.appendItems(
    jobId,
    1,
    [{ answer: "Plants make glucose.", studentId: null, submissionId: null }],
    now,
  );
  await jobs.open(jobId, 1, now);
  return { jobs, jobId, jobQueue: opened.jobQueue };
}

/** The wall clock, moved on by hand; its sleeps last at most 5 ms and end when aborted. */
function movableClock(): { clock: Clock; move: (ms: number) => void } {
  let offset = 0;
  const clock: Clock = {
    now: () => new Date(Date.now() + offset),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(ms, 5));
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
  return { clock, move: (ms) => (offset = ms) };
}

/** Grades that each wait until the test releases them with the grade's id. */
function heldGrades() {
  const releases: ((gradeId: string) => void)[] = [];
  const grade = () =>
    new Promise<{ grade: { id: string; status: "graded" } }>((resolve) => {
      releases.push((id) => resolve({ grade: { id, status: "graded" } }));
    });
  return { releases, grade };
}

describe("an item whose lease ran out while this runner still graded it", () => {
  it("is settled only by the run that claimed it again, not by the run that lost it", async () => {
    const { clock, move } = movableClock();
    const { jobs, jobId, jobQueue: real } = await jobOfOneItem(clock.now());
    const { releases, grade } = heldGrades();
    const settles: boolean[] = [];
    const queue: JobQueueStore = {
      ...real,
      async settle(...args) {
        const settled = await real.settle(...args);
        settles.push(settled);
        return settled;
      },
      // Its renewals stall: the database does not answer them.
      renew: () => Promise.reject(new Error("the database does not answer")),
    };
    runner = createJobRunner({
      queue,
      grading: { grade } as never,
      clock,
      logger: pino({ level: "silent" }),
      ownerId: "process-1",
      maxInFlight: 2,
      leaseMs,
      idlePollMs: 5,
      maxAttempts: 3,
    });
    runner.start();
    await vi.waitFor(() => expect(releases).toHaveLength(1), { timeout: 30_000, interval: 5 });

    // Its renewals stalled: the lease runs out, and this same runner claims the item again.
    move(leaseMs + 1_000);
    await vi.waitFor(() => expect(releases).toHaveLength(2), { timeout: 30_000, interval: 5 });

    // The first run ends: it lost the item, so it must write nothing.
    releases[0]!("grade-of-the-run-that-lost-it");
    await vi.waitFor(() => expect(settles).toHaveLength(1), { timeout: 30_000, interval: 5 });
    expect(settles[0]).toBe(false);
    expect((await jobs.results(jobId, 0, 10))[0]).toMatchObject({ state: "running", gradeId: null });

    // The run that holds it settles it.
    releases[1]!("grade-of-the-run-that-holds-it");
    await vi.waitFor(() => expect(settles).toHaveLength(2), { timeout: 30_000, interval: 5 });
    expect(settles[1]).toBe(true);
    expect((await jobs.results(jobId, 0, 10))[0]).toMatchObject({
      state: "graded",
      gradeId: "grade-of-the-run-that-holds-it",
    });
  });

  it("is not taken over by this runner when the clock jumps past its lease and renewals work", async () => {
    // Regression: a wall clock moved forward by more than the lease (a machine resumed from sleep, an
    // NTP step) made this runner's own items, still being graded here, look abandoned to its next
    // claim: it took each over from itself, counting an attempt and grading it again (a second model
    // call), and the first run's grade was thrown away.
    const { clock, move } = movableClock();
    const { jobs, jobId, jobQueue: real } = await jobOfOneItem(clock.now());
    const { releases, grade } = heldGrades();
    let claims = 0;
    const queue: JobQueueStore = {
      ...real,
      async claim(options) {
        claims++;
        return real.claim(options);
      },
    };
    runner = createJobRunner({
      queue,
      grading: { grade } as never,
      clock,
      logger: pino({ level: "silent" }),
      ownerId: "process-1",
      maxInFlight: 3,
      leaseMs,
      idlePollMs: 5,
      maxAttempts: 3,
    });
    runner.start();
    await vi.waitFor(() => expect(releases).toHaveLength(1), { timeout: 30_000, interval: 5 });

    // The clock jumps an hour ahead; the runner goes on looking for work meanwhile.
    move(3_600_000);
    const claimsAtJump = claims;
    await vi.waitFor(() => expect(claims).toBeGreaterThan(claimsAtJump + 3), {
      timeout: 30_000,
      interval: 5,
    });
    expect(releases).toHaveLength(1);

    releases[0]!("grade-of-the-only-run");
    await vi.waitFor(
      async () => expect((await jobs.results(jobId, 0, 10))[0]).toMatchObject({ state: "graded" }),
      { timeout: 30_000, interval: 5 },
    );
    expect((await jobs.results(jobId, 0, 10))[0]).toMatchObject({
      gradeId: "grade-of-the-only-run",
      attempts: 0,
    });
    expect(releases).toHaveLength(1);
  });

  it("renews each item's lease under the holder of the claim that took it", async () => {
    const { jobQueue: real } = await jobOfOneItem(new Date());
    const claimedBy: string[] = [];
    const renewedBy: string[] = [];
    const queue: JobQueueStore = {
      ...real,
      async claim(options) {
        const claimed = await real.claim(options);
        claimedBy.push(...claimed.map((item) => item.holder));
        return claimed;
      },
      async renew(items, holder, until) {
        if (items.length > 0) renewedBy.push(holder);
        return real.renew(items, holder, until);
      },
    };
    runner = createJobRunner({
      queue,
      grading: { grade: () => new Promise(() => {}) } as never,
      clock: {
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
      },
      logger: pino({ level: "silent" }),
      ownerId: "process-1",
      maxInFlight: 1,
      // The heartbeat beats every 100 ms (a third of the lease); the test waits for a beat, not a time.
      leaseMs: 300,
      idlePollMs: 5,
      maxAttempts: 3,
    });
    runner.start();
    await vi.waitFor(() => expect(renewedBy.length).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
    expect(claimedBy[0]).toMatch(/^process-1:/);
    expect(renewedBy[0]).toBe(claimedBy[0]);
  });
});
