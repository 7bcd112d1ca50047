import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { verifyWebhook, webhookHeaders } from "../../src/lib/standard-webhooks.js";
import { startCallbackReceiver, type CallbackReceiver } from "../helpers/callback-receiver.js";
import {
  eventually,
  fastRunnerTimings,
  integrationEnv,
  sendEvent,
  startRunners,
  waitForPassback,
} from "../helpers/integration-fixtures.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The generic integration end to end (issue 9): an admin connects a system, it posts signed
 * `submission.created` events, each valid submission is graded once on the job queue, and the grade
 * goes back as a signed `grade.completed` callback through the outbox, held for review when it must be.
 */

const bootstrapKey = "bootstrap-key-for-integration-tests-0123";
let test: TestApp;
let model: ScriptedModel;
let receiver: CallbackReceiver;
let logLines: string[];

afterEach(async () => {
  await test?.close();
  await receiver?.close();
});

async function start(
  env: Record<string, string> = {},
  clock?: Clock,
  runners = true,
  timings: Partial<typeof fastRunnerTimings> = {},
) {
  model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  receiver = await startCallbackReceiver();
  logLines = [];
  const logger = pino(
    { level: "trace" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    }),
  );
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...integrationEnv, GRADER_OUTBOX_TIMEOUT_SECONDS: "1", ...env },
    dependencies: {
      model,
      logger,
      ...fastRunnerTimings,
      ...timings,
      ...(clock ? { clock } : {}),
    },
  });
  expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
  if (runners) startRunners(test);
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
function call(method: Method, url: string, payload?: object) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bootstrapKey}` },
    ...(payload ? { payload } : {}),
  });
}

async function connect(overrides: Record<string, unknown> = {}) {
  const response = await call("POST", "/v1/integrations", {
    type: "webhook",
    name: "School portal",
    defaultRubric: { rubricId: scienceRubric.id },
    callbackUrl: receiver.url,
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; secret: string; inboundUrl: string; holdForReview: boolean }>();
}

const goodAnswer = (n: number | string) => `Light, water and carbon dioxide make glucose and oxygen (${n}).`;
/** No "glucose": the evidence quote cannot be verified, so the grade needs review. */
const doubtfulAnswer = "Plants need sunlight and they breathe out air.";

function verifiedCallback(index: number, secret: string) {
  const callback = receiver.received[index]!;
  const verification = verifyWebhook({
    secrets: [secret],
    headers: {
      id: callback.headers["webhook-id"] as string,
      timestamp: callback.headers["webhook-timestamp"] as string,
      signature: callback.headers["webhook-signature"] as string,
    },
    body: Buffer.from(callback.body, "utf8"),
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  expect(verification.ok).toBe(true);
  return { messageId: callback.headers["webhook-id"] as string, body: JSON.parse(callback.body) };
}

describe("integrations", () => {
  it("show their signing secret once, keep it sealed, and list, update, disable and delete", async () => {
    await start();
    const integration = await connect({ assignments: { "42": { rubricId: scienceRubric.id } } });
    expect(integration.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(integration.inboundUrl).toBe(`/v1/integrations/${integration.id}/events`);
    expect(integration.holdForReview).toBe(true);

    const list = await call("GET", "/v1/integrations");
    const read = await call("GET", `/v1/integrations/${integration.id}`);
    const secretPart = integration.secret.slice("whsec_".length);
    for (const response of [list, read]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secretPart);
      expect(response.body).not.toMatch(/sealed|whsec_/);
    }
    const updated = await call("PATCH", `/v1/integrations/${integration.id}`, {
      holdForReview: false,
      credentials: { token: "lms-token-123456" },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      holdForReview: false,
      hasCredentials: true,
      name: "School portal",
    });
    expect(updated.body).not.toContain("lms-token-123456");

    const disabled = await call("PATCH", `/v1/integrations/${integration.id}`, { enabled: false });
    expect(disabled.json().enabled).toBe(false);
    const refused = await sendEvent(test, integration, {
      submissionId: 1,
      studentId: 2,
      answer: goodAnswer(1),
    });
    expect(refused.statusCode).toBe(410);
    expect(refused.json().error.code).toBe("integration_disabled");
    // Regression: the 410 came before the signature check, so anyone could tell which ids exist and are
    // disabled. An unsigned or forged event is refused as it is by an enabled integration.
    const forged = await sendEvent(
      test,
      integration,
      { submissionId: 1, studentId: 2, answer: goodAnswer(1) },
      { secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] },
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("invalid_signature");

    expect((await call("DELETE", `/v1/integrations/${integration.id}`)).statusCode).toBe(204);
    expect((await call("GET", `/v1/integrations/${integration.id}`)).statusCode).toBe(404);
    const gone = await sendEvent(test, integration, { submissionId: 1, studentId: 2, answer: goodAnswer(1) });
    // A deleted integration is an unknown id: refused as a forgery is, telling nobody it ever existed.
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error.code).toBe("invalid_signature");
    // Nothing in any log line names a secret or a credential.
    expect(logLines.join("\n")).not.toContain(secretPart);
    expect(logLines.join("\n")).not.toContain("lms-token-123456");
  });

  it("merge a PATCH's assignments into the map: others keep their mappings, null unmaps, two PATCHes at once both hold", async () => {
    // Regression: `assignments` in a PATCH replaced the whole map, so an admin who mapped one new assignment
    // unmapped every other one (their events then answered 422), and two admins mapping an assignment each at
    // the same moment lost one of the two.
    await start({}, undefined, false);
    const integration = await connect({
      defaultRubric: null,
      assignments: { a1: { rubricId: scienceRubric.id }, a2: { rubricId: scienceRubric.id } },
    });
    const url = `/v1/integrations/${integration.id}`;
    const added = await call("PATCH", url, {
      assignments: { a3: { rubricId: scienceRubric.id, courseId: "c-7" } },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(Object.keys(added.json().assignments)).toEqual(["a1", "a2", "a3"]);
    expect(added.json().assignments.a3).toMatchObject({ courseId: "c-7" });

    // null unmaps that id only; an id written in its decomposed form unmaps the composed one it names.
    await call("PATCH", url, { assignments: { "caf\u00e9": { rubricId: scienceRubric.id } } });
    const removed = await call("PATCH", url, { assignments: { a1: null, "cafe\u0301": null, never: null } });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(Object.keys(removed.json().assignments)).toEqual(["a2", "a3"]);
    const unmapped = await sendEvent(test, integration, {
      submissionId: "s-a1",
      studentId: "st",
      assignmentId: "a1",
      answer: goodAnswer(1),
    });
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().error.code).toBe("assignment_not_mapped");
    const kept = await sendEvent(test, integration, {
      submissionId: "s-a2",
      studentId: "st",
      assignmentId: "a2",
      answer: goodAnswer(2),
    });
    expect(kept.statusCode, kept.body).toBe(202);

    // Two admins at once, each mapping another assignment: both mappings are there afterwards.
    const [first, second] = await Promise.all([
      call("PATCH", url, { assignments: { b1: { rubricId: scienceRubric.id } } }),
      call("PATCH", url, { assignments: { b2: { rubricId: scienceRubric.id } } }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    const read = (await call("GET", url)).json();
    expect(Object.keys(read.assignments).sort()).toEqual(["a2", "a3", "b1", "b2"]);

    // A mapping that is refused refuses the whole PATCH: nothing of it is merged.
    const refused = await call("PATCH", url, {
      assignments: { a2: null, c1: { rubricId: "no-such-rubric" } },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.details).toEqual([
      { path: "body.assignments.c1", message: expect.any(String) },
    ]);
    expect(Object.keys((await call("GET", url)).json().assignments).sort()).toEqual(["a2", "a3", "b1", "b2"]);
    // null is for a PATCH only: a new integration maps rubrics.
    const nullOnCreate = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Nulls",
      callbackUrl: receiver.url,
      assignments: { a1: null },
    });
    expect(nullOnCreate.statusCode).toBe(400);
  });

  it("refuse a map of more than 10,000 assignments, made at once or PATCH by PATCH", async () => {
    await start({}, undefined, false);
    const mapping = { rubricId: scienceRubric.id };
    const many = (from: number, count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`as-${from + index}`, mapping]));
    const tooMany = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Too many",
      callbackUrl: receiver.url,
      assignments: many(0, 10_001),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details).toEqual([
      { path: "body.assignments", message: expect.stringContaining("at most 10000") },
    ]);
    const integration = await connect({ assignments: many(0, 6_000) });
    const url = `/v1/integrations/${integration.id}`;
    const over = await call("PATCH", url, { assignments: many(6_000, 4_001) });
    expect(over.statusCode).toBe(400);
    expect(over.json().error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "body.assignments", message: expect.stringContaining("maps 10001 assignments") }],
    });
    // Unmapping in the same PATCH makes room.
    const swapped = await call("PATCH", url, { assignments: { ...many(6_000, 4_001), "as-0": null } });
    expect(swapped.statusCode, swapped.body.slice(0, 300)).toBe(200);
    expect(Object.keys(swapped.json().assignments)).toHaveLength(10_000);
  });

  it("answer an unknown integration id exactly as a known one answers a sender without its secret", async () => {
    // Regression: an unknown id was 404 and a known one 401, so anyone could tell which ids exist (and
    // ids made in the same millisecond are consecutive).
    await start();
    const integration = await connect();
    const unknown = { id: "int_00000000000000000000000000", secret: integration.secret };
    const forger = { id: integration.id, secret: "whsec_" + Buffer.alloc(32, 7).toString("base64") };
    const data = { submissionId: 1, studentId: 2, answer: goodAnswer(1) };
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const probes = [
      (target: { id: string; secret: string }) => sendEvent(test, target, data),
      (target: { id: string; secret: string }) => sendEvent(test, target, data, { timestamp: stale }),
      (target: { id: string; secret: string }) =>
        test.app.inject({
          method: "POST",
          url: `/v1/integrations/${target.id}/events`,
          headers: { "content-type": "application/json", "webhook-id": "m1" },
          payload: "{}",
        }),
    ];
    for (const probe of probes) {
      const known = await probe(forger);
      const other = await probe(unknown);
      expect(known.statusCode).toBe(401);
      expect(other.statusCode).toBe(401);
      expect(other.json()).toEqual(known.json());
    }
    expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);
  });

  it("refuse a callback URL that is not https unless loopback is allowed for tests, and unknown rubrics", async () => {
    await start({ GRADER_ALLOW_INSECURE_OUTBOUND: "" });
    const insecure = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "x",
      callbackUrl: receiver.url,
    });
    expect(insecure.statusCode).toBe(400);
    expect(insecure.json().error.details[0].path).toBe("body.callbackUrl");
    const unknown = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "x",
      callbackUrl: "https://lms.example.edu/grades",
      assignments: { a1: { rubricId: "no-such-rubric" } },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("rubric_not_found");
    const incomplete = await call("POST", "/v1/integrations", { type: "lti", name: "x" });
    expect(incomplete.statusCode).toBe(400);
    // The SSRF guard: private, loopback, link-local and metadata addresses in any spelling.
    for (const url of [
      "https://127.0.0.1/grades",
      "https://2130706433/grades",
      "https://0x7f.1/grades",
      "https://10.1.2.3/grades",
      "https://169.254.169.254/latest/meta-data",
      "https://[::ffff:192.168.0.1]/grades",
      "https://100.64.0.1/grades",
      "https://metadata.google.internal/computeMetadata",
      "https://user:pw@lms.example.edu/grades",
    ]) {
      const refused = await call("POST", "/v1/integrations", {
        type: "webhook",
        name: "x",
        callbackUrl: url,
      });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.details[0].path, url).toBe("body.callbackUrl");
    }
    // Regression: a port fetch refuses (the Fetch standard's bad ports) was accepted, then every attempt
    // failed with "bad port" and was retried for a day.
    for (const port of [9, 25, 6000]) {
      const refused = await call("POST", "/v1/integrations", {
        type: "webhook",
        name: "x",
        callbackUrl: `https://lms.example.edu:${port}/grades`,
      });
      expect(refused.statusCode, String(port)).toBe(400);
      expect(refused.json().error.message).toContain(`port ${port}`);
    }
    const usualPort = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "x",
      callbackUrl: "https://lms.example.edu:8443/grades",
    });
    expect(usualPort.statusCode).toBe(201);
  });

  it("refuse outbound URLs whose text is not what is called: hidden characters, hosts the parser rewrites", async () => {
    // Regression: these were stored and shown as written while URL parsers call another text: a soft
    // hyphen or zero-width space vanishes from the host, a NUL or DEL is percent-encoded, a fullwidth dot
    // becomes a dot, a fullwidth letter a letter, a number an IPv4 address, a percent-escape a letter.
    // (Tabs, line breaks and surrounding spaces the body schema already drops before storing.)
    await start({ GRADER_ALLOW_INSECURE_OUTBOUND: "" });
    const refusals: [string, RegExp][] = [
      ["https://lms.example.edu/grades\u0000", /U\+0000/],
      ["https://lms.example.edu/gra\u007fdes", /U\+007F/],
      ["https://\ufefflms.example.edu/grades", /U\+FEFF/],
      ["https://lms.ex\u00adample.edu/grades", /U\+00AD/],
      ["https://lms.exa\u200bmple.edu/grades", /U\+200B/],
      ["https://lms\uff0eexample\u3002edu/grades", /read as "lms\.example\.edu"/],
      ["https://\uff4cms.example.edu/grades", /read as "lms\.example\.edu"/],
      ["https://%6cms.example.edu/grades", /read as "lms\.example\.edu"/],
      ["https://16843009/grades", /read as "1\.1\.1\.1"/],
    ];
    for (const [url, message] of refusals) {
      const refused = await call("POST", "/v1/integrations", {
        type: "webhook",
        name: "x",
        callbackUrl: url,
      });
      expect(refused.statusCode, JSON.stringify(url)).toBe(400);
      expect(refused.json().error.details[0].path).toBe("body.callbackUrl");
      expect(refused.json().error.message).toMatch(message);
    }
    const canvas = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "x",
      lms: { url: "https://school.instruc\u00adture.com" },
      credentials: { token: "t" },
    });
    expect(canvas.statusCode).toBe(400);
    expect(canvas.json().error.details[0].path).toBe("body.lms.url");
    const integration = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "x",
      callbackUrl: "https://lms.example.edu/grades",
    });
    const patched = await call("PATCH", `/v1/integrations/${integration.json().id}`, {
      callbackUrl: "https://lms.example\u200b.edu/grades",
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details[0].path).toBe("body.callbackUrl");
    // Written as parsed: any letter case, a trailing dot, an internationalised name in Unicode or punycode.
    for (const url of [
      "https://LMS.Example.edu./grades?term=1",
      "https://bücher.example/grades",
      "https://xn--bcher-kva.example/grades",
      "https://1.1.1.1/grades",
    ]) {
      const taken = await call("POST", "/v1/integrations", { type: "webhook", name: "x", callbackUrl: url });
      expect(taken.statusCode, `${url}: ${taken.body}`).toBe(201);
    }
  });

  it("refuse outbound URLs a naive reader reads otherwise: a backslash, a user part, a scheme without //", async () => {
    // Regression: `https://lms.example\@evil.test/` was stored: URL parsers call lms.example (they read
    // `\` as `/`), while a reader, and a parser that does not, sees the user `lms.example\` at evil.test.
    await start({ GRADER_ALLOW_INSECURE_OUTBOUND: "" });
    const refusals: [string, RegExp][] = [
      [
        "https://lms.example\\@evil.test/",
        /^body\.callbackUrl: must not contain a backslash \(at character 20\)/,
      ],
      ["https://lms.example.edu\\grades", /backslash/],
      ["https://lms.example.edu/grades?next=\\x", /backslash/],
      ["https://@lms.example.edu/grades", /must not carry credentials/],
      ["https://lms.example.edu@evil.test/grades", /must not carry credentials/],
      ["https:lms.example.edu/grades", /must be written as https:\/\/host/],
      ["https:/lms.example.edu/grades", /must be written as https:\/\/host/],
    ];
    for (const [url, message] of refusals) {
      const refused = await call("POST", "/v1/integrations", {
        type: "webhook",
        name: "x",
        callbackUrl: url,
      });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.code).toBe("invalid_request");
      expect(refused.json().error.details[0].path, url).toBe("body.callbackUrl");
      expect(refused.json().error.message, url).toMatch(message);
    }
    const canvas = await call("POST", "/v1/integrations", {
      type: "canvas",
      name: "x",
      lms: { url: "https://school.instructure.com\\@evil.test" },
      credentials: { token: "t" },
    });
    expect(canvas.statusCode).toBe(400);
    expect(canvas.json().error.details[0].path).toBe("body.lms.url");
  });

  it("cannot be created without GRADER_SECRET_KEY", async () => {
    await start({ GRADER_SECRET_KEY: "" });
    const response = await call("POST", "/v1/integrations", { type: "webhook", name: "x" });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe("integrations_not_configured");
  });

  it("rotate the secret: the old one stays valid for the grace period, and not after", async () => {
    await start();
    const integration = await connect();
    const rotated = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, {
      graceSeconds: 3600,
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json<{ secret: string; previousSecretExpiresAt: string }>();
    expect(fresh.secret).not.toBe(integration.secret);
    expect(Date.parse(fresh.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    const data = (n: number) => ({ submissionId: `s${n}`, studentId: "st", answer: goodAnswer(n) });
    expect((await sendEvent(test, integration, data(1))).statusCode).toBe(202);
    expect((await sendEvent(test, { id: integration.id, secret: fresh.secret }, data(2))).statusCode).toBe(
      202,
    );

    const again = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, { graceSeconds: 0 });
    const newest = again.json().secret as string;
    expect((await sendEvent(test, { id: integration.id, secret: fresh.secret }, data(3))).statusCode).toBe(
      401,
    );
    expect((await sendEvent(test, { id: integration.id, secret: newest }, data(3))).statusCode).toBe(202);
    expect(logLines.join("\n")).not.toContain(newest.slice(6));
  });

  it("rotated twice within the grace (a lost answer, a double click): the original secret still works", async () => {
    await start();
    const integration = await connect();
    const rotate = async () => {
      const response = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, {
        graceSeconds: 3600,
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ secret: string }>().secret;
    };
    const lost = await rotate();
    const newest = await rotate();
    const data = (n: number) => ({ submissionId: `d${n}`, studentId: "st", answer: goodAnswer(n) });
    // The LMS is still on the secret it was given first; nobody saw the first rotation's answer.
    expect((await sendEvent(test, integration, data(1))).statusCode).toBe(202);
    expect((await sendEvent(test, { id: integration.id, secret: lost }, data(2))).statusCode).toBe(202);
    expect((await sendEvent(test, { id: integration.id, secret: newest }, data(3))).statusCode).toBe(202);

    // A rotation without grace (a leaked secret) ends every earlier one.
    const ended = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, { graceSeconds: 0 });
    const last = ended.json<{ secret: string; previousSecretExpiresAt: string | null }>();
    expect(last.previousSecretExpiresAt).toBeNull();
    for (const [n, secret] of [integration.secret, lost, newest].entries()) {
      expect((await sendEvent(test, { id: integration.id, secret }, data(4 + n))).statusCode).toBe(401);
    }
    expect((await sendEvent(test, { id: integration.id, secret: last.secret }, data(7))).statusCode).toBe(
      202,
    );
  });
});

