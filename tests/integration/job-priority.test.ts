import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue 8, point 4: a running batch does not starve interactive `POST /v1/grade` requests. With the
 * provider's rate (GRADER_REQUESTS_PER_MINUTE) saturated by a job, a person's grade is sent ahead of
 * the job's items that are waiting for the rate, and the job still runs at the rate without a 429.
 * Real LangChain client, real fake provider over HTTP.
 */

let fake: FakeOpenAIServer;
let test: TestApp;

beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await test?.close();
  await fake.close();
});

const chatRequests = () => fake.requests.filter((request) => request.path === "/v1/chat/completions");

describe("an interactive grade while a job saturates the provider's rate", () => {
  it("goes to the provider ahead of the job's waiting items", async () => {
    test = await buildTestApp({
      env: {
        GRADER_MODEL: "openai:gpt-4o-mini",
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: fake.apiKey,
        // One request every 100 ms: the job's 30 items wait for it, several at a time.
        GRADER_REQUESTS_PER_MINUTE: "600",
        GRADER_MAX_IN_FLIGHT: "8",
      },
      dependencies: { model: undefined, jobTimings: { idlePollMs: 20 } },
    });
    expect(
      (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
    ).toBe(201);
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: Array.from({ length: 30 }, (_, index) => ({
          answer: `Batch answer ${index}: light and water.`,
        })),
      },
    });
    expect(created.statusCode).toBe(202);
    test.runtime.jobRunner.start();
    // The job is running at the rate, with items waiting for it.
    await vi.waitFor(() => expect(chatRequests().length).toBeGreaterThanOrEqual(5), {
      timeout: 30_000,
      interval: 5,
    });
    const sentBefore = chatRequests().length;
    const interactive = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: scienceRubric.id, answer: "Interactive: plants use light to make glucose." },
    });
    expect(interactive.statusCode).toBe(200);
    const position = chatRequests().findIndex((request) =>
      JSON.stringify(request.body).includes("Interactive:"),
    );
    // Ahead of the queue: at most one batch request (already admitted) went between.
    expect(position).toBeGreaterThanOrEqual(sentBefore);
    expect(position - sentBefore).toBeLessThanOrEqual(1);

    await vi.waitFor(
      async () => {
        const job = (await test.app.inject({ url: `/v1/jobs/${created.json().id}` })).json();
        expect(job.status).toBe("completed");
        expect(job.counts.graded).toBe(30);
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(fake.requests.filter((request) => request.response?.status === 429)).toHaveLength(0);
  });
});
