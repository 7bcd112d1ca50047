import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../src/integrations/outbound.js";
import { parseRetryAfter } from "../../../src/integrations/outbound-http.js";
import { retryAfterMs as providerRetryAfterMs } from "../../../src/providers/provider-failure.js";

const now = new Date("2026-11-28T10:00:00Z");

describe("Retry-After, read the same way for providers, LMS calls and callbacks", () => {
  it("reads seconds, fractions of seconds and HTTP dates", () => {
    for (const read of [
      (value: string) => retryAfterMs(value, now),
      (value: string) => parseRetryAfter(value, now),
      (value: string) => providerRetryAfterMs({ "retry-after": value }, now.getTime()),
    ]) {
      expect(read("2")).toBe(2000);
      expect(read(" 1.5 ")).toBe(1500);
      expect(read("Sat, 28 Nov 2026 10:00:30 GMT")).toBe(30_000);
      expect(read("Sat, 28 Nov 2026 09:00:00 GMT")).toBe(0);
    }
  });

  it("says nothing for what is not a delay: a callback receiver's '1.5' or '-1' is not a date in 2001", () => {
    // Regression: the callback path gave these to Date.parse, which read them as 2001-01-05 and
    // 2001-01-01, so every retry went at once and the delivery died within milliseconds.
    for (const value of ["-1", "1.5.2", "2001-01-05", "soon", "", "1e3", "Infinity"]) {
      expect(retryAfterMs(value, now), value).toBeUndefined();
      expect(parseRetryAfter(value, now), value).toBeUndefined();
    }
    expect(retryAfterMs("1.5", now)).toBe(1500);
  });
});