describe("inbound events", () => {
  it("are refused with 401 for a bad signature or a timestamp outside ±5 minutes, and nothing is stored", async () => {
    await start();
    const integration = await connect();
    const data = { submissionId: "sub-1", studentId: "st-1", answer: goodAnswer(1) };
    const now = Math.floor(Date.now() / 1000);
    const forged = await sendEvent(test, integration, data, {
      messageId: "msg-1",
      signature: `v1,${Buffer.alloc(32, 1).toString("base64")}`,
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("invalid_signature");
    const otherSecret = await sendEvent(test, integration, data, {
      messageId: "msg-1",
      secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    });
    expect(otherSecret.statusCode).toBe(401);
    expect(
      (await sendEvent(test, integration, data, { messageId: "msg-1", timestamp: now - 310 })).statusCode,
    ).toBe(401);
    expect(
      (await sendEvent(test, integration, data, { messageId: "msg-1", timestamp: now + 310 })).statusCode,
    ).toBe(401);
    const unsigned = await test.app.inject({
      method: "POST",
      url: `/v1/integrations/${integration.id}/events`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ type: "submission.created", data }),
    });
    expect(unsigned.statusCode).toBe(401);
    // Regression: every header problem said "send webhook-id, webhook-timestamp…", as if all were missing.
    expect(unsigned.json().error.message).toMatch(
      /webhook-id, webhook-timestamp, webhook-signature are missing\.$/,
    );
    const headers = webhookHeaders([integration.secret], "msg-1", now, JSON.stringify({ type: "x" }));
    const withoutSignature = await test.app.inject({
      method: "POST",
      url: `/v1/integrations/${integration.id}/events`,
      headers: {
        "content-type": "application/json",
        "webhook-id": headers["webhook-id"],
        "webhook-timestamp": headers["webhook-timestamp"],
      },
      payload: JSON.stringify({ type: "submission.created", data }),
    });
    expect(withoutSignature.statusCode).toBe(401);
    expect(withoutSignature.json().error.message).toMatch(/: webhook-signature is missing\.$/);
    const fractional = await test.app.inject({
      method: "POST",
      url: `/v1/integrations/${integration.id}/events`,
      headers: { ...headers, "content-type": "application/json", "webhook-timestamp": `${now}.5` },
      payload: JSON.stringify({ type: "submission.created", data }),
    });
    expect(fractional.statusCode).toBe(401);
    expect(fractional.json().error.message).toMatch(/^webhook-timestamp must be whole unix seconds/);
    const longId = await sendEvent(test, integration, data, { messageId: "m".repeat(201) });
    expect(longId.statusCode).toBe(400);
    expect(longId.json().error.details).toEqual([
      { path: "headers.webhook-id", message: "must be at most 200 characters" },
    ]);
    // Nothing was stored: the same message id is new when it finally comes signed, and no job exists before.
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);
    expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);
    const accepted = await sendEvent(test, integration, data, { messageId: "msg-1", timestamp: now - 240 });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toMatchObject({
      outcome: "accepted",
      submissionId: expect.stringMatching(/^sbm_/),
    });
  });

  it("grade a duplicate (same webhook-id, or same submission and attempt) once, with numeric ids", async () => {
    await start();
    const integration = await connect();
    const data = { submissionId: 9001, studentId: 77, attempt: 1, answer: goodAnswer("dup") };
    const first = await sendEvent(test, integration, data, { messageId: "msg-dup" });
    expect(first.statusCode).toBe(202);
    const sameMessage = await sendEvent(test, integration, data, { messageId: "msg-dup" });
    expect(sameMessage.statusCode).toBe(200);
    expect(sameMessage.json()).toEqual({ outcome: "duplicate", submissionId: first.json().submissionId });
    const sameAttempt = await sendEvent(
      test,
      integration,
      { ...data, submissionId: "9001" },
      { messageId: "msg-other" },
    );
    expect(sameAttempt.statusCode).toBe(200);
    expect(sameAttempt.json()).toEqual({ outcome: "duplicate", submissionId: first.json().submissionId });

    const submission = await waitForPassback(test, bootstrapKey, first.json().submissionId, "delivered");
    expect(submission).toMatchObject({ submissionId: "9001", studentId: "77", attempt: 1, status: "graded" });
    expect(model.calls).toHaveLength(1);
    expect((await call("GET", "/v1/grades")).json().grades).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it("take ids in either Unicode form as one: the same submission sent composed is a duplicate", async () => {
    // Regression: ids were kept as sent, so "Rene\u0301e" (e and a combining accent) and "Renée" were two
    // students and two submissions: graded twice, and erased or exported only under the form used.
    await start({}, undefined, false);
    const integration = await connect();
    const data = {
      submissionId: "sub-Rene\u0301e",
      studentId: "Rene\u0301e",
      attempt: 1,
      answer: goodAnswer("u"),
    };
    const first = await sendEvent(test, integration, data);
    expect(first.statusCode, first.body).toBe(202);
    const composed = { ...data, submissionId: "sub-Ren\u00e9e", studentId: "Ren\u00e9e" };
    const again = await sendEvent(test, integration, composed);
    expect(again.json()).toEqual({ outcome: "duplicate", submissionId: first.json().submissionId });
    const listed = await call("GET", `/v1/submissions?studentId=${encodeURIComponent("Rene\u0301e")}`);
    expect(listed.json().submissions).toEqual([
      expect.objectContaining({
        id: first.json().submissionId,
        submissionId: "sub-Ren\u00e9e",
        studentId: "Ren\u00e9e",
      }),
    ]);
  });

  it("find an assignment's mapping whichever Unicode form the admin wrote it in and the event sends it in", async () => {
    // Regression: mapping keys were kept as written, so an assignment mapped as "Rene\u0301e" (e and a combining
    // accent) answered 422 assignment_not_mapped to events that sent "Renée" precomposed, and both forms could
    // be mapped side by side, two keys that read as one.
    await start({}, undefined, false);
    const both = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Two forms",
      assignments: {
        "hw-Rene\u0301e": { rubricId: scienceRubric.id },
        "hw-Ren\u00e9e": { rubricId: scienceRubric.id },
      },
    });
    expect(both.statusCode, both.body).toBe(400);
    expect(both.json().error.details).toEqual([
      {
        path: "body.assignments",
        message: expect.stringMatching(/are one id in two Unicode forms .*: map it once$/),
      },
    ]);

    const integration = await connect({
      defaultRubric: null,
      assignments: { "hw-Rene\u0301e": { rubricId: scienceRubric.id } },
    });
    // Kept in the composed form, as every id a client gives.
    const read = await call("GET", `/v1/integrations/${integration.id}`);
    expect(Object.keys(read.json().assignments)).toEqual(["hw-Ren\u00e9e"]);
    for (const [index, assignmentId] of ["hw-Ren\u00e9e", "hw-Rene\u0301e"].entries()) {
      const event = await sendEvent(test, integration, {
        submissionId: `sub-form-${index}`,
        studentId: "st-form",
        assignmentId,
        answer: goodAnswer(`form ${index}`),
      });
      expect(event.statusCode, event.body).toBe(202);
    }

    // A PATCH keeps the composed form too (merged beside the mapping already there).
    const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
      assignments: { "caf\u0065\u0301": { rubricId: scienceRubric.id } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(Object.keys(patched.json().assignments)).toEqual(["hw-Ren\u00e9e", "caf\u00e9"]);
    const decomposedEvent = await sendEvent(test, integration, {
      submissionId: "sub-form-2",
      studentId: "st-form",
      assignmentId: "cafe\u0301",
      answer: goodAnswer("form 2"),
    });
    expect(decomposedEvent.statusCode, decomposedEvent.body).toBe(202);
  });

  it("grade a new attempt again, but not an unchanged resubmission", async () => {
    await start();
    const integration = await connect();
    const base = { submissionId: "sub-7", studentId: "st-7" };
    const first = await sendEvent(test, integration, { ...base, attempt: 1, answer: goodAnswer("a") });
    const second = await sendEvent(test, integration, { ...base, attempt: 2, answer: goodAnswer("b") });
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    const unchanged = await sendEvent(test, integration, { ...base, attempt: 3, answer: goodAnswer("b") });
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json().outcome).toBe("unchanged");
    // Without an attempt number, a changed answer is the next attempt; the same answer again is a duplicate.
    const fourth = await sendEvent(test, integration, { ...base, answer: goodAnswer("c") });
    expect(fourth.statusCode).toBe(202);
    const repeated = await sendEvent(test, integration, { ...base, answer: goodAnswer("c") });
    expect(repeated.json().outcome).toBe("duplicate");

    const secondView = await waitForPassback(test, bootstrapKey, second.json().submissionId, "delivered");
    const fourthView = await waitForPassback(test, bootstrapKey, fourth.json().submissionId, "delivered");
    expect(fourthView.attempt).toBe(4);
    await waitForPassback(test, bootstrapKey, first.json().submissionId, "delivered");
    const unchangedView = (await call("GET", `/v1/submissions/${unchanged.json().submissionId}`)).json();
    expect(unchangedView).toMatchObject({
      status: "unchanged",
      sameAs: secondView.id,
      attempt: 3,
      grade: null,
    });
    expect(model.calls).toHaveLength(3);
    expect(receiver.received).toHaveLength(3);
  });

  it("refuse an event whose assignment is not mapped, storing nothing", async () => {
    await start();
    const integration = await connect({
      defaultRubric: null,
      assignments: { a1: { rubricId: scienceRubric.id } },
    });
    const unmapped = await sendEvent(test, integration, {
      submissionId: "x",
      studentId: "y",
      assignmentId: "a2",
      answer: goodAnswer(1),
    });
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().error.code).toBe("assignment_not_mapped");
    // Regression: an assignment id that every object has ("constructor", "toString") found Object's own
    // function as its mapping, and "__proto__" found Object.prototype.
    for (const assignmentId of ["constructor", "toString", "__proto__"]) {
      const inherited = await sendEvent(test, integration, {
        submissionId: `x-${assignmentId}`,
        studentId: "y",
        assignmentId,
        answer: goodAnswer(1),
      });
      expect(inherited.statusCode, assignmentId).toBe(422);
      expect(inherited.json().error.code).toBe("assignment_not_mapped");
    }
    const mapped = await sendEvent(test, integration, {
      submissionId: "x",
      studentId: "y",
      assignmentId: "a1",
      answer: goodAnswer(1),
    });
    expect(mapped.statusCode).toBe(202);
    const invalid = await sendEvent(test, integration, { submissionId: "x", answer: 5 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(["body.data.studentId", "body.data.answer"]),
    );
  });
});

