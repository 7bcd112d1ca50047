import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import {
  CANVAS_TOKEN,
  canvasLiveEventFixture,
  fixtureCourseId,
  startFakeCanvas,
  type FakeCanvas,
} from "../helpers/fake-canvas-server.js";
import { startFakeLtiPlatformWithTool, type RegisteredLtiTool } from "../helpers/fake-lti-platform.js";
import { MOODLE_TOKEN, startFakeMoodle, type FakeMoodle } from "../helpers/fake-moodle-server.js";
import {
  connectLti,
  eventually,
  fastRunnerTimings,
  integrationEnv,
  sendEvent,
  startRunners,
  waitForPassback,
} from "../helpers/integration-fixtures.js";
import { moodleSubmittedEvent, readLmsFixture } from "../helpers/lms-fixtures.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";
import { loggerOptions } from "../../src/lib/logger.js";

/**
 * Canvas and Moodle integrations end to end (issue 9), against the fake LMS servers on loopback: a thin
 * event comes in, the runner fetches the text from the LMS, the job queue grades it (scripted model),
 * and the grade goes back to the LMS through the outbox, once, with the LMS's failure modes.
 */

const bootstrapKey = "bootstrap-key-for-lms-integration-tests-01";
const webhookToken = "local-webhooks-shared-token";
const goodText = "Light, water and carbon dioxide make glucose and oxygen.";
let test: TestApp;
let model: ScriptedModel;
let canvas: FakeCanvas | undefined;
let moodle: FakeMoodle | undefined;
let lti: RegisteredLtiTool | undefined;
/** Every log line (at trace level) of the app `start` built with `captureLogs`. */
let logLines: string[] = [];

afterEach(async () => {
  await test?.close();
  await canvas?.close();
  await moodle?.close();
  await lti?.platform.close();
  canvas = undefined;
  moodle = undefined;
  lti = undefined;
  liveEventsUrls.clear();
});

async function start(
  env: Record<string, string> = {},
  runners = true,
  captureLogs = false,
  timings: Partial<typeof fastRunnerTimings> = {},
) {
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  logLines = [];
  // The service's own logger options (redaction, serializers), at trace level.
  const logger = pino(
    loggerOptions("trace"),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    }),
  );
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...integrationEnv, GRADER_OUTBOX_TIMEOUT_SECONDS: "2", ...env },
    dependencies: { model, ...fastRunnerTimings, ...timings, ...(captureLogs ? { logger } : {}) },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
  if (runners) startRunners(test);
}

