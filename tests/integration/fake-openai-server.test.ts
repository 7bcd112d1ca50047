import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { ChatOpenAI, OpenAIClient } from "@langchain/openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  evidenceQuoteFrom,
  extractAnswerBetweenBoundaries,
  findStrictSchemaProblems,
  sampleFromSchema,
  startFakeOpenAI,
  STRICT_FORBIDDEN_KEYWORDS,
  type FakeChatRequest,
  type FakeOpenAIServer,
  type JsonObject,
} from "../helpers/fake-openai-server.js";

/**
 * Tests of the fake OpenAI server itself. The integration part drives it with the real
 * `ChatOpenAI` client (and so the real OpenAI SDK), because the point of the fake is that the
 * client cannot tell it from the real API in the ways our tests rely on.
 */

const STUDENT_ANSWER = "Photosynthesis turns light energy into chemical energy stored in glucose.";
const BOUNDARY = "ANSWER-BOUNDARY-0123456789abcdef";
const GRADING_PROMPT = [
  "Grade the answer between the boundary lines.",
  BOUNDARY,
  STUDENT_ANSWER,
  BOUNDARY,
  "Reply with JSON only.",
].join("\n");

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

function chatModel(
  overrides: { apiKey?: string; maxRetries?: number; timeout?: number; streaming?: boolean } = {},
) {
  return new ChatOpenAI({
    model: "gpt-4o-mini",
    apiKey: overrides.apiKey ?? fake.apiKey,
    maxRetries: overrides.maxRetries ?? 0,
    timeout: overrides.timeout,
    streaming: overrides.streaming,
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

/** The rejection of `promise`, checked to be an instance of `errorClass` and typed as one. */
async function rejectionOf<T>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => T,
): Promise<T> {
  let outcome: { resolved: unknown } | { rejected: unknown };
  try {
    outcome = { resolved: await promise };
  } catch (error) {
    outcome = { rejected: error };
  }
  if (!("rejected" in outcome))
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.rejected).toBeInstanceOf(errorClass);
  return outcome.rejected as T;
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

    it("answers 400 to streaming requests", async () => {
      const error = await rejectionOf(
        chatModel({ streaming: true }).invoke("hi"),
        OpenAIClient.BadRequestError,
      );
      expect(error.param).toBe("stream");
      expect(lastRequest()).toMatchObject({ status: 400, body: { stream: true } });
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

describe("close()", () => {
  it("does not wait for hanging requests", async () => {
    // Its own server: closing the shared one would end the other tests. If close() waited for the
    // 60 s hang, the test timeout (20 s) would fail this test.
    const server = await startFakeOpenAI();
    server.enqueue({ kind: "hang", ms: 60_000 });
    const pending = fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(minimalChatBody),
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));

    await server.close();

    await expect(pending).rejects.toThrow();
    expect(server.requests[0]?.outcome).toBe("abandoned");
  });
});
