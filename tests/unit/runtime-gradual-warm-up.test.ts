import { describe, expect, it } from "vitest";
import { pendingClassCompilations } from "../../src/grading/integrity/index.js";
import { createRuntime } from "../../src/runtime.js";
import { testConfig } from "../helpers/test-app.js";

/**
 * main.ts listens first and warms up afterwards, gradually: warming up first kept a loaded machine from
 * listening for 15–20 s, and done in one go after listening it would hold every request that arrives
 * meanwhile for seconds. (Its own file: the screen's classes are compiled once per module instance, and
 * these tests need them not compiled yet.)
 */
describe("Runtime.warmUp({ gradually: true })", () => {
  it("lets the event loop run between slices until every class is compiled", async () => {
    const runtime = await createRuntime(testConfig());
    try {
      const before = pendingClassCompilations();
      expect(before).toBeGreaterThan(10);
      // A timer due now stands for a request waiting for the event loop.
      const leftWhenTimerRan = new Promise<number>((resolve) =>
        setTimeout(() => resolve(pendingClassCompilations()), 0),
      );
      expect(await runtime.warmUp({ gradually: true })).toBe(true);
      const left = await leftWhenTimerRan;
      // The timer ran while classes were still being compiled, not after all of them.
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(before);
      expect(pendingClassCompilations()).toBe(0);
    } finally {
      await runtime.close();
    }
  });
});
