import { describe, expect, it } from "vitest";
import { toAnthropicSchema } from "../../../src/providers/hosted-dialects.js";
import { stringLengthCap, toGrammarSchema } from "../../../src/providers/llamacpp-dialect.js";
import { classifyProviderError, ProviderFailure } from "../../../src/providers/provider-failure.js";

const replySchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "grade",
  type: "object",
  properties: {
    rationale: { type: "string", description: "Why." },
    evidence: { type: "array", items: { type: "string" } },
    points: { type: "number", enum: [0, 1, 2] },
    bonus: { type: "number", minimum: 0, maximum: 30, multipleOf: 0.5, description: "Half points." },
  },
  required: ["rationale", "evidence", "points", "bonus"],
  additionalProperties: false,
};

describe("toAnthropicSchema", () => {
  it("keeps enum (so points stay bounded) and moves unsupported numeric bounds into the description", () => {
    const schema = toAnthropicSchema(replySchema);
    expect(schema).not.toHaveProperty("$schema");
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.points).toEqual({ type: "number", enum: [0, 1, 2] });
    expect(properties.bonus).toEqual({
      type: "number",
      description: "Half points. (minimum: 0, maximum: 30, multipleOf: 0.5)",
    });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["rationale", "evidence", "points", "bonus"]);
  });
});

describe("toGrammarSchema", () => {
  it("turns enums into enum schemas, closes objects and caps free text", () => {
    const schema = toGrammarSchema(replySchema, 120);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.points).toEqual({ enum: [0, 1, 2] });
    expect(properties.rationale).toEqual({ type: "string", maxLength: 120 });
    expect(properties.evidence).toEqual({
      type: "array",
      items: { type: "string", maxLength: 120 },
      maxItems: 3,
    });
    expect(schema).not.toHaveProperty("$schema");
    expect(schema.required).toEqual(["rationale", "evidence", "points", "bonus"]);
  });

  it("shares the output budget among every string the reply can hold", () => {
    // 1 + 3 strings: 2,000 characters × 0.7 / 4 = 350 each.
    expect(stringLengthCap(replySchema, 2_000)).toBe(350);
    expect(stringLengthCap(replySchema, 10)).toBe(40);
    expect(stringLengthCap(replySchema, 1_000_000)).toBe(1_000);
  });
});

describe("classifyProviderError", () => {
  it("reads status and Retry-After from SDK errors, also when wrapped", () => {
    const sdkError = Object.assign(new Error("429"), {
      status: 429,
      headers: new Headers({ "retry-after-ms": "1500" }),
    });
    expect(classifyProviderError(sdkError)).toMatchObject({
      code: "provider_unavailable",
      retryable: true,
      retryAfterMs: 1500,
    });
    expect(classifyProviderError(new Error("wrapped", { cause: sdkError }))).toMatchObject({ status: 429 });
    expect(classifyProviderError(Object.assign(new Error("529"), { status: 529 }))).toMatchObject({
      code: "provider_unavailable",
      retryable: true,
    });
    expect(classifyProviderError(Object.assign(new Error("401"), { status: 401 }))).toMatchObject({
      code: "provider_error",
      retryable: false,
    });
  });

  it("recognises error events inside a stream, timeouts and dropped connections", () => {
    const overloaded = Object.assign(new Error("overloaded"), {
      status: undefined,
      error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    expect(classifyProviderError(overloaded)).toMatchObject({
      code: "provider_unavailable",
      retryable: true,
    });
    expect(classifyProviderError(Object.assign(new Error("t"), { name: "TimeoutError" }))).toMatchObject({
      code: "provider_timeout",
    });
    const cut = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    expect(classifyProviderError(cut)).toMatchObject({ code: "provider_unavailable", retryable: true });
    expect(classifyProviderError(new ProviderFailure("provider_error", false, "x"))).toMatchObject({
      retryable: false,
    });
  });

  it("leaves errors that are not the provider's unclassified (they become internal_error)", () => {
    expect(classifyProviderError(new TypeError("x is not a function"))).toBeUndefined();
    expect(classifyProviderError(new Error("Missing value for input variable `answer`"))).toBeUndefined();
  });
});
