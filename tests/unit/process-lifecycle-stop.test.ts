import { describe, expect, it } from "vitest";
import { stopServer } from "../../src/process-lifecycle.js";

/**
 * The API process's SIGTERM: requests in flight finish while the queue runners stop taking work. Made
 * deterministic by an HTTP close held open (a slow grade request) until the test lets it end.
 */
describe("stopping the API process while a request is in flight", () => {
  it("stops the queue runners before the request has finished, and closes the runtime last", async () => {
    // Regression: the runners were stopped by the runtime's close, after the HTTP close: while a slow
    // request held it (a grade waiting on its provider, up to the shutdown deadline), the job runner
    // went on leasing queued items for a process about to exit, which then cut them.
    const order: string[] = [];
    let finishRequests: () => void = () => {};
    const requestsInFlight = new Promise<void>((resolve) => (finishRequests = resolve));
    const runner = (name: string) => ({
      stop: () => {
        order.push(`${name} stopped`);
        return Promise.resolve();
      },
    });
    const stopping = stopServer({
      closeHttp: async () => {
        await requestsInFlight;
        order.push("requests finished");
      },
      runners: [runner("job runner"), runner("integration runner")],
      closeRuntime: () => {
        order.push("runtime closed");
        return Promise.resolve();
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["job runner stopped", "integration runner stopped"]);
    finishRequests();
    await stopping;
    expect(order).toEqual([
      "job runner stopped",
      "integration runner stopped",
      "requests finished",
      "runtime closed",
    ]);
  });

  it("closes the runtime even when the HTTP close fails, then reports the failure", async () => {
    let closed = false;
    const stopping = stopServer({
      closeHttp: () => Promise.reject(new Error("close failed")),
      runners: [],
      closeRuntime: () => {
        closed = true;
        return Promise.resolve();
      },
    });
    await expect(stopping).rejects.toThrow("close failed");
    expect(closed).toBe(true);
  });
});