describe("inbound event bodies", () => {
  it("are held to the rules of every JSON body once signed, naming the field, and storing nothing", async () => {
    // Regression: the body went through a plain JSON.parse of its bytes decoded leniently, so a repeated
    // key graded the last answer, Latin-1 bytes and a lone surrogate were stored as U+FFFD, ids that
    // show nothing or that URL clients drop were kept, unknown fields were dropped silently, and a byte
    // order mark (which every other JSON route takes) was refused.
    await start();
    const integration = await connect();
    const event = (data: string) => `{"type":"submission.created","data":${data}}`;
    const refusals: [string | Buffer, string, RegExp][] = [
      [
        event(`{"submissionId":"s1","studentId":"st1","answer":"first","answer":"second"}`),
        "body.data.answer",
        /repeats the key "answer"/,
      ],
      [
        Buffer.concat([
          Buffer.from(
            `{"type":"submission.created","data":{"submissionId":"s2","studentId":"st2","answer":"caf`,
          ),
          Buffer.from([0xe9]),
          Buffer.from(`"}}`),
        ]),
        "body",
        /is not valid UTF-8 text \(near byte 88\)/,
      ],
      [
        event(`{"submissionId":"s3","studentId":"st\\ud800","answer":"x"}`),
        "body.data.studentId",
        /unpaired UTF-16 surrogate/,
      ],
      [event(`{"submissionId":"s4","studentId":"..","answer":"y"}`), "body.data.studentId", /cannot be "\."/],
      [
        event(`{"submissionId":"\\u200b","studentId":"st5","answer":"z"}`),
        "body.data.submissionId",
        /cannot contain U\+200B \(an invisible format character\)/,
      ],
      [
        event(`{"submissionId":"s6","studentId":"st6","answer":"p","colour":"red"}`),
        "body.data.colour",
        /is not a known field/,
      ],
      [
        `{"type":"submission.created","source":"portal","data":{"submissionId":"s7","studentId":"st7","answer":"q"}}`,
        "body.source",
        /is not a known field/,
      ],
      [event(`{"submissionId":"s8","answer":"r"}`), "body.data.studentId", /is required/],
      [
        event(`{"submissionId":"s9\\u0000","studentId":"st9","answer":"s"}`),
        "body.data.submissionId",
        /cannot contain U\+0000 \(a control character\)/,
      ],
      [
        event(`{"submissionId":"s10","studentId":"\\u202est10","answer":"t"}`),
        "body.data.studentId",
        /cannot contain U\+202E \(a bidi control\)/,
      ],
      ["", "body", /is required/],
      // Regression: a missing `type` (a literal) said `Invalid input: expected "submission.created"`.
      [
        `{"data":{"submissionId":"s11","studentId":"st11","answer":"u"}}`,
        "body.type",
        /^body\.type: is required$/,
      ],
    ];
    for (const [body, path, message] of refusals) {
      const refused = await sendEvent(test, integration, body);
      expect(refused.statusCode, String(body)).toBe(400);
      expect(refused.json().error.code).toBe("invalid_request");
      expect(refused.json().error.details[0].path, String(body)).toBe(path);
      expect(refused.json().error.message, String(body)).toMatch(message);
    }
    // An answer over the limit names the field as the rules above do (it said `answer`).
    const tooLong = await sendEvent(
      test,
      integration,
      event(`{"submissionId":"s12","studentId":"st12","answer":"${"x".repeat(20_001)}"}`),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({
      code: "answer_too_long",
      message: "body.data.answer: is 20001 characters long; the limit is 20000.",
      details: [{ path: "body.data.answer" }],
    });
    // The signature is still checked first, on the bytes as they came: a forged bad body is a 401.
    const forged = await sendEvent(test, integration, refusals[0]![0], {
      signature: `v1,${Buffer.alloc(32, 1).toString("base64")}`,
    });
    expect(forged.statusCode).toBe(401);
    expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);

    const withBom = await sendEvent(
      test,
      integration,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(event(`{"submissionId":"s9","studentId":"st9","answer":"${goodAnswer("bom")}"}`)),
      ]),
    );
    expect(withBom.statusCode, withBom.body).toBe(202);
    const stored = (await call("GET", "/v1/submissions")).json().submissions as { studentId: string }[];
    expect(stored.map((submission) => submission.studentId)).toEqual(["st9"]);
  });
});

