import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  findAnthropicSchemaProblems,
  startFakeAnthropic,
  type FakeAnthropicServer,
} from "../helpers/fake-anthropic-server.js";
import { buildTestAppWithRubric, recordingClock, scienceRubric, type TestApp } from "../helpers/test-app.js";
import { tracedDuring } from "../helpers/tracing-endpoint.js";

/**
 * `GRADER_MODEL=anthropic:…` end to end: Fastify route → grading core → LangChain prompt templates →
 * ChatAnthropic made by initChatModel → real HTTP (SSE) → a fake Anthropic Messages API on loopback that
 * refuses the JSON-schema keywords the real one refuses.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
let fake: FakeAnthropicServer;
let test: TestApp;
let sleeps: number[];

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => test?.close());

async function start(env: Record<string, string> = {}) {
  sleeps = [];
  test = await buildTestAppWithRubric({
    env: {
      GRADER_MODEL: "anthropic:claude-haiku-4-5",
      ANTHROPIC_API_KEY: fake.apiKey,
      ANTHROPIC_BASE_URL: fake.baseURL,
      GRADER_MAX_RETRIES: "2",
      ...env,
    },
    dependencies: { model: undefined, clock: recordingClock(sleeps) },
  });
}

const grade = () =>
  test.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: scienceRubric.id, answer } });
const messageRequests = () => fake.requests.filter((request) => request.path === "/v1/messages");
const audit = async (id: string) =>
  (await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit` })).json();

function validReply(outputs: number) {
  const criterion = (points: number) => ({
    rationale: "ok",
    evidence: points > 0 ? ["glucose"] : [],
    points,
  });
  return {
    criteria: { inputs: criterion(2), outputs: criterion(outputs) },
    explanation: "fine",
    feedback: "Good.",
  };
}

describe("grading through Claude (ChatAnthropic via initChatModel)", () => {
  it("asks for native structured output with a schema Anthropic accepts, the answer only in the user turn", async () => {
    await start();
    const response = await grade();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "graded",
      totalPoints: 4,
      model: "anthropic:claude-haiku-4-5",
    });
    const [request] = messageRequests();
    expect(request!.status).toBe(200);
    const body = request!.body as {
      stream: boolean;
      temperature: number;
      system: unknown;
      messages: { role: string; content: unknown }[];
      output_config: { format: { type: string; schema: object } };
    };
    expect(body.stream).toBe(true);
    expect(body.temperature).toBe(0);
    expect(body.output_config.format.type).toBe("json_schema");
    expect(findAnthropicSchemaProblems(body.output_config.format.schema)).toEqual([]);
    // The points stay an enforced enum (the SDK's own transform would turn it into prose).
    expect(JSON.stringify(body.output_config.format.schema)).toContain('"enum":[0,1,2]');
    const system =
      typeof body.system === "string"
        ? body.system
        : (body.system as { text: string }[]).map((block) => block.text).join("\n");
    expect(system).toContain('<criterion id="inputs" max_points="2">');
    expect(system).not.toContain("They make glucose and oxygen");
    expect(JSON.stringify(body.messages)).toContain("They make glucose and oxygen");
  });

  it("sends nothing to a tracing service when LANGSMITH_TRACING is set in the server's environment", async () => {
    const traced = await tracedDuring(async () => {
      await start();
      fake.enqueue({ kind: "json", body: validReply(1) });
      const response = await grade();
      expect(response.json()).toMatchObject({ status: "graded", totalPoints: 3 });
      expect(messageRequests()).toHaveLength(1);
    });
    expect(traced).toEqual([]);
  });

  it("records the exact reply, the stop reason and the usage as the API reported them", async () => {
    await start();
    fake.enqueue({ kind: "json", body: validReply(1), usage: { input_tokens: 1234, output_tokens: 56 } });
    const response = await grade();
    expect(response.json()).toMatchObject({ totalPoints: 3, usage: { inputTokens: 1234, outputTokens: 56 } });
    const record = await audit(response.json().id);
    expect(record.attempts[0]).toMatchObject({
      rawReply: JSON.stringify(validReply(1)),
      finishReason: "stop",
      usage: { inputTokens: 1234, outputTokens: 56 },
    });
    expect(record.parameters.structuredOutput).toBe("anthropic_output_format_json_schema");
  });

  it("repairs a reply cut off at max_tokens and keeps the cut text in the audit", async () => {
    await start();
    const cut = JSON.stringify(validReply(2)).slice(0, 60);
    fake.enqueue(
      { kind: "reply", content: cut, stopReason: "max_tokens", chunks: 5 },
      { kind: "json", body: validReply(2) },
    );
    const response = await grade();
    expect(response.json()).toMatchObject({ status: "graded", totalPoints: 4 });
    const record = await audit(response.json().id);
    expect(record.attempts.map((attempt: { repair: boolean }) => attempt.repair)).toEqual([false, true]);
    expect(record.attempts[0]).toMatchObject({ rawReply: cut, finishReason: "length" });
  });

  it("repairs an empty reply, which Anthropic would refuse to see again as an empty assistant turn", async () => {
    // Regression: the repair call sent the empty reply back as the assistant's turn; the Messages API answers
    // 400 to that, and the grade failed with 502 instead of being repaired.
    await start();
    fake.enqueue({ kind: "reply", content: "" }, { kind: "json", body: validReply(2) });
    const response = await grade();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "graded", totalPoints: 4 });
    const record = await audit(response.json().id);
    expect(record.attempts.map((attempt: { repair: boolean }) => attempt.repair)).toEqual([false, true]);
    expect(messageRequests().map((request) => request.status)).toEqual([200, 200]);
  });

  it("retries 429 after Retry-After and 529 overloaded, then grades", async () => {
    await start();
    fake.enqueue({ kind: "error", status: 429, retryAfter: "3" }, { kind: "error", status: 529 });
    const response = await grade();
    expect(response.statusCode).toBe(200);
    expect(messageRequests().map((request) => request.status)).toEqual([429, 529, 200]);
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(2);
  });

  it("retries an overloaded error sent in the middle of a stream", async () => {
    await start();
    fake.enqueue({ kind: "streamThenError", content: '{"criteria": {"inp', errorType: "overloaded_error" });
    const response = await grade();
    expect(response.statusCode).toBe(200);
    expect(messageRequests()).toHaveLength(2);
  });

  it("answers 503 with Retry-After when Claude stays overloaded, and 502 without retrying a refused key", async () => {
    await start({ GRADER_MAX_RETRIES: "1" });
    fake.enqueue({ kind: "error", status: 529, times: 2 });
    const overloaded = await grade();
    expect(overloaded.statusCode).toBe(503);
    expect(overloaded.json().error.code).toBe("provider_unavailable");
    await test.close();
    fake.reset();
    await start({ ANTHROPIC_API_KEY: "wrong-key" });
    // The upload above used no provider call; this grade's 401 must not be retried.
    const refused = await grade();
    expect(refused.statusCode).toBe(502);
    expect(messageRequests()).toHaveLength(1);
  });

  it("/readyz asks the model list, and reports a wrong key as failing", async () => {
    await start();
    expect((await test.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    expect(fake.requests.some((request) => request.path === "/v1/models")).toBe(true);
    await test.close();
    await start({ ANTHROPIC_API_KEY: "wrong-key" });
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.model).toEqual({ status: "failing", detail: "provider_error" });
  });
});
