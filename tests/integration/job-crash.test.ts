import { describe, expect, it, vi } from "vitest";
import { crashableServers, uploadScienceRubric } from "../helpers/crashable-servers.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";

/**
 * Issue 8, point 3: a process killed with SIGKILL in the middle of a job resumes it on restart, and
 * every item ends graded exactly once: none lost, none graded twice, and no model call repeated
 * beyond those in flight at the kill. A real server process on a SQLite file, a real fake provider.
 */

const items = 24;
const maxInFlight = 3;
const leaseSeconds = 2;

const servers = crashableServers(
  "grader-job-crash-",
  { GRADER_LEASE_SECONDS: String(leaseSeconds), GRADER_MAX_IN_FLIGHT: String(maxInFlight) },
  // Slow enough that the job is half done when the process is killed.
  (fake) => fake.setDefault({ kind: "hang", ms: 150, then: { kind: "sample" } }),
);

const answerOf = (index: number) => `Answer ${index}: plants use light and water to make glucose.`;

/** The chat requests made for each answer (each item's grade is one model call). */
function callsPerAnswer(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const request of servers.fake.requests) {
    if (request.path !== "/v1/chat/completions") continue;
    const match = /Answer (\d+):/.exec(JSON.stringify(request.body));
    if (!match) continue;
    const index = Number(match[1]);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

/** Creates a job of `count` answers (students `<prefix>-<index>`) on the server at `url`; its id. */
async function createJob(url: string, count: number, studentPrefix: string): Promise<string> {
  const created = await fetch(`${url}/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      rubricId: scienceRubric.id,
      answers: Array.from({ length: count }, (_, index) => ({
        answer: answerOf(index),
        studentId: `${studentPrefix}-${index}`,
      })),
    }),
  });
  expect(created.status).toBe(202);
  return ((await created.json()) as { id: string }).id;
}

describe("a job whose process is killed (SIGKILL) in the middle", () => {
  it("resumes on restart: every item graded exactly once, no model call repeated beyond those in flight", async () => {
    const first = await servers.start();
    await uploadScienceRubric(first);
    const id = await createJob(first.url, items, "student");

    // Kill it once a few items are graded and others are in flight.
    await vi.waitFor(
      async () => {
        const job = (await (await fetch(`${first.url}/v1/jobs/${id}`)).json()) as {
          counts: { graded: number };
        };
        expect(job.counts.graded).toBeGreaterThanOrEqual(6);
      },
      { timeout: 20_000, interval: 20 },
    );
    await first.stop("SIGKILL");
    const requestedBeforeKill = callsPerAnswer();
    expect(requestedBeforeKill.size).toBeLessThan(items);

    const second = await servers.start();
    let job: { status: string; counts: Record<string, number> } = { status: "", counts: {} };
    await vi.waitFor(
      async () => {
        job = (await (await fetch(`${second.url}/v1/jobs/${id}`)).json()) as typeof job;
        expect(job.status).toBe("completed");
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(job.counts).toMatchObject({ total: items, graded: items, failed: 0, pending: 0 });

    // Exactly once: one grade per item, each item's own, and no other grade in the database.
    const results = (await (await fetch(`${second.url}/v1/jobs/${id}/results?limit=100`)).json()) as {
      items: { seq: number; gradeId: string; grade: { studentId: string } }[];
    };
    expect(results.items).toHaveLength(items);
    expect(new Set(results.items.map((item) => item.gradeId)).size).toBe(items);
    for (const item of results.items) expect(item.grade.studentId).toBe(`student-${item.seq - 1}`);
    const grades = (await (await fetch(`${second.url}/v1/grades?limit=100`)).json()) as { grades: unknown[] };
    expect(grades.grades).toHaveLength(items);

    // Every answer reached the model; the only ones asked twice were in flight at the kill.
    const calls = callsPerAnswer();
    expect(calls.size).toBe(items);
    const repeated = [...calls].filter(([, count]) => count > 1).map(([index]) => index);
    expect(repeated.length).toBeLessThanOrEqual(maxInFlight);
    for (const index of repeated) {
      expect(requestedBeforeKill.has(index)).toBe(true);
      expect(calls.get(index)).toBe(2);
    }
  });

  it("ends the items a dead process was grading cancelled, not graded anew, when the job is cancelled after", async () => {
    // Regression: the cancel let them "finish" as running items do; but nobody was grading them any more,
    // and once their leases ran out another process took them over and graded them (model calls, grades
    // and passbacks for a job the teacher had cancelled).
    servers.fake.setDefault({ kind: "hang", ms: 60_000, then: { kind: "sample" } });
    const first = await servers.start();
    await uploadScienceRubric(first);
    const id = await createJob(first.url, maxInFlight, "s");
    await vi.waitFor(() => expect(callsPerAnswer().size).toBe(maxInFlight), {
      timeout: 20_000,
      interval: 20,
    });
    await first.stop("SIGKILL");
    servers.fake.setDefault({ kind: "sample" });

    // Cancelled from a process that grades nothing: every item is still the dead process's.
    const api = await servers.start({ GRADER_JOBS_IN_PROCESS: "false" });
    const cancelled = await fetch(`${api.url}/v1/jobs/${id}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    await api.stop("SIGKILL");
    // A process that grades takes them over once their leases ran out: they end.
    const worker = await servers.start();
    let job: { status: string; finishedAt: string | null; counts: Record<string, number> } = {
      status: "",
      finishedAt: null,
      counts: {},
    };
    await vi.waitFor(
      async () => {
        job = (await (await fetch(`${worker.url}/v1/jobs/${id}`)).json()) as typeof job;
        expect(job.counts.pending).toBe(0);
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(job.status).toBe("cancelled");
    expect(job.finishedAt).not.toBeNull();
    expect(job.counts).toMatchObject({ total: maxInFlight, graded: 0, failed: 0, cancelled: maxInFlight });
    const grades = (await (await fetch(`${worker.url}/v1/grades`)).json()) as { grades: unknown[] };
    expect(grades.grades).toEqual([]);
    // No answer reached the model again.
    expect([...callsPerAnswer().values()]).toEqual(Array.from({ length: maxInFlight }, () => 1));
    // Three server processes start: slow on a loaded machine.
  }, 120_000);

  it("ends an item cancelled, never graded again, when its student is erased after its process died", async () => {
    // Regression: the erasure left the orphaned `running` item alone and emptied its answer; when its lease
    // ran out another process took it over and graded the empty answer (refused only by accident, as a
    // reused idempotency key: the item ended `failed`, and an LMS submission showed an error).
    servers.fake.setDefault({ kind: "hang", ms: 60_000, then: { kind: "sample" } });
    const first = await servers.start();
    await uploadScienceRubric(first);
    const created = await fetch(`${first.url}/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rubricId: scienceRubric.id,
        answers: [{ answer: answerOf(0), studentId: "s-1" }],
      }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await vi.waitFor(() => expect(callsPerAnswer().get(0)).toBe(1), { timeout: 20_000, interval: 20 });
    await first.stop("SIGKILL");

    const second = await servers.start();
    const erased = await fetch(`${second.url}/v1/students/s-1`, { method: "DELETE" });
    expect(erased.status).toBe(200);
    // Past the dead process's lease: the item must not be taken over.
    await new Promise((resolve) => setTimeout(resolve, (leaseSeconds + 1) * 1000));
    const job = (await (await fetch(`${second.url}/v1/jobs/${id}`)).json()) as {
      status: string;
      counts: Record<string, number>;
    };
    expect(job.status).toBe("completed");
    expect(job.counts).toMatchObject({ total: 1, graded: 0, failed: 0, cancelled: 1, pending: 0 });
    const grades = (await (await fetch(`${second.url}/v1/grades`)).json()) as { grades: unknown[] };
    expect(grades.grades).toEqual([]);
  });
});
