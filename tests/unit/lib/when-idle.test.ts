import { describe, expect, it } from "vitest";
import { whenIdle } from "../../../src/lib/when-idle.js";

/** Keeps the event loop busy (short synchronous spins, back to back) until stopped. */
function keepBusy(): { stop(): void } {
  let stopped = false;
  const spin = () => {
    if (stopped) return;
    const end = performance.now() + 8;
    while (performance.now() < end) {
      // busy: this is the load whenIdle must wait out
    }
    setImmediate(spin);
  };
  setImmediate(spin);
  return {
    stop() {
      stopped = true;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("whenIdle", () => {
  it("waits while the event loop is busy and runs the work once it is quiet, once", async () => {
    let runs = 0;
    const busy = keepBusy();
    whenIdle(() => runs++, { intervalMs: 40 });
    try {
      await sleep(400);
      expect(runs).toBe(0);
    } finally {
      busy.stop();
    }
    for (let waited = 0; runs === 0 && waited < 5_000; waited += 20) await sleep(20);
    expect(runs).toBe(1);
    await sleep(200);
    expect(runs).toBe(1);
  });

  it("does not run the work once cancelled", async () => {
    let runs = 0;
    const cancel = whenIdle(() => runs++, { intervalMs: 20 });
    cancel();
    await sleep(200);
    expect(runs).toBe(0);
    // Cancelling after the run is harmless.
    const cancelLater = whenIdle(() => runs++, { intervalMs: 20 });
    for (let waited = 0; runs === 0 && waited < 5_000; waited += 20) await sleep(20);
    cancelLater();
    expect(runs).toBe(1);
  });
});