describe("inbound attempt numbers", () => {
  it("are whole numbers from 1, whether sent as a number or as its digits, and nothing else is stored", async () => {
    // Regression: `"attempt": 0` was refused but `"attempt": "0"` was stored as attempt 0, and a string
    // that was no number answered only "Invalid input".
    await start({}, undefined, false);
    const integration = await connect();
    const message = "must be a whole number from 1 to 1000000 (a number, or its decimal digits as a string)";
    for (const attempt of [0, "0", "000", -1, "-1", 1.5, "1.5", "1e3", " 2", "", "x", 1_000_001, "1000001"]) {
      const refused = await sendEvent(test, integration, {
        submissionId: "s-attempt",
        studentId: "st-1",
        attempt,
        answer: goodAnswer("attempt"),
      });
      expect(refused.statusCode, JSON.stringify(attempt)).toBe(400);
      expect(refused.json().error.details, JSON.stringify(attempt)).toEqual([
        { path: "body.data.attempt", message },
      ]);
    }
    expect((await call("GET", "/v1/submissions")).json().submissions).toEqual([]);
    for (const [submissionId, attempt] of [
      ["s-number", 3],
      ["s-digits", "3"],
      ["s-zeros", "003"],
    ] as const) {
      const accepted = await sendEvent(test, integration, {
        submissionId,
        studentId: "st-1",
        attempt,
        answer: goodAnswer(submissionId),
      });
      expect(accepted.statusCode, accepted.body).toBe(202);
    }
    const stored = (await call("GET", "/v1/submissions")).json().submissions as { attempt: number }[];
    expect(stored.map((submission) => submission.attempt)).toEqual([3, 3, 3]);
  });
});