function call(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bootstrapKey}` },
    ...(payload ? { payload } : {}),
  });
}

/** The `liveEventsUrl` of each Canvas integration `connectCanvas` made: its inbound URL with its token. */
const liveEventsUrls = new Map<string, string>();

/** Posts to an integration's inbound URL, a Canvas one's with its token (as its subscription does). */
function post(integrationId: string, body: unknown, contentType = "application/json") {
  const url = liveEventsUrls.get(integrationId) ?? `/v1/integrations/${integrationId}/events`;
  return postTo(url, body, contentType);
}

function postTo(url: string, body: unknown, contentType = "application/json") {
  return test.app.inject({
    method: "POST",
    url,
    headers: { "content-type": contentType },
    payload: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

const event = canvasLiveEventFixture;
const assignmentId = String(event.body.assignment_id);
const userId = String(event.body.user_id);

async function connectCanvas(fake: FakeCanvas, lms: { requireToken?: boolean } = {}) {
  const response = await call("POST", "/v1/integrations", {
    type: "canvas",
    name: "Canvas",
    assignments: { [assignmentId]: { rubricId: scienceRubric.id, courseId: fixtureCourseId } },
    lms: { url: fake.baseUrl, ...lms },
    credentials: { token: CANVAS_TOKEN },
  });
  expect(response.statusCode, response.body).toBe(201);
  const integration = response.json<{
    id: string;
    lms: { url: string; requireToken?: boolean };
    hasCredentials: boolean;
    liveEventsUrl: string;
  }>();
  liveEventsUrls.set(integration.id, integration.liveEventsUrl);
  return integration;
}

function canvasSubmission(fake: FakeCanvas) {
  return fake.submission(fixtureCourseId, assignmentId, userId)!;
}

async function connectMoodle(fake: FakeMoodle) {
  const response = await call("POST", "/v1/integrations", {
    type: "moodle",
    name: "Moodle",
    assignments: { "42": { rubricId: scienceRubric.id } },
    lms: { url: fake.siteUrl },
    credentials: { token: MOODLE_TOKEN, webhookToken },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

function moodleEvent(overrides: Record<string, unknown> = {}) {
  return moodleSubmittedEvent(webhookToken, overrides);
}

function setMoodleText(fake: FakeMoodle, text: string) {
  const latest = fake.assignments.get(7)!.submissions.find((submission) => submission.id === 101)!;
  latest.text = `<p>${text}</p>`;
}

const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

/** Posts each body and expects a 400 naming `path`, with a message matching `message`. */
async function expectRefusals(integrationId: string, refusals: [string | Buffer, string, RegExp][]) {
  for (const [body, path, message] of refusals) {
    const refused = await post(integrationId, body);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.details[0].path, refused.body).toBe(path);
    expect(refused.json().error.message).toMatch(message);
  }
  expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);
}

describe("Canvas integrations", () => {
  it("need a URL, a token and a course per assignment; never show the token", async () => {
    await start();
    canvas = await startFakeCanvas();
    const missing = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "Canvas",
      lms: { url: canvas.baseUrl },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("credentials");
    const withCallback = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "Canvas",
      lms: { url: canvas.baseUrl },
      credentials: { token: CANVAS_TOKEN },
      callbackUrl: "https://portal.example.edu/grades",
    });
    expect(withCallback.statusCode).toBe(400);
    const privateUrl = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "Canvas",
      lms: { url: "https://10.0.0.5" },
      credentials: { token: CANVAS_TOKEN },
    });
    expect(privateUrl.statusCode).toBe(400);
    const integration = await connectCanvas(canvas);
    expect(integration).toMatchObject({ hasCredentials: true, lms: { url: canvas.baseUrl } });
    const read = await call("GET", `/v1/integrations/${integration.id}`);
    expect(read.body).not.toContain(CANVAS_TOKEN);
  });

  it("sends its stored token to no other host: moving lms.url elsewhere needs the credentials again", async () => {
    // Regression: PATCH {lms: {url}} kept the sealed token, so an admin key could point the integration
    // at a server of its own and be sent the token the API never returns, with the next fetch.
    await start({}, false);
    canvas = await startFakeCanvas();
    const elsewhere = await startFakeCanvas();
    try {
      canvasSubmission(canvas).body = `<p>${goodText}</p>`;
      const integration = await connectCanvas(canvas);
      const moved = await call("PATCH", `/v1/integrations/${integration.id}`, {
        lms: { url: elsewhere.baseUrl },
      });
      expect(moved.statusCode, moved.body).toBe(400);
      expect(moved.json().error.details[0].path).toBe("body.credentials");
      expect((await call("GET", `/v1/integrations/${integration.id}`)).json().lms.url).toBe(canvas.baseUrl);
      // Another path on the same origin (a Moodle site under /moodle) keeps them.
      const samePlace = await call("PATCH", `/v1/integrations/${integration.id}`, {
        lms: { url: `${canvas.baseUrl}/` },
      });
      expect(samePlace.statusCode, samePlace.body).toBe(200);

      startRunners(test);
      const accepted = await post(integration.id, event);
      expect(accepted.statusCode, accepted.body).toBe(202);
      await waitForPassback(test, bootstrapKey, accepted.json().submissionId as string, "delivered");
      expect(elsewhere.requests).toEqual([]);

      // With the credentials given again, the move is taken.
      const withToken = await call("PATCH", `/v1/integrations/${integration.id}`, {
        lms: { url: elsewhere.baseUrl },
        credentials: { token: "another-canvas-token" },
      });
      expect(withToken.statusCode, withToken.body).toBe(200);
      expect(withToken.json().lms.url).toBe(elsewhere.baseUrl);
    } finally {
      await elsewhere.close();
    }
  });

  it("fetches the text of a Live Event, grades it and posts the grade with one comment", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    const integration = await connectCanvas(canvas);
    // The fetch is throttled once (429, Retry-After: 1), the first PUT fails with 500.
    canvas.enqueue(
      { kind: "status", status: 429, retryAfter: "1" },
      { kind: "normal" },
      {
        kind: "status",
        status: 500,
      },
    );
    const accepted = await post(integration.id, event);
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submissionId = accepted.json().submissionId as string;
    // The same event again (Canvas redelivers): a duplicate, nothing fetched twice.
    const again = await post(integration.id, event);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ outcome: "duplicate", submissionId });

    const view = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    expect(view).toMatchObject({
      submissionId: String(event.body.submission_id),
      attempt: 12,
      studentId: userId,
      assignmentId,
      status: "graded",
    });
    expect(view.passback.deliveries).toHaveLength(1);
    expect(view.passback.deliveries[0].target).toEqual({ kind: "canvas", url: canvas.baseUrl });
    const history = view.passback.deliveries[0].history as { httpStatus: number; outcome: string }[];
    expect(history.map((attempt) => [attempt.httpStatus, attempt.outcome])).toEqual([
      [500, "retry"],
      [200, "delivered"],
    ]);
    // The model saw the text from the API, as text, not the event's excerpt.
    expect(JSON.stringify(model.calls.at(-1))).toContain(goodText);
    const gets = canvas.requests.filter((request) => request.method === "GET");
    const fetchGets = gets.filter((request) => !request.query.has("include[]"));
    expect(fetchGets.map((request) => request.behaviour)).toEqual(["status", "normal"]);
    expect(Date.parse(view.updatedAt)).toBeGreaterThan(0);
    const submission = canvasSubmission(canvas);
    expect(submission.grade).toBe(String(view.grade.totalPoints));
    expect(submission.submission_comments).toHaveLength(1);
    expect(
      canvas.requests.every((request) => request.headers.authorization === `Bearer ${CANVAS_TOKEN}`),
    ).toBe(true);
  });

  it("finds an assignment mapped by the id Canvas's pages show, though its Live Events send the global id", async () => {
    // Regression: Live Events name the assignment by its global id (21070000001234012: shard 2107, id
    // 1234012), while the assignment's URL, where docs/lms.md sends the admin, shows 1234012: every
    // event of a mapping keyed so was refused 422 assignment_not_mapped.
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    expect(assignmentId).toBe("21070000001234012");
    const created = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "Canvas",
      assignments: { "1234012": { rubricId: scienceRubric.id, courseId: fixtureCourseId } },
      lms: { url: canvas.baseUrl },
      credentials: { token: CANVAS_TOKEN },
    });
    expect(created.statusCode, created.body).toBe(201);
    const integration = created.json<{ id: string }>();
    const accepted = await post(integration.id, event);
    expect(accepted.statusCode, accepted.body).toBe(202);
    const view = await waitForPassback(
      test,
      bootstrapKey,
      accepted.json().submissionId as string,
      "delivered",
    );
    expect(view).toMatchObject({ assignmentId, rubricId: scienceRubric.id, status: "graded" });
    expect(canvasSubmission(canvas).grade).toBe(String(view.grade.totalPoints));

    // Another assignment of the same shard is still not mapped, and the refusal names both ids.
    const other = await post(integration.id, {
      ...event,
      body: { ...event.body, assignment_id: "21070000001234013", submission_id: "21070000012345999" },
    });
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error.message).toContain('"21070000001234013" ("1234013" in Canvas\'s pages)');
  });

  it("keeps a slow fetch its own: another runner does not fetch it again while it runs", async () => {
    // Regression: fetch leases were not renewed; a fetch running longer than GRADER_LEASE_SECONDS was
    // taken over by another process while still running, fetched twice and counted as abandoned.
    const env = { GRADER_LEASE_SECONDS: "2", GRADER_OUTBOX_TIMEOUT_SECONDS: "10" };
    await start(env, false);
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    const integration = await connectCanvas(canvas);
    canvas.enqueue({ kind: "slow", delayMs: 3_500 });
    const other = await buildTestApp({
      env: { GRADER_API_KEYS: bootstrapKey, ...integrationEnv, ...env },
      dependencies: { model, ...fastRunnerTimings },
      storage: test.storage,
    });
    try {
      startRunners(test);
      const accepted = await post(integration.id, event);
      expect(accepted.statusCode, accepted.body).toBe(202);
      const fetches = () =>
        canvas!.requests.filter((request) => request.method === "GET" && !request.query.has("include[]"));
      await eventually(() => Promise.resolve(expect(fetches()).toHaveLength(1)));
      // The other process's runner polls all along, past the first lease's end.
      startRunners(other);
      const view = await waitForPassback(
        test,
        bootstrapKey,
        accepted.json().submissionId,
        "delivered",
        15_000,
      );
      expect(view.status).toBe("graded");
      expect(fetches().map((request) => request.behaviour)).toEqual(["slow"]);
    } finally {
      await other.close();
    }
  }, 30_000);

  it("refuses an LMS token that cannot be sent as it is, naming the field", async () => {
    // Regression: a token with a line break was stored; the HTTP client then refused the header on
    // every fetch and passback, retried as a "network error" for a day.
    await start();
    canvas = await startFakeCanvas();
    for (const token of ["abc\r\nX-Injected: yes", "two words", "tab\there", "caf\u00e9"]) {
      const refused = await call("POST", "/v1/integrations", {
        type: "canvas",
        name: "Canvas",
        assignments: { [assignmentId]: { rubricId: scienceRubric.id, courseId: fixtureCourseId } },
        lms: { url: canvas.baseUrl },
        credentials: { token },
      });
      expect(refused.statusCode, JSON.stringify(token)).toBe(400);
      expect(refused.json().error.code).toBe("invalid_request");
      expect(refused.json().error.details[0].path).toBe("body.credentials.token");
    }
    const integration = await connectCanvas(canvas);
    const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
      credentials: { token: "new\ntoken" },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details[0].path).toBe("body.credentials.token");
  });

  it("says an integration is disabled only to a sender that proved itself", async () => {
    // Regression: the 410 came before the signature or token check, so anyone could tell which
    // integration ids exist and are disabled.
    await start();
    canvas = await startFakeCanvas();
    moodle = await startFakeMoodle();
    const unsigned = await connectCanvas(canvas);
    const moodleIntegration = await connectMoodle(moodle);
    for (const id of [unsigned.id, moodleIntegration.id]) {
      expect((await call("PATCH", `/v1/integrations/${id}`, { enabled: false })).statusCode).toBe(200);
    }
    // Moodle: a wrong token is refused as by an enabled integration; the right one learns it is disabled.
    const forged = await post(moodleIntegration.id, moodleEvent({ token: "wrong" }));
    expect(forged.statusCode).toBe(401);
    const signed = await post(moodleIntegration.id, moodleEvent());
    expect(signed.statusCode).toBe(410);
    expect(signed.json().error.code).toBe("integration_disabled");
    // An unsigned Canvas event without the inbound URL's token proves nothing: it gets what an unknown id
    // gets, wrong token or none. The subscription's URL, with the token, learns it is disabled.
    const unknown = await post("int_00000000000000000000000000", event);
    for (const url of [
      `/v1/integrations/${unsigned.id}/events`,
      `/v1/integrations/${unsigned.id}/events?token=wrong`,
    ]) {
      const canvasEvent = await postTo(url, event);
      expect(canvasEvent.statusCode).toBe(401);
      expect(canvasEvent.json()).toEqual(unknown.json());
    }
    const withToken = await post(unsigned.id, event);
    expect(withToken.statusCode).toBe(410);
    expect(withToken.json().error.code).toBe("integration_disabled");
    expect((await call("GET", "/v1/submissions?status=fetching")).json()).toMatchObject({ submissions: [] });
  });

  it("with requireToken, takes an unsigned Live Event only at the inbound URL with its token: a forgery stores and fetches nothing", async () => {
    // Regression: an unsigned feed took any event posted to its inbound URL, from anyone who knew it
    // (ids are not secret): each forged event was a submission row and a Canvas API call with the
    // school's token, and nothing could stop it.
    await start({}, true, true);
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    const integration = await connectCanvas(canvas, { requireToken: true });
    expect(integration.lms).toMatchObject({ requireToken: true });
    const other = await connectCanvas(canvas);
    expect(integration.liveEventsUrl).toMatch(
      new RegExp(`^/v1/integrations/${integration.id}/events\\?token=[A-Za-z0-9_-]{43}$`),
    );
    // The token is shown with the secret only: never in a read of the integration.
    const token = new URL(integration.liveEventsUrl, "http://x").searchParams.get("token")!;
    const read = await call("GET", `/v1/integrations/${integration.id}`);
    expect(read.json().inboundUrl).toBe(`/v1/integrations/${integration.id}/events`);
    expect(read.body).not.toContain(token);
    expect((await call("GET", "/v1/integrations")).body).not.toContain(token);

    const bare = `/v1/integrations/${integration.id}/events`;
    const otherToken = new URL(other.liveEventsUrl, "http://x").searchParams.get("token")!;
    for (const url of [
      bare,
      `${bare}?token=`,
      `${bare}?token=${token.slice(0, -1)}`,
      `${bare}?token=${otherToken}`,
      `${bare}?token=${token.toLowerCase()}`,
    ]) {
      const forged = await postTo(url, event);
      expect(forged.statusCode, url).toBe(401);
      expect(forged.json().error.code).toBe("invalid_signature");
      expect(forged.json().error.message).toMatch(/liveEventsUrl/);
    }
    expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(canvas.requests).toEqual([]);

    // The subscription's URL is taken; the same event replayed there is a duplicate, fetched and graded once.
    const accepted = await post(integration.id, event);
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submissionId = accepted.json().submissionId as string;
    const replayed = await post(integration.id, event);
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ outcome: "duplicate", submissionId });
    await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    expect((await post(integration.id, event)).json()).toEqual({ outcome: "duplicate", submissionId });
    expect((await call("GET", "/v1/submissions")).json().submissions).toHaveLength(1);
    expect(model.calls).toHaveLength(1);
    expect(canvasSubmission(canvas).submission_comments).toHaveLength(1);
    // The token is logged only redacted.
    expect(logLines.join("\n")).not.toContain(token);
  });

  it("takes plain Live Events at the bare inbound URL unless requireToken is set, and a wrong token never", async () => {
    await start({}, false);
    canvas = await startFakeCanvas();
    const integration = await connectCanvas(canvas);
    const bare = `/v1/integrations/${integration.id}/events`;
    const attempt = (n: number) => ({ ...event, body: { ...event.body, attempt: n } });
    // Issue 9: Canvas posts plain events to the URL it was given; a subscription made before the token
    // existed has none.
    const plain = await postTo(bare, attempt(1));
    expect(plain.statusCode, plain.body).toBe(202);
    const wrong = await postTo(`${bare}?token=wrong`, attempt(2));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_signature");
    expect((await postTo(integration.liveEventsUrl, attempt(2))).statusCode).toBe(202);
    // Once the subscription uses the liveEventsUrl, the school closes the bare URL.
    const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
      lms: { url: canvas.baseUrl, requireToken: true },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().lms).toMatchObject({ requireToken: true });
    const refused = await postTo(bare, attempt(3));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toMatch(/liveEventsUrl/);
    expect((await postTo(integration.liveEventsUrl, attempt(3))).statusCode).toBe(202);
    // Only Canvas has such a feed.
    const moodleIntegration = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Portal",
      defaultRubric: { rubricId: scienceRubric.id },
      lms: { url: "https://lms.example.edu", requireToken: true },
    });
    expect(moodleIntegration.statusCode).toBe(400);
  });

  it("gives a new liveEventsUrl with a rotated secret; the old one works through the grace period only", async () => {
    await start({}, false);
    canvas = await startFakeCanvas();
    const integration = await connectCanvas(canvas);
    const first = integration.liveEventsUrl;
    const rotated = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, {});
    expect(rotated.statusCode, rotated.body).toBe(200);
    const second = rotated.json<{ liveEventsUrl: string }>().liveEventsUrl;
    expect(second).toMatch(/\?token=/);
    expect(second).not.toBe(first);
    const attempt = (n: number) => ({ ...event, body: { ...event.body, attempt: n } });
    expect((await postTo(first, attempt(1))).statusCode).toBe(202);
    expect((await postTo(second, attempt(2))).statusCode).toBe(202);
    // A grace of 0 (a leaked URL) ends the old token at once.
    const ended = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, { graceSeconds: 0 });
    const third = ended.json<{ liveEventsUrl: string }>().liveEventsUrl;
    expect((await postTo(first, attempt(3))).statusCode).toBe(401);
    expect((await postTo(second, attempt(3))).statusCode).toBe(401);
    expect((await postTo(third, attempt(3))).statusCode).toBe(202);
    // Other integrations' answers carry no such URL.
    const webhook = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Portal",
      defaultRubric: { rubricId: scienceRubric.id },
    });
    expect(webhook.json()).not.toHaveProperty("liveEventsUrl");
  });

  it("calls nothing and grades nothing of a disabled integration until it is enabled again", async () => {
    // Regression: disabling paused only the passback; the runner still fetched the text from Canvas
    // with the stored token (perhaps the one that leaked) and graded it.
    await start({}, false);
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    const integration = await connectCanvas(canvas);
    const accepted = await post(integration.id, event);
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submissionId = accepted.json().submissionId as string;
    const patch = (enabled: boolean) =>
      test.app.inject({
        method: "PATCH",
        url: `/v1/integrations/${integration.id}`,
        headers: { authorization: `Bearer ${bootstrapKey}` },
        payload: { enabled },
      });
    expect((await patch(false)).statusCode).toBe(200);
    startRunners(test);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(canvas.requests).toHaveLength(0);
    expect(model.calls).toHaveLength(0);
    expect((await call("GET", `/v1/submissions/${submissionId}`)).json().status).toBe("fetching");

    expect((await patch(true)).statusCode).toBe(200);
    const view = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    expect(view.status).toBe("graded");
    expect(model.calls).toHaveLength(1);
  });

  it("keeps only the status and the LMS's own short error message of an error answer, never its body", async () => {
    // Regression: up to 200 characters of the body went into the delivery's error and the warn log, and
    // an LMS may echo what it was sent (the student's text, the feedback) or a token.
    await start({}, true, true);
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const leakedToken = "7~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrSt";
    const integration = await connectCanvas(canvas);
    // The fetch fails with an HTML page that echoes the text; the passback with Canvas's JSON errors.
    canvas.enqueue({
      kind: "status",
      status: 400,
      contentType: "text/html",
      body: `<html><body>Bad request: ${goodText} token=${leakedToken}</body></html>`,
    });
    const failed = await post(integration.id, event);
    const submissionId = failed.json().submissionId as string;
    await eventually(async () => {
      const view = (await call("GET", `/v1/submissions/${submissionId}`)).json();
      expect(view.status).toBe("failed");
      expect(view.error).toBe("fetching the submission from Canvas: HTTP 400");
    });
    canvas.enqueue(
      { kind: "normal" },
      {
        kind: "status",
        status: 422,
        body: JSON.stringify({
          errors: [{ message: `Comment\u202e refused:\ntoo long ${leakedToken}`, echo: goodText }],
          submission: { body: goodText },
        }),
      },
    );
    expect((await call("POST", `/v1/submissions/${submissionId}/fetch`)).statusCode).toBe(200);
    const dead = await waitForPassback(test, bootstrapKey, submissionId, "dead");
    const lastError = dead.passback.deliveries[0].lastError as string;
    // Canvas's own message, on one line, without the bidi override, the line break or the token.
    expect(lastError).toBe("HTTP 422: Comment refused: too long […]: not retried");
    const logs = logLines.join("\n");
    expect(logs).toContain("delivery dead-lettered");
    expect(logs).toContain("submission could not be fetched");
    // The inbound URL's own token is logged only redacted (`?token=[redacted]`).
    const withoutRedactedQuery = logs.replaceAll("?token=[redacted]", "?");
    for (const leaked of [leakedToken, "<html>", "token="])
      expect(withoutRedactedQuery).not.toContain(leaked);
    // Student text never at info level or above.
    const infoAndAbove = logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 30);
    expect(infoAndAbove.join("\n")).not.toContain(goodText);
  });

  it("records, shows and warns of a score Canvas kept other than the one sent, as a delivered passback", async () => {
    // Regression: Canvas's answer to the grade was taken as a clean success whatever score it kept, so a
    // late policy's deduction (or an assignment out of other points) went unnoticed.
    await start({}, true, true);
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = `<p>${goodText}</p>`;
    // The assignment's late policy takes one point off whatever is posted.
    canvas.gradeAs = (posted) => ({
      grade: String(Number(posted) - 1),
      score: Number(posted) - 1,
      points_deducted: 1,
    });
    const integration = await connectCanvas(canvas);
    const accepted = await post(integration.id, event);
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submissionId = accepted.json().submissionId as string;
    const view = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    const { totalPoints, maxPoints } = view.grade as { totalPoints: number; maxPoints: number };
    const [delivery] = view.passback.deliveries;
    // Delivered (sending again would change nothing), with what Canvas kept for a person to look at.
    expect(delivery).toMatchObject({
      status: "delivered",
      lastError: null,
      scoreMismatch: {
        sent: { points: totalPoints, maxPoints },
        kept: { score: totalPoints - 1, grade: String(totalPoints - 1), pointsDeducted: 1 },
        reason: `Canvas kept a score of ${totalPoints - 1} where ${totalPoints} was sent; its late or missing policy deducted 1 point`,
      },
    });
    // Counted on the integration and found by a filter. Regression: a mismatch showed only on the
    // submission itself, found by reading every delivered one.
    const read = await call("GET", `/v1/integrations/${integration.id}`);
    expect(read.json().deliveryCounts, read.body).toMatchObject({ delivered: 1, scoreMismatch: 1 });
    const listed = async (filter: string) => {
      const response = await call("GET", `/v1/submissions?integrationId=${integration.id}&${filter}`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().submissions as { id: string }[]).map((listedOne) => listedOne.id);
    };
    expect(await listed("scoreMismatch=true")).toEqual([submissionId]);
    expect(await listed("scoreMismatch=false")).toEqual([]);
    const refused = await call("GET", "/v1/submissions?scoreMismatch=yes");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "querystring.scoreMismatch" }],
    });
    const warned = logLines
      .map((line) => JSON.parse(line) as { level: number; msg: string; sent?: unknown; kept?: unknown })
      .filter((line) => line.level === 40 && line.msg.includes("kept another score"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ sent: { points: totalPoints }, kept: { score: totalPoints - 1 } });
    // Numbers only: neither the student's text nor the feedback sent as the comment.
    const feedback = canvasSubmission(canvas).submission_comments[0]!.comment;
    expect(JSON.stringify(warned)).not.toContain(goodText);
    expect(JSON.stringify(warned)).not.toContain(feedback);
  });

  it("says once what the LMS answered when a passback is dead", async () => {
    // Regression: the status was said twice ("HTTP 404: HTTP 404: …").
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    canvas.enqueue({ kind: "normal" }, { kind: "status", status: 404 });
    const accepted = await post(integration.id, event);
    const dead = await waitForPassback(test, bootstrapKey, accepted.json().submissionId, "dead");
    const lastError = dead.passback.deliveries[0].lastError as string;
    expect(lastError).toMatch(/^HTTP 404/);
    expect(lastError.match(/HTTP 404/g)).toHaveLength(1);
  });

  it("waits at least its backoff when Canvas asks for no wait (Retry-After 0 or a date past)", async () => {
    // Regression: such a Retry-After made the next attempt due at once, so a throttling Canvas used up every
    // attempt of a passback or a fetch within a second: dead or failed, instead of retried for about a day.
    await start({}, true, false, {
      integrationTimings: { idlePollMs: 20, baseBackoffMs: 60_000, maxBackoffMs: 60_000 },
    });
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    const puts = () => canvas!.requests.filter((request) => request.method === "PUT");
    canvas.enqueue(
      { kind: "normal" },
      { kind: "status", status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", times: 20 },
    );
    const accepted = await post(integration.id, event);
    const submissionId = accepted.json().submissionId as string;
    const pending = await waitForPassback(test, bootstrapKey, submissionId, "pending");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(puts()).toHaveLength(1);
    const [delivery] = (await call("GET", `/v1/submissions/${submissionId}`)).json().passback.deliveries;
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    // The backoff's first wait is 30 to 60 s here.
    expect(
      Date.parse(delivery.nextAttemptAt) - Date.parse(pending.passback.deliveries[0].history[0].at),
    ).toBeGreaterThanOrEqual(29_000);

    // The next attempt's text: Canvas throttles its fetch with Retry-After: 0.
    const gets = () => canvas!.requests.filter((request) => request.method === "GET").length;
    const getsBefore = gets();
    canvas.enqueue({ kind: "status", status: 503, retryAfter: "0", times: 20 });
    const next = await post(integration.id, { ...event, body: { ...event.body, attempt: 13 } });
    expect(next.statusCode, next.body).toBe(202);
    await eventually(() => Promise.resolve(expect(gets()).toBeGreaterThan(getsBefore)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gets()).toBe(getsBefore + 1);
    const fetching = await call("GET", `/v1/submissions/${next.json().submissionId}`);
    expect(fetching.json()).toMatchObject({ status: "fetching" });
  });

  it("does not take a 200 that is not Canvas's submission for a passback: retried until Canvas confirms it", async () => {
    // Regression: any 2xx to the PUT counted as delivered, so an HTML page answered 200 (a proxy, a
    // maintenance or sign-in page in front of Canvas) left the grade out of Canvas while the submission
    // showed `delivered`.
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    canvas.enqueue(
      { kind: "normal" },
      {
        kind: "status",
        status: 200,
        contentType: "text/html",
        body: "<html><body>Canvas is down for maintenance</body></html>",
      },
    );
    const accepted = await post(integration.id, event);
    const view = await waitForPassback(test, bootstrapKey, accepted.json().submissionId, "delivered");
    const history = view.passback.deliveries[0].history as {
      httpStatus: number;
      outcome: string;
      error: string | null;
    }[];
    expect(history.map((attempt) => [attempt.httpStatus, attempt.outcome])).toEqual([
      [200, "retry"],
      [200, "delivered"],
    ]);
    expect(history[0]!.error).toMatch(/^HTTP 200: Canvas answered the grade without a submission/);
    expect(canvasSubmission(canvas).grade).toBe(String(view.grade.totalPoints));
    expect(canvasSubmission(canvas).submission_comments).toHaveLength(1);
  });

  it("follows no redirect with the token: a 302 to another host ends the passback dead, saying so", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const elsewhere: string[] = [];
    const other = createServer((request, response) => {
      elsewhere.push(String(request.headers.authorization));
      response.end("{}");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = other.address() as AddressInfo;
      const integration = await connectCanvas(canvas);
      canvas.enqueue({ kind: "normal" });
      canvas.enqueue({
        kind: "status",
        status: 302,
        body: "",
        headers: { location: `http://127.0.0.1:${port}/api/v1/stolen` },
      });
      const accepted = await post(integration.id, event);
      const dead = await waitForPassback(test, bootstrapKey, accepted.json().submissionId, "dead");
      expect(dead.passback.deliveries[0]).toMatchObject({
        attempts: 1,
        lastError: expect.stringMatching(/redirect/),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("adds no second comment when a PUT got through but its answer was lost", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    canvas.enqueue({ kind: "normal" }, { kind: "applyThenStatus", status: 502 });
    const accepted = await post(integration.id, event);
    const view = await waitForPassback(test, bootstrapKey, accepted.json().submissionId, "delivered");
    expect(view.passback.deliveries[0].history).toHaveLength(2);
    expect(canvas.gradeUpdates).toHaveLength(2);
    expect(new URLSearchParams(canvas.gradeUpdates[1]!.body).has("comment[text_comment]")).toBe(false);
    expect(canvasSubmission(canvas).submission_comments).toHaveLength(1);
  });

  it("dead-letters a refused token with a clear error, and a new attempt is a new grade", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    const first = await post(integration.id, event);
    const firstId = first.json().submissionId as string;
    await waitForPassback(test, bootstrapKey, firstId, "delivered");

    canvas.tokens.delete(CANVAS_TOKEN);
    canvas.tokens.add("the-new-token");
    canvasSubmission(canvas).body = `${goodText} Also chlorophyll.`;
    const second = await post(integration.id, { ...event, body: { ...event.body, attempt: 13 } });
    expect(second.statusCode).toBe(202);
    const secondId = second.json().submissionId as string;
    const failed = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${secondId}`)).json();
      expect(body.status).toBe("failed");
      return body;
    });
    expect(failed.error).toMatch(/401/);

    const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
      credentials: { token: "the-new-token" },
    });
    expect(patched.statusCode).toBe(200);
    const third = await post(integration.id, { ...event, body: { ...event.body, attempt: 14 } });
    await waitForPassback(test, bootstrapKey, third.json().submissionId, "delivered");
    expect(canvasSubmission(canvas).submission_comments).toHaveLength(2);

    // The token is refused on passback: dead at once, saying why.
    canvas.tokens.clear();
    const regrade = await call("POST", `/v1/submissions/${firstId}/passback`);
    expect(regrade.json().requeued).toBe(0);
    canvasSubmission(canvas).body = `${goodText} And water.`;
    canvas.tokens.add("the-new-token");
    canvas.enqueue({ kind: "normal" }, { kind: "status", status: 401 });
    const fourth = await post(integration.id, { ...event, body: { ...event.body, attempt: 15 } });
    const dead = await waitForPassback(test, bootstrapKey, fourth.json().submissionId, "dead");
    expect(dead.passback.deliveries[0].lastError).toMatch(/cannot be refreshed/);
    expect(dead.passback.deliveries[0].attempts).toBe(1);
  });

  it(
    "refreshes a refused token once by reading the integration's credentials again",
    { timeout: 60_000 },
    async () => {
      // Time enough for the token to be replaced while the PUT waits, however loaded the machine.
      await start({ GRADER_OUTBOX_TIMEOUT_SECONDS: "20" });
      canvas = await startFakeCanvas();
      canvasSubmission(canvas).body = goodText;
      const integration = await connectCanvas(canvas);
      // The fetch goes through; the PUT is slow, and while it waits the school replaces the token.
      canvas.enqueue({ kind: "normal" }, { kind: "slow", delayMs: 3_000 });
      const accepted = await post(integration.id, event);
      const submissionId = accepted.json().submissionId as string;
      await eventually(() =>
        Promise.resolve(expect(canvas!.requests.some((request) => request.method === "PUT")).toBe(true)),
      );
      canvas.tokens.delete(CANVAS_TOKEN);
      canvas.tokens.add("the-new-token");
      const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
        credentials: { token: "the-new-token" },
      });
      expect(patched.statusCode).toBe(200);

      const view = await waitForPassback(test, bootstrapKey, submissionId, "delivered", 30_000);
      const puts = canvas.requests.filter((request) => request.method === "PUT");
      expect(puts.map((request) => request.headers.authorization)).toEqual([
        `Bearer ${CANVAS_TOKEN}`,
        "Bearer the-new-token",
      ]);
      // One attempt: the 401 and its refresh are one delivery attempt, and one comment.
      expect(view.passback.deliveries[0].history).toHaveLength(1);
      expect(canvasSubmission(canvas).submission_comments).toHaveLength(1);
    },
  );

  it("fetches a submission again by hand once its fetch failed, and refuses any other submission", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const integration = await connectCanvas(canvas);
    canvas.tokens.delete(CANVAS_TOKEN);
    canvas.tokens.add("the-new-token");
    const accepted = await post(integration.id, event);
    const submissionId = accepted.json().submissionId as string;
    const failed = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${submissionId}`)).json();
      expect(body.status).toBe("failed");
      return body;
    });
    expect(failed.error).toMatch(/401/);
    expect(failed.grade).toBeNull();

    // Not fixed yet: the retry fails the same way (fresh attempts, the same clear error).
    const fetchesBefore = canvas.requests.filter((request) => request.method === "GET").length;
    const tooSoon = await call("POST", `/v1/submissions/${submissionId}/fetch`);
    expect(tooSoon.statusCode, tooSoon.body).toBe(200);
    expect(["fetching", "failed"]).toContain(tooSoon.json().status);
    await eventually(async () => {
      expect(canvas!.requests.filter((request) => request.method === "GET").length).toBeGreaterThan(
        fetchesBefore,
      );
      expect((await call("GET", `/v1/submissions/${submissionId}`)).json()).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/401/),
      });
    });

    expect(
      (await call("PATCH", `/v1/integrations/${integration.id}`, { credentials: { token: "the-new-token" } }))
        .statusCode,
    ).toBe(200);
    const retried = await call("POST", `/v1/submissions/${submissionId}/fetch`);
    expect(retried.statusCode, retried.body).toBe(200);
    const view = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    expect(view).toMatchObject({ status: "graded", error: null });
    expect(JSON.stringify(model.calls.at(-1))).toContain(goodText);
    expect(model.calls).toHaveLength(1);

    // A submission that was fetched (and graded) has nothing to fetch again; an unknown one is 404.
    const again = await call("POST", `/v1/submissions/${submissionId}/fetch`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("submission_fetch_not_failed");
    expect(again.json().error.message).toContain(submissionId);
    expect((await call("POST", "/v1/submissions/sbm_unknown/fetch")).statusCode).toBe(404);
  });

  it("reads a Live Event under the rules of every JSON body, and takes the fields Canvas adds", async () => {
    // Regression: the event went through a plain JSON.parse of its bytes decoded leniently: a repeated
    // key kept the last, Latin-1 bytes became U+FFFD, ids that show nothing or that a URL path drops
    // were stored (and put in the LMS's API paths), and a byte order mark was refused.
    await start({}, false);
    canvas = await startFakeCanvas();
    const integration = await connectCanvas(canvas);
    const text = JSON.stringify(event);
    const withUser = (id: string) => JSON.stringify({ ...event, body: { ...event.body, user_id: id } });
    await expectRefusals(integration.id, [
      [text.replace('"user_id":', '"user_id":"1","user_id":'), "body.body.user_id", /repeats the key/],
      [
        Buffer.concat([Buffer.from(text.slice(0, -2)), Buffer.from([0xe9]), Buffer.from(text.slice(-2))]),
        "body",
        /is not valid UTF-8 text \(near byte \d+\)/,
      ],
      [withUser(".."), "body.body.user_id", /cannot be "\."/],
      [withUser("\u200b"), "body.body.user_id", /cannot contain U\+200B \(an invisible format character\)/],
      [withUser("st\ud800"), "body.body.user_id", /unpaired UTF-16 surrogate/],
      [withUser("st\u001b[2J"), "body.body.user_id", /cannot contain U\+001B \(a control character\)/],
      // Regression: an event name that is there but not a string was answered "is missing".
      [
        JSON.stringify({ ...event, metadata: { ...event.metadata, event_name: 5 } }),
        "body.metadata.event_name",
        /^body\.metadata\.event_name: must be a string$/,
      ],
      [
        JSON.stringify({ ...event, metadata: { ...event.metadata, event_name: undefined } }),
        "body.metadata.event_name",
        /^body\.metadata\.event_name: is missing$/,
      ],
    ]);
    // The published example carries many fields this service does not read, and Canvas adds more.
    const extended = { ...event, body: { ...event.body, new_canvas_field: "x" } };
    const accepted = await post(
      integration.id,
      Buffer.concat([byteOrderMark, Buffer.from(JSON.stringify(extended))]),
    );
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submission = (await call("GET", `/v1/submissions/${accepted.json().submissionId}`)).json();
    expect(submission).toMatchObject({ studentId: userId, assignmentId });
    // Ids in either Unicode form are one id: stored composed, as every id a client gives.
    const decomposed = await post(
      integration.id,
      JSON.stringify({
        ...event,
        body: { ...event.body, user_id: "Jose\u0301", submission_id: "s-e\u0301" },
      }),
    );
    expect(decomposed.statusCode, decomposed.body).toBe(202);
    expect((await call("GET", `/v1/submissions/${decomposed.json().submissionId}`)).json()).toMatchObject({
      studentId: "Jos\u00e9",
      submissionId: "s-\u00e9",
    });
  });

  it("verifies signed Live Events against the configured key set", async () => {
    await start();
    canvas = await startFakeCanvas();
    canvasSubmission(canvas).body = goodText;
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "canvas-1", alg: "RS256", use: "sig" };
    const jwks = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    try {
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
      const response = await call("POST", "/v1/integrations", {
        type: "canvas",
        name: "Canvas signed",
        assignments: { [assignmentId]: { rubricId: scienceRubric.id, courseId: fixtureCourseId } },
        lms: { url: canvas.baseUrl, liveEvents: { jwksUrl } },
        credentials: { token: CANVAS_TOKEN },
      });
      expect(response.statusCode, response.body).toBe(201);
      const integration = response.json<{ id: string }>();
      // Canvas names the host the event happened on; here the fake Canvas's.
      const ownHost = new URL(canvas.baseUrl).hostname;
      const sign = (key: Parameters<SignJWT["sign"]>[0], hostname = ownHost) =>
        new SignJWT({ metadata: { ...event.metadata, hostname }, body: event.body })
          .setProtectedHeader({ alg: "RS256", kid: "canvas-1" })
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(key);
      const forged = await post(integration.id, await sign(other.privateKey), "application/jwt");
      expect(forged.statusCode).toBe(401);
      // Regression: Instructure signs every school's Live Events with one key set, so an event from
      // another school's Canvas (its own hostname, signed with the shared key) was taken for this one's.
      const otherSchool = await post(
        integration.id,
        await sign(privateKey, "other-school.instructure.com"),
        "application/jwt",
      );
      expect(otherSchool.statusCode, otherSchool.body).toBe(401);
      expect(otherSchool.json().error.message).toMatch(/another Canvas/);
      const noHost = await post(integration.id, await sign(privateKey, ""), "application/jwt");
      expect(noHost.statusCode, noHost.body).toBe(401);
      const token = await sign(privateKey);
      const signed = await post(integration.id, token, "application/jwt");
      expect(signed.statusCode, signed.body).toBe(202);
      const submissionId = signed.json().submissionId as string;
      // A signed event replayed, as it was or signed again, is the same attempt: graded once.
      for (const replay of [token, await sign(privateKey)]) {
        const again = await post(integration.id, replay, "application/jwt");
        expect(again.statusCode, again.body).toBe(200);
        expect(again.json()).toEqual({ outcome: "duplicate", submissionId });
      }
      await waitForPassback(test, bootstrapKey, submissionId, "delivered");
      expect(canvasSubmission(canvas).submission_comments).toHaveLength(1);
      expect(model.calls).toHaveLength(1);
      // A signed feed needs no URL token, but one it gives must be right.
      const wrongToken = await postTo(
        `/v1/integrations/${integration.id}/events?token=wrong`,
        await sign(privateKey),
        "application/jwt",
      );
      expect(wrongToken.statusCode).toBe(401);
      expect((await call("GET", "/v1/submissions")).json().submissions).toHaveLength(1);
    } finally {
      await new Promise((resolve) => jwks.close(resolve));
    }
  });

  it("takes only signed JWTs when Live Events signing is configured, and ignores other events", async () => {
    await start();
    canvas = await startFakeCanvas();
    const integration = await connectCanvas(canvas);
    const ignored = await post(integration.id, { metadata: { event_name: "course_created" }, body: {} });
    expect(ignored.statusCode).toBe(200);
    expect(ignored.json()).toEqual({ outcome: "ignored", submissionId: null });
    const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
      lms: { url: canvas.baseUrl, liveEvents: { jwksUrl: `${canvas.baseUrl}/jwks` } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const plain = await post(integration.id, event);
    expect(plain.statusCode).toBe(401);
    const forged = await post(integration.id, "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.", "application/jwt");
    expect([401, 503]).toContain(forged.statusCode);
  });
});

