import { describe, expect, it } from "vitest";
import { addressKey, createFailedKeyAttempts } from "../../../src/http/failed-key-attempts.js";
import { createManualClock } from "../../helpers/manual-clock.js";

describe("failed key attempts", () => {
  const limits = { maxFailures: 3, windowMs: 60_000, maxAddresses: 4 };

  it("remember at most maxAddresses addresses, forgetting the oldest window first", () => {
    const attempts = createFailedKeyAttempts(createManualClock(), limits);
    for (let failure = 0; failure < 3; failure++) attempts.recordFailure("192.0.2.1");
    expect(attempts.refusedForSeconds("192.0.2.1")).toBe(60);
    for (let host = 2; host <= 4; host++) attempts.recordFailure(`192.0.2.${host}`);
    expect(attempts.size).toBe(4);
    expect(attempts.refusedForSeconds("192.0.2.1")).toBe(60);
    // A spray of new addresses keeps the memory bounded; the oldest window goes first.
    for (let host = 5; host < 1000; host++) attempts.recordFailure(`192.0.2.${host % 256}-${host}`);
    expect(attempts.size).toBe(4);
    expect(attempts.refusedForSeconds("192.0.2.1")).toBe(0);
  });

  it("count an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4", () => {
    expect(addressKey("2001:db8:0:1::7")).toBe(addressKey("2001:db8:0:1:ffff:1:2:3"));
    expect(addressKey("2001:db8:0:1::7")).not.toBe(addressKey("2001:db8:0:2::7"));
    expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    const attempts = createFailedKeyAttempts(createManualClock(), limits);
    for (let host = 0; host < 3; host++) attempts.recordFailure(`2001:db8:0:1::${host + 1}`);
    expect(attempts.refusedForSeconds("2001:db8:0:1:aaaa::9")).toBe(60);
    expect(attempts.refusedForSeconds("2001:db8:0:2::1")).toBe(0);
  });

  it("count an address's failures for one scope (an integration) apart from its others and from its keys", () => {
    const attempts = createFailedKeyAttempts(createManualClock(), limits);
    for (let failure = 0; failure < 3; failure++) attempts.recordFailure("2001:db8:0:1::7", "int_a");
    // The /64 still counts as one address within the scope.
    expect(attempts.refusedForSeconds("2001:db8:0:1::9", "int_a")).toBe(60);
    expect(attempts.refusedForSeconds("2001:db8:0:1::9", "int_b")).toBe(0);
    expect(attempts.refusedForSeconds("2001:db8:0:1::9")).toBe(0);
    expect(attempts.refusedForSeconds("2001:db8:0:2::9", "int_a")).toBe(0);
  });
});
