import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { AzureChatOpenAI, ChatOpenAI, OpenAIClient } from "@langchain/openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { splitIntoPieces } from "../helpers/fake-http.js";
import {
  BOUNDARY,
  collectStream,
  expectCloseAbandonsHang,
  expectInstance,
  GRADING_PROMPT,
  mergeChunks,
  MULTILINGUAL_REPLY,
  rejectionOf,
  STUDENT_ANSWER,
} from "../helpers/fake-provider-checks.js";
import {
  DEFAULT_STREAM_CHUNKS,
  evidenceQuoteFrom,
  extractAnswerBetweenBoundaries,
  findStrictSchemaProblems,
  sampleFromSchema,
  startFakeOpenAI,
  STRICT_FORBIDDEN_KEYWORDS,
  type FakeBehaviour,
  type FakeChatRequest,
  type FakeOpenAIServer,
  type JsonObject,
  type StreamedCompletionSummary,
} from "../helpers/fake-openai-server.js";

/**
 * Tests of the fake OpenAI server itself. The integration part drives it with the real
 * `ChatOpenAI` client (and so the real OpenAI SDK), because the point of the fake is that the
 * client cannot tell it from the real API in the ways our tests rely on.
 */

/** Shaped like the service's per-criterion reply (src/grading/reply-schema.ts), declared here so these tests stand alone. */
const criterionReplySchema = z.object({
  rationale: z.string().describe("For the teacher."),
  evidence: z.array(z.string()).describe("Exact quotes from the answer."),
  points: z.number().min(0).max(4).multipleOf(0.5),
  level: z.literal([0, 1, 2, 3]),
  comment: z.string().nullable(),
});

let fake: FakeOpenAIServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

function chatModel(overrides: { apiKey?: string; maxRetries?: number; timeout?: number } = {}) {
  return new ChatOpenAI({
    model: "gpt-4o-mini",
    apiKey: overrides.apiKey ?? fake.apiKey,
    maxRetries: overrides.maxRetries ?? 0,
    timeout: overrides.timeout,
    configuration: { baseURL: fake.baseURL },
  });
}

function structured<T extends z.ZodObject>(schema: T, options: { name?: string; maxRetries?: number } = {}) {
  return chatModel({ maxRetries: options.maxRetries }).withStructuredOutput(schema, {
    method: "jsonSchema",
    strict: true,
    name: options.name ?? "criterion_reply",
  });
}

function lastRequest() {
  const request = fake.requests.at(-1);
  if (request === undefined) throw new Error("the fake server recorded no request");
  return request;
}

function postChat(
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${fake.apiKey}` },
) {
  return fetch(`${fake.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const minimalChatBody = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] };

// -------------------------------------------------------------------------------------------------

