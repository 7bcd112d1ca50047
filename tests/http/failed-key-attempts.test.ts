import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loggerOptions } from "../../src/lib/logger.js";
import type { Clock } from "../../src/lib/clock.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

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
let lines: string[];
afterEach(() => test.close());

async function start(env: Record<string, string> = {}) {
  const manual = createManualClock();
  elapsedMs = 0;
  const clock: Clock = {
    now: () => new Date(manual.nowMs + elapsedMs),
    sleep: (ms, signal) => manual.sleep(ms, signal),
  };
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
