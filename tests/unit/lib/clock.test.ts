import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../../src/lib/clock.js";

describe("systemClock.sleep", () => {
  it("removes its abort listener when the sleep ends, so many sleeps on one signal do not pile up", async () => {
    const controller = new AbortController();
    for (let index = 0; index < 20; index++) await systemClock.sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("resolves at once when the signal is aborted", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
