import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loggerOptions } from "../../src/lib/logger.js";
import type { Clock } from "../../src/lib/clock.js";
import { integrationEnv, sendEvent } from "../helpers/integration-fixtures.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Regression (security review): wrong API keys were answered 401 without limit, so a bootstrap key of 16
 * characters could be guessed online at the speed of the network. Past 20 wrong keys within a minute from one
 * address, that address is answered 429 `too_many_failed_attempts` with Retry-After, whatever key it sends,
 * until the minute ends; other addresses are not affected, and the refusal is logged without the key.
 */
const bootstrapKey = "bootstrap-key-0123456789abcdef";
const attacker = "203.0.113.7";
const teacher = "198.51.100.20";

let test: TestApp;
/** Milliseconds the test has moved the clock on. */
let elapsedMs: number;
/** The test clock's time, in Unix seconds (events must be dated by it). */
let nowSeconds: () => number;
let lines: string[];
afterEach(() => test.close());

async function start(env: Record<string, string> = {}) {
  const manual = createManualClock();
  elapsedMs = 0;
  const clock: Clock = {
    now: () => new Date(manual.nowMs + elapsedMs),
    sleep: (ms, signal) => manual.sleep(ms, signal),
  };
  nowSeconds = () => Math.floor((manual.nowMs + elapsedMs) / 1000);
  lines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...env },
    dependencies: { clock, logger: pino(loggerOptions("warn"), stream) },
  });
}

const listRubrics = (key: string, remoteAddress: string) =>
  test.app.inject({
    method: "GET",
    url: "/v1/rubrics",
    headers: { authorization: `Bearer ${key}` },
    remoteAddress,
  });

describe("wrong API keys from one address", () => {
  it("are refused with 429 and Retry-After after 20 in a minute, the right key too, other addresses not", async () => {
    await start();
    for (let guess = 0; guess < 20; guess++) {
      const wrong = await listRubrics(`bootstrap-key-guess-${guess}`, attacker);
      expect(wrong.statusCode).toBe(401);
    }
    elapsedMs = 15_000;

    const refused = await listRubrics(`bootstrap-key-guess-21`, attacker);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error.code).toBe("too_many_failed_attempts");
    expect(refused.headers["retry-after"]).toBe("45");
    // The right key is refused too: otherwise the answer would tell a right guess from a wrong one.
    const right = await listRubrics(bootstrapKey, attacker);
    expect(right.statusCode).toBe(429);

    // Another address is not locked out, nor slowed.
    expect((await listRubrics(bootstrapKey, teacher)).statusCode).toBe(200);
    expect((await listRubrics("not-the-key-at-all-000", teacher)).statusCode).toBe(401);

    const warning = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => String(entry.msg).includes("too many wrong API keys"));
    expect(warning).toMatchObject({ level: 40, address: attacker, retryAfterSeconds: 45 });
    expect(lines.join("\n")).not.toContain("bootstrap-key-guess");
    expect(lines.join("\n")).not.toContain(bootstrapKey);

    // Once the minute has passed, the address may try again.
    elapsedMs = 60_000;
    expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(200);
  });

  it("a request without a key, or with the right one, does not count", async () => {
    await start();
    for (let request = 0; request < 30; request++) {
      expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(200);
      const keyless = await test.app.inject({ method: "GET", url: "/v1/rubrics", remoteAddress: attacker });
      expect(keyless.statusCode).toBe(401);
    }
    expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(200);
  });

  it("sent all at once, are checked no more than 20 times: the rest are refused before their check", async () => {
    // Regression: each wrong key was counted only once its check ended, so 100 sent at once were all
    // checked (a right one among them would have been let in) where 20 may be.
    await start();
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, guess) => listRubrics(`wrong-key-${guess}-0123456789abcdef`, attacker)),
    );
    const statuses = guesses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(80);
    expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(429);
    expect((await listRubrics(bootstrapKey, teacher)).statusCode).toBe(200);
  });

  it("do not hold back right keys sent all at once: many stored keys checked together all get in", async () => {
    await start();
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/keys",
      headers: { authorization: `Bearer ${bootstrapKey}` },
      payload: { name: "LMS bridge", role: "teacher" },
    });
    expect(created.statusCode).toBe(201);
    const stored = created.json().key as string;
    const requests = await Promise.all(Array.from({ length: 60 }, () => listRubrics(stored, teacher)));
    expect(requests.map((response) => response.statusCode)).toEqual(Array(60).fill(200));
  });

  describe("behind a reverse proxy", () => {
    const proxy = "10.0.0.2";
    const throughProxy = (key: string, client: string) =>
      test.app.inject({
        method: "GET",
        url: "/v1/rubrics",
        headers: { authorization: `Bearer ${key}`, "x-forwarded-for": client },
        remoteAddress: proxy,
      });

    it("counts each client the trusted proxy names, so one guesser does not lock out the school", async () => {
      await start({ GRADER_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" });
      for (let guess = 0; guess < 20; guess++) {
        expect((await throughProxy(`bootstrap-key-guess-${guess}`, attacker)).statusCode).toBe(401);
      }
      expect((await throughProxy(bootstrapKey, attacker)).statusCode).toBe(429);
      // Another client behind the same proxy.
      expect((await throughProxy(bootstrapKey, teacher)).statusCode).toBe(200);
    });

    it("believes no X-Forwarded-For unless its sender is a trusted proxy: a guesser cannot pose as many", async () => {
      await start();
      for (let guess = 0; guess < 20; guess++) {
        const posing = await throughProxy(`bootstrap-key-guess-${guess}`, `192.0.2.${guess + 1}`);
        expect(posing.statusCode).toBe(401);
      }
      expect((await throughProxy(bootstrapKey, "192.0.2.99")).statusCode).toBe(429);
    });
  });
});

