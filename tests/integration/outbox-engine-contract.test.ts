import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { callbackMessageId, gradeCompletedPayload } from "../../src/grading/integrations.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import { createBullmqOutbox } from "../../src/jobs/bullmq-outbox.js";
import { webhookHeaders } from "../../src/lib/standard-webhooks.js";
import { urlTokenOf } from "../../src/lib/url-token.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import {
  CANVAS_TOKEN,
  canvasLiveEventFixture,
  fixtureCourseId,
  startFakeCanvas,
  type FakeCanvas,
} from "../helpers/fake-canvas-server.js";
import { eventually, integrationEnv } from "../helpers/integration-fixtures.js";
import { postgresSkipReason, postgresUrl } from "../helpers/postgres.js";
import { queueEngines, type Deployment } from "../helpers/queue-engines.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";

/**
 * One outbox contract, every queue engine (issue 9, "one outbox on the same engines as the jobs"): the
 * embedded engine (SQLite, and PostgreSQL with GRADER_QUEUE=embedded) leases deliveries from SQL; on
 * BullMQ (PostgreSQL backend, and Redis) each delivery is a message naming its row, taken by whichever
 * process is free. The SQL rows decide in every engine: a 500 is retried until a 200 and delivered
 * once, a 4xx is dead at once, and a crash or a redelivered message never sends twice. Two runtimes
 * sharing one database and queue stand for two processes.
 */
const engines = queueEngines("outbox");