describe("findStrictSchemaProblems", () => {
  /** Valid in strict mode, using every construct the checker must walk through. */
  function validSchema(): JsonObject {
    return structuredClone({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "criterion_reply",
      description: "Unknown keywords like these are allowed.",
      type: "object",
      properties: {
        rationale: { type: "string", description: "why" },
        evidence: { type: "array", items: { type: "string" } },
        points: { type: "number", minimum: 0, maximum: 4, multipleOf: 0.5 },
        comment: { anyOf: [{ type: "string" }, { type: "null" }] },
        level: { type: ["string", "null"], enum: ["low", "high", null] },
        details: { $ref: "#/$defs/Details" },
        outline: { $ref: "#/definitions/OutlineNode" },
        // Property names that look like forbidden keywords are just names.
        not: { type: "boolean" },
        if: { type: "boolean" },
      },
      required: ["rationale", "evidence", "points", "comment", "level", "details", "outline", "not", "if"],
      additionalProperties: false,
      $defs: {
        Details: {
          type: "object",
          properties: { summary: { type: "string" } },
          required: ["summary"],
          additionalProperties: false,
        },
      },
      definitions: {
        // Recursive: OpenAI allows it, and the checker must not loop or count it as deep nesting.
        OutlineNode: {
          type: "object",
          properties: {
            heading: { type: "string" },
            children: { type: "array", items: { $ref: "#/definitions/OutlineNode" } },
          },
          required: ["heading", "children"],
          additionalProperties: false,
        },
      },
    });
  }

  function nestedObjects(levels: number): JsonObject {
    let schema: JsonObject = {
      type: "object",
      properties: { leaf: { type: "string" } },
      required: ["leaf"],
      additionalProperties: false,
    };
    for (let level = 1; level < levels; level++) {
      schema = {
        type: "object",
        properties: { child: schema },
        required: ["child"],
        additionalProperties: false,
      };
    }
    return schema;
  }

  function objectWithProperties(count: number): JsonObject {
    const names = Array.from({ length: count }, (_, index) => `field_${index}`);
    return {
      type: "object",
      properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
      required: names,
      additionalProperties: false,
    };
  }

  it("accepts a valid schema with refs, definitions, recursion, nullable values and harmless keywords", () => {
    expect(findStrictSchemaProblems(validSchema())).toEqual([]);
  });

  it("rejects a root that is not an object", () => {
    const problems = findStrictSchemaProblems({ type: "array", items: { type: "string" } });
    expect(problems).toEqual([expect.stringMatching(/^#: the root schema must be of type 'object'/)]);
  });

  it("rejects anyOf at the root, and anything that is not a schema object", () => {
    const rootUnion = { anyOf: [validSchema(), validSchema()] };
    expect(findStrictSchemaProblems(rootUnion)).toContain(
      "#: 'anyOf' is not permitted at the root; the root must be an object",
    );
    expect(findStrictSchemaProblems("not a schema")).toHaveLength(1);
  });

  it("rejects an object without additionalProperties: false, naming its path", () => {
    const schema = validSchema();
    delete (schema.properties as { details: unknown }).details;
    schema.required = (schema.required as string[]).filter((name) => name !== "details");
    (schema.properties as JsonObject).scores = {
      type: "object",
      properties: { total: { type: "number" } },
      required: ["total"],
    };
    (schema.required as string[]).push("scores");
    expect(findStrictSchemaProblems(schema)).toEqual([
      expect.stringMatching(
        /^#\/properties\/scores: 'additionalProperties' is required to be supplied and to be false/,
      ),
    ]);
  });

  it("rejects a record-like object whose additionalProperties is a schema", () => {
    const schema = validSchema();
    (schema.properties as JsonObject).details = {
      type: "object",
      additionalProperties: { type: "number" },
    };
    expect(findStrictSchemaProblems(schema)).toEqual([
      expect.stringMatching(/^#\/properties\/details: 'additionalProperties' .* got \{"type":"number"\}$/),
    ]);
  });

  it("rejects a property missing from required (an optional field), naming the object and the field", () => {
    const schema = validSchema();
    schema.required = (schema.required as string[]).filter((name) => name !== "comment");
    const problems = findStrictSchemaProblems(schema);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^#: 'required' must list every key in 'properties'; missing 'comment'/);
    expect(problems[0]).toContain(".nullable()");
  });

  it.each(STRICT_FORBIDDEN_KEYWORDS)("rejects '%s' wherever it appears", (keyword) => {
    const schema = validSchema();
    const rationale = (schema.properties as Record<string, JsonObject>).rationale!;
    rationale[keyword] =
      keyword.startsWith("dependent") || keyword === "patternProperties" ? {} : [{ type: "string" }];
    expect(findStrictSchemaProblems(schema)).toEqual([
      `#/properties/rationale: '${keyword}' is not permitted in strict mode`,
    ]);
  });

  it("checks definitions reached through $ref where they are defined", () => {
    const schema = validSchema();
    const details = (schema.$defs as Record<string, JsonObject>).Details!;
    details.properties = { summary: { type: "string" }, extra: { oneOf: [{ type: "string" }] } };
    const problems = findStrictSchemaProblems(schema);
    expect(problems).toContain("#/$defs/Details/properties/extra: 'oneOf' is not permitted in strict mode");
    expect(problems).toContainEqual(
      expect.stringMatching(/^#\/\$defs\/Details: 'required' .* missing 'extra'/),
    );
  });

  it("follows draft-07 style #/definitions refs too", () => {
    const schema = validSchema();
    const outline = (schema.definitions as Record<string, JsonObject>).OutlineNode!;
    delete outline.additionalProperties;
    expect(findStrictSchemaProblems(schema)).toEqual([
      expect.stringMatching(/^#\/definitions\/OutlineNode: 'additionalProperties'/),
    ]);
  });

  it("accepts recursion through the root ($ref: '#') without counting it as nesting", () => {
    // Root (level 1) plus nine nested levels is the limit; following the recursion would exceed it.
    const outline = {
      type: "object",
      properties: {
        heading: { type: "string" },
        children: { type: "array", items: { $ref: "#" } },
        deep: nestedObjects(9),
      },
      required: ["heading", "children", "deep"],
      additionalProperties: false,
    };
    expect(findStrictSchemaProblems(outline)).toEqual([]);
  });

  it("rejects a $ref that does not resolve", () => {
    const schema = validSchema();
    (schema.properties as JsonObject).details = { $ref: "#/$defs/Missing" };
    expect(findStrictSchemaProblems(schema)).toEqual([
      "#/properties/details: $ref '#/$defs/Missing' does not resolve inside the schema",
    ]);
  });

  it("rejects an array schema without items", () => {
    const schema = validSchema();
    (schema.properties as JsonObject).evidence = { type: "array" };
    expect(findStrictSchemaProblems(schema)).toEqual([
      "#/properties/evidence: array schemas must define 'items'",
    ]);
  });

  it("allows 10 levels of object nesting and rejects 11, naming the deepest object", () => {
    expect(findStrictSchemaProblems(nestedObjects(10))).toEqual([]);
    const problems = findStrictSchemaProblems(nestedObjects(11));
    expect(problems).toEqual([
      `#${"/properties/child".repeat(10)}: objects are nested 11 levels deep here; strict mode allows at most 10`,
    ]);
  });

  it("counts nesting through $ref", () => {
    const schema: JsonObject = {
      type: "object",
      properties: { start: { $ref: "#/$defs/Nine" } },
      required: ["start"],
      additionalProperties: false,
      $defs: { Nine: nestedObjects(9), Ten: nestedObjects(10) },
    };
    expect(findStrictSchemaProblems(schema)).toEqual([]);
    (schema.properties as JsonObject).start = { $ref: "#/$defs/Ten" };
    expect(findStrictSchemaProblems(schema)).toEqual([
      expect.stringMatching(/^#\/\$defs\/Ten(\/properties\/child){9}: objects are nested 11 levels deep/),
    ]);
  });

  it("allows 5000 properties in all and rejects 5001", () => {
    expect(findStrictSchemaProblems(objectWithProperties(5000))).toEqual([]);
    expect(findStrictSchemaProblems(objectWithProperties(5001))).toEqual([
      "#: the schema has 5001 properties in all; strict mode allows at most 5000",
    ]);
  });

  it("accepts what @langchain/core's toJsonSchema makes of a nullable-only zod schema", () => {
    expect(findStrictSchemaProblems(toJsonSchema(criterionReplySchema))).toEqual([]);
  });
});

describe("sampleFromSchema", () => {
  it("makes a value the zod schema accepts, with the most generous numbers", () => {
    const sample = sampleFromSchema(toJsonSchema(criterionReplySchema), { evidenceQuotes: ["a quote"] });
    expect(criterionReplySchema.parse(sample)).toEqual({
      rationale: "sample text",
      evidence: ["a quote"],
      points: 4,
      level: 3,
      comment: "sample text",
    });
  });

  it("rounds the maximum down to multipleOf and stays below an exclusive maximum", () => {
    expect(sampleFromSchema({ type: "number", maximum: 4.7, multipleOf: 0.5 })).toBe(4.5);
    expect(sampleFromSchema({ type: "number", exclusiveMaximum: 5, multipleOf: 0.5 })).toBe(4.5);
    expect(sampleFromSchema({ type: "integer", maximum: 7.5 })).toBe(7);
    expect(sampleFromSchema({ type: "number", minimum: 3 })).toBe(3);
  });

  it("gives empty evidence without quotes, and one item for other arrays", () => {
    const schema = {
      type: "object",
      properties: {
        evidence: { type: "array", items: { type: "string" } },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
      },
    };
    expect(sampleFromSchema(schema)).toEqual({ evidence: [], tags: ["a"] });
  });

  it("ends recursive structures with empty arrays", () => {
    const schema = {
      type: "object",
      properties: {
        heading: { type: "string" },
        children: { type: "array", items: { $ref: "#" } },
      },
    };
    expect(sampleFromSchema(schema)).toEqual({ heading: "sample text", children: [] });
  });
});

describe("extractAnswerBetweenBoundaries", () => {
  it("returns the lines between two lines carrying the same boundary token", () => {
    const text = `Intro\n<<<${BOUNDARY}\nline one\nline two\n${BOUNDARY}>>>\nAfter`;
    expect(extractAnswerBetweenBoundaries(text)).toBe("line one\nline two");
  });

  it("returns undefined without a matching closing line", () => {
    expect(extractAnswerBetweenBoundaries(`${BOUNDARY}\ntext\nANSWER-BOUNDARY-other`)).toBeUndefined();
    expect(extractAnswerBetweenBoundaries("no boundaries at all")).toBeUndefined();
  });

  it("quotes the first 40 characters of the answer", () => {
    expect(evidenceQuoteFrom(`  ${STUDENT_ANSWER}`)).toBe(STUDENT_ANSWER.slice(0, 40).trimEnd());
    expect(evidenceQuoteFrom(" \n ")).toBe("");
  });
});

// -------------------------------------------------------------------------------------------------

describe("fake OpenAI server with the real ChatOpenAI client", () => {
  describe("successful replies", () => {
    it("answers structured output with a schema-driven sample that round-trips through zod", async () => {
      const result = await structured(criterionReplySchema).invoke([
        new SystemMessage("You grade answers."),
        new HumanMessage(GRADING_PROMPT),
      ]);

      expect(result).toEqual({
        rationale: "sample text",
        evidence: [STUDENT_ANSWER.slice(0, 40)],
        points: 4,
        level: 3,
        comment: "sample text",
      });
      const request = lastRequest();
      expect(request).toMatchObject({
        method: "POST",
        path: "/v1/chat/completions",
        status: 200,
        behaviour: "sample",
        outcome: "answered",
        body: {
          model: "gpt-4o-mini",
          stream: false,
          response_format: { type: "json_schema", json_schema: { name: "criterion_reply", strict: true } },
        },
      });
      expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    });

    it("returns a completion object shaped like OpenAI's, with deterministic token estimates", async () => {
      const response = await postChat(minimalChatBody);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: expect.stringMatching(/^chatcmpl-/),
        object: "chat.completion",
        created: expect.any(Number),
        model: "gpt-4o-mini",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: expect.any(String), refusal: null },
            finish_reason: "stop",
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 2, completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
      });
    });

    it("reports the estimated usage to LangChain, or the scripted one", async () => {
      const prompt = "Twelve chars"; // 12 characters: 3 tokens
      fake.enqueue(
        { kind: "reply", content: "Eight ch" },
        { kind: "reply", content: "x", usage: { prompt_tokens: 100, completion_tokens: 7 } },
      );
      const estimated = await chatModel().invoke(prompt);
      const scripted = await chatModel().invoke(prompt);
      expect(estimated.content).toBe("Eight ch");
      expect(estimated.usage_metadata).toMatchObject({ input_tokens: 3, output_tokens: 2, total_tokens: 5 });
      expect(scripted.usage_metadata).toMatchObject({
        input_tokens: 100,
        output_tokens: 7,
        total_tokens: 107,
      });
    });

    it("sends a scripted json body as the reply", async () => {
      const reply = {
        rationale: "Names the inputs.",
        evidence: ["light energy"],
        points: 2.5,
        level: 1,
        comment: null,
      };
      fake.enqueue({ kind: "json", body: reply });
      await expect(structured(criterionReplySchema).invoke(GRADING_PROMPT)).resolves.toEqual(reply);
    });

    it("lets a respond handler compute the reply from the request", async () => {
      const seen: FakeChatRequest[] = [];
      fake.enqueue({
        kind: "respond",
        handler: (request) => {
          seen.push(request);
          const properties = request.schema?.properties as Record<string, { maximum?: number }>;
          return {
            rationale: `Answer has ${request.answer?.length ?? 0} characters.`,
            evidence: [request.answer?.split(" ")[0] ?? ""],
            points: (properties.points?.maximum ?? 0) / 2,
            level: 0,
            comment: null,
          };
        },
      });

      const result = await structured(criterionReplySchema).invoke(GRADING_PROMPT);

      expect(result).toEqual({
        rationale: `Answer has ${STUDENT_ANSWER.length} characters.`,
        evidence: ["Photosynthesis"],
        points: 2,
        level: 0,
        comment: null,
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ schemaName: "criterion_reply", lastUserMessage: GRADING_PROMPT });
    });

    it("finds the answer in an earlier user message when the last one has no boundaries (repair calls)", async () => {
      const result = await structured(criterionReplySchema).invoke([
        new HumanMessage(GRADING_PROMPT),
        new AIMessage('{"points": 9}'),
        new HumanMessage("Your previous reply could not be used. Reply again."),
      ]);
      expect(result.evidence).toEqual([evidenceQuoteFrom(STUDENT_ANSWER)]);
    });

    it("answers 500 when a respond handler throws, instead of hanging", async () => {
      fake.enqueue({
        kind: "respond",
        handler: () => {
          throw new Error("handler bug");
        },
      });
      const error = await rejectionOf(chatModel().invoke("hi"), OpenAIClient.InternalServerError);
      expect(error.message).toContain("handler bug");
      expect(lastRequest().status).toBe(500);
    });

    it("plays the queue in order, honours times, then falls back to the default", async () => {
      fake.enqueue({ kind: "reply", content: "first", times: 2 }, { kind: "reply", content: "second" });
      fake.setDefault({ kind: "reply", content: "default" });
      expect(fake.queuedCount).toBe(3);

      const replies: unknown[] = [];
      for (let call = 0; call < 5; call++) replies.push((await chatModel().invoke("hi")).content);

      expect(replies).toEqual(["first", "first", "second", "default", "default"]);
      expect(fake.queuedCount).toBe(0);
      expect(() => fake.enqueue({ kind: "disconnect", times: 0 })).toThrow(/positive integer/);
    });

    it("reset() empties queue and records and restores the schema-driven default", async () => {
      fake.enqueue({ kind: "reply", content: "queued" });
      fake.setDefault({ kind: "reply", content: "custom default" });
      await chatModel().invoke("hi");
      fake.enqueue({ kind: "reply", content: "left over" });

      fake.reset();

      expect(fake.requests).toHaveLength(0);
      expect(fake.queuedCount).toBe(0);
      await expect(structured(criterionReplySchema).invoke("no boundaries")).resolves.toMatchObject({
        evidence: [],
        points: 4,
      });
      expect(lastRequest().behaviour).toBe("sample");
    });

    it("lists models", async () => {
      const response = await fetch(`${fake.baseURL}/models`, {
        headers: { authorization: `Bearer ${fake.apiKey}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        object: "list",
        data: expect.arrayContaining([expect.objectContaining({ id: "gpt-4o-mini", object: "model" })]),
      });
    });
  });

  describe("strict structured output", () => {
    it("rejects a zod .optional() field with 400 invalid_json_schema and does not consume the queue", async () => {
      const withOptional = z.object({
        criterion: z.object({ points: z.number(), comment: z.string().optional() }),
      });
      fake.enqueue({ kind: "json", body: { criterion: { points: 1 } } });

      const error = await rejectionOf(structured(withOptional).invoke("hi"), OpenAIClient.BadRequestError);

      expect(error.status).toBe(400);
      expect(error.code).toBe("invalid_json_schema");
      expect(error.param).toBe("response_format");
      expect(error.message).toMatch(
        /Invalid schema for response_format 'criterion_reply': #\/properties\/criterion: 'required' must list every key in 'properties'; missing 'comment'/,
      );
      expect(lastRequest()).toMatchObject({ status: 400, behaviour: null, outcome: "answered" });
      expect(fake.queuedCount).toBe(1);
    });

    it("accepts the same schema with .nullable() instead", async () => {
      const withNullable = z.object({
        criterion: z.object({ points: z.number().max(3), comment: z.string().nullable() }),
      });
      await expect(structured(withNullable).invoke("hi")).resolves.toEqual({
        criterion: { points: 3, comment: "sample text" },
      });
    });

    it("accepts z.union, which zod 4 turns into anyOf", async () => {
      const withUnion = z.object({ value: z.union([z.number().max(2), z.string()]) });
      expect(JSON.stringify(toJsonSchema(withUnion))).toContain('"anyOf"');
      await expect(structured(withUnion).invoke("hi")).resolves.toEqual({ value: 2 });
    });

    it.each([
      {
        construct: "z.discriminatedUnion (oneOf)",
        schema: z.object({
          answer: z.discriminatedUnion("kind", [
            z.object({ kind: z.literal("text"), text: z.string() }),
            z.object({ kind: z.literal("number"), value: z.number() }),
          ]),
        }),
        problem: "#/properties/answer: 'oneOf' is not permitted in strict mode",
      },
      {
        construct: "z.xor (oneOf)",
        schema: z.object({ answer: z.xor([z.string(), z.number()]) }),
        problem: "#/properties/answer: 'oneOf' is not permitted in strict mode",
      },
      {
        construct: "z.intersection (allOf)",
        schema: z.object({
          answer: z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })),
        }),
        problem: "#/properties/answer: 'allOf' is not permitted in strict mode",
      },
      {
        construct: "z.record (additionalProperties is a schema)",
        schema: z.object({ scores: z.record(z.string(), z.number()) }),
        problem: "#/properties/scores: 'additionalProperties' is required to be supplied and to be false",
      },
    ])("rejects $construct with 400 naming the path", async ({ schema, problem }) => {
      const error = await rejectionOf(structured(schema).invoke("hi"), OpenAIClient.BadRequestError);
      expect(error.status).toBe(400);
      expect(error.message).toContain(problem);
      expect(lastRequest().status).toBe(400);
    });

    it("checks nested objects the client sends behind $ref", async () => {
      // zod extracts a schema used twice into $defs; .nullable() keeps it an object behind a $ref.
      const comment = z.object({ text: z.string(), author: z.string().optional() });
      const schema = z.object({ first: comment.nullable(), second: comment.nullable() });

      const error = await rejectionOf(structured(schema).invoke("hi"), OpenAIClient.BadRequestError);

      const sent = lastRequest().body as { response_format: { json_schema: { schema: JsonObject } } };
      const sentSchema = JSON.stringify(sent.response_format.json_schema.schema);
      expect(sentSchema).toMatch(/"\$ref":"#\/\$defs\/[^"]+"/);
      expect(error.message).toMatch(
        /#\/\$defs\/[^:]+: 'required' must list every key in 'properties'; missing 'author'/,
      );
    });

    it("accepts and samples a valid object behind $ref", async () => {
      const comment = z.object({ text: z.string(), author: z.string().nullable() });
      const schema = z.object({ first: comment.nullable(), second: comment.nullable() });
      await expect(structured(schema).invoke("hi")).resolves.toEqual({
        first: { text: "sample text", author: "sample text" },
        second: { text: "sample text", author: "sample text" },
      });
    });

    it("rejects a schema name the API would not accept", async () => {
      const error = await rejectionOf(
        structured(criterionReplySchema, { name: "criterion reply!" }).invoke("hi"),
        OpenAIClient.BadRequestError,
      );
      expect(error.param).toBe("response_format.json_schema.name");
      expect(lastRequest().status).toBe(400);
    });
  });

  describe("bad content is delivered verbatim for the client to fail on", () => {
    it("returns malformed JSON exactly as scripted; the SDK's parse throws a SyntaxError", async () => {
      const malformed = '{"rationale": "cut off", "points": 3,';
      fake.enqueue({ kind: "reply", content: malformed });

      await rejectionOf(structured(criterionReplySchema).invoke("hi"), SyntaxError);

      const body = lastRequest().response?.body as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).toBe(malformed);
    });

    it("returns malformed content verbatim over raw HTTP too", async () => {
      const content = "not json at all: { ]";
      fake.enqueue({ kind: "reply", content });
      const response = await postChat(minimalChatBody);
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).toBe(content);
    });

    it("passes out-of-range values through; the client's zod parse rejects them", async () => {
      fake.enqueue({
        kind: "json",
        body: { rationale: "r", evidence: [], points: 99, level: 1, comment: null },
      });
      const error = await rejectionOf(structured(criterionReplySchema).invoke("hi"), z.core.$ZodError);
      expect(error.issues).toEqual([expect.objectContaining({ code: "too_big", path: ["points"] })]);
    });

    it("marks truncated output with finish_reason length; the SDK throws LengthFinishReasonError", async () => {
      fake.enqueue({ kind: "reply", content: '{"rationale": "The answer', finishReason: "length" });
      const error = await rejectionOf(structured(criterionReplySchema).invoke("hi"), Error);
      expect(error.constructor.name).toBe("LengthFinishReasonError");
      expect(lastRequest().response?.body).toMatchObject({ choices: [{ finish_reason: "length" }] });
    });

    it("is asked again when LangChain retries an unparseable reply (maxRetries covers parse errors)", async () => {
      const reply = { rationale: "ok", evidence: [], points: 1, level: 1, comment: null };
      fake.enqueue({ kind: "reply", content: "{" }, { kind: "json", body: reply });
      await expect(structured(criterionReplySchema, { maxRetries: 1 }).invoke("hi")).resolves.toEqual(reply);
      expect(fake.requests.map((request) => request.status)).toEqual([200, 200]);
    });
  });

  describe("errors and failures", () => {
    it("sends a scripted 429 with retry-after headers readable on the SDK error", async () => {
      fake.enqueue({ kind: "error", status: 429, retryAfter: "7", retryAfterMs: 7000 });

      const error = await rejectionOf(chatModel().invoke("hi"), OpenAIClient.RateLimitError);

      expect(error.status).toBe(429);
      expect(error.code).toBe("rate_limit_exceeded");
      expect(error.headers.get("retry-after")).toBe("7");
      expect(error.headers.get("retry-after-ms")).toBe("7000");
      expect(lastRequest()).toMatchObject({
        status: 429,
        behaviour: "error",
        response: { headers: { "retry-after": "7", "retry-after-ms": "7000" } },
      });
    });

    it("shows that LangChain does not retry a 429 without retry-after, whatever maxRetries says", async () => {
      fake.enqueue({ kind: "error", status: 429, retryAfterMs: 100 });
      const error = await rejectionOf(chatModel({ maxRetries: 2 }).invoke("hi"), OpenAIClient.RateLimitError);
      expect(error.name).toBe("RateLimitCapacityError");
      expect(fake.requests).toHaveLength(1);
    });

    it("hangs past the client's timeout; the client reports TimeoutError", async () => {
      fake.enqueue({ kind: "hang", ms: 60_000 });

      const error = await rejectionOf(chatModel({ timeout: 200 }).invoke("hi"), Error);

      expect(error.name).toBe("TimeoutError");
      expect(error.message).toBe("Request timed out.");
      // The server learns of the abort a moment after the client gives up.
      await vi.waitFor(() => expect(lastRequest()).toMatchObject({ outcome: "abandoned", status: null }));
    });

    it("answers after a hang shorter than the timeout", async () => {
      fake.enqueue({ kind: "hang", ms: 50, then: { kind: "reply", content: "late but fine" } });
      await expect(chatModel({ timeout: 5000 }).invoke("hi")).resolves.toMatchObject({
        content: "late but fine",
      });
    });

    it("drops the connection; the client reports APIConnectionError", async () => {
      fake.enqueue({ kind: "disconnect" });

      const error = await rejectionOf(chatModel().invoke("hi"), OpenAIClient.APIConnectionError);

      expect(error.message).toBe("Connection error.");
      expect(lastRequest()).toMatchObject({ outcome: "disconnected", status: null, behaviour: "disconnect" });
    });

    it("answers 401 to a wrong API key", async () => {
      fake.enqueue({ kind: "reply", content: "not for you" });

      const error = await rejectionOf(
        chatModel({ apiKey: "wrong-key" }).invoke("hi"),
        OpenAIClient.AuthenticationError,
      );

      expect(error.status).toBe(401);
      expect(error.code).toBe("invalid_api_key");
      expect(lastRequest()).toMatchObject({ status: 401, headers: { authorization: "Bearer wrong-key" } });
      expect(fake.queuedCount).toBe(1);
    });

    it("answers 401 in OpenAI's error shape when the Authorization header is missing", async () => {
      const response = await postChat(minimalChatBody, {});
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          message: expect.stringContaining("API key"),
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      });
      expect(lastRequest().status).toBe(401);
    });

    it("answers 404 to unknown routes and 400 to bodies that are not JSON", async () => {
      const notFound = await fetch(`${fake.baseURL}/embeddings`, {
        method: "POST",
        headers: { authorization: `Bearer ${fake.apiKey}` },
        body: "{}",
      });
      const notJson = await fetch(`${fake.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${fake.apiKey}` },
        body: "{ not json",
      });
      expect([notFound.status, notJson.status]).toEqual([404, 400]);
      expect(fake.requests.map((request) => [request.path, request.status])).toEqual([
        ["/v1/embeddings", 404],
        ["/v1/chat/completions", 400],
      ]);
    });
  });
});

// -------------------------------------------------------------------------------------------------
// Streaming
// -------------------------------------------------------------------------------------------------

/** The criterion reply schema as the plain JSON schema a caller sends itself. */
const criterionReplyJsonSchema = toJsonSchema(criterionReplySchema) as JsonObject;

function strictResponseFormat(schema: JsonObject = criterionReplyJsonSchema) {
  return { type: "json_schema" as const, json_schema: { name: "criterion_reply", strict: true, schema } };
}

/**
 * ChatOpenAI bound to strict structured output the way a streaming caller binds it: a plain JSON
 * schema in `response_format`, no output parser, so the caller sees the raw text. These tests use
 * `.stream()`: `invoke()` on a model built with `streaming: true` also streams, but then LangChain
 * estimates token counts with tiktoken, whose ranks it downloads from tiktoken.pages.dev; without
 * network that fails after minutes of retries (and falls back to an estimate).
 */
function streamingStructuredModel(
  options: { schema?: JsonObject; streamUsage?: boolean; timeout?: number } = {},
) {
  return new ChatOpenAI({
    model: "gpt-4o-mini",
    apiKey: fake.apiKey,
    maxRetries: 0,
    timeout: options.timeout,
    streamUsage: options.streamUsage,
    configuration: { baseURL: fake.baseURL },
  }).withConfig({ response_format: strictResponseFormat(options.schema) });
}

function streamedSummary(): StreamedCompletionSummary {
  const response = lastRequest().response;
  expect(response?.streamed).toBe(true);
  return response!.body as StreamedCompletionSummary;
}

describe("splitIntoPieces", () => {
  it("cuts at evenly spaced code points, inside JSON tokens, and joins back exactly", () => {
    const content = '{"points": 3.5, "comment": null}';
    const pieces = splitIntoPieces(content, 4);
    expect(pieces).toEqual(['{"points', '": 3.5, ', '"comment', '": null}']);
    expect(splitIntoPieces(content, 7).join("")).toBe(content);
    expect(splitIntoPieces(content, 7)).toHaveLength(7);
  });

  it("never cuts a surrogate pair, but cuts between the code points of one grapheme", () => {
    const emoji = "🌍🌿🎓";
    expect(splitIntoPieces(emoji, 3)).toEqual(["🌍", "🌿", "🎓"]);
    // e + combining acute accent: one visible character, two code points.
    expect(splitIntoPieces("e\u0301", 2)).toEqual(["e", "\u0301"]);
    for (const piece of splitIntoPieces(MULTILINGUAL_REPLY, 23)) {
      expect(piece.isWellFormed()).toBe(true);
    }
  });

  it("gives fewer pieces than asked for short text, none for empty text, and refuses a bad count", () => {
    expect(splitIntoPieces("ab", 5)).toEqual(["a", "b"]);
    expect(splitIntoPieces("", 5)).toEqual([]);
    expect(() => splitIntoPieces("abc", 0)).toThrow(/positive integer/);
  });
});

describe("streaming (stream: true)", () => {
  describe("the wire format, pinned with plain fetch", () => {
    it("sends OpenAI's chat.completion.chunk events: role, content pieces, finish, usage, [DONE]", async () => {
      const content = '{"note": "héllo 🌍"}';
      fake.enqueue({ kind: "reply", content, chunks: 3 });

      const response = await postChat({
        ...minimalChatBody,
        stream: true,
        stream_options: { include_usage: true },
      });

      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      const raw = await response.text();
      expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
      const frames = raw.split("\n\n").slice(0, -1);
      for (const frame of frames) expect(frame).toMatch(/^data: [^\n]+$/);
      const payloads = frames.map((frame) => frame.slice("data: ".length));
      expect(payloads.at(-1)).toBe("[DONE]");

      const envelope = {
        id: expect.stringMatching(/^chatcmpl-/),
        object: "chat.completion.chunk",
        created: expect.any(Number),
        model: "gpt-4o-mini",
        obfuscation: expect.any(String),
      };
      const choice = (delta: JsonObject, finishReason: string | null = null) => ({
        index: 0,
        delta,
        logprobs: null,
        finish_reason: finishReason,
      });
      const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload) as JsonObject);
      expect(chunks).toEqual([
        { ...envelope, choices: [choice({ role: "assistant", content: "", refusal: null })], usage: null },
        { ...envelope, choices: [choice({ content: '{"note' })], usage: null },
        { ...envelope, choices: [choice({ content: '": "hél' })], usage: null },
        { ...envelope, choices: [choice({ content: 'lo 🌍"}' })], usage: null },
        { ...envelope, choices: [choice({}, "stop")], usage: null },
        // 20 UTF-16 code units → 5 estimated tokens; "Hello" → 2.
        { ...envelope, choices: [], usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 } },
      ]);
      expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
      expect(lastRequest()).toMatchObject({
        status: 200,
        outcome: "answered",
        behaviour: "reply",
        response: {
          streamed: true,
          chunkCount: 3,
          body: { content, finish_reason: "stop", usage: { total_tokens: 7 } },
        },
      });
    });

    it("leaves out usage entirely without include_usage, and obfuscation when the request turns it off", async () => {
      fake.enqueue({ kind: "reply", content: "abc", chunks: 2 });
      const response = await postChat({
        ...minimalChatBody,
        stream: true,
        stream_options: { include_obfuscation: false },
      });
      const payloads = (await response.text())
        .split("\n\n")
        .filter((frame) => frame !== "")
        .map((frame) => frame.slice("data: ".length));
      const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload) as JsonObject);
      expect(chunks).toHaveLength(4); // role, two pieces, finish
      for (const chunk of chunks) {
        expect(Object.keys(chunk).sort()).toEqual(["choices", "created", "id", "model", "object"]);
      }
      expect(streamedSummary()).toEqual({ content: "abc", finish_reason: "stop", usage: null });
    });

    it("rejects stream_options without stream: true, and a stream flag that is not a boolean", async () => {
      const optionsWithoutStream = await postChat({
        ...minimalChatBody,
        stream_options: { include_usage: true },
      });
      const stringStream = await postChat({ ...minimalChatBody, stream: "yes" });
      expect([optionsWithoutStream.status, stringStream.status]).toEqual([400, 400]);
      expect(await optionsWithoutStream.json()).toMatchObject({ error: { param: "stream_options" } });
      expect(await stringStream.json()).toMatchObject({ error: { param: "stream", code: "invalid_type" } });
      expect(fake.requests.map((request) => request.behaviour)).toEqual([null, null]);
    });
  });

  describe("with the real ChatOpenAI client (.stream(), strict json_schema response_format)", () => {
    it.each<{
      name: string;
      behaviour: FakeBehaviour;
      content: string;
      finishReason: string;
      pieces: number;
    }>([
      {
        name: "a valid reply",
        behaviour: {
          kind: "json",
          body: { rationale: "ok", evidence: [], points: 3, level: 2, comment: null },
        },
        content: '{"rationale":"ok","evidence":[],"points":3,"level":2,"comment":null}',
        finishReason: "stop",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "malformed JSON",
        behaviour: { kind: "reply", content: '{"rationale": "cut off", "points": 3,,]' },
        content: '{"rationale": "cut off", "points": 3,,]',
        finishReason: "stop",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "truncated JSON (finish_reason length)",
        behaviour: { kind: "reply", content: '{"rationale": "The answ', finishReason: "length" },
        content: '{"rationale": "The answ',
        finishReason: "length",
        pieces: DEFAULT_STREAM_CHUNKS,
      },
      {
        name: "multi-byte text split into many pieces",
        behaviour: { kind: "reply", content: MULTILINGUAL_REPLY, chunks: 37 },
        content: MULTILINGUAL_REPLY,
        finishReason: "stop",
        pieces: 37,
      },
    ])(
      "delivers $name exactly: the joined chunks equal the scripted content",
      async ({ behaviour, content, finishReason, pieces }) => {
        fake.enqueue(behaviour);

        const { chunks, text, error } = await collectStream(() =>
          streamingStructuredModel().stream(GRADING_PROMPT),
        );

        expect(error).toBeUndefined();
        expect(text).toBe(content);
        expect(chunks.filter((chunk) => chunk.text !== "")).toHaveLength(pieces);
        // The finish reason rides on the chunk made from the finish chunk ...
        const finishChunks = chunks.filter((chunk) => chunk.response_metadata.finish_reason !== undefined);
        expect(finishChunks.map((chunk) => chunk.response_metadata.finish_reason)).toEqual([finishReason]);
        // ... and the usage on one extra, empty chunk at the end (LangChain's default streamUsage: true).
        const usageChunk = chunks.at(-1)!;
        expect(usageChunk.text).toBe("");
        expect(usageChunk.usage_metadata).toMatchObject({
          input_tokens: Math.ceil(GRADING_PROMPT.length / 4),
          output_tokens: Math.ceil(content.length / 4),
        });
        expect(usageChunk.response_metadata.usage).toMatchObject({
          completion_tokens: Math.ceil(content.length / 4),
        });
        // Merged, as LangChain's own invoke() would merge them.
        const merged = mergeChunks(chunks);
        expect(merged.content).toBe(content);
        expect(merged.response_metadata.finish_reason).toBe(finishReason);
        expect(merged.usage_metadata?.output_tokens).toBe(Math.ceil(content.length / 4));

        expect(lastRequest()).toMatchObject({
          body: {
            stream: true,
            stream_options: { include_usage: true },
            response_format: { type: "json_schema", json_schema: { name: "criterion_reply", strict: true } },
          },
          response: {
            streamed: true,
            chunkCount: pieces,
            body: { content, finish_reason: finishReason },
          },
        });
      },
    );

    it("streams the schema-driven sample by default; joined, it parses and passes the zod schema", async () => {
      const { text, error } = await collectStream(() => streamingStructuredModel().stream(GRADING_PROMPT));
      expect(error).toBeUndefined();
      expect(criterionReplySchema.parse(JSON.parse(text))).toMatchObject({
        evidence: [evidenceQuoteFrom(STUDENT_ANSWER)],
        points: 4,
      });
      expect(lastRequest()).toMatchObject({
        behaviour: "sample",
        response: { chunkCount: DEFAULT_STREAM_CHUNKS },
      });
    });

    it("streams what a respond handler computes, in the pieces asked for", async () => {
      fake.enqueue({
        kind: "respond",
        handler: (request) => {
          expect(request.stream).toBe(true);
          return { rationale: request.answer ?? "", evidence: [], points: 1, level: 0, comment: null };
        },
        chunks: 2,
      });
      const { chunks, text } = await collectStream(() => streamingStructuredModel().stream(GRADING_PROMPT));
      expect(JSON.parse(text)).toMatchObject({ rationale: STUDENT_ANSWER });
      expect(chunks.filter((chunk) => chunk.text !== "")).toHaveLength(2);
    });

    it("sends no usage chunk when streamUsage is false", async () => {
      fake.enqueue({ kind: "reply", content: "{}" });
      const { chunks } = await collectStream(() =>
        streamingStructuredModel({ streamUsage: false }).stream("hi"),
      );
      expect(chunks.some((chunk) => chunk.usage_metadata !== undefined)).toBe(false);
      expect(lastRequest().body).not.toHaveProperty("stream_options");
      expect(streamedSummary().usage).toBeNull();
    });

    it("applies the strict schema checks before streaming: an optional field is a 400", async () => {
      const withOptional = toJsonSchema(z.object({ points: z.number(), comment: z.string().optional() }));
      fake.enqueue({ kind: "reply", content: "{}" });

      const { chunks, error } = await collectStream(() =>
        streamingStructuredModel({ schema: withOptional }).stream("hi"),
      );

      const badRequest = expectInstance(error, OpenAIClient.BadRequestError);
      expect(badRequest.status).toBe(400);
      expect(badRequest.code).toBe("invalid_json_schema");
      expect(chunks).toEqual([]);
      expect(lastRequest()).toMatchObject({ status: 400, behaviour: null, response: { streamed: false } });
      expect(fake.queuedCount).toBe(1);
    });

    it("answers a scripted error before any stream: APIError with status and retry-after headers", async () => {
      fake.enqueue({ kind: "error", status: 429, retryAfter: "7", retryAfterMs: 7000 });

      const { chunks, error } = await collectStream(() => streamingStructuredModel().stream("hi"));

      const rateLimit = expectInstance(error, OpenAIClient.RateLimitError);
      expect(rateLimit.status).toBe(429);
      expect(rateLimit.headers.get("retry-after")).toBe("7");
      expect(rateLimit.headers.get("retry-after-ms")).toBe("7000");
      expect(rateLimit.code).toBe("rate_limit_exceeded");
      expect(chunks).toEqual([]);
      expect(lastRequest()).toMatchObject({ status: 429, response: { streamed: false } });
    });

    it("sends an error event mid-stream: the pieces arrive, then the SDK throws APIError without a status", async () => {
      fake.enqueue({
        kind: "streamThenError",
        content: '{"rationale": "par',
        chunks: 3,
        message: "Upstream hiccup.",
      });

      const { text, error } = await collectStream(() => streamingStructuredModel().stream("hi"));

      expect(text).toBe('{"rationale": "par');
      const apiError = expectInstance(error, OpenAIClient.APIError);
      expect(apiError).not.toBeInstanceOf(OpenAIClient.InternalServerError);
      // The HTTP status was 200; the SDK builds this error from the event, so it has none.
      expect(apiError.status).toBeUndefined();
      expect(apiError.message).toBe("Upstream hiccup.");
      expect(apiError.type).toBe("server_error");
      expect(lastRequest()).toMatchObject({
        status: 200,
        outcome: "answered",
        response: {
          streamed: true,
          chunkCount: 3,
          body: {
            content: '{"rationale": "par',
            finish_reason: null,
            error: { message: "Upstream hiccup." },
          },
        },
      });
      expect(lastRequest().response?.events.at(-1)).toEqual({
        error: expect.objectContaining({ type: "server_error" }),
      });
    });

    it("drops the connection mid-stream: the pieces arrive, then undici's TypeError 'terminated'", async () => {
      fake.enqueue({ kind: "streamThenDisconnect", content: '{"rationale": "half', chunks: 2 });

      const { text, error } = await collectStream(() => streamingStructuredModel().stream("hi"));

      expect(text).toBe('{"rationale": "half');
      // Not an OpenAI APIConnectionError: the SDK only wraps failures before the response headers.
      const terminated = expectInstance(error, TypeError);
      expect(terminated.message).toBe("terminated");
      expect(lastRequest()).toMatchObject({
        status: 200,
        outcome: "disconnected",
        response: { streamed: true, chunkCount: 2, body: { finish_reason: null, usage: null } },
      });
    });

    it("hangs before the first byte: the client's timeout fires (TimeoutError)", async () => {
      fake.enqueue({ kind: "hang", ms: 60_000 });
      const { chunks, error } = await collectStream(() =>
        streamingStructuredModel({ timeout: 200 }).stream("hi"),
      );
      expect(chunks).toEqual([]);
      expect(expectInstance(error, Error).name).toBe("TimeoutError");
      await vi.waitFor(() => expect(lastRequest()).toMatchObject({ outcome: "abandoned", status: null }));
    });

    it("streams after a hang shorter than the timeout, and disconnects before any byte on request", async () => {
      fake.enqueue(
        { kind: "hang", ms: 50, then: { kind: "reply", content: "late" } },
        { kind: "disconnect" },
      );
      const late = await collectStream(() => streamingStructuredModel({ timeout: 5000 }).stream("hi"));
      const dropped = await collectStream(() => streamingStructuredModel().stream("hi"));
      expect(late.text).toBe("late");
      expect(expectInstance(dropped.error, OpenAIClient.APIConnectionError).message).toBe(
        "Connection error.",
      );
      expect(fake.requests.map((request) => request.outcome)).toEqual(["answered", "disconnected"]);
    });

    it("answers a non-streaming request sensibly when the script expected a stream", async () => {
      fake.enqueue(
        { kind: "streamThenError", content: "ignored" },
        { kind: "streamThenDisconnect", content: "ignored" },
      );
      const serverError = await rejectionOf(chatModel().invoke("hi"), OpenAIClient.InternalServerError);
      const dropped = await rejectionOf(chatModel().invoke("hi"), OpenAIClient.APIConnectionError);
      expect(serverError.status).toBe(500);
      expect(dropped.message).toBe("Connection error.");
      expect(fake.requests.map((request) => [request.status, request.outcome])).toEqual([
        [500, "answered"],
        [null, "disconnected"],
      ]);
    });
  });
});

// -------------------------------------------------------------------------------------------------
// Azure OpenAI
// -------------------------------------------------------------------------------------------------

const AZURE_API_VERSION = "2024-10-21";

function azureModel(
  overrides: { apiKey?: string; deployment?: string; useBasePath?: boolean; streamUsage?: boolean } = {},
) {
  return new AzureChatOpenAI({
    // Without it LangChain assumes gpt-3.5-turbo, sends that as `model` and refuses json_schema.
    model: "gpt-4o-mini",
    azureOpenAIApiKey: overrides.apiKey ?? fake.apiKey,
    ...(overrides.useBasePath
      ? { azureOpenAIBasePath: fake.azureBasePath }
      : { azureOpenAIEndpoint: fake.azureEndpoint }),
    azureOpenAIApiDeploymentName: overrides.deployment ?? "gpt-4o-mini",
    azureOpenAIApiVersion: AZURE_API_VERSION,
    streamUsage: overrides.streamUsage,
    maxRetries: 0,
  });
}

function azureFetch(path: string, init: RequestInit & { apiKey?: string | null } = {}) {
  const { apiKey = fake.apiKey, ...rest } = init;
  return fetch(`${fake.azureEndpoint}${path}`, {
    ...rest,
    headers: {
      "content-type": "application/json",
      ...(apiKey === null ? {} : { "api-key": apiKey }),
    },
  });
}

describe("Azure OpenAI routes with the real AzureChatOpenAI client", () => {
  it("streams through azureOpenAIEndpoint: key in api-key, api-version in the query, deployment in the path", async () => {
    fake.enqueue({ kind: "reply", content: MULTILINGUAL_REPLY, chunks: 6 });

    const { chunks, text, error } = await collectStream(() =>
      azureModel().withConfig({ response_format: strictResponseFormat() }).stream(GRADING_PROMPT),
    );

    expect(error).toBeUndefined();
    expect(text).toBe(MULTILINGUAL_REPLY);
    const merged = mergeChunks(chunks);
    expect(merged.response_metadata.finish_reason).toBe("stop");
    expect(merged.usage_metadata?.output_tokens).toBe(Math.ceil(MULTILINGUAL_REPLY.length / 4));
    const request = lastRequest();
    expect(request).toMatchObject({
      path: "/openai/deployments/gpt-4o-mini/chat/completions",
      query: { "api-version": AZURE_API_VERSION },
      deployment: "gpt-4o-mini",
      status: 200,
      body: { stream: true, response_format: { json_schema: { strict: true } } },
      response: { streamed: true, chunkCount: 6 },
    });
    expect(request.headers["api-key"]).toBe(fake.apiKey);
    expect(request.headers.authorization).toBeUndefined();
    // Azure's stream opens with a prompt-filter chunk without choices, id or model; LangChain skips it.
    expect(request.response?.events[0]).toMatchObject({
      choices: [],
      id: "",
      prompt_filter_results: [expect.any(Object)],
    });
  });

  it("answers structured output without streaming through azureOpenAIBasePath", async () => {
    const result = await azureModel({ useBasePath: true })
      .withStructuredOutput(criterionReplySchema, {
        method: "jsonSchema",
        strict: true,
        name: "criterion_reply",
      })
      .invoke(GRADING_PROMPT);

    expect(result).toMatchObject({ evidence: [evidenceQuoteFrom(STUDENT_ANSWER)], points: 4 });
    expect(lastRequest()).toMatchObject({
      path: "/openai/deployments/gpt-4o-mini/chat/completions",
      response: {
        streamed: false,
        body: {
          model: "gpt-4o-mini",
          prompt_filter_results: [expect.any(Object)],
          choices: [{ finish_reason: "stop", content_filter_results: expect.any(Object) }],
        },
      },
    });
  });

  it("applies the same strict schema checks (400 invalid_json_schema)", async () => {
    const withOptional = toJsonSchema(z.object({ points: z.number(), comment: z.string().optional() }));
    const { error } = await collectStream(() =>
      azureModel()
        .withConfig({ response_format: strictResponseFormat(withOptional) })
        .stream("hi"),
    );
    const badRequest = expectInstance(error, OpenAIClient.BadRequestError);
    expect(badRequest.code).toBe("invalid_json_schema");
    expect(lastRequest().status).toBe(400);
  });

  it("sends a scripted 429 in Azure's error shape, with retry-after on the SDK error", async () => {
    fake.enqueue({ kind: "error", status: 429, retryAfter: "3" });
    const { error } = await collectStream(() => azureModel().stream("hi"));
    const rateLimit = expectInstance(error, OpenAIClient.RateLimitError);
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get("retry-after")).toBe("3");
    expect(rateLimit.error).toEqual({ code: "429", message: expect.any(String) });
    expect(rateLimit.code).toBe("429");
  });

  it("answers 401 in Azure's shape to a wrong or missing api-key, without consuming the queue", async () => {
    fake.enqueue({ kind: "reply", content: "not for you" });

    const wrongKey = await rejectionOf(
      azureModel({ apiKey: "wrong" }).invoke("hi"),
      OpenAIClient.AuthenticationError,
    );
    const missingKey = await azureFetch(
      `/openai/deployments/gpt-4o-mini/chat/completions?api-version=${AZURE_API_VERSION}`,
      {
        method: "POST",
        apiKey: null,
        body: JSON.stringify(minimalChatBody),
      },
    );

    expect(wrongKey.status).toBe(401);
    expect(wrongKey.error).toEqual({
      code: "401",
      message: expect.stringContaining("invalid subscription key"),
    });
    expect(missingKey.status).toBe(401);
    expect(await missingKey.json()).toEqual({
      error: { code: "401", message: expect.stringContaining("missing subscription key") },
    });
    expect(fake.queuedCount).toBe(1);
  });

  it("requires api-version (400) and an existing deployment (404 DeploymentNotFound)", async () => {
    const noVersion = await azureFetch("/openai/deployments/gpt-4o-mini/chat/completions", {
      method: "POST",
      body: JSON.stringify(minimalChatBody),
    });
    expect(noVersion.status).toBe(400);

    const unknown = await rejectionOf(
      azureModel({ deployment: "no-such-deployment" }).invoke("hi"),
      OpenAIClient.NotFoundError,
    );
    expect(unknown.code).toBe("DeploymentNotFound");
    expect(fake.requests.map((request) => [request.deployment, request.status])).toEqual([
      ["gpt-4o-mini", 400],
      ["no-such-deployment", 404],
    ]);
  });

  it("lists models and deployments for a readiness check", async () => {
    const models = await azureFetch(`/openai/models?api-version=${AZURE_API_VERSION}`);
    const deployments = await azureFetch(`/openai/deployments?api-version=${AZURE_API_VERSION}`);
    expect([models.status, deployments.status]).toEqual([200, 200]);
    expect(await models.json()).toMatchObject({
      object: "list",
      data: expect.arrayContaining([expect.objectContaining({ id: "gpt-4o-mini" })]),
    });
    expect(await deployments.json()).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ id: "gpt-4o-mini", object: "deployment" })]),
    });
  });
});

describe("close()", () => {
  it("does not wait for hanging requests", async () => {
    // Its own server: closing the shared one would end the other tests.
    await expectCloseAbandonsHang(await startFakeOpenAI(), (server) =>
      fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(minimalChatBody),
      }),
    );
  });
});
