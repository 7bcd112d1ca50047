import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IntegrationQueueStore } from "../../../src/grading/integrations.js";
import {
  createIntegrationRunner,
  type IntegrationRunner,
} from "../../../src/integrations/integration-runner.js";
import type { Clock } from "../../../src/lib/clock.js";
import { generateWebhookSecret } from "../../../src/lib/standard-webhooks.js";
import { openStorage, type Storage } from "../../../src/storage/database.js";

/**
 * A delivery being sent when the wall clock jumps past its lease. Regression: the runner's next turn
 * found its own delivery, still being sent, with an expired lease: it counted an attempt its sender had
 * died in and sent it a second time beside the first, so the receiver (or the LMS) got the grade twice.
 * The runner now renews its leases before claiming when their renewal is overdue by the wall clock.
 */

let storage: Storage | undefined;
let runner: IntegrationRunner | undefined;
afterEach(async () => {
  await runner?.stop(0);
  await storage?.close();
  runner = undefined;
  storage = undefined;
});

const tenantId = "default";
const leaseMs = 60_000;

describe("a delivery being sent when the clock jumps past its lease", () => {
  it("is sent once, and no attempt is counted for a sender that died", async () => {
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    const start = new Date();
    const at = start.toISOString();
    await storage.integrationsFor(tenantId).create({
      id: "int_1",
      tenantId,
      type: "webhook",
      name: "School portal",
      enabled: true,
      assignments: {},
      defaultRubric: null,
      holdForReview: false,
      callbackUrl: "https://portal.example.edu/callbacks",
      hasCredentials: false,
      lms: null,
      previousSecretExpiresAt: null,
      createdAt: at,
      updatedAt: at,
      sealedSecret: "sealed",
      sealedPreviousSecret: null,
      sealedCredentials: null,
    });
    const recorded = await storage.integrationQueue.recordEvent({
      tenantId,
      messageId: "message-1",
      submission: {
        id: "sbm_1",
        integrationId: "int_1",
        externalId: "external-1",
        attempt: 1,
        studentId: "student-1",
        assignmentId: "hw-1",
        rubricId: "photosynthesis-basics",
        rubricVersion: "v1",
        answer: "Light and water make glucose.",
        answerHash: "hash-1",
      },
      now: start,
    });
    expect(recorded.outcome).toBe("accepted");
    expect(
      await storage.integrationQueue.release({
        id: "dlv_1",
        tenantId,
        integrationId: "int_1",
        submissionId: "sbm_1",
        gradeId: "grd_1",
        gradeVersion: 1,
        messageId: "grd_1.v1",
        target: { kind: "webhook", url: "https://portal.example.edu/callbacks" },
        nextAttemptAt: at,
        createdAt: at,
        payload: "{}",
      }),
    ).toBe(true);

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
    const real = storage.integrationQueue;
    let claims = 0;
    const queue: IntegrationQueueStore = {
      ...real,
      async claimDeliveries(options) {
        claims++;
        return real.claimDeliveries(options);
      },
    };
    // Each send waits until the test answers it.
    const answers: (() => void)[] = [];
    const secret = generateWebhookSecret();
    runner = createIntegrationRunner({
      queue,
      jobs: { enqueueOnce: () => Promise.reject(new Error("not used")) },
      integrations: {
        callbackSecrets: () => Promise.resolve([secret]),
        lmsAccess: () => Promise.resolve(undefined),
      },
      deliver: () => new Promise((resolve) => answers.push(() => resolve({ status: 200, retryAfter: null }))),
      checkUrl: () => undefined,
      clock,
      logger: pino({ level: "silent" }),
      ownerId: "worker-1",
      newId: (prefix) => `${prefix}_1`,
      leaseMs,
      maxAttempts: 5,
      timeoutMs: 1_000,
      idlePollMs: 5,
    });
    runner.start();
    await vi.waitFor(() => expect(answers).toHaveLength(1), { timeout: 30_000, interval: 5 });

    // The clock jumps an hour ahead; the runner goes on taking turns meanwhile.
    offset = 3_600_000;
    const claimsAtJump = claims;
    await vi.waitFor(() => expect(claims).toBeGreaterThan(claimsAtJump + 1), {
      timeout: 30_000,
      interval: 5,
    });
    expect(answers).toHaveLength(1);

    answers[0]!();
    await vi.waitFor(
      async () => {
        const found = await storage!.integrationsFor(tenantId).findSubmission("sbm_1");
        expect(found!.deliveries[0]).toMatchObject({ status: "delivered" });
      },
      { timeout: 30_000, interval: 5 },
    );
    const [delivery] = (await storage.integrationsFor(tenantId).findSubmission("sbm_1"))!.deliveries;
    expect(delivery!.attempts).toBe(1);
    expect(delivery!.history.map((attempt) => attempt.outcome)).toEqual(["delivered"]);
    expect(answers).toHaveLength(1);
  });
});
