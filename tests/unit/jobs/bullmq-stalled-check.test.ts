import { describe, expect, it } from "vitest";
import { stalledCheckEveryMs } from "../../../src/jobs/bullmq-queue.js";

/**
 * A BullMQ worker that dies leaves its message locked until the lock lapses (one lease), and the message is
 * handed to another worker at the next stalled check. Regression: the check ran once a lease, so a crashed
 * worker's item waited up to two leases (60 s with the default 30 s) before anyone graded it.
 */
describe("the stalled-message check of BullMQ workers", () => {
  it("hands a dead worker's item on within a lease and a sixth (35 s with the default lease)", () => {
    for (const leaseSeconds of [6, 10, 30, 60, 120]) {
      const leaseMs = leaseSeconds * 1000;
      expect(leaseMs + stalledCheckEveryMs(leaseMs), `lease ${leaseSeconds} s`).toBeLessThanOrEqual(
        Math.ceil(leaseMs * (7 / 6)),
      );
    }
    expect(30_000 + stalledCheckEveryMs(30_000)).toBe(35_000);
  });

  it("checks at most once a second however short the lease, and at least every 30 s however long", () => {
    expect(stalledCheckEveryMs(2_000)).toBe(1_000);
    expect(stalledCheckEveryMs(600_000)).toBe(30_000);
  });
});