describe.skipIf(postgresUrl)("outbox engine contract: postgres and bullmq", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

const scope = defaultOperatorScope;
const goodReply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
const answer = (n: number) => `Light, water and carbon dioxide make glucose and oxygen (${n}).`;

for (const engine of engines) {
  describe(`outbox engine contract: ${engine.name}`, () => {
    const runtimes: Runtime[] = [];
    let deployment: Deployment | undefined;
    let receiver: CallbackReceiver | undefined;
    let canvas: FakeCanvas | undefined;

    afterEach(async () => {
      const closed = await Promise.allSettled(runtimes.splice(0).map((runtime) => runtime.close()));
      await deployment?.cleanup();
      deployment = undefined;
      await receiver?.close();
      receiver = undefined;
      await canvas?.close();
      canvas = undefined;
      for (const result of closed) if (result.status === "rejected") throw result.reason;
    });

    /** A process of the deployment; its job runner and (unless `outbox` is false) integration runner run. */
    async function startProcess(outbox = true): Promise<Runtime> {
      deployment ??= await engine.open();
      const config = loadConfig({
        LOG_LEVEL: "silent",
        ...integrationEnv,
        GRADER_OUTBOX_MAX_ATTEMPTS: "4",
        GRADER_OUTBOX_TIMEOUT_SECONDS: "2",
        ...deployment.env,
      });
      const runtime = await createRuntime(config, {
        model: createScriptedModel({ fallback: goodReply }),
        ...(deployment.storage ? { storage: deployment.storage } : {}),
        logger: pino({ level: "silent" }),
        jobTimings: { idlePollMs: 50, baseBackoffMs: 50, reconcileEveryMs: 250, dispatchGraceMs: 1_000 },
        integrationTimings: {
          idlePollMs: 50,
          baseBackoffMs: 50,
          maxBackoffMs: 200,
          reconcileEveryMs: 250,
          dispatchGraceMs: 1_000,
        },
      });
      runtimes.push(runtime);
      runtime.jobRunner.start();
      if (outbox) runtime.integrationRunner.start();
      return runtime;
    }

    /** A generic integration whose grades go to the receiver at once (no review hold). */
    async function connect(runtime: Runtime, callbackUrl: string | null) {
      const validation = validateRubricDocument(scienceRubric);
      if (!validation.ok) throw new Error("invalid test rubric");
      await runtime.service.saveRubric(scope, validation.rubric);
      receiver ??= await startCallbackReceiver();
      const { integration, secret } = await runtime.integrations.createIntegration(scope, {
        type: "webhook",
        name: "School portal",
        assignments: {},
        defaultRubric: { rubricId: scienceRubric.id, rubricVersion: null },
        holdForReview: false,
        callbackUrl,
        lms: null,
        enabled: true,
      });
      return { id: integration.id, secret };
    }

    async function submit(runtime: Runtime, integration: { id: string; secret: string }, n: number) {
      const body = JSON.stringify({
        type: "submission.created",
        data: { submissionId: `sub-${n}`, studentId: `student-${n}`, answer: answer(n) },
      });
      const result = await runtime.integrations.receiveEvent(integration.id, {
        headers: (() => {
          const headers = webhookHeaders(
            [integration.secret],
            `msg-${n}`,
            Math.floor(Date.now() / 1000),
            body,
          );
          return {
            id: headers["webhook-id"],
            timestamp: headers["webhook-timestamp"],
            signature: headers["webhook-signature"],
          };
        })(),
        body: Buffer.from(body),
      });
      expect(result.outcome).toBe("accepted");
      return result.submissionId!;
    }

    async function passback(runtime: Runtime, submissionId: string, status: string, timeout = 20_000) {
      return eventually(async () => {
        const view = await runtime.integrations.getSubmission(scope, submissionId);
        expect(view.passback.status).toBe(status);
        return view;
      }, timeout);
    }

    /** Waits long enough for a second send to have happened if anything were to send it. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

    it("retries a callback answered 500 and delivers it once when a 200 comes", async () => {
      const runtime = await startProcess();
      const integration = await connect(runtime, null);
      receiver!.enqueue({ status: 500 });
      await runtime.integrations.updateIntegration(scope, integration.id, { callbackUrl: receiver!.url });
      const submissionId = await submit(runtime, integration, 1);

      const view = await passback(runtime, submissionId, "delivered");
      await settle();
      expect(receiver!.received.map((request) => request.status)).toEqual([500, 200]);
      const ids = receiver!.received.map((request) => request.headers["webhook-id"]);
      expect(new Set(ids)).toEqual(new Set([callbackMessageId(view.grade!.id, view.grade!.version)]));
      const [delivery] = (await runtime.integrations.getSubmission(scope, submissionId)).passback.deliveries;
      expect(delivery).toMatchObject({ status: "delivered", attempts: 2 });
      expect(delivery!.history.map((attempt) => attempt.outcome)).toEqual(["retry", "delivered"]);
    });

    it("dead-letters a callback answered 400 without a retry", async () => {
      const runtime = await startProcess();
      const integration = await connect(runtime, null);
      receiver!.enqueue({ status: 400 });
      await runtime.integrations.updateIntegration(scope, integration.id, { callbackUrl: receiver!.url });
      const submissionId = await submit(runtime, integration, 1);

      await passback(runtime, submissionId, "dead");
      await settle();
      expect(receiver!.received.map((request) => request.status)).toEqual([400]);
      const [delivery] = (await runtime.integrations.getSubmission(scope, submissionId)).passback.deliveries;
      expect(delivery).toMatchObject({ status: "dead", attempts: 1 });
      expect(delivery!.lastError).toContain("400: not retried");
    });

    it("sends a delivery whose worker died once, after its lease, and ignores that worker's late settle", async () => {
      // The first process grades but releases nothing: the integration has no callback URL yet.
      const first = await startProcess();
      const integration = await connect(first, null);
      const submissionId = await submit(first, integration, 1);
      const graded = await eventually(async () => {
        const view = await first.integrations.getSubmission(scope, submissionId);
        expect(view.status).toBe("graded");
        return view;
      }, 20_000);
      await first.integrationRunner.stop();
      await first.integrations.updateIntegration(scope, integration.id, { callbackUrl: receiver!.url });

      // A process released the grade, leased its delivery and died before sending it.
      const queue = first.storage.integrationQueue;
      const [releasable] = await queue.releasable(new Date(0), 10);
      const now = new Date();
      expect(
        await queue.release({
          id: "dlv_died",
          tenantId: releasable!.submission.tenantId,
          integrationId: integration.id,
          submissionId,
          gradeId: graded.grade!.id,
          gradeVersion: graded.grade!.version,
          messageId: callbackMessageId(graded.grade!.id, graded.grade!.version),
          target: releasable!.target,
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
          payload: gradeCompletedPayload(releasable!.submission, releasable!.grade, now),
        }),
      ).toBe(true);
      const leased = await queue.claimDelivery({
        id: "dlv_died",
        holder: "worker-that-died",
        now,
        leaseUntil: new Date(now.getTime() + 300),
        maxAttempts: 8,
      });
      expect(leased && "payload" in leased).toBe(true);

      // Another process takes it over once the lease runs out.
      const second = await startProcess();
      const view = await passback(second, submissionId, "delivered");
      await settle();
      expect(receiver!.received).toHaveLength(1);
      expect(view.passback.deliveries).toHaveLength(1);
      // The attempt of the worker that died counts: 2 attempts, the first recorded as abandoned.
      expect(view.passback.deliveries[0]).toMatchObject({ id: "dlv_died", attempts: 2 });

      // The worker that died comes back and settles: its lease is gone, nothing is written.
      const late = await queue.settleDelivery(
        "dlv_died",
        "worker-that-died",
        { kind: "retry", at: new Date(), httpStatus: 503, error: "late" },
        { at: now.toISOString(), httpStatus: 503, outcome: "retry", error: "late", durationMs: 1 },
        new Date(),
      );
      expect(late).toBe(false);
      await settle();
      expect(receiver!.received).toHaveLength(1);
      expect((await second.integrations.getSubmission(scope, submissionId)).passback.status).toBe(
        "delivered",
      );
    });

    it("splits deliveries between two processes, sending each once", async () => {
      const first = await startProcess();
      await startProcess();
      const integration = await connect(first, null);
      await first.integrations.updateIntegration(scope, integration.id, { callbackUrl: receiver!.url });
      const submissionIds: string[] = [];
      for (let n = 1; n <= 8; n++) submissionIds.push(await submit(first, integration, n));

      for (const submissionId of submissionIds) await passback(first, submissionId, "delivered");
      await settle();
      const ids = receiver!.received.map((request) => request.headers["webhook-id"]);
      expect(ids).toHaveLength(8);
      expect(new Set(ids).size).toBe(8);
    });

    it("fetches a Canvas submission after a 500, grades it once and posts its grade once", async () => {
      const runtime = await startProcess();
      await startProcess();
      const validation = validateRubricDocument(scienceRubric);
      if (!validation.ok) throw new Error("invalid test rubric");
      await runtime.service.saveRubric(scope, validation.rubric);
      canvas = await startFakeCanvas();
      const event = canvasLiveEventFixture;
      const assignmentId = String(event.body.assignment_id);
      const userId = String(event.body.user_id);
      canvas.submission(fixtureCourseId, assignmentId, userId)!.body = `<p>${answer(1)}</p>`;
      const { integration, secret } = await runtime.integrations.createIntegration(scope, {
        type: "canvas",
        name: "Canvas",
        assignments: {
          [assignmentId]: { rubricId: scienceRubric.id, rubricVersion: null, courseId: fixtureCourseId },
        },
        defaultRubric: null,
        holdForReview: false,
        callbackUrl: null,
        lms: { url: canvas.baseUrl },
        credentials: { token: CANVAS_TOKEN },
        enabled: true,
      });
      // The fetch fails once (500), then the grade's first PUT fails (503).
      canvas.enqueue({ kind: "status", status: 500 }, { kind: "normal" }, { kind: "status", status: 503 });
      const received = await runtime.integrations.receiveEvent(integration.id, {
        headers: {},
        body: Buffer.from(JSON.stringify(event)),
        // As Canvas posts it: to the liveEventsUrl, whose token is derived from the secret.
        urlToken: urlTokenOf(secret),
      });
      expect(received.outcome).toBe("accepted");

      const view = await passback(runtime, received.submissionId!, "delivered");
      await settle();
      expect(view.status).toBe("graded");
      const fetches = canvas.requests.filter(
        (request) => request.method === "GET" && !request.query.has("include[]"),
      );
      expect(fetches.map((request) => request.behaviour)).toEqual(["status", "normal"]);
      expect(canvas.submission(fixtureCourseId, assignmentId, userId)!.submission_comments).toHaveLength(1);
      expect(view.passback.deliveries).toHaveLength(1);
      expect(view.passback.deliveries[0]!.history.map((attempt) => attempt.httpStatus)).toEqual([503, 200]);
    });

    it.runIf(engine.bullmq)("drops a message BullMQ delivers again after its delivery was sent", async () => {
      const runtime = await startProcess();
      const integration = await connect(runtime, null);
      await runtime.integrations.updateIntegration(scope, integration.id, { callbackUrl: receiver!.url });
      const submissionId = await submit(runtime, integration, 1);
      const view = await passback(runtime, submissionId, "delivered");
      expect(receiver!.received).toHaveLength(1);

      // The same message again, as after a stalled worker or a reconciler's add.
      const { queue } = runtime.config.jobs;
      if (queue.engine !== "bullmq") throw new Error("not on bullmq");
      const duplicate = await createBullmqOutbox({
        connection:
          queue.backend === "redis"
            ? { kind: "redis", url: queue.url }
            : { kind: "postgres", url: deployment!.env.DATABASE_URL! },
        queueName: `${queue.name}-outbox`,
        logger: pino({ level: "silent" }),
        concurrency: 1,
        leaseMs: 30_000,
      });
      try {
        const id = view.passback.deliveries[0]!.id;
        await duplicate.add([
          { kind: "delivery", id, at: new Date() },
          { kind: "delivery", id, at: new Date() },
        ]);
        await settle();
      } finally {
        await duplicate.stop(1_000);
      }
      expect(receiver!.received).toHaveLength(1);
      expect(
        (await runtime.integrations.getSubmission(scope, submissionId)).passback.deliveries[0],
      ).toMatchObject({ status: "delivered", attempts: 1 });
    });
  });
}