describe("Moodle integrations", () => {
  it("check the shared token, fetch the text, grade once, and save the grade", async () => {
    await start();
    moodle = await startFakeMoodle();
    setMoodleText(moodle, goodText);
    const integration = await connectMoodle(moodle);
    const forged = await post(integration.id, moodleEvent({ token: "wrong" }));
    expect(forged.statusCode).toBe(401);
    const ignored = await post(integration.id, moodleEvent({ eventname: "\\core\\event\\course_viewed" }));
    expect(ignored.json().outcome).toBe("ignored");

    // A transient exception on the passback (HTTP 200 with `exception`) is retried.
    const accepted = await post(integration.id, moodleEvent());
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submissionId = accepted.json().submissionId as string;
    // Moodle also sends the online text event for the same submit: same text, not graded again.
    const textEvent = await post(
      integration.id,
      moodleEvent({
        eventname: "\\assignsubmission_onlinetext\\event\\submission_created",
        objectid: 9,
        other: { submissionid: "101", submissionattempt: 1, submissionstatus: "submitted" },
      }),
    );
    expect(textEvent.statusCode).toBe(202);
    const view = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${submissionId}`)).json();
      expect(body.status).toBe("graded");
      return body;
    });
    expect(view).toMatchObject({ studentId: "2", assignmentId: "42" });
    const unchanged = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${textEvent.json().submissionId}`)).json();
      expect(body.status).toBe("unchanged");
      return body;
    });
    expect(unchanged.sameAs).toBe(submissionId);
    const delivered = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    expect(moodle.savedGrades).toHaveLength(1);
    expect(moodle.savedGrades[0]!.parameters).toMatchObject({
      assignmentid: "7",
      userid: "2",
      grade: String(delivered.grade.totalPoints),
      attemptnumber: "-1",
    });
    expect(model.calls).toHaveLength(1);
  });

  it("keeps no trace of an erased student's Moodle id: not in the submission id, not in its LMS reference", async () => {
    // Regression: an erasure left the submission named `<courseModuleId>:<userId>` ("42:2") and its stored
    // reference `{kind: "moodle", userId: "2", …}`: the student's id, after the erasure said it was gone.
    await start();
    moodle = await startFakeMoodle();
    setMoodleText(moodle, goodText);
    const integration = await connectMoodle(moodle);
    const accepted = await post(integration.id, moodleEvent());
    expect(accepted.statusCode, accepted.body).toBe(202);
    const id = accepted.json().submissionId as string;
    const before = await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(before).toMatchObject({ submissionId: "42:2", studentId: "2" });

    expect((await call("DELETE", "/v1/students/2")).statusCode).toBe(200);
    const view = (await call("GET", `/v1/submissions/${id}`)).json();
    expect(view).toMatchObject({ studentId: null, grade: null });
    expect(view.submissionId).not.toContain(":2");
    const listed = (await call("GET", "/v1/submissions")).json().submissions as { submissionId: string }[];
    expect(listed.map((submission) => submission.submissionId)).not.toContain("42:2");
    const stored = await test.storage.integrationsFor("default").findSubmission(id);
    expect(stored?.submission).toMatchObject({ studentId: null, lmsReference: null });
    // Nothing to fetch again.
    expect((await call("POST", `/v1/submissions/${id}/fetch`)).statusCode).toBe(409);
  });

  it("reads a local_webhooks post under the rules of every JSON body, and takes the fields Moodle adds", async () => {
    await start({}, false);
    moodle = await startFakeMoodle();
    const integration = await connectMoodle(moodle);
    const text = JSON.stringify(moodleEvent());
    await expectRefusals(integration.id, [
      [text.replace('"userid":', '"userid":"1","userid":'), "body.userid", /repeats the key/],
      [
        Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from([0xe9]), Buffer.from(text.slice(-1))]),
        "body",
        /is not valid UTF-8 text/,
      ],
      [JSON.stringify(moodleEvent({ userid: ".." })), "body.userid", /cannot be "\."/],
      [
        JSON.stringify(moodleEvent({ relateduserid: "\u200b" })),
        "body.relateduserid",
        /invisible format character/,
      ],
      [JSON.stringify(moodleEvent({ relateduserid: "2\u0085" })), "body.relateduserid", /U\+0085/],
      // Regression: an event name that is there but not a string was answered "is missing".
      [
        JSON.stringify(moodleEvent({ eventname: ["submitted"] })),
        "body.eventname",
        /^body\.eventname: must be a string$/,
      ],
      [
        JSON.stringify(moodleEvent({ eventname: undefined })),
        "body.eventname",
        /^body\.eventname: is missing$/,
      ],
    ]);
    // Moodle's get_data() has more fields than are read here, and versions add more.
    const accepted = await post(
      integration.id,
      Buffer.concat([byteOrderMark, Buffer.from(JSON.stringify(moodleEvent({ new_moodle_field: 1 })))]),
    );
    expect(accepted.statusCode, accepted.body).toBe(202);
    const submission = (await call("GET", `/v1/submissions/${accepted.json().submissionId}`)).json();
    expect(submission).toMatchObject({ studentId: "2", assignmentId: "42" });
    // Ids in either Unicode form are one id: stored composed, as every id a client gives.
    const decomposed = await post(integration.id, JSON.stringify(moodleEvent({ userid: "Jose\u0301" })));
    expect(decomposed.statusCode, decomposed.body).toBe(202);
    expect((await call("GET", `/v1/submissions/${decomposed.json().submissionId}`)).json()).toMatchObject({
      studentId: "Jos\u00e9",
      submissionId: "42:Jos\u00e9",
    });
  });

  it("retries a transient exception, dead-letters a permanent one and an invalid token", async () => {
    await start();
    moodle = await startFakeMoodle();
    setMoodleText(moodle, goodText);
    const integration = await connectMoodle(moodle);
    // save_grade → dmlwriteexception (transient), then saved. By function, not by call order: a fetch the
    // client repeated under load once took the scripted answers meant for the calls after it.
    moodle.failNext("mod_assign_save_grade", "dmlwriteexception");
    const first = await post(integration.id, moodleEvent());
    const delivered = await waitForPassback(test, bootstrapKey, first.json().submissionId, "delivered");
    expect(
      (delivered.passback.deliveries[0].history as { outcome: string }[]).map((attempt) => attempt.outcome),
    ).toEqual(["retry", "delivered"]);
    expect(moodle.savedGrades).toHaveLength(1);

    setMoodleText(moodle, `${goodText} Chlorophyll too.`);
    moodle.failNext("mod_assign_save_grade", "invalidparameter");
    const second = await post(
      integration.id,
      moodleEvent({ timecreated: Math.floor(Date.now() / 1000) + 1 }),
    );
    const dead = await waitForPassback(test, bootstrapKey, second.json().submissionId, "dead");
    expect(dead.passback.deliveries[0]).toMatchObject({ attempts: 1 });
    expect(dead.passback.deliveries[0].lastError).toContain("invalidparameter");

    // The token is refused when the grade is saved. Scripted on the save itself: clearing the tokens once
    // the grade was seen raced the passback, which a loaded CI machine had already delivered.
    setMoodleText(moodle, `${goodText} And water.`);
    moodle.failNext("mod_assign_save_grade", "invalidtoken");
    const third = await post(integration.id, moodleEvent({ timecreated: Math.floor(Date.now() / 1000) + 2 }));
    const tokenDead = await waitForPassback(test, bootstrapKey, third.json().submissionId, "dead");
    expect(tokenDead.passback.deliveries[0].lastError).toMatch(/invalidtoken.*cannot be refreshed/);
  });

  it("refuses a post dated before its id would still be remembered, so it cannot be replayed", async () => {
    // Regression: `timecreated` was not checked, so a captured post was taken again (a new submission
    // attempt, fetched and graded) once its id, the hash of the post, was pruned after the retention.
    await start({ GRADER_WEBHOOK_ID_RETENTION_HOURS: "1" });
    moodle = await startFakeMoodle();
    setMoodleText(moodle, goodText);
    const integration = await connectMoodle(moodle);
    const now = Math.floor(Date.now() / 1000);
    // The real local_webhooks post (from 2017), as a submission event of this course module.
    const fixture = readLmsFixture<Record<string, unknown>>("moodle-local_webhooks-event.json");
    const captured = {
      ...fixture,
      eventname: "\\mod_assign\\event\\assessable_submitted",
      objectid: 101,
      contextinstanceid: "42",
      courseid: "2",
      token: webhookToken,
    };
    const old = await post(integration.id, captured);
    expect(old.statusCode, old.body).toBe(422);
    expect(old.json().error).toMatchObject({ code: "stale_event", message: expect.stringMatching(/replay/) });
    const pastRetention = await post(integration.id, { ...captured, timecreated: now - 2 * 3600 });
    expect(pastRetention.json().error.code).toBe("stale_event");
    const ahead = await post(integration.id, { ...captured, timecreated: now + 3600 });
    expect(ahead.json().error).toMatchObject({
      code: "stale_event",
      message: expect.stringMatching(/clock/),
    });
    const undated = await post(integration.id, { ...captured, timecreated: null });
    expect(undated.statusCode).toBe(400);
    expect(undated.json().error.details).toEqual([{ path: "body.timecreated", message: expect.any(String) }]);
    // Within the window (less 5 minutes of clock skew) it is taken, and its redelivery is a duplicate.
    const recent = await post(integration.id, { ...captured, timecreated: now - 30 * 60 });
    expect(recent.statusCode, recent.body).toBe(202);
    const again = await post(integration.id, { ...captured, timecreated: now - 30 * 60 });
    expect(again.json().outcome).toBe("duplicate");
    // Events that are ignored carry no submission: the fixture's own course_viewed stays ignored.
    const viewed = await post(integration.id, { ...fixture, token: webhookToken });
    expect(viewed.json()).toEqual({ outcome: "ignored", submissionId: null });
  });

  it("does not grade a draft, and grades it once submitted", async () => {
    await start();
    moodle = await startFakeMoodle();
    setMoodleText(moodle, goodText);
    const latest = moodle.assignments.get(7)!.submissions.find((submission) => submission.id === 101)!;
    latest.status = "draft";
    const integration = await connectMoodle(moodle);
    const draft = await post(
      integration.id,
      moodleEvent({
        eventname: "\\assignsubmission_onlinetext\\event\\submission_created",
        other: { submissionid: 101, submissionattempt: 1 },
      }),
    );
    const draftView = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${draft.json().submissionId}`)).json();
      expect(body.status).toBe("failed");
      return body;
    });
    expect(draftView.error).toContain("draft");
    latest.status = "submitted";
    const submitted = await post(integration.id, moodleEvent());
    await waitForPassback(test, bootstrapKey, submitted.json().submissionId, "delivered");
    expect(model.calls).toHaveLength(1);
    expect(moodle.savedGrades).toHaveLength(1);
  });
});

describe("LTI integrations", () => {
  it("post each grade as an AGS score with a token from a signed assertion, once, with a fixed timestamp", async () => {
    await start();
    lti = await startFakeLtiPlatformWithTool();
    const { platform } = lti;
    const integration = await connectLti(test, bootstrapKey, lti, { "hw-1": platform.lineItemUrls[0]! });
    expect(JSON.stringify(integration)).not.toContain("PRIVATE KEY");
    // The score endpoint fails once with 503: the retry carries the same timestamp.
    platform.scoreServer.enqueue({ kind: "status", status: 503 });
    const sent = await sendEvent(test, integration, {
      submissionId: "lti-1",
      studentId: "lti-user-7",
      assignmentId: "hw-1",
      answer: goodText,
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const view = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    expect(view.passback.deliveries[0].target.kind).toBe("lti");
    expect(platform.scores).toHaveLength(1);
    expect(platform.scores[0]!.body).toMatchObject({
      userId: "lti-user-7",
      scoreGiven: view.grade.totalPoints,
      scoreMaximum: view.grade.maxPoints,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    const bodies = platform.scoreServer.requests.map(
      (request) => JSON.parse(request.body) as { timestamp: string },
    );
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.timestamp).toBe(bodies[1]!.timestamp);
    expect(platform.assertions[0]).toMatchObject({ iss: "grader-tool", sub: "grader-tool" });

    // A teacher's change is a new version with a later timestamp of its own, which the platform takes.
    const changed = await call("PATCH", `/v1/grades/${view.grade.id}`, {
      reviewer: "Ms Lee",
      reason: "Second look",
      criteria: [{ criterionId: "outputs", points: 0 }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const second = await eventually(async () => {
      const body = (await call("GET", `/v1/submissions/${sent.json().submissionId}`)).json();
      expect(body.passback.deliveries).toHaveLength(2);
      expect(body.passback.deliveries[1].status).toBe("delivered");
      return body;
    });
    expect(
      second.passback.deliveries.map((delivery: { gradeVersion: number }) => delivery.gradeVersion),
    ).toEqual([1, 2]);
    expect(platform.scores).toHaveLength(2);
    const latest = platform.scores[1]!.body as { timestamp: string; scoreGiven: number };
    expect(latest.scoreGiven).toBe(second.grade.totalPoints);
    expect(Date.parse(latest.timestamp)).toBeGreaterThan(Date.parse(bodies[0]!.timestamp));
  });

  it("dead-letters a score for a deleted line item (404) at once, naming the status, and sends it once", async () => {
    await start();
    lti = await startFakeLtiPlatformWithTool();
    const { platform } = lti;
    const integration = await connectLti(test, bootstrapKey, lti, { "hw-1": platform.lineItemUrls[0]! });
    platform.scoreServer.enqueue({ kind: "status", status: 404, body: '{"error":"not_found"}' });
    const sent = await sendEvent(test, integration, {
      submissionId: "lti-deleted",
      studentId: "lti-user-7",
      assignmentId: "hw-1",
      answer: goodText,
    });
    const dead = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "dead");
    expect(dead.passback.deliveries[0]).toMatchObject({
      attempts: 1,
      lastError: expect.stringMatching(/^HTTP 404: not_found: not retried/),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(platform.scoreServer.requests).toHaveLength(1);
    const listed = await call("GET", `/v1/submissions?passbackStatus=dead&integrationId=${integration.id}`);
    expect(listed.json().submissions.map((row: { id: string }) => row.id)).toEqual([
      sent.json().submissionId,
    ]);
  });

  it("sends the platform's access token to no new host: a line item elsewhere needs the key again", async () => {
    // Regression: PATCH could map an assignment to a lineItemUrl on any host, and the next score went
    // there with a bearer token the platform issued for the tool's key.
    await start({}, false);
    lti = await startFakeLtiPlatformWithTool();
    const { platform } = lti;
    const integration = await connectLti(test, bootstrapKey, lti, { "hw-1": platform.lineItemUrls[0]! });
    const elsewhere = `http://localhost:${new URL(platform.lineItemUrls[0]!).port}/lineitems/9/lineitem`;
    const moved = await call("PATCH", `/v1/integrations/${integration.id}`, {
      assignments: { "hw-2": { rubricId: scienceRubric.id, lineItemUrl: elsewhere } },
    });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().error.details[0].path).toBe("body.credentials");
    expect(moved.json().error.message).toContain("body.assignments.hw-2.lineItemUrl");
    // Another line item of a host it sends scores to already is taken as it is.
    const sameHost = await call("PATCH", `/v1/integrations/${integration.id}`, {
      assignments: { "hw-2": { rubricId: scienceRubric.id, lineItemUrl: platform.lineItemUrls[1]! } },
    });
    expect(sameHost.statusCode, sameHost.body).toBe(200);
    const withKey = await call("PATCH", `/v1/integrations/${integration.id}`, {
      assignments: { "hw-2": { rubricId: scienceRubric.id, lineItemUrl: elsewhere } },
      credentials: { privateKey: lti.privateKeyPem },
    });
    expect(withKey.statusCode, withKey.body).toBe(200);
  });

  it("sends a dead score to the line item the mapping names now, once an admin corrected it", async () => {
    // Regression: the line item was fixed when the event came, so the retry by hand went to the wrong
    // one again.
    await start();
    lti = await startFakeLtiPlatformWithTool();
    const { platform } = lti;
    const [wrong, right] = platform.lineItemUrls;
    const integration = await connectLti(test, bootstrapKey, lti, { "hw-1": wrong! });
    platform.scoreServer.enqueue({ kind: "status", status: 404 });
    const sent = await sendEvent(test, integration, {
      submissionId: "lti-2",
      studentId: "lti-user-8",
      assignmentId: "hw-1",
      answer: goodText,
    });
    const id = sent.json().submissionId as string;
    await waitForPassback(test, bootstrapKey, id, "dead");
    const corrected = await call("PATCH", `/v1/integrations/${integration.id}`, {
      assignments: { "hw-1": { rubricId: scienceRubric.id, lineItemUrl: right } },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await call("POST", `/v1/submissions/${id}/passback`)).json().requeued).toBe(1);
    await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(platform.scores).toHaveLength(1);
    expect(right).toContain(`/lineitems/${platform.scores[0]!.lineItemId}/`);
    expect(wrong).not.toContain(`/lineitems/${platform.scores[0]!.lineItemId}/`);
  });

  it("takes an event that names its own rubric, sending the score to its assignment's line item", async () => {
    // Regression: naming rubricId skipped the assignment's mapping, so the event was refused with 422
    // "has no lineItemUrl", which was not true.
    await start();
    lti = await startFakeLtiPlatformWithTool();
    const lineItemUrl = lti.platform.lineItemUrls[1]!;
    const integration = await connectLti(test, bootstrapKey, lti, { "hw-1": lineItemUrl });
    const sent = await sendEvent(test, integration, {
      submissionId: "lti-3",
      studentId: "lti-user-9",
      assignmentId: "hw-1",
      rubricId: scienceRubric.id,
      answer: goodText,
    });
    expect(sent.statusCode, sent.body).toBe(202);
    await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    expect(lineItemUrl).toContain(`/lineitems/${lti.platform.scores[0]!.lineItemId}/`);
    // Without an assignment there is nowhere to send the score: refused, saying so.
    const nowhere = await sendEvent(test, integration, {
      submissionId: "lti-4",
      studentId: "lti-user-9",
      rubricId: scienceRubric.id,
      answer: goodText,
    });
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.json().error.message).toContain("must name its assignmentId");
  });

  it("refuses a private key that cannot sign RS256 assertions when it is saved, naming the field", async () => {
    // Regression: any text was accepted, and every passback then died as "the registration is incomplete".
    await start();
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    const rsaPkcs1 = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    });
    for (const privateKey of ["garbage", String(ec), String(rsaPkcs1)]) {
      const created = await call("POST", "/v1/integrations", {
        type: "lti",
        name: "LTI platform",
        lms: { url: "https://lms.example.edu/token", clientId: "grader-tool", keyId: "tool-1" },
        credentials: { privateKey },
      });
      expect(created.statusCode, privateKey.slice(0, 30)).toBe(400);
      expect(created.json().error.details[0].path).toBe("body.credentials.privateKey");
    }
  });
});