describe("passback", () => {
  it("sends a signed grade.completed callback, webhook-id = grade id and version", async () => {
    await start();
    const integration = await connect();
    const sent = await sendEvent(test, integration, {
      submissionId: "sub-e2e",
      studentId: "st-e2e",
      assignmentId: "hw-1",
      answer: goodAnswer("e2e"),
    });
    const view = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    expect(receiver.received).toHaveLength(1);
    const { messageId, body } = verifiedCallback(0, integration.secret);
    expect(messageId).toBe(`${view.grade.id}.v1`);
    expect(body).toMatchObject({
      type: "grade.completed",
      data: {
        submissionId: "sub-e2e",
        studentId: "st-e2e",
        assignmentId: "hw-1",
        attempt: 1,
        gradeId: view.grade.id,
        gradeVersion: 1,
        status: "graded",
        totalPoints: 3,
        maxPoints: 4,
        feedback: "Feedback for the student.",
        criteria: [
          { criterionId: "inputs", points: 2, maxPoints: 2 },
          { criterionId: "outputs", points: 1, maxPoints: 2 },
        ],
      },
    });
    expect(view.grade).toMatchObject({ submissionId: "sub-e2e", studentId: "st-e2e", status: "graded" });
    expect(view.passback.deliveries).toEqual([
      expect.objectContaining({
        messageId,
        status: "delivered",
        attempts: 1,
        history: [expect.objectContaining({ httpStatus: 200, outcome: "delivered" })],
      }),
    ]);
    expect(receiver.received[0]!.headers["content-type"]).toBe("application/json");
  });

  it("retries a 500, a 408 and a 503 until a 200, waits what a 429 asks, and sends the same webhook-id each time", async () => {
    await start();
    const integration = await connect();
    receiver.enqueue(
      { status: 500 },
      { status: 408 },
      { status: 503 },
      { status: 429, headers: { "retry-after": "1" } },
    );
    const sent = await sendEvent(test, integration, {
      submissionId: "s",
      studentId: "t",
      answer: goodAnswer(5),
    });
    const view = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    const history = view.passback.deliveries[0].history as {
      at: string;
      httpStatus: number;
      outcome: string;
    }[];
    expect(history.map((attempt) => [attempt.httpStatus, attempt.outcome])).toEqual([
      [500, "retry"],
      [408, "retry"],
      [503, "retry"],
      [429, "retry"],
      [200, "delivered"],
    ]);
    // Retry-After: 1 was honoured (the backoff alone is at most 100 ms here).
    expect(Date.parse(history[4]!.at) - Date.parse(history[3]!.at)).toBeGreaterThanOrEqual(990);
    expect(new Set(receiver.received.map((callback) => callback.headers["webhook-id"])).size).toBe(1);
    for (let index = 0; index < 5; index++) verifiedCallback(index, integration.secret);
  });

  it("waits at least its backoff when a receiver asks for no wait (Retry-After 0 or a date past)", async () => {
    // Regression: `Retry-After: 0` (or an HTTP date already past) made the next attempt due at once, so a
    // receiver answering 503 so during an outage used up every attempt within a second and the delivery was
    // dead, instead of being retried with backoff for about a day.
    await start({}, undefined, true, {
      integrationTimings: { idlePollMs: 20, baseBackoffMs: 60_000, maxBackoffMs: 60_000 },
    });
    const integration = await connect();
    for (const retryAfter of ["0", "Wed, 21 Oct 2015 07:28:00 GMT"]) {
      receiver.received.length = 0;
      receiver.fallback = { status: 503, headers: { "retry-after": retryAfter } };
      const sent = await sendEvent(test, integration, {
        submissionId: `outage-${retryAfter.length}`,
        studentId: "t",
        answer: goodAnswer(`outage ${retryAfter}`),
      });
      const pending = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "pending");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(1);
      const [delivery] = (await call("GET", `/v1/submissions/${sent.json().submissionId}`)).json().passback
        .deliveries;
      expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
      // The backoff's first wait is 30 to 60 s here.
      expect(
        Date.parse(delivery.nextAttemptAt) - Date.parse(pending.passback.deliveries[0].history[0].at),
      ).toBeGreaterThanOrEqual(29_000);
    }
  });

  it("sends nothing for a passed-back grade reopened for review until a teacher approves it again", async () => {
    await start();
    const integration = await connect();
    const sent = await sendEvent(test, integration, {
      submissionId: "reopened",
      studentId: "t",
      answer: goodAnswer("reopened"),
    });
    const submissionId = sent.json().submissionId as string;
    const delivered = await waitForPassback(test, bootstrapKey, submissionId, "delivered");
    const gradeId = delivered.grade.id as string;
    const reopened = await call("POST", `/v1/grades/${gradeId}/reopen`, {
      reviewer: "Ms Rivera",
      reason: "the student asked for a second look",
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    const approved = await call("POST", `/v1/grades/${gradeId}/approve`, { reviewer: "Ms Rivera" });
    expect(approved.statusCode, approved.body).toBe(200);
    await eventually(() => Promise.resolve(expect(receiver.received).toHaveLength(2)));
    const versions = [0, 1].map((index) => verifiedCallback(index, integration.secret).body.data);
    expect(versions.map((data) => data.status)).toEqual(["graded", "graded"]);
    expect(versions[1].gradeVersion).toBe(approved.json().version);
    expect(versions[1].gradeVersion).toBeGreaterThan(versions[0].gradeVersion);
  });

  it("does not retry a 400: the delivery is dead until retried by hand", async () => {
    await start();
    const integration = await connect();
    receiver.enqueue({ status: 400 });
    const sent = await sendEvent(test, integration, {
      submissionId: "s",
      studentId: "t",
      answer: goodAnswer(6),
    });
    const id = sent.json().submissionId as string;
    const dead = await waitForPassback(test, bootstrapKey, id, "dead");
    expect(dead.passback.deliveries[0]).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining("400"),
      nextAttemptAt: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);

    const retried = await call("POST", `/v1/submissions/${id}/passback`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().requeued).toBe(1);
    const delivered = await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(delivered.passback.deliveries[0].history).toHaveLength(2);
    expect(receiver.received).toHaveLength(2);
    expect((await call("POST", `/v1/submissions/${id}/passback`)).json().requeued).toBe(0);
  });

  it("while disabled, has no delivery due: the runner waits instead of polling every 10 ms", async () => {
    await start();
    const integration = await connect();
    receiver.fallback = { status: 503, headers: { "retry-after": "1" } };
    const sent = await sendEvent(test, integration, {
      submissionId: "s",
      studentId: "t",
      answer: goodAnswer(9),
    });
    await waitForPassback(test, bootstrapKey, sent.json().submissionId, "pending");
    const queue = test.storage.integrationQueue;
    expect(await queue.nextDeliveryDueAt()).toBeInstanceOf(Date);
    // Regression: the due time counted the disabled integration's overdue delivery, which claims skip,
    // so the runner's idle wait was its 10 ms floor for as long as the integration stayed disabled.
    expect((await call("PATCH", `/v1/integrations/${integration.id}`, { enabled: false })).statusCode).toBe(
      200,
    );
    expect(await queue.nextDeliveryDueAt()).toBeUndefined();
    const attempts = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(receiver.received).toHaveLength(attempts);
    receiver.fallback = { status: 200 };
    expect((await call("PATCH", `/v1/integrations/${integration.id}`, { enabled: true })).statusCode).toBe(
      200,
    );
    expect(await queue.nextDeliveryDueAt()).toBeInstanceOf(Date);
    await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
  });

  it("counts every passback attempt's outcome in /metrics, so a dead one can raise an alert", async () => {
    // Regression: a passback given up (dead) showed only in its submission's status; nothing an operator's
    // monitoring could watch counted it.
    await start();
    const integration = await connect();
    receiver.enqueue({ status: 503 });
    receiver.enqueue({ status: 400 });
    const sent = await sendEvent(test, integration, {
      submissionId: "m",
      studentId: "t",
      answer: goodAnswer(7),
    });
    const id = sent.json().submissionId as string;
    await waitForPassback(test, bootstrapKey, id, "dead");
    const passbacks = async () => {
      const scraped = await test.app.inject({ method: "GET", url: "/metrics" });
      expect(scraped.statusCode).toBe(200);
      return Object.fromEntries(
        [...scraped.body.matchAll(/^grader_passbacks_total\{outcome="(\w+)"\} (\d+)$/gm)].map((match) => [
          match[1],
          Number(match[2]),
        ]),
      );
    };
    expect(await passbacks()).toEqual({ retry: 1, dead: 1 });
    expect((await call("POST", `/v1/submissions/${id}/passback`)).statusCode).toBe(200);
    await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(await passbacks()).toEqual({ retry: 1, dead: 1, delivered: 1 });
  });

  it("retries a dead delivery by hand to the callback URL the integration has now", async () => {
    // Regression: the URL was fixed on the delivery when the grade was released, so after an admin
    // corrected a wrong callback URL, the retry went to the old one again.
    await start();
    const integration = await connect();
    receiver.fallback = { status: 404 };
    const sent = await sendEvent(test, integration, {
      submissionId: "s",
      studentId: "t",
      answer: goodAnswer(8),
    });
    const id = sent.json().submissionId as string;
    await waitForPassback(test, bootstrapKey, id, "dead");
    const corrected = await startCallbackReceiver();
    try {
      const patched = await call("PATCH", `/v1/integrations/${integration.id}`, {
        callbackUrl: corrected.url,
      });
      expect(patched.statusCode).toBe(200);
      expect((await call("POST", `/v1/submissions/${id}/passback`)).json().requeued).toBe(1);
      const delivered = await waitForPassback(test, bootstrapKey, id, "delivered");
      expect(delivered.passback.deliveries[0].target).toMatchObject({ url: corrected.url });
      expect(corrected.received).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await corrected.close();
    }
  });

  it("tries again by hand a submission that could not be queued, once its rubric takes grades again", async () => {
    // Regression: accepted with 202, failed because its rubric was archived before it was queued, and
    // then nothing could bring it back: resends were duplicates, and `…/fetch` said there was nothing to fetch.
    await start({}, undefined, false);
    const integration = await connect();
    const sent = await sendEvent(test, integration, {
      submissionId: "s",
      studentId: "t",
      answer: goodAnswer(7),
    });
    expect(sent.statusCode).toBe(202);
    const id = sent.json().submissionId as string;
    expect((await call("POST", `/v1/rubrics/${scienceRubric.id}/archive`)).statusCode).toBe(204);
    startRunners(test);
    await eventually(async () => {
      const view = (await call("GET", `/v1/submissions/${id}`)).json();
      expect(view.status).toBe("failed");
      expect(view.error).toMatch(/archived/);
    });
    const tooEarly = await call("POST", `/v1/submissions/${id}/fetch`);
    expect(tooEarly.statusCode).toBe(200);
    await eventually(async () =>
      expect((await call("GET", `/v1/submissions/${id}`)).json().status).toBe("failed"),
    );
    expect((await call("POST", `/v1/rubrics/${scienceRubric.id}/unarchive`)).statusCode).toBe(204);
    expect((await call("POST", `/v1/submissions/${id}/fetch`)).statusCode).toBe(200);
    const delivered = await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(delivered.status).toBe("graded");
    expect(receiver.received).toHaveLength(1);
    // A graded submission is not tried again.
    expect((await call("POST", `/v1/submissions/${id}/fetch`)).statusCode).toBe(409);
  });

  it("dead-letters after GRADER_OUTBOX_MAX_ATTEMPTS, and retries a slow receiver after the timeout", async () => {
    await start({ GRADER_OUTBOX_MAX_ATTEMPTS: "3" });
    const integration = await connect();
    receiver.enqueue({ status: 502 }, { status: 502 }, { status: 502 });
    const failing = await sendEvent(test, integration, {
      submissionId: "f",
      studentId: "t",
      answer: goodAnswer(7),
    });
    const dead = await waitForPassback(test, bootstrapKey, failing.json().submissionId, "dead");
    expect(dead.passback.deliveries[0]).toMatchObject({
      attempts: 3,
      lastError: expect.stringContaining("502"),
    });

    receiver.enqueue({ status: 200, delayMs: 1_500 });
    const slow = await sendEvent(test, integration, {
      submissionId: "slow",
      studentId: "t",
      answer: goodAnswer(8),
    });
    const delivered = await waitForPassback(test, bootstrapKey, slow.json().submissionId, "delivered");
    const history = delivered.passback.deliveries[0].history;
    expect(history[0]).toMatchObject({
      httpStatus: null,
      outcome: "retry",
      error: expect.stringContaining("no answer within"),
    });
    expect(history.at(-1)).toMatchObject({ httpStatus: 200, outcome: "delivered" });
  });

  it("retries a network error with backoff until the last attempt, then dead-letters it", async () => {
    await start({ GRADER_OUTBOX_MAX_ATTEMPTS: "3" });
    // A loopback port nothing listens on: every attempt is refused by the network.
    const closed = await startCallbackReceiver();
    const closedUrl = closed.url;
    await closed.close();
    const integration = await connect({ callbackUrl: closedUrl });
    const sent = await sendEvent(test, integration, {
      submissionId: "n",
      studentId: "t",
      answer: goodAnswer(11),
    });
    const dead = await waitForPassback(test, bootstrapKey, sent.json().submissionId, "dead");
    const history = dead.passback.deliveries[0].history as { httpStatus: number | null; outcome: string }[];
    expect(history.map((attempt) => [attempt.httpStatus, attempt.outcome])).toEqual([
      [null, "retry"],
      [null, "retry"],
      [null, "dead"],
    ]);
    expect(dead.passback.deliveries[0].lastError).toMatch(
      /network error \(ECONNREFUSED\) \(after 3 attempts\)/,
    );
  });

  it("holds a grade that needs review until a teacher approves it, then sends each change as a new version", async () => {
    await start();
    const integration = await connect();
    const sent = await sendEvent(test, integration, {
      submissionId: "r",
      studentId: "t",
      answer: doubtfulAnswer,
    });
    const id = sent.json().submissionId as string;
    const held = await eventually(async () => {
      const view = (await call("GET", `/v1/submissions/${id}`)).json();
      expect(view.status).toBe("needs_review");
      return view;
    });
    expect(held.passback.status).toBe("held");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(0);

    const gradeId = held.grade.id as string;
    const approved = await call("POST", `/v1/grades/${gradeId}/approve`, { reviewer: "Ms Lee" });
    expect(approved.statusCode, approved.body).toBe(200);
    await eventually(() => Promise.resolve(expect(receiver.received).toHaveLength(1)));
    const first = verifiedCallback(0, integration.secret);
    expect(first.messageId).toBe(`${gradeId}.v2`);
    expect(first.body.data).toMatchObject({ status: "graded", gradeVersion: 2 });

    const changed = await call("PATCH", `/v1/grades/${gradeId}`, {
      reviewer: "Ms Lee",
      reason: "Names oxygen after all",
      criteria: [{ criterionId: "outputs", points: 2 }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await eventually(() => Promise.resolve(expect(receiver.received).toHaveLength(2)));
    const second = verifiedCallback(1, integration.secret);
    expect(second.messageId).toBe(`${gradeId}.v3`);
    expect(second.body.data).toMatchObject({
      gradeVersion: 3,
      totalPoints: held.grade.criteria[0].points + 2,
    });
    const view = await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(view.passback.releasedVersion).toBe(3);
    expect(
      view.passback.deliveries.map((delivery: { gradeVersion: number }) => delivery.gradeVersion),
    ).toEqual([2, 3]);
  });

  it("sends a grade that needs review at once when the integration does not hold", async () => {
    await start();
    const integration = await connect({ holdForReview: false });
    const sent = await sendEvent(test, integration, {
      submissionId: "r",
      studentId: "t",
      answer: doubtfulAnswer,
    });
    await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    const { body } = verifiedCallback(0, integration.secret);
    expect(body.data.status).toBe("needs_review");
  });

  it("forgets a student on erasure: their submissions lose the id and the answer, their callbacks go", async () => {
    await start();
    const integration = await connect();
    const sent = await sendEvent(test, integration, {
      submissionId: "e",
      studentId: "erase-me",
      answer: goodAnswer(10),
    });
    const id = sent.json().submissionId as string;
    await waitForPassback(test, bootstrapKey, id, "delivered");
    expect((await call("DELETE", "/v1/students/erase-me")).statusCode).toBe(200);
    const view = (await call("GET", `/v1/submissions/${id}`)).json();
    expect(view).toMatchObject({ studentId: null, grade: null, passback: { deliveries: [] } });
    expect(JSON.stringify(view)).not.toContain("erase-me");
  });

  it("signs callbacks with the old and the new secret during a rotation's grace period", async () => {
    await start();
    const integration = await connect();
    const rotation = await call("POST", `/v1/integrations/${integration.id}/rotate-secret`, {});
    expect(rotation.statusCode, rotation.body).toBe(200);
    const rotated = rotation.json();
    const sent = await sendEvent(test, integration, {
      submissionId: "k",
      studentId: "t",
      answer: goodAnswer(9),
    });
    await waitForPassback(test, bootstrapKey, sent.json().submissionId, "delivered");
    verifiedCallback(0, integration.secret);
    verifiedCallback(0, rotated.secret as string);
    expect(logLines.join("\n")).not.toContain((rotated.secret as string).slice(6));
    expect(logLines.join("\n")).not.toContain(integration.secret.slice(6));
  });

  it("shows a teacher a callback's origin only: its path and query may hold the receiver's secret", async () => {
    // Regression: integrations are for admins, but GET /v1/submissions/:id showed a teacher every
    // delivery's target with the whole callback URL, secrets in its path or query included.
    await start();
    const callbackUrl = `${receiver.url}/T0/B0/path-secret-123?code=query-secret-456`;
    const integration = await connect({ callbackUrl });
    const sent = await sendEvent(test, integration, {
      submissionId: "o",
      studentId: "t",
      answer: goodAnswer(7),
    });
    const id = sent.json().submissionId as string;
    const admin = await waitForPassback(test, bootstrapKey, id, "delivered");
    expect(admin.passback.deliveries[0].target).toEqual({ kind: "webhook", url: callbackUrl });
    const created = await call("POST", "/v1/keys", { name: "Ms Rivera", role: "teacher" });
    const teacher = await test.app.inject({
      method: "GET",
      url: `/v1/submissions/${id}`,
      headers: { authorization: `Bearer ${created.json().key as string}` },
    });
    expect(teacher.statusCode).toBe(200);
    expect(teacher.json().passback.deliveries[0].target).toEqual({
      kind: "webhook",
      url: new URL(callbackUrl).origin,
    });
    expect(teacher.body).not.toContain("path-secret-123");
    expect(teacher.body).not.toContain("query-secret-456");
  });
});

describe("GET /v1/submissions", () => {
  function as(key: string, url: string) {
    return test.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${key}` } });
  }

  it("lists submissions newest first with filters and cursors, confined to the school and to staff", async () => {
    await start();
    const portal = await connect({ holdForReview: true });
    receiver.enqueue({ status: 400 });
    const other = await connect({ name: "Other portal", callbackUrl: null });
    const ids: string[] = [];
    // Two of portal's three grades need review (held); the first is graded and its callback gets a 400.
    const answers = [goodAnswer(1), doubtfulAnswer, `${doubtfulAnswer} Really.`];
    for (const [index, answer] of answers.entries()) {
      const sent = await sendEvent(test, portal, {
        submissionId: `p${index}`,
        studentId: `s${index}`,
        answer,
      });
      ids.push(sent.json().submissionId as string);
    }
    const otherSent = await sendEvent(test, other, {
      submissionId: "o1",
      studentId: "s0",
      answer: goodAnswer(9),
    });
    ids.push(otherSent.json().submissionId as string);
    await waitForPassback(test, bootstrapKey, ids[0]!, "dead");
    for (const id of ids.slice(1, 3)) await waitForPassback(test, bootstrapKey, id, "held");
    await waitForPassback(test, bootstrapKey, ids[3]!, "none");

    const all = await call("GET", "/v1/submissions");
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().submissions.map((entry: { id: string }) => entry.id)).toEqual([...ids].reverse());
    expect(all.json().next).toBeNull();
    const first = all.json().submissions.at(-1);
    expect(first).toMatchObject({
      id: ids[0],
      integrationId: portal.id,
      submissionId: "p0",
      studentId: "s0",
      status: "graded",
      passback: { status: "dead", releasedVersion: 1 },
    });
    expect(first.gradeId).toMatch(/^grd_/);
    expect(first).not.toHaveProperty("grade");
    expect(first).not.toHaveProperty("answer");

    const ids_ = (response: { json(): { submissions: { id: string }[] } }) =>
      response.json().submissions.map((entry) => entry.id);
    expect(ids_(await call("GET", `/v1/submissions?integrationId=${other.id}`))).toEqual([ids[3]]);
    expect(ids_(await call("GET", "/v1/submissions?status=needs_review"))).toEqual([ids[2], ids[1]]);
    expect(ids_(await call("GET", "/v1/submissions?passbackStatus=held"))).toEqual([ids[2], ids[1]]);
    expect(ids_(await call("GET", "/v1/submissions?passbackStatus=dead"))).toEqual([ids[0]]);
    // Regression: a passback a later grade replaced was `dead` too, with no filter of its own (400).
    const superseded = await call("GET", "/v1/submissions?passbackStatus=superseded");
    expect(superseded.statusCode, superseded.body).toBe(200);
    expect(ids_(superseded)).toEqual([]);

    // Regression: an integration said nothing of its passbacks; an admin had to list submissions to find
    // the one given up. It counts them by state now, on its own page and in the list.
    const portalView = await call("GET", `/v1/integrations/${portal.id}`);
    expect(portalView.statusCode, portalView.body).toBe(200);
    expect(portalView.json().deliveryCounts).toEqual({
      pending: 0,
      delivering: 0,
      delivered: 0,
      dead: 1,
      superseded: 0,
      scoreMismatch: 0,
    });
    const listedIntegrations = (await call("GET", "/v1/integrations")).json().integrations as {
      id: string;
      deliveryCounts: Record<string, number>;
    }[];
    expect(
      Object.fromEntries(listedIntegrations.map((entry) => [entry.id, entry.deliveryCounts.dead])),
    ).toEqual({ [portal.id]: 1, [other.id]: 0 });
    expect(ids_(await call("GET", "/v1/submissions?studentId=s0"))).toEqual([ids[3], ids[0]]);
    expect(ids_(await call("GET", `/v1/submissions?studentId=s0&integrationId=${portal.id}`))).toEqual([
      ids[0],
    ]);
    expect(ids_(await call("GET", "/v1/submissions?status=failed"))).toEqual([]);

    // Pages of two, through the cursor, with the same filter.
    const page1 = await call("GET", `/v1/submissions?limit=2&integrationId=${portal.id}`);
    expect(ids_(page1)).toEqual([ids[2], ids[1]]);
    const next = page1.json().next as string;
    const page2 = await call("GET", `/v1/submissions?limit=2&integrationId=${portal.id}&cursor=${next}`);
    expect(ids_(page2)).toEqual([ids[0]]);
    expect(page2.json().next).toBeNull();

    // Unknown parameters, values and cursors are refused, naming the field.
    for (const [query, field] of [
      ["status=done", "status"],
      ["passbackStatus=sent", "passbackStatus"],
      ["cursor=not-a-cursor", "cursor"],
      ["rubricId=x", "rubricId"],
      // Regression: an integrationId no integration can have answered 200 with an empty list.
      ["integrationId=portal", "integrationId"],
    ] as const) {
      const refused = await call("GET", `/v1/submissions?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().error.code).toBe("invalid_request");
      expect(refused.json().error.message).toContain(field);
    }
    expect((await call("GET", "/v1/submissions?integrationId=portal")).json().error.details).toEqual([
      { path: "querystring.integrationId", message: "must be an integration id (`int_…`)" },
    ]);
    // Well-formed, of no integration: an empty list.
    const none = await call("GET", `/v1/submissions?integrationId=int_${"0".repeat(26)}`);
    expect(none.statusCode).toBe(200);
    expect(none.json().submissions).toEqual([]);
    // In upper case too: well-formed, and no integration's (ids are lower case), as in a path.
    const upper = await call("GET", "/v1/submissions?integrationId=INT_1");
    expect(upper.statusCode, upper.body).toBe(200);
    expect(upper.json().submissions).toEqual([]);

    // A teacher sees the school's submissions; a service key may not list them; another school sees none.
    const teacher = await call("POST", "/v1/keys", { name: "Ms Lee", role: "teacher" });
    const service = await call("POST", "/v1/keys", { name: "Portal", role: "service" });
    expect(ids_(await as(teacher.json().key, "/v1/submissions"))).toHaveLength(4);
    expect((await as(service.json().key, "/v1/submissions")).statusCode).toBe(403);
    const tenant = await call("POST", "/v1/tenants", { id: "other-school", name: "Other school" });
    expect(tenant.statusCode, tenant.body).toBe(201);
    const otherSchool = tenant.json().adminKey.key as string;
    expect(ids_(await as(otherSchool, "/v1/submissions"))).toEqual([]);
    expect(ids_(await as(otherSchool, `/v1/submissions?integrationId=${portal.id}`))).toEqual([]);
  });
});

