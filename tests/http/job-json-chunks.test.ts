import { afterEach, describe, expect, it } from "vitest";
import type { JobStore } from "../../src/grading/jobs.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A JSON job's items are written in chunks, and other requests are answered between them. Regression:
 * the body is read whole before the items are written, and with SQLite each chunk's write is synchronous,
 * so the 200 chunks of a 100,000-answer job followed each other without one turn of the event loop: for
 * about a second the process answered nothing else (a health check, a grade, an event stream).
 */
let test: TestApp;
afterEach(() => test.close());

describe("POST /v1/jobs with many answers in JSON", () => {
  it("answers another request while the job's items are being written", async () => {
    test = await buildTestAppWithRubric();
    // Counts the chunks written; once the first is, a health check is sent.
    let chunksWritten = 0;
    let healthCheck: Promise<number> | undefined;
    const jobsFor = test.storage.jobsFor.bind(test.storage);
    test.storage.jobsFor = (tenantId: string): JobStore => {
      const store = jobsFor(tenantId);
      return {
        ...store,
        appendItems: async (...args: Parameters<JobStore["appendItems"]>) => {
          await store.appendItems(...args);
          chunksWritten++;
          healthCheck ??= test.app.inject({ url: "/healthz" }).then(() => chunksWritten);
        },
      };
    };
    const answers = Array.from({ length: 5_000 }, (_, index) => ({ answer: `Light and water ${index}.` }));
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, answers },
    });
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json().total).toBe(5_000);
    const totalChunks = chunksWritten;
    expect(totalChunks).toBeGreaterThan(2);
    // Answered while the job was still being written, not once it was.
    expect(await healthCheck).toBeLessThan(totalChunks);
  });
});
