import { describe, expect, it } from "vitest";
import {
  errorSummary,
  failureFromError,
  failureFromStatus,
  idToString,
  joinUrl,
  parseRetryAfter,
  safeErrorCode,
  safeLmsText,
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

describe("errorSummary", () => {
  // Regression: up to 200 characters of any error body went into delivery errors and warn logs.
  it("keeps the LMS's own message from a JSON body, never the rest of it", () => {
    const echoed = "The student's whole answer, echoed back";
    expect(
      errorSummary(
        JSON.stringify({ errors: [{ message: "Invalid posted_grade" }], submission: { body: echoed } }),
      ),
    ).toBe("Invalid posted_grade");
    expect(errorSummary(JSON.stringify({ errors: ["user not found"] }))).toBe("user not found");
    expect(errorSummary(JSON.stringify({ message: "Access denied", body: echoed }))).toBe("Access denied");
    expect(errorSummary(JSON.stringify({ error: "invalid_client", error_description: "Unknown kid" }))).toBe(
      "Unknown kid",
    );
    expect(errorSummary(JSON.stringify({ error: "invalid_grant" }))).toBe("invalid_grant");
  });

  it("keeps nothing of a body that is not a JSON object with a message", () => {
    expect(errorSummary(`<html><body>${"x".repeat(50)} answer text</body></html>`)).toBe("");
    expect(errorSummary("Internal Server Error: the comment 'my answer' was refused")).toBe("");
    expect(errorSummary(JSON.stringify(["a message"]))).toBe("");
    expect(errorSummary(JSON.stringify({ submission: { body: "answer" } }))).toBe("");
    expect(errorSummary("")).toBe("");
  });

  it("cleans the message: one line, no control or invisible character, no token, at most 120 characters", () => {
    const token = "7~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    expect(
      errorSummary(JSON.stringify({ errors: [{ message: `bad\r\n\u202etoken\u200b ${token}\u0007` }] })),
    ).toBe("bad token […]");
    const long = errorSummary(JSON.stringify({ message: "word ".repeat(60) }));
    expect([...long]).toHaveLength(121);
    expect(long.endsWith("…")).toBe(true);
    expect(safeLmsText("a\u2028b\u0000c")).toBe("a b c");
  });

  it("takes an error code only when it looks like one", () => {
    expect(safeErrorCode("invalidtoken")).toBe("invalidtoken");
    expect(safeErrorCode("invalid_grant")).toBe("invalid_grant");
    expect(safeErrorCode("not a code: the answer")).toBeUndefined();
    expect(safeErrorCode("x".repeat(65))).toBeUndefined();
    expect(safeErrorCode(3)).toBeUndefined();
  });
});