describe("inbound webhook ids", () => {
  it("are remembered for GRADER_WEBHOOK_ID_RETENTION_HOURS, then pruned", async () => {
    let now = Date.now();
    await start(
      { GRADER_WEBHOOK_ID_RETENTION_HOURS: "1" },
      { now: () => new Date(now), sleep: (ms, signal) => systemClock.sleep(ms, signal) },
    );
    const integration = await connect({ callbackUrl: null });
    const seconds = () => Math.floor(now / 1000);
    const send = (messageId: string, submissionId: string) =>
      sendEvent(
        test,
        integration,
        { submissionId, studentId: "s", answer: goodAnswer(submissionId) },
        { messageId, timestamp: seconds() },
      );
    expect((await send("old", "a")).statusCode).toBe(202);
    now += 40 * 60 * 1000;
    expect((await send("recent", "b")).statusCode).toBe(202);
    // Within the window a webhook-id is a duplicate, whatever its body says.
    expect((await send("old", "c")).json().outcome).toBe("duplicate");

    now += 30 * 60 * 1000;
    expect(await test.runtime.pruneWebhookMessages()).toBe(1);
    expect((await send("recent", "d")).json().outcome).toBe("duplicate");
    // Pruned: the id is new again (a sender's retry comes long before this).
    const reused = await send("old", "e");
    expect(reused.statusCode).toBe(202);
    expect(reused.json().outcome).toBe("accepted");
    // A submission and attempt seen before is still a duplicate without its webhook-id.
    expect((await send("old-again", "a")).json().outcome).toBe("duplicate");
  });

  it("refuse a retention no longer than the replay tolerance", () => {
    expect(() => loadConfig({ GRADER_WEBHOOK_ID_RETENTION_HOURS: "0" })).toThrow(
      /GRADER_WEBHOOK_ID_RETENTION_HOURS/,
    );
  });
});
