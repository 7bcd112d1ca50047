import { afterEach, describe, expect, it } from "vitest";
import type { ClaimedDelivery } from "../../src/grading/integrations.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Closing the runtime (SIGTERM) stops both queue runners from taking work before either waits for
 * what it runs. Made deterministic by a delivery whose settle is held until the test lets it go.
 */
let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

const now = new Date().toISOString();
const delivery: ClaimedDelivery = {
  id: "dlv_1",
  tenantId: "default",
  integrationId: "int_gone",
  submissionId: "sbm_1",
  gradeId: "grd_1",
  gradeVersion: 1,
  messageId: "grd_1.v1",
  target: { kind: "webhook", url: "https://receiver.example/hook" },
  status: "delivering",
  attempts: 0,
  nextAttemptAt: now,
  lastError: null,
  history: [],
  createdAt: now,
  updatedAt: now,
  deliveredAt: null,
  scoreMismatch: null,
  payload: "{}",
  holder: "h",
};

describe("closing the runtime while a delivery is in flight", () => {
  it("stops the job runner's claims at once, not after the delivery drained", async () => {
    // Regression: close() awaited the integration runner's drain (up to 10 s) before it stopped the
    // job runner, which meanwhile went on leasing new items that the exit then cut.
    const real = await openStorage({ kind: "sqlite", path: ":memory:" });
    storage = real;
    let handedOut = false;
    let settling: () => void = () => {};
    const settleReached = new Promise<void>((resolve) => (settling = resolve));
    let letSettle: () => void = () => {};
    const settleHeld = new Promise<void>((resolve) => (letSettle = resolve));
    const held: Storage = {
      ...real,
      integrationQueue: {
        ...real.integrationQueue,
        claimDeliveries: async (options) => {
          const claimed = await real.integrationQueue.claimDeliveries(options);
          if (handedOut) return claimed;
          handedOut = true;
          return [delivery];
        },
        settleDelivery: async () => {
          settling();
          await settleHeld;
          return true;
        },
      },
    };
    test = await buildTestApp({ storage: held });
    const { runtime } = test;
    let jobRunnerStopped = false;
    const stopJobRunner = runtime.jobRunner.stop.bind(runtime.jobRunner);
    runtime.jobRunner.stop = (graceMs) => {
      jobRunnerStopped = true;
      return stopJobRunner(graceMs);
    };
    runtime.integrationRunner.start();
    runtime.jobRunner.start();
    await settleReached;

    const closing = runtime.close();
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(jobRunnerStopped).toBe(true);
    letSettle();
    await closing;
  });
});
