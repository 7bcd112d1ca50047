import { afterEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A job's event stream and the server's close: streams open when the close begins end at once, and so
 * does one whose request was still on its way to the stream (its job being looked up) at that moment.
 * The moment is made deterministic by holding that look-up until the close has begun.
 */
const bootstrapKey = "bootstrap-key-for-event-shutdown-tests-0123456789";
let test: TestApp | undefined;
let storage: Storage | undefined;
afterEach(async () => {
  await test?.runtime.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

describe("GET /v1/jobs/:id/events when the server begins closing during the request", () => {
  it("ends the stream as it starts, instead of holding the shutdown open", async () => {
    // Regression: preClose ended the streams open at that moment; a stream that started just after
    // (its request past authentication, its job being read) polled on until its job finished or the
    // shutdown deadline cut it, and the process exited 1.
    storage = await openStorage({ kind: "sqlite", path: ":memory:" });
    test = await buildTestApp({ env: { GRADER_API_KEYS: bootstrapKey }, storage });
    const { app, runtime } = test;
    const call = (method: "GET" | "POST", url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${bootstrapKey}` },
        ...(payload ? { payload } : {}),
      });
    expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    // The job runner is not started: the job stays queued, and its stream would stay open.
    const created = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: "Glucose." }],
    });
    expect(created.statusCode).toBe(202);
    const jobId = created.json<{ id: string }>().id;

    const { jobs } = runtime;
    const getJob = jobs.getJob.bind(jobs);
    const events = jobs.events.bind(jobs);
    let lookedUp: () => void = () => {};
    const lookingUp = new Promise<void>((resolve) => (lookedUp = resolve));
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let polled: () => void = () => {};
    const polling = new Promise<"polled">((resolve) => (polled = () => resolve("polled")));
    let armed = true;
    jobs.getJob = async (...args) => {
      if (armed) {
        armed = false;
        lookedUp();
        await held;
      }
      return getJob(...args);
    };
    jobs.events = (...args) => {
      polled();
      return events(...args);
    };

    const stream = call("GET", `/v1/jobs/${jobId}/events`);
    await lookingUp;
    await app.close();
    letGo();
    const first = await Promise.race([stream.then(() => "ended" as const), polling]);
    expect(first).toBe("ended");
    expect((await stream).statusCode).toBe(200);
  });
});
