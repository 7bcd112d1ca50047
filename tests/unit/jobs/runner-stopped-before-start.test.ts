import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { JobQueueStore } from "../../../src/grading/jobs.js";
import { createIntegrationRunner } from "../../../src/integrations/integration-runner.js";
import type { IntegrationRunnerOptions } from "../../../src/integrations/integration-runner.js";
import { createJobRunner } from "../../../src/jobs/job-runner.js";
import { createManualClock } from "../../helpers/manual-clock.js";

/**
 * A process told to stop while it starts (SIGTERM during warm-up or listen) closes its runtime, whose
 * close stops the runners; the entry then goes on and starts them. Regression: the embedded runners
 * started all the same and leased items and deliveries on a database about to close, leaving them held
 * by a process that was exiting until their leases lapsed. BullMQ's engine already stayed stopped.
 */

/** A store that records every call and never answers (what a closing database would do). */
function recordingStore<T extends object>(calls: string[]): T {
  return new Proxy({} as T, {
    get: (_target, name) => {
      if (name === "then") return undefined;
      return () => {
        calls.push(String(name));
        return new Promise(() => {});
      };
    },
  });
}

const logger = pino({ level: "silent" });

describe("a runner stopped before it started", () => {
  it("the job runner leases no item", async () => {
    const calls: string[] = [];
    const clock = createManualClock();
    const runner = createJobRunner({
      queue: recordingStore<JobQueueStore>(calls),
      grading: { grade: () => Promise.reject(new Error("not used")) },
      clock,
      logger,
      ownerId: "worker-1",
      maxInFlight: 4,
      leaseMs: 30_000,
      maxAttempts: 3,
    });
    await runner.stop(0);
    runner.start();
    await clock.settle();
    expect(calls).toEqual([]);
    expect(runner.running).toBe(0);
  });

  it("the integration runner leases no fetch or delivery", async () => {
    const calls: string[] = [];
    const clock = createManualClock();
    const runner = createIntegrationRunner({
      queue: recordingStore<IntegrationRunnerOptions["queue"]>(calls),
      jobs: { enqueueOnce: () => Promise.reject(new Error("not used")) },
      integrations: recordingStore<IntegrationRunnerOptions["integrations"]>(calls),
      deliver: () => Promise.reject(new Error("not used")),
      checkUrl: () => undefined,
      clock,
      logger,
      ownerId: "worker-1",
      newId: (prefix) => `${prefix}_1`,
      leaseMs: 30_000,
      maxAttempts: 3,
      timeoutMs: 1_000,
    });
    await runner.stop(0);
    runner.start();
    await clock.settle();
    expect(calls).toEqual([]);
  });
});
