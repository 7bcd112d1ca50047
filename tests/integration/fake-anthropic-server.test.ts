import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  ANTHROPIC_STRING_FORMATS,
  DEFAULT_STREAM_CHUNKS,
  ERROR_TYPE_BY_STATUS,
  findAnthropicSchemaProblems,
  startFakeAnthropic,
  type FakeAnthropicBehaviour,
  type FakeAnthropicRequest,
  type FakeAnthropicServer,
  type StreamedMessageSummary,
} from "../helpers/fake-anthropic-server.js";
import {
  collectStream,
  expectCloseAbandonsHang,
  expectInstance,
  GRADING_PROMPT,
  mergeChunks,
  MULTILINGUAL_REPLY,
  rejectionOf,
  STUDENT_ANSWER,
} from "../helpers/fake-provider-checks.js";
import type { JsonObject } from "../helpers/json-schema-tools.js";
import { evidenceQuoteFrom } from "../helpers/sample-replies.js";

/**
 * Tests of the fake Anthropic Messages API itself. The integration part drives it with the real
 * `ChatAnthropic` client (and so the real Anthropic SDK), because the point of the fake is that
 * the client cannot tell it from the real API in the ways our tests rely on. The SDK's error
 * classes come from `@anthropic-ai/sdk`, the copy `@langchain/anthropic` itself uses.
 */

const MODEL = "claude-sonnet-4-5-20250929";

