import { describe, expect, it } from "vitest";
import {
  failureFromError,
  failureFromStatus,
  idToString,
  joinUrl,
  parseRetryAfter,
} from "../../../src/integrations/outbound-http.js";
import { OutboundTimeoutError, RedirectRefusedError, SsrfBlockedError } from "../../../src/lib/ssrf-guard.js";
import type { Clock } from "../../../src/lib/clock.js";

const now = new Date("2026-03-01T12:00:00Z");
const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };

describe("failureFromStatus", () => {
  it.each([
    [408, true, false],
    [429, true, false],
    [500, true, false],
    [502, true, false],
    [503, true, false],
    [504, true, false],
    [401, false, true],
    [400, false, false],
    [403, false, false],
    [404, false, false],
    [409, false, false],
    [422, false, false],
  ])("HTTP %i: retryable %s, refresh credentials %s", (status, retryable, refreshCredentials) => {
    const result = failureFromStatus(status, new Headers(), "", clock);
    expect(result).toMatchObject({ ok: false, kind: "http", status, retryable, refreshCredentials });
  });

  it("honours Retry-After in seconds and as a date", () => {
    expect(failureFromStatus(429, new Headers({ "retry-after": "7" }), "", clock).retryAfterMs).toBe(7000);
    const date = new Date(now.getTime() + 30_000).toUTCString();
    expect(failureFromStatus(503, new Headers({ "retry-after": date }), "", clock).retryAfterMs).toBe(30_000);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["120", 120_000],
    [" 5 ", 5000],
    ["Sun, 01 Mar 2026 11:00:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["1.5", 1500],
  ])("%j → %s", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it("is undefined when absent", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("failureFromError", () => {
  it("a refused URL is final", () => {
    expect(failureFromError(new SsrfBlockedError("private", "10.0.0.1"))).toMatchObject({
      kind: "blocked",
      retryable: false,
      errorCode: "private",
    });
  });

  it("a redirect is final", () => {
    expect(failureFromError(new RedirectRefusedError(301, "https://elsewhere.example"))).toMatchObject({
      kind: "redirect",
      retryable: false,
      status: 301,
    });
  });

  it("a timeout, including one hit while reading the body, is retryable", () => {
    expect(failureFromError(new OutboundTimeoutError(100))).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
    expect(failureFromError(new DOMException("The operation timed out.", "TimeoutError"))).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
  });

  it("a network error is retryable and names its code", () => {
    const error = new TypeError("fetch failed", {
      cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }),
    });
    expect(failureFromError(error)).toMatchObject({
      kind: "network",
      retryable: true,
      errorCode: "ECONNRESET",
    });
  });
});

describe("helpers", () => {
  it("reads ids given as strings or safe integers", () => {
    expect(idToString("21070000000014012")).toBe("21070000000014012");
    expect(idToString(2)).toBe("2");
    expect(idToString(21070000000014012)).toBeUndefined();
    expect(idToString(-1)).toBeUndefined();
    expect(idToString("")).toBeUndefined();
    expect(idToString(null)).toBeUndefined();
  });

  it("joins a base with a path below it", () => {
    expect(joinUrl("https://school.example/moodle/", "/webservice/rest/server.php")).toBe(
      "https://school.example/moodle/webservice/rest/server.php",
    );
  });
});
