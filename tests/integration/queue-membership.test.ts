import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { joinJobQueue } from "../../src/jobs/queue-membership.js";
import { systemClock } from "../../src/lib/clock.js";
import type { Storage } from "../../src/storage/database.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Every process of one job queue needs the same GRADER_MAX_IN_FLIGHT (the cap of the whole queue, which
 * each process enforces on its own claims): a process whose value differs from the running ones' is
 * refused at start-up, naming both values, instead of being starved by them (or, on BullMQ, resetting
 * the queue's global concurrency for all).
 */
const backends = storageBackends("queue membership", "queue_membership", "grader.db");
const quiet = pino({ level: "silent" });

describe.each(backends)("queue membership: $name", ({ open }) => {
  let storage: Storage | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await storage?.close();
    await cleanup?.();
    storage = undefined;
    cleanup = undefined;
  });

  it("joins processes of one cap, refuses another while they run, and lets a dead one's record lapse", async () => {
    ({ storage, cleanup } = await open());
    const queue = storage.jobQueue;
    const now = new Date("2026-12-04T10:00:00.000Z");
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1_000);
    const join = (processId: string, maxInFlight: number, seconds: number) =>
      queue.joinQueue({ processId, maxInFlight, now: at(seconds), expiresAt: at(seconds + 30) });

    expect(await join("a", 16, 0)).toEqual({ joined: true });
    expect(await join("b", 16, 1)).toEqual({ joined: true });
    expect(await join("low", 8, 2)).toEqual({ joined: false, maxInFlight: 16, processes: 2 });
    // A process joining again (its own record) is not another process.
    expect(await join("a", 16, 3)).toEqual({ joined: true });

    // One left; the other died: refused until its record lapses.
    await queue.leaveQueue("a");
    expect(await join("low", 8, 4)).toEqual({ joined: false, maxInFlight: 16, processes: 1 });
    // Renewed, it stays.
    await queue.renewQueueMembership("b", 16, at(60));
    expect(await join("low", 8, 40)).toEqual({ joined: false, maxInFlight: 16, processes: 1 });
    expect(await join("low", 8, 60)).toEqual({ joined: true });
    // Now the queue's cap is 8.
    expect(await join("b", 16, 61)).toEqual({ joined: false, maxInFlight: 8, processes: 1 });
  });

  it("refuses to start a runtime whose GRADER_MAX_IN_FLIGHT differs from the running processes'", async () => {
    // Regression: nothing checked that processes agree. On the embedded queue the one with the lower
    // value found the queue full of the others' claims and graded nothing; on BullMQ the last one
    // started set the queue's global concurrency for all.
    ({ storage, cleanup } = await open());
    apps.push(await buildTestApp({ storage, env: { GRADER_MAX_IN_FLIGHT: "16" } }));
    apps.push(await buildTestApp({ storage, env: { GRADER_MAX_IN_FLIGHT: "16" } }));

    await expect(buildTestApp({ storage, env: { GRADER_MAX_IN_FLIGHT: "4" } })).rejects.toThrow(
      "GRADER_MAX_IN_FLIGHT is 4 in this process, but 2 processes using this database's job queue run with GRADER_MAX_IN_FLIGHT=16.",
    );

    // Once every process stopped, the value may change.
    for (const app of apps.splice(0)) await app.close();
    apps.push(await buildTestApp({ storage, env: { GRADER_MAX_IN_FLIGHT: "4" } }));
  });

  it("logs the refusal as an error", async () => {
    ({ storage, cleanup } = await open());
    const logged: { level: number; msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const options = { queue: storage.jobQueue, leaseMs: 30_000, clock: systemClock };
    const running = await joinJobQueue({ ...options, processId: "a", maxInFlight: 16, logger: quiet });
    await expect(joinJobQueue({ ...options, processId: "b", maxInFlight: 2, logger })).rejects.toThrow(
      /GRADER_MAX_IN_FLIGHT=16/,
    );
    expect(logged).toEqual([
      expect.objectContaining({ level: 50, maxInFlight: 2, queueMaxInFlight: 16, processes: 1 }),
    ]);
    await running.leave();
    const joined = await joinJobQueue({ ...options, processId: "b", maxInFlight: 2, logger });
    await joined.leave();
  });
});
