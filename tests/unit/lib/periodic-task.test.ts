import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startPeriodicTask } from "../../../src/lib/periodic-task.js";

describe("a periodic task", () => {
  it("runs at once, then again after each run, never two at once, and goes on after a failure", async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const errors: unknown[] = [];
    const task = startPeriodicTask(
      2,
      async () => {
        runs++;
        running++;
        if (running > 1) overlapped = true;
        await delay(5);
        running--;
        if (runs === 2) throw new Error("second run fails");
      },
      (error) => errors.push(error),
    );
    await expect.poll(() => runs, { timeout: 2_000 }).toBeGreaterThanOrEqual(4);
    await task.stop();
    expect(overlapped).toBe(false);
    expect(errors).toEqual([expect.objectContaining({ message: "second run fails" })]);
  });

  it("stops: a run in progress finishes before stop resolves, and none starts after", async () => {
    let finished = 0;
    let started = 0;
    const task = startPeriodicTask(
      1,
      async () => {
        started++;
        await delay(20);
        finished++;
      },
      () => {},
    );
    await delay(5);
    await task.stop();
    expect(finished).toBe(started);
    const startedAtStop = started;
    await delay(30);
    expect(started).toBe(startedAtStop);
    await task.stop();
  });
});
