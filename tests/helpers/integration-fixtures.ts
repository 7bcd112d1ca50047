import { expect, vi } from "vitest";
import { webhookHeaders } from "../../src/lib/standard-webhooks.js";
import type { RuntimeOverrides } from "../../src/runtime.js";
import type { RegisteredLtiTool } from "./fake-lti-platform.js";
import { scienceRubric } from "./rubric-fixtures.js";
import type { TestApp } from "./test-app.js";

/** A GRADER_SECRET_KEY for tests (32 bytes, hex). */
export const testSecretKey = "7f".repeat(32);

/** Environment for integration tests: sealed secrets, callbacks to loopback allowed. */
export const integrationEnv = {
  GRADER_SECRET_KEY: testSecretKey,
  GRADER_ALLOW_INSECURE_OUTBOUND: "loopback",
};

/** Runner timings for tests: both runners poll every 20 ms and retry within 100 ms, so a test waits little. */
export const fastRunnerTimings = {
  jobTimings: { idlePollMs: 20, baseBackoffMs: 5 },
  integrationTimings: { idlePollMs: 20, baseBackoffMs: 20, maxBackoffMs: 100 },
} satisfies Pick<RuntimeOverrides, "jobTimings" | "integrationTimings">;

/**
 * Starts the job runner and the integration runner of `test`. A test that must set something up before
 * anything is handled (archive a rubric, revoke a token) builds its app without them and starts them then.
 */
export function startRunners(test: TestApp): void {
  test.runtime.jobRunner.start();
  test.runtime.integrationRunner.start();
}

let messageCounter = 0;

export interface SignedEventOptions {
  messageId?: string;
  /** Unix seconds (default now). */
  timestamp?: number;
  /** Replaces the signature header. */
  signature?: string;
  /** Signs with these secrets instead. */
  secrets?: string[];
}

/** Posts a signed `submission.created` (or any body, as text or as raw bytes) to an integration's inbound URL. */
export function sendEvent(
  test: TestApp,
  integration: { id: string; secret: string },
  data: Record<string, unknown> | string | Buffer,
  options: SignedEventOptions = {},
) {
  const body =
    typeof data === "string" || Buffer.isBuffer(data)
      ? data
      : JSON.stringify({ type: "submission.created", timestamp: new Date().toISOString(), data });
  const messageId = options.messageId ?? `msg_${process.pid}_${++messageCounter}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = webhookHeaders(options.secrets ?? [integration.secret], messageId, timestamp, body);
  if (options.signature !== undefined) headers["webhook-signature"] = options.signature;
  return test.app.inject({
    method: "POST",
    url: `/v1/integrations/${integration.id}/events`,
    headers: { "content-type": "application/json", ...headers },
    payload: body,
  });
}

/** Waits until `check` passes (the runners work in the background). */
export async function eventually<T>(check: () => Promise<T>, timeout = 30_000): Promise<T> {
  let result: T | undefined;
  await vi.waitFor(
    async () => {
      result = await check();
    },
    { timeout, interval: 20 },
  );
  return result as T;
}

/** GET /v1/submissions/:id once its passback reached `status`. */
export async function waitForPassback(
  test: TestApp,
  key: string,
  submissionId: string,
  status: string,
  timeout = 30_000,
) {
  return eventually(async () => {
    const response = await test.app.inject({
      method: "GET",
      url: `/v1/submissions/${submissionId}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.passback.status).toBe(status);
    return body;
  }, timeout);
}

/**
 * Connects an LTI integration to `tool`'s platform with `key` (POST /v1/integrations, checked to be
 * 201): each assignment of `lineItems` is mapped to the science rubric and sends its scores to its line
 * item URL. Returns the integration as created, with its signing secret.
 */
export async function connectLti(
  test: TestApp,
  key: string,
  tool: RegisteredLtiTool,
  lineItems: Record<string, string>,
) {
  const created = await test.app.inject({
    method: "POST",
    url: "/v1/integrations",
    headers: { authorization: `Bearer ${key}` },
    payload: {
      type: "lti",
      name: "LTI platform",
      assignments: Object.fromEntries(
        Object.entries(lineItems).map(([assignmentId, lineItemUrl]) => [
          assignmentId,
          { rubricId: scienceRubric.id, lineItemUrl },
        ]),
      ),
      lms: { url: tool.platform.tokenUrl, clientId: tool.platform.clientId, keyId: tool.keyId },
      credentials: { privateKey: tool.privateKeyPem },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string; secret: string }>();
}