/** A per-criterion reply schema in the subset Anthropic's structured outputs accept. */
const gradeReplySchema: JsonObject = {
  type: "object",
  properties: {
    rationale: { type: "string", description: "For the teacher." },
    evidence: { type: "array", items: { type: "string" }, description: "Exact quotes from the answer." },
    points: { type: "number", description: "0 to 4, in steps of 0.5." },
    level: { type: "integer", enum: [0, 1, 2, 3] },
    comment: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["rationale", "evidence", "points", "level", "comment"],
  additionalProperties: false,
};

/** The same reply in zod, with the bounds Anthropic cannot take in a schema. */
const gradeReplyZod = z.object({
  rationale: z.string(),
  evidence: z.array(z.string()),
  points: z.number().min(0).max(4).multipleOf(0.5),
  level: z.literal([0, 1, 2, 3]),
  comment: z.string().nullable(),
});

let fake: FakeAnthropicServer;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

function chatModel(
  overrides: { apiKey?: string; timeout?: number; streaming?: boolean; betas?: string[] } = {},
) {
  return new ChatAnthropic({
    model: MODEL,
    apiKey: overrides.apiKey ?? fake.apiKey,
    anthropicApiUrl: fake.baseURL,
    maxRetries: 0,
    streaming: overrides.streaming,
    betas: overrides.betas,
    clientOptions: overrides.timeout === undefined ? undefined : { timeout: overrides.timeout },
  });
}

/** ChatAnthropic bound to Anthropic's native structured output, sending `schema` as it is. */
function nativeStructuredModel(schema: JsonObject = gradeReplySchema) {
  return chatModel().withConfig({ outputConfig: { format: { type: "json_schema", schema } } });
}

/** ChatAnthropic forced to call one tool whose input is the reply. */
function forcedToolModel(options: { schema?: JsonObject; strict?: boolean } = {}) {
  const tool = {
    name: "record_grade",
    description: "Records the grade of one criterion.",
    input_schema: options.schema ?? gradeReplySchema,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  };
  return chatModel().bindTools([tool], { tool_choice: { type: "tool", name: "record_grade" } });
}

function lastRequest() {
  const request = fake.requests.at(-1);
  if (request === undefined) throw new Error("the fake server recorded no request");
  return request;
}

function streamedSummary(): StreamedMessageSummary {
  const response = lastRequest().response;
  expect(response?.streamed).toBe(true);
  return response!.body as StreamedMessageSummary;
}

const minimalBody = { model: MODEL, max_tokens: 256, messages: [{ role: "user", content: "Hello" }] };

function postMessages(
  body: unknown,
  headers: Record<string, string> = { "x-api-key": fake.apiKey, "anthropic-version": "2023-06-01" },
) {
  return fetch(`${fake.baseURL}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Parses an SSE body into its events, checking every frame is `event: <name>` then `data: <json>`. */
function parseEventStream(raw: string): { event: string; data: JsonObject }[] {
  expect(raw.endsWith("\n\n")).toBe(true);
  return raw
    .split("\n\n")
    .slice(0, -1)
    .map((frame) => {
      const match = /^event: ([a-z_]+)\ndata: (.+)$/.exec(frame);
      if (match === null) throw new Error(`not an SSE frame: ${JSON.stringify(frame)}`);
      return { event: match[1]!, data: JSON.parse(match[2]!) as JsonObject };
    });
}

// -------------------------------------------------------------------------------------------------

describe("findAnthropicSchemaProblems", () => {
  /** Valid for Anthropic, using every construct the checker must walk through. */
  function validSchema(): JsonObject {
    return structuredClone({
      title: "grade",
      description: "Every supported keyword.",
      type: "object",
      properties: {
        rationale: { type: "string", default: "" },
        evidence: { type: "array", items: { type: "string" }, minItems: 1 },
        tags: { type: "array", items: { type: "string", enum: ["a", "b", null] }, minItems: 0 },
        points: { type: "number" },
        kind: { const: "criterion" },
        comment: { anyOf: [{ type: "string" }, { type: "null" }] },
        nullable: { type: ["string", "null"] },
        both: { allOf: [{ $ref: "#/$defs/Details" }] },
        details: { $ref: "#/$defs/Details" },
        legacy: { $ref: "#/definitions/Legacy" },
        // Property names that look like unsupported keywords are just names.
        pattern: { type: "string" },
        minimum: { type: "integer" },
        // Optional: Anthropic, unlike OpenAI's strict mode, does not need every property required.
        optional: { type: "boolean" },
      },
      required: ["rationale", "evidence", "points"],
      additionalProperties: false,
      $defs: {
        Details: {
          type: "object",
          properties: { gradedAt: { type: "string", format: "date-time" } },
          required: ["gradedAt"],
          additionalProperties: false,
        },
      },
      definitions: { Legacy: { type: "string", format: "uuid" } },
    });
  }

  function withProperty(name: string, schema: unknown): JsonObject {
    const result = validSchema();
    (result.properties as JsonObject)[name] = schema;
    return result;
  }

  it("accepts a schema using every supported keyword, refs, optional fields and names like 'pattern'", () => {
    expect(findAnthropicSchemaProblems(validSchema())).toEqual([]);
    expect(findAnthropicSchemaProblems(gradeReplySchema)).toEqual([]);
  });

  it.each([
    ["minimum", { type: "integer", minimum: 0 }, "For 'integer' type, property 'minimum' is not supported"],
    ["maximum", { type: "number", maximum: 4 }, "For 'number' type, property 'maximum' is not supported"],
    ["exclusiveMinimum", { type: "number", exclusiveMinimum: 0 }, "property 'exclusiveMinimum'"],
    ["exclusiveMaximum", { type: "number", exclusiveMaximum: 5 }, "property 'exclusiveMaximum'"],
    ["multipleOf", { type: "number", multipleOf: 0.5 }, "property 'multipleOf'"],
    [
      "minLength",
      { type: "string", minLength: 1 },
      "For 'string' type, property 'minLength' is not supported",
    ],
    ["maxLength", { type: "string", maxLength: 9 }, "property 'maxLength'"],
    ["pattern", { type: "string", pattern: "^a" }, "property 'pattern'"],
    ["oneOf", { oneOf: [{ type: "string" }, { type: "number" }] }, "Property 'oneOf' is not supported"],
    ["not", { not: { type: "string" } }, "Property 'not' is not supported"],
    ["if/then/else", { if: { type: "string" }, then: { type: "string" }, else: {} }, "Property 'if'"],
    [
      "patternProperties",
      { type: "object", patternProperties: {}, additionalProperties: false },
      "property 'patternProperties'",
    ],
    ["maxItems", { type: "array", items: { type: "string" }, maxItems: 3 }, "property 'maxItems'"],
    [
      "uniqueItems",
      { type: "array", items: { type: "string" }, uniqueItems: true },
      "property 'uniqueItems'",
    ],
    [
      "minItems > 1",
      { type: "array", items: { type: "string" }, minItems: 2 },
      "property 'minItems' with value 2 is not supported; only 0 and 1 are",
    ],
  ])("refuses %s, naming the path and the keyword", (_name, property, problem) => {
    const problems = findAnthropicSchemaProblems(withProperty("field", property));
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatch(/^#\/properties\/field: /);
    expect(problems[0]).toContain(problem);
  });

  it("refuses an object without additionalProperties: false, or with a schema there (a record)", () => {
    const open = withProperty("scores", { type: "object", properties: { total: { type: "number" } } });
    const record = withProperty("scores", { type: "object", additionalProperties: { type: "number" } });
    expect(findAnthropicSchemaProblems(open)).toEqual([
      "#/properties/scores: 'additionalProperties' must be set to false for objects, got nothing",
    ]);
    expect(findAnthropicSchemaProblems(record)).toEqual([
      '#/properties/scores: \'additionalProperties\' must be set to false for objects, got {"type":"number"}',
    ]);
  });

  it("accepts the supported string formats and refuses others", () => {
    for (const format of ANTHROPIC_STRING_FORMATS) {
      expect(findAnthropicSchemaProblems(withProperty("field", { type: "string", format }))).toEqual([]);
    }
    expect(findAnthropicSchemaProblems(withProperty("field", { type: "string", format: "binary" }))).toEqual([
      "#/properties/field: For 'string' type, property 'format' with value 'binary' is not supported",
    ]);
  });

  it("refuses enum values that are not primitives", () => {
    expect(findAnthropicSchemaProblems(withProperty("field", { enum: ["a", { b: 1 }] }))).toEqual([
      "#/properties/field: 'enum' values must be strings, numbers, booleans or null, got {\"b\":1}",
    ]);
  });

  it("refuses recursive refs, through the root or between definitions", () => {
    const throughRoot = withProperty("children", { type: "array", items: { $ref: "#" } });
    expect(findAnthropicSchemaProblems(throughRoot)).toEqual([
      "#/properties/children/items: recursive $ref '#' is not supported",
    ]);
    const cycle = validSchema();
    const details = (cycle.$defs as Record<string, JsonObject>).Details!;
    details.properties = { parent: { $ref: "#/$defs/Details" } };
    details.required = ["parent"];
    expect(findAnthropicSchemaProblems(cycle)).toEqual([
      "#/$defs/Details/properties/parent: recursive $ref '#/$defs/Details' is not supported",
    ]);
  });

  it("refuses external and dangling refs, and checks definitions nobody references", () => {
    expect(
      findAnthropicSchemaProblems(withProperty("field", { $ref: "https://example.com/s.json" })),
    ).toEqual([
      "#/properties/field: $ref 'https://example.com/s.json' must point inside the schema and resolve",
    ]);
    expect(findAnthropicSchemaProblems(withProperty("field", { $ref: "#/$defs/Missing" }))).toHaveLength(1);
    const unused = validSchema();
    (unused.$defs as JsonObject).Unused = { type: "string", maxLength: 3 };
    expect(findAnthropicSchemaProblems(unused)).toEqual([
      "#/$defs/Unused: For 'string' type, property 'maxLength' is not supported",
    ]);
  });

  it("refuses what @langchain/core's toJsonSchema makes of zod bounds (and its $schema)", () => {
    const problems = findAnthropicSchemaProblems(toJsonSchema(gradeReplyZod));
    expect(problems).toEqual(
      expect.arrayContaining([
        "#: For 'object' type, property '$schema' is not supported",
        "#/properties/points: For 'number' type, property 'minimum' is not supported",
        "#/properties/points: For 'number' type, property 'maximum' is not supported",
        "#/properties/points: For 'number' type, property 'multipleOf' is not supported",
      ]),
    );
  });
});

// -------------------------------------------------------------------------------------------------

describe("fake Anthropic server: the wire format, pinned with plain fetch", () => {
  it("streams the real event sequence with event: and data: lines", async () => {
    const content = '{"note": "héllo 🌍"}';
    fake.enqueue({ kind: "reply", content, chunks: 3 });

    const response = await postMessages({ ...minimalBody, stream: true });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    const events = parseEventStream(await response.text());
    for (const { event, data } of events) expect(data.type).toBe(event);
    expect(events.map(({ data }) => data)).toEqual([
      {
        type: "message_start",
        message: {
          id: expect.stringMatching(/^msg_/),
          type: "message",
          role: "assistant",
          model: MODEL,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // "Hello" → 2 estimated tokens.
          usage: {
            input_tokens: 2,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 1,
          },
        },
      },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "ping" },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: '{"note' } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: '": "hél' } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: 'lo 🌍"}' } },
      { type: "content_block_stop", index: 0 },
      // 20 UTF-16 code units → 5 estimated tokens.
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 5 },
      },
      { type: "message_stop" },
    ]);
    expect(lastRequest()).toMatchObject({
      status: 200,
      behaviour: "reply",
      outcome: "answered",
      response: {
        streamed: true,
        chunkCount: 3,
        body: { content, stop_reason: "end_turn", usage: { input_tokens: 2, output_tokens: 5 } },
      },
    });
  });

  it("streams forced tool use as a tool_use block with input_json_delta pieces", async () => {
    fake.enqueue({ kind: "reply", content: '{"points": 2}', chunks: 2 });
    const response = await postMessages({
      ...minimalBody,
      stream: true,
      tools: [{ name: "record_grade", input_schema: { type: "object", properties: {} } }],
      tool_choice: { type: "tool", name: "record_grade" },
    });
    const events = parseEventStream(await response.text());
    expect(events.map(({ event }) => event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[1]!.data.content_block).toEqual({
      type: "tool_use",
      id: expect.stringMatching(/^toolu_/),
      name: "record_grade",
      input: {},
    });
    expect(events[3]!.data.delta).toEqual({ type: "input_json_delta", partial_json: '{"point' });
    expect(events[6]!.data.delta).toEqual({ stop_reason: "tool_use", stop_sequence: null });
  });

  it("answers without streaming with a message object, text or tool_use", async () => {
    fake.enqueue(
      { kind: "reply", content: "Stopped here", stopReason: "stop_sequence" },
      { kind: "json", body: { points: 2 } },
    );
    const text = await postMessages({ ...minimalBody, stop_sequences: ["END", "STOP"] });
    const tool = await postMessages({
      ...minimalBody,
      tools: [{ name: "record_grade", input_schema: { type: "object" } }],
      tool_choice: { type: "any" },
    });

    expect(await text.json()).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: "message",
      role: "assistant",
      model: MODEL,
      content: [{ type: "text", text: "Stopped here" }],
      stop_reason: "stop_sequence",
      stop_sequence: "END",
      usage: {
        input_tokens: 2,
        output_tokens: 3,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(await tool.json()).toMatchObject({
      content: [
        {
          type: "tool_use",
          id: expect.stringMatching(/^toolu_/),
          name: "record_grade",
          input: { points: 2 },
        },
      ],
      stop_reason: "tool_use",
    });
  });

  it.each(Object.entries(ERROR_TYPE_BY_STATUS))(
    "answers a scripted %s with Anthropic's error shape and type %s",
    async (status, type) => {
      fake.enqueue({ kind: "error", status: Number(status), retryAfter: "9" });
      const response = await postMessages(minimalBody);
      expect(response.status).toBe(Number(status));
      expect(response.headers.get("retry-after")).toBe("9");
      expect(await response.json()).toEqual({
        type: "error",
        error: { type, message: expect.any(String) },
        request_id: response.headers.get("request-id"),
      });
    },
  );

  it("lists models in Anthropic's list shape", async () => {
    const response = await fetch(`${fake.baseURL}/v1/models`, {
      headers: { "x-api-key": fake.apiKey, "anthropic-version": "2023-06-01" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: [
        { type: "model", id: MODEL, display_name: "Claude Sonnet 4.5", created_at: expect.any(String) },
        {
          type: "model",
          id: "claude-haiku-4-5-20251001",
          display_name: "Claude Haiku 4.5",
          created_at: expect.any(String),
        },
      ],
      has_more: false,
      first_id: MODEL,
      last_id: "claude-haiku-4-5-20251001",
    });
  });
});

describe("fake Anthropic server: request checks", () => {
  it("answers 401 authentication_error without or with a wrong x-api-key, and 400 without anthropic-version", async () => {
    fake.enqueue({ kind: "reply", content: "not for you" });
    const missingKey = await postMessages(minimalBody, { "anthropic-version": "2023-06-01" });
    const wrongKey = await postMessages(minimalBody, {
      "x-api-key": "wrong",
      "anthropic-version": "2023-06-01",
    });
    const noVersion = await postMessages(minimalBody, { "x-api-key": fake.apiKey });

    expect([missingKey.status, wrongKey.status, noVersion.status]).toEqual([401, 401, 400]);
    expect(await missingKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    expect(await noVersion.json()).toMatchObject({
      error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    });
    expect(fake.queuedCount).toBe(1);
  });

  it.each<[string, JsonObject, string]>([
    ["no max_tokens", { model: MODEL, messages: minimalBody.messages }, "max_tokens: Field required"],
    [
      "max_tokens 0",
      { ...minimalBody, max_tokens: 0 },
      "max_tokens: Input should be greater than or equal to 1",
    ],
    ["max_tokens 1.5", { ...minimalBody, max_tokens: 1.5 }, "max_tokens: Input should be a valid integer"],
    ["no model", { max_tokens: 10, messages: minimalBody.messages }, "model: Field required"],
    ["no messages", { ...minimalBody, messages: [] }, "messages: at least one message is required"],
    [
      "an assistant turn first",
      { ...minimalBody, messages: [{ role: "assistant", content: "Hi" }] },
      'messages: first message must use the "user" role',
    ],
    [
      "a system role in messages",
      { ...minimalBody, messages: [{ role: "system", content: "Hi" }] },
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [
      "an empty text block",
      { ...minimalBody, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] },
      "messages: text content blocks must be non-empty",
    ],
    [
      "an empty user turn",
      { ...minimalBody, messages: [{ role: "user", content: "" }] },
      "messages.0: all messages must have non-empty content",
    ],
    [
      "temperature 1.5",
      { ...minimalBody, temperature: 1.5 },
      "temperature: Input should be less than or equal to 1",
    ],
    [
      "an unknown field",
      { ...minimalBody, response_format: {} },
      "response_format: Extra inputs are not permitted",
    ],
    [
      "a system block that is not text",
      { ...minimalBody, system: [{ type: "image" }] },
      "system.0: Input should be a text block",
    ],
    [
      "a tool whose input_schema is not an object schema",
      { ...minimalBody, tools: [{ name: "t", input_schema: { type: "string" } }] },
      "tools.0.custom.input_schema.type: Input should be 'object'",
    ],
    [
      "tool_choice naming a tool that is not there",
      {
        ...minimalBody,
        tools: [{ name: "t", input_schema: { type: "object" } }],
        tool_choice: { type: "tool", name: "u" },
      },
      "tool_choice.name: Tool 'u' not found in 'tools'",
    ],
    [
      "an output format that is not json_schema",
      { ...minimalBody, output_config: { format: { type: "json_object" } } },
      "output_config.format.type: Input should be 'json_schema'",
    ],
  ])("answers 400 invalid_request_error to %s, before the model", async (_name, body, message) => {
    fake.enqueue({ kind: "reply", content: "unused" });
    const response = await postMessages(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining(message) },
    });
    expect(lastRequest()).toMatchObject({ status: 400, behaviour: null });
    expect(fake.queuedCount).toBe(1);
  });

  it("accepts a prefilled final assistant turn, system text blocks and tool results", async () => {
    const response = await postMessages({
      ...minimalBody,
      system: [{ type: "text", text: "You grade." }],
      messages: [
        { role: "user", content: "Grade this." },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "t", input: { a: 1 } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "done" }] },
        { role: "assistant", content: "{" },
      ],
    });
    expect(response.status).toBe(200);
  });

  it("answers 404 not_found_error to unknown routes", async () => {
    const response = await fetch(`${fake.baseURL}/v1/complete`, {
      method: "POST",
      headers: { "x-api-key": fake.apiKey, "anthropic-version": "2023-06-01" },
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: "not_found_error" } });
  });
});

// -------------------------------------------------------------------------------------------------

describe("fake Anthropic server with the real ChatAnthropic client", () => {
  describe("native structured output (output_config.format), streamed", () => {
    it.each<{
      name: string;
      behaviour: FakeAnthropicBehaviour;
      content: string;
      stopReason: string;
      pieces: number;
    }>([
      {
        name: "a valid reply",
        behaviour: {
          kind: "json",
          body: { rationale: "ok", evidence: [], points: 3, level: 2, comment: null },
        },
        content: '{"rationale":"ok","evidence":[],"points":3,"level":2,"comment":null}',
        stopReason: "end_turn",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "malformed JSON",
        behaviour: { kind: "reply", content: '{"rationale": "cut off", "points": 3,,]' },
        content: '{"rationale": "cut off", "points": 3,,]',
        stopReason: "end_turn",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "truncated JSON (stop_reason max_tokens)",
        behaviour: { kind: "reply", content: '{"rationale": "The answ', stopReason: "max_tokens" },
        content: '{"rationale": "The answ',
        stopReason: "max_tokens",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "multi-byte text split into many pieces",
        behaviour: { kind: "reply", content: MULTILINGUAL_REPLY, chunks: 37 },
        content: MULTILINGUAL_REPLY,
        stopReason: "end_turn",
        pieces: 37,
      },
    ])(
      "delivers $name exactly: the joined chunks equal the scripted content",
      async ({ behaviour, content, stopReason, pieces }) => {
        fake.enqueue(behaviour);

        const { chunks, text, error } = await collectStream(() =>
          nativeStructuredModel().stream(GRADING_PROMPT),
        );

        expect(error).toBeUndefined();
        expect(text).toBe(content);
        expect(chunks.filter((chunk) => chunk.text !== "")).toHaveLength(pieces);
        // The stop reason rides in additional_kwargs of the chunk made from message_delta, not in response_metadata.
        const stopChunks = chunks.filter((chunk) => chunk.additional_kwargs.stop_reason !== undefined);
        expect(stopChunks.map((chunk) => chunk.additional_kwargs.stop_reason)).toEqual([stopReason]);
        expect(chunks.some((chunk) => chunk.response_metadata.stop_reason !== undefined)).toBe(false);
        // Usage comes twice: input tokens (and output 1) from message_start, output tokens from message_delta.
        const inputTokens = Math.ceil(GRADING_PROMPT.length / 4);
        const outputTokens = Math.ceil(content.length / 4);
        expect(chunks.map((chunk) => chunk.usage_metadata).filter((usage) => usage !== undefined)).toEqual([
          expect.objectContaining({
            input_tokens: inputTokens,
            output_tokens: 1,
            total_tokens: inputTokens + 1,
          }),
          { input_tokens: 0, output_tokens: outputTokens, total_tokens: outputTokens },
        ]);
        const merged = mergeChunks(chunks);
        expect(merged.content).toBe(content);
        expect(merged.id).toMatch(/^msg_/);
        expect(merged.additional_kwargs.stop_reason).toBe(stopReason);
        // Merged, message_start's placeholder output token is counted on top of the final count.
        expect(merged.usage_metadata).toMatchObject({
          input_tokens: inputTokens,
          output_tokens: outputTokens + 1,
        });

        expect(lastRequest()).toMatchObject({
          path: "/v1/messages",
          body: {
            stream: true,
            output_config: { format: { type: "json_schema", schema: gradeReplySchema } },
          },
          response: { streamed: true, chunkCount: pieces, body: { content, stop_reason: stopReason } },
        });
        expect(lastRequest().headers["x-api-key"]).toBe(fake.apiKey);
        expect(lastRequest().headers["anthropic-version"]).toBe("2023-06-01");
      },
    );

    it("streams the schema-driven sample by default; joined, it parses and passes zod", async () => {
      const { text } = await collectStream(() =>
        nativeStructuredModel().stream([new SystemMessage("You grade."), new HumanMessage(GRADING_PROMPT)]),
      );
      expect(gradeReplyZod.parse(JSON.parse(text))).toEqual({
        rationale: "sample text",
        evidence: [evidenceQuoteFrom(STUDENT_ANSWER)],
        points: 1,
        level: 3,
        comment: "sample text",
      });
      expect(lastRequest()).toMatchObject({ behaviour: "sample", body: { system: "You grade." } });
    });

    it("refuses a schema with minimum with 400, as the real API would, before any stream", async () => {
      const withMinimum = {
        ...gradeReplySchema,
        properties: {
          ...(gradeReplySchema.properties as JsonObject),
          points: { type: "number", minimum: 0 },
        },
      };
      fake.enqueue({ kind: "reply", content: "{}" });

      const { chunks, error } = await collectStream(() => nativeStructuredModel(withMinimum).stream("hi"));

      const badRequest = expectInstance(error, Anthropic.BadRequestError);
      expect(badRequest.status).toBe(400);
      expect(badRequest.type).toBe("invalid_request_error");
      expect(badRequest.message).toContain(
        "output_config.format.schema: #/properties/points: For 'number' type, property 'minimum' is not supported",
      );
      expect(chunks).toEqual([]);
      expect(lastRequest()).toMatchObject({ status: 400, behaviour: null });
      expect(fake.queuedCount).toBe(1);
    });

    it("accepts withStructuredOutput's jsonSchema method, whose SDK transform moves bounds (and enum!) into descriptions", async () => {
      const result = await chatModel()
        .withStructuredOutput(gradeReplyZod, { method: "jsonSchema" })
        .invoke(GRADING_PROMPT);

      const sent = (lastRequest().body as { output_config: { format: { schema: JsonObject } } }).output_config
        .format.schema;
      expect(findAnthropicSchemaProblems(sent)).toEqual([]);
      const properties = sent.properties as Record<string, JsonObject>;
      expect(properties.points).toEqual({
        type: "number",
        description: "{minimum: 0, maximum: 4, multipleOf: 0.5}",
      });
      // The transform keeps only the keywords it knows, so even `enum`, which Anthropic supports,
      // becomes prose: the model is no longer held to it, and the sample (1) is outside it.
      expect(properties.level).toEqual({ type: "number", description: "{enum: [0,1,2,3]}" });
      expect(result).toMatchObject({ evidence: [evidenceQuoteFrom(STUDENT_ANSWER)], points: 1, level: 1 });
    });

    it("answers through the beta endpoint when betas are set (?beta=true, anthropic-beta header)", async () => {
      fake.enqueue({ kind: "reply", content: '{"ok": true}' });
      const model = chatModel({ betas: ["structured-outputs-2025-11-13"] }).withConfig({
        outputConfig: { format: { type: "json_schema", schema: gradeReplySchema } },
      });
      const { text } = await collectStream(() => model.stream("hi"));
      expect(text).toBe('{"ok": true}');
      expect(lastRequest()).toMatchObject({ path: "/v1/messages", query: { beta: "true" }, status: 200 });
      expect(lastRequest().headers["anthropic-beta"]).toBe("structured-outputs-2025-11-13");
    });

    it("merges the stream into one message when invoked on a streaming: true model", async () => {
      fake.enqueue({ kind: "reply", content: '{"a": 1', stopReason: "max_tokens" });
      const message = await chatModel({ streaming: true }).invoke("hi");
      expect(message.content).toBe('{"a": 1');
      expect(message.additional_kwargs.stop_reason).toBe("max_tokens");
      expect(lastRequest().response?.streamed).toBe(true);
    });
  });

  describe("forced tool use, streamed", () => {
    it.each<{ name: string; content: string; stopReason?: "max_tokens" }>([
      {
        name: "valid input",
        content: '{"rationale":"ok","evidence":[],"points":3,"level":2,"comment":null}',
      },
      { name: "malformed input", content: '{"rationale": "x",, "points": }' },
      { name: "truncated input (max_tokens)", content: '{"rationale": "The ans', stopReason: "max_tokens" },
    ])("delivers $name exactly in tool_call_chunks args", async ({ content, stopReason }) => {
      fake.enqueue({ kind: "reply", content, stopReason, chunks: 5 });

      const { chunks, toolArgs, error } = await collectStream(() => forcedToolModel().stream(GRADING_PROMPT));

      expect(error).toBeUndefined();
      expect(toolArgs).toBe(content);
      const first = chunks.flatMap((chunk) => chunk.tool_call_chunks ?? [])[0];
      expect(first).toMatchObject({ name: "record_grade", id: expect.stringMatching(/^toolu_/), args: "" });
      expect(mergeChunks(chunks).additional_kwargs.stop_reason).toBe(stopReason ?? "tool_use");
      expect(lastRequest()).toMatchObject({
        body: { tool_choice: { type: "tool", name: "record_grade" }, tools: [{ name: "record_grade" }] },
        response: { chunkCount: 5, body: { content } },
      });
    });

    it("gives valid tool input as a parsed tool call on the merged message", async () => {
      const { chunks } = await collectStream(() => forcedToolModel().stream(GRADING_PROMPT));
      const [call] = mergeChunks(chunks).tool_calls ?? [];
      expect(call).toMatchObject({
        name: "record_grade",
        args: { evidence: [evidenceQuoteFrom(STUDENT_ANSWER)] },
      });
    });

    it("checks a strict tool's input_schema like output_config, and leaves non-strict tools alone", async () => {
      const withMinimum = {
        ...gradeReplySchema,
        properties: { points: { type: "number", minimum: 0 } },
        required: [],
      };
      const strict = await collectStream(() =>
        forcedToolModel({ schema: withMinimum, strict: true }).stream("hi"),
      );
      const lenient = await collectStream(() => forcedToolModel({ schema: withMinimum }).stream("hi"));
      expect(expectInstance(strict.error, Anthropic.BadRequestError).message).toContain(
        "tools.0.custom.input_schema: #/properties/points: For 'number' type, property 'minimum' is not supported",
      );
      expect(lenient.error).toBeUndefined();
      expect(JSON.parse(lenient.toolArgs)).toEqual({ points: 0 });
    });

    it("answers withStructuredOutput's default (forced tool use) without streaming", async () => {
      const result = await chatModel()
        .withStructuredOutput(gradeReplyZod, { name: "record_grade" })
        .invoke(GRADING_PROMPT);
      expect(result).toMatchObject({ points: 4, level: 3, evidence: [evidenceQuoteFrom(STUDENT_ANSWER)] });
      expect(lastRequest().response?.body).toMatchObject({
        content: [{ type: "tool_use" }],
        stop_reason: "tool_use",
      });
    });
  });

  describe("the respond handler and the queue", () => {
    it("hands the handler the flattened conversation, the system prompt, the schema and the answer", async () => {
      const seen: FakeAnthropicRequest[] = [];
      fake.enqueue({
        kind: "respond",
        handler: (request) => {
          seen.push(request);
          return { rationale: request.answer, evidence: [], points: 2, level: 1, comment: null };
        },
      });
      const { text } = await collectStream(() =>
        nativeStructuredModel().stream([new SystemMessage("You grade."), new HumanMessage(GRADING_PROMPT)]),
      );
      expect(JSON.parse(text)).toMatchObject({ rationale: STUDENT_ANSWER });
      expect(seen[0]).toMatchObject({
        system: "You grade.",
        messages: [{ role: "user", content: GRADING_PROMPT }],
        outputMode: "json_schema",
        schema: gradeReplySchema,
        lastUserMessage: GRADING_PROMPT,
        answer: STUDENT_ANSWER,
        stream: true,
      });
    });

    it("names the forced tool for the handler", async () => {
      const seen: FakeAnthropicRequest[] = [];
      fake.enqueue({
        kind: "respond",
        handler: (request) => {
          seen.push(request);
          return {};
        },
      });
      await collectStream(() => forcedToolModel().stream("hi"));
      expect(seen[0]).toMatchObject({
        outputMode: "tool",
        toolName: "record_grade",
        schema: gradeReplySchema,
      });
    });

    it("answers 500 when a respond handler throws, instead of hanging", async () => {
      fake.enqueue({
        kind: "respond",
        handler: () => {
          throw new Error("handler bug");
        },
      });
      const { error } = await collectStream(() => chatModel().stream("hi"));
      expect(expectInstance(error, Anthropic.InternalServerError).message).toContain("handler bug");
    });

    it("plays the queue in order, honours times, then falls back to the default; reset() restores it", async () => {
      fake.enqueue({ kind: "reply", content: "first", times: 2 }, { kind: "reply", content: "second" });
      fake.setDefault({ kind: "reply", content: "default" });
      expect(fake.queuedCount).toBe(3);
      const replies: unknown[] = [];
      for (let call = 0; call < 4; call++) replies.push((await chatModel().invoke("hi")).content);
      expect(replies).toEqual(["first", "first", "second", "default"]);
      expect(() => fake.enqueue({ kind: "disconnect", times: 0 })).toThrow(/positive integer/);

      fake.reset();
      expect(fake.requests).toHaveLength(0);
      expect((await chatModel().invoke("hi")).content).toBe(
        "This is a reply from the fake Anthropic server.",
      );
    });
  });

  describe("errors and failures", () => {
    it("sends a 429 before the stream: RateLimitError with status, retry-after header and request id", async () => {
      fake.enqueue({ kind: "error", status: 429, retryAfter: "4" });

      const { chunks, error } = await collectStream(() => nativeStructuredModel().stream("hi"));

      const rateLimit = expectInstance(error, Anthropic.RateLimitError);
      expect(rateLimit.status).toBe(429);
      expect(rateLimit.headers.get("retry-after")).toBe("4");
      expect(rateLimit.type).toBe("rate_limit_error");
      expect(rateLimit.requestID).toBe(rateLimit.headers.get("request-id"));
      // The whole body, not just its `error` member, is on `.error`.
      expect(rateLimit.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
      expect(chunks).toEqual([]);
      expect(lastRequest()).toMatchObject({ status: 429, behaviour: "error", response: { streamed: false } });
    });

    it("sends a 529 before the stream: the SDK's InternalServerError with status 529, type overloaded_error", async () => {
      fake.enqueue({ kind: "error", status: 529 });
      const { error } = await collectStream(() => nativeStructuredModel().stream("hi"));
      const overloaded = expectInstance(error, Anthropic.InternalServerError);
      expect(overloaded.status).toBe(529);
      expect(overloaded.type).toBe("overloaded_error");
      expect(overloaded.headers.get("request-id")).toMatch(/^req_/);
    });

    it("sends an error event mid-stream: the pieces arrive, then APIError without a status", async () => {
      fake.enqueue({ kind: "streamThenError", content: '{"rationale": "par', chunks: 3 });

      const { text, error } = await collectStream(() => nativeStructuredModel().stream("hi"));

      expect(text).toBe('{"rationale": "par');
      const apiError = expectInstance(error, Anthropic.APIError);
      expect(apiError).not.toBeInstanceOf(Anthropic.InternalServerError);
      expect(apiError.status).toBeUndefined();
      expect(apiError.type).toBe("overloaded_error");
      expect(apiError.error).toEqual({
        type: "error",
        error: { type: "overloaded_error", message: "Overloaded" },
      });
      expect(lastRequest().response?.events.at(-1)).toEqual({
        event: "error",
        data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      });
      expect(streamedSummary()).toMatchObject({ stop_reason: null, error: { type: "overloaded_error" } });
    });

    it("drops the connection mid-stream: the pieces arrive, then undici's TypeError 'terminated'", async () => {
      fake.enqueue({ kind: "streamThenDisconnect", content: '{"rationale": "half', chunks: 2 });
      const { text, error } = await collectStream(() => nativeStructuredModel().stream("hi"));
      expect(text).toBe('{"rationale": "half');
      expect(expectInstance(error, TypeError).message).toBe("terminated");
      expect(lastRequest()).toMatchObject({ outcome: "disconnected", response: { chunkCount: 2 } });
    });

    it("hangs before the first byte: the SDK's APIConnectionTimeoutError (LangChain does not rename it)", async () => {
      fake.enqueue({ kind: "hang", ms: 60_000 });
      const { error } = await collectStream(() => chatModel({ timeout: 200 }).stream("hi"));
      expect(expectInstance(error, Anthropic.APIConnectionTimeoutError).message).toBe("Request timed out.");
      await vi.waitFor(() => expect(lastRequest()).toMatchObject({ outcome: "abandoned", status: null }));
    });

    it("disconnects before any byte: APIConnectionError", async () => {
      fake.enqueue({ kind: "disconnect" });
      const { error } = await collectStream(() => chatModel().stream("hi"));
      expect(expectInstance(error, Anthropic.APIConnectionError).message).toBe("Connection error.");
      expect(lastRequest()).toMatchObject({ outcome: "disconnected", status: null });
    });

    it("answers a non-streaming request sensibly when the script expected a stream", async () => {
      fake.enqueue({ kind: "streamThenError", content: "x" }, { kind: "streamThenDisconnect", content: "x" });
      const overloaded = await rejectionOf(chatModel().invoke("hi"), Anthropic.InternalServerError);
      await rejectionOf(chatModel().invoke("hi"), Anthropic.APIConnectionError);
      expect(overloaded.status).toBe(529);
      expect(fake.requests.map((request) => request.outcome)).toEqual(["answered", "disconnected"]);
    });

    it("answers 401 to a wrong key: AuthenticationError, without consuming the queue", async () => {
      fake.enqueue({ kind: "reply", content: "not for you" });
      const { error } = await collectStream(() => chatModel({ apiKey: "wrong" }).stream("hi"));
      const authentication = expectInstance(error, Anthropic.AuthenticationError);
      expect(authentication.status).toBe(401);
      expect(authentication.type).toBe("authentication_error");
      expect(fake.queuedCount).toBe(1);
    });
  });
});

describe("close()", () => {
  it("does not wait for hanging requests", async () => {
    // Its own server: closing the shared one would end the other tests.
    await expectCloseAbandonsHang(await startFakeAnthropic(), (server) =>
      fetch(`${server.baseURL}/v1/messages`, {
        method: "POST",
        headers: {
          "x-api-key": server.apiKey,
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
        },
        body: JSON.stringify(minimalBody),
      }),
    );
  });
});
