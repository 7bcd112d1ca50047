import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../src/providers/provider-failure.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-28T10:00:00Z");
  it("reads retry-after-ms first, then retry-after in seconds or as an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after": "Sat, 28 Nov 2026 10:00:30 GMT" }), now)).toBe(30_000);
  });
  it("ignores missing or unreadable values", () => {
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-5" }), now)).toBeUndefined();
  });
});