/**
 * Regression (security review): the limit covered only the API keys of /v1. The metrics token and what
 * proves an inbound event's sender (a Standard Webhooks signature, a Moodle token, a Canvas URL token)
 * could be guessed without limit.
 */
describe("wrong metrics tokens from one address", () => {
  const metricsToken = "metrics-token-0123456789abcdef";
  const scrape = (token: string, remoteAddress: string) =>
    test.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${token}` },
      remoteAddress,
    });

  it("count as wrong keys: after 20 in a minute the address is refused with 429 and Retry-After, the right token too", async () => {
    await start({ GRADER_METRICS_TOKEN: metricsToken });
    for (let guess = 0; guess < 20; guess++) {
      expect((await scrape(`metrics-token-guess-${guess}`, attacker)).statusCode).toBe(401);
    }
    elapsedMs = 20_000;
    const refused = await scrape(metricsToken, attacker);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error.code).toBe("too_many_failed_attempts");
    expect(refused.headers["retry-after"]).toBe("40");
    // One window for API keys and the metrics token: the API refuses the address too.
    expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(429);
    // Another address scrapes as before; a scrape without a token does not count.
    expect((await scrape(metricsToken, teacher)).statusCode).toBe(200);
    for (let request = 0; request < 25; request++) {
      const keyless = await test.app.inject({ method: "GET", url: "/metrics", remoteAddress: teacher });
      expect(keyless.statusCode).toBe(401);
    }
    expect((await scrape(metricsToken, teacher)).statusCode).toBe(200);
    expect(lines.join("\n")).not.toContain("metrics-token-");

    elapsedMs = 60_000;
    expect((await scrape(metricsToken, attacker)).statusCode).toBe(200);
  });

  it("and wrong API keys share one count", async () => {
    await start({ GRADER_METRICS_TOKEN: metricsToken });
    for (let guess = 0; guess < 10; guess++) {
      expect((await listRubrics(`bootstrap-key-guess-${guess}`, attacker)).statusCode).toBe(401);
      expect((await scrape(`metrics-token-guess-${guess}`, attacker)).statusCode).toBe(401);
    }
    expect((await scrape(metricsToken, attacker)).statusCode).toBe(429);
  });
});

describe("inbound events that do not prove their sender, from one address", () => {
  const webhookToken = "moodle-shared-token-0123";

  async function startWithIntegrations() {
    await start(integrationEnv);
    const admin = (method: "POST", url: string, payload: object) =>
      test.app.inject({ method, url, headers: { authorization: `Bearer ${bootstrapKey}` }, payload });
    expect((await admin("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const moodle = async () => {
      const created = await admin("POST", "/v1/integrations", {
        type: "moodle",
        name: "Moodle",
        assignments: { "42": { rubricId: scienceRubric.id } },
        lms: { url: "https://moodle.example.edu" },
        credentials: { token: "moodle-ws-token", webhookToken },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>();
    };
    const canvas = await admin("POST", "/v1/integrations", {
      type: "canvas",
      name: "Canvas",
      assignments: { "1234": { rubricId: scienceRubric.id, courseId: "567" } },
      lms: { url: "https://school.instructure.com" },
      credentials: { token: "canvas-token" },
    });
    expect(canvas.statusCode, canvas.body).toBe(201);
    const webhook = await admin("POST", "/v1/integrations", {
      type: "webhook",
      name: "Portal",
      defaultRubric: { rubricId: scienceRubric.id },
    });
    expect(webhook.statusCode, webhook.body).toBe(201);
    return {
      moodle: await moodle(),
      otherMoodle: await moodle(),
      canvas: canvas.json<{ id: string; liveEventsUrl: string }>(),
      webhook: webhook.json<{ id: string; secret: string }>(),
    };
  }

  let userId = 0;
  const moodlePost = (integrationId: string, token: string, remoteAddress: string) =>
    test.app.inject({
      method: "POST",
      url: `/v1/integrations/${integrationId}/events`,
      headers: { "content-type": "application/json" },
      remoteAddress,
      payload: JSON.stringify({
        eventname: "\\mod_assign\\event\\assessable_submitted",
        objectid: 101,
        contextinstanceid: "42",
        userid: ++userId,
        courseid: "2",
        timecreated: nowSeconds(),
        token,
      }),
    });

  it("are refused with 429 and Retry-After after 20 wrong Moodle tokens in a minute, the right token too", async () => {
    const { moodle, otherMoodle } = await startWithIntegrations();
    for (let guess = 0; guess < 20; guess++) {
      const wrong = await moodlePost(moodle.id, `guess-${guess}`, attacker);
      expect(wrong.statusCode, wrong.body).toBe(401);
    }
    elapsedMs = 30_000;
    const refused = await moodlePost(moodle.id, webhookToken, attacker);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error.code).toBe("too_many_failed_attempts");
    expect(refused.headers["retry-after"]).toBe("30");
    // The school's Moodle (another address) is not stopped, nor is another integration's sender at the
    // guesser's address (schools share senders' addresses: Instructure's, a hosting company's).
    expect((await moodlePost(moodle.id, webhookToken, teacher)).statusCode).toBe(202);
    expect((await moodlePost(otherMoodle.id, webhookToken, attacker)).statusCode).toBe(202);
    // Nor are API keys from that address.
    expect((await listRubrics(bootstrapKey, attacker)).statusCode).toBe(200);
    const warnings = lines.filter((line) => line.includes("did not prove their sender"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("guess-");

    elapsedMs = 60_000;
    expect((await moodlePost(moodle.id, webhookToken, attacker)).statusCode).toBe(202);
  });

  it("sent all at once, are checked no more than 20 times for one integration: the rest are refused before their check", async () => {
    // Regression: each wrong token was counted only once its check ended, so 60 posts sent at once were
    // all checked where 20 may be.
    const { moodle } = await startWithIntegrations();
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, guess) => moodlePost(moodle.id, `guess-${guess}`, attacker)),
    );
    const statuses = guesses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    // Right tokens sent at once from the school's own address all get in.
    const posts = await Promise.all(
      Array.from({ length: 30 }, () => moodlePost(moodle.id, webhookToken, teacher)),
    );
    expect(posts.map((response) => response.statusCode)).toEqual(Array(30).fill(202));
  });

  it("end the check of a post whose body is refused before it is read as an event", async () => {
    const { moodle } = await startWithIntegrations();
    for (let post = 0; post < 25; post++) {
      const refused = await test.app.inject({
        method: "POST",
        url: `/v1/integrations/${moodle.id}/events`,
        headers: { "content-type": "application/xml" },
        remoteAddress: teacher,
        payload: "<event/>",
      });
      expect(refused.statusCode).toBe(415);
    }
    // Had each kept its check, this one would wait for ever behind twenty of them.
    expect((await moodlePost(moodle.id, webhookToken, teacher)).statusCode).toBe(202);
  });

  it("do not lock out unguessable proofs: wrong Canvas URL tokens, wrong signatures and unknown ids are 401 each time", async () => {
    // A limit there protected nothing (256-bit secrets; ids are not secret) and let anyone sending from a
    // school's sender's addresses (Instructure's, for every Canvas) stop its correctly signed events.
    const { canvas, webhook } = await startWithIntegrations();
    const canvasEvent = JSON.stringify({
      metadata: { event_name: "submission_created" },
      body: { submission_id: "9", assignment_id: "1234", user_id: "77", attempt: 1 },
    });
    const canvasPost = (url: string) =>
      test.app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        remoteAddress: attacker,
        payload: canvasEvent,
      });
    for (let guess = 0; guess < 25; guess++) {
      const wrong = await canvasPost(`/v1/integrations/${canvas.id}/events?token=guess-${guess}`);
      expect(wrong.statusCode).toBe(401);
    }
    const right = await canvasPost(canvas.liveEventsUrl);
    expect(right.statusCode, right.body).toBe(202);

    const signed = (signature?: string) =>
      sendEvent(
        test,
        webhook,
        { submissionId: "s-1", studentId: "st-1", answer: "Glucose." },
        { timestamp: nowSeconds(), ...(signature === undefined ? {} : { signature }) },
      );
    for (let guess = 0; guess < 25; guess++) {
      expect((await signed(`v1,${Buffer.from(`guess-${guess}`).toString("base64")}`)).statusCode).toBe(401);
    }
    expect((await signed()).statusCode).toBe(202);

    for (let guess = 0; guess < 25; guess++) {
      expect((await canvasPost(`/v1/integrations/int_unknown/events`)).statusCode).toBe(401);
    }
  });
});
