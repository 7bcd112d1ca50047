import { describe, expect, it } from "vitest";
import { pendingClassCompilations } from "../../src/grading/integrity/index.js";
import { createRuntime } from "../../src/runtime.js";
import { testConfig } from "../helpers/test-app.js";

/** A process closing while it still warms up (a quick restart): the warm-up stops, nothing is left running. */
describe("Runtime.warmUp({ gradually: true }) and close", () => {
  it("stops at the next slice once the runtime is closed", async () => {
    const runtime = await createRuntime(testConfig());
    const warmUp = runtime.warmUp({ gradually: true });
    await new Promise((resolve) => setImmediate(resolve));
    await runtime.close();
    const leftAtClose = pendingClassCompilations();
    // Not done: said so, so that the server does not log "warmed up".
    expect(await warmUp).toBe(false);
    expect(leftAtClose).toBeGreaterThan(0);
    // At most the slice that was running when close was called.
    expect(pendingClassCompilations()).toBeGreaterThanOrEqual(leftAtClose - 1);
  });
});
