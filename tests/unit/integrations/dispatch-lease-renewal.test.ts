import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createIntegrationRunner,
  type IntegrationRunner,
  type IntegrationRunnerOptions,
} from "../../../src/integrations/integration-runner.js";

/**
 * A received LMS submission is leased while the integration runner makes its job. Regression: the lease
 * was not renewed meanwhile, so a job's creation slower than the lease let another runner claim the
 * same submissions. It is renewed now with the runner's other leases. Deterministic: the job's creation
 * waits until the renewal of its submissions' lease has been asked for (without it, it waits forever).
 */
type Queue = IntegrationRunnerOptions["queue"];

let runner: IntegrationRunner | undefined;
/** Lets a job's creation still waiting end, so that the runner stops (it waits for its turn). */
let giveUp: () => void = () => {};
afterEach(async () => {
  giveUp();
  await runner?.stop(0);
  runner = undefined;
});

/** A store that answers every read with nothing, but for the calls named in `calls`. */
function fakeQueue(calls: Partial<Record<keyof Queue, (...args: never[]) => unknown>>): Queue {
  return new Proxy({} as Queue, {
    get: (_target, name) => {
      if (name === "then") return undefined;
      const call = calls[name as keyof Queue];
      return call ?? (() => Promise.resolve([]));
    },
  });
}

describe("received submissions being queued as a job", () => {
  it("have their lease renewed while the job is made, under the holder that claimed them", async () => {
    let claims = 0;
    const renewals: { jobIds: string[]; holder: string }[] = [];
    const queued: string[] = [];
    let renewed: () => void = () => {};
    const renewedOnce = new Promise<void>((resolve) => {
      renewed = resolve;
    });
    giveUp = () => renewed();
    const queue = fakeQueue({
      claimReceived: () =>
        Promise.resolve(
          claims++ > 0
            ? []
            : [
                {
                  id: "sbm_1",
                  tenantId: "default",
                  jobId: "job_1",
                  jobSeq: 1,
                  rubricId: "photosynthesis-basics",
                  rubricVersion: "v1",
                  answer: "Light and water make glucose.",
                  studentId: "s-1",
                  externalId: "external-1",
                },
              ],
        ),
      renewReceived: (jobIds: readonly string[], holder: string) => {
        if (jobIds.length > 0) {
          renewals.push({ jobIds: [...jobIds], holder });
          renewed();
        }
        return Promise.resolve();
      },
      markQueued: (jobId: string) => {
        queued.push(jobId);
        return Promise.resolve();
      },
    });
    runner = createIntegrationRunner({
      queue,
      // Slower than the lease: done only once the lease was renewed meanwhile.
      jobs: { enqueueOnce: () => renewedOnce.then(() => ({ jobId: "job_1" }) as never) },
      integrations: {
        callbackSecrets: () => Promise.resolve([]),
        lmsAccess: () => Promise.resolve(undefined),
      },
      deliver: () => Promise.reject(new Error("not used")),
      checkUrl: () => undefined,
      clock: {
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
      },
      logger: pino({ level: "silent" }),
      ownerId: "worker-1",
      newId: (prefix) => `${prefix}_1`,
      // Renewed every 100 ms (a third of the lease).
      leaseMs: 300,
      maxAttempts: 3,
      timeoutMs: 1_000,
      idlePollMs: 5,
    });
    runner.start();
    await vi.waitFor(() => expect(queued).toEqual(["job_1"]), { timeout: 3_000, interval: 10 });
    expect(renewals[0]).toEqual({ jobIds: ["job_1"], holder: "worker-1" });
  });
});
