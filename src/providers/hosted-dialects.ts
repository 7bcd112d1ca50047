import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import { RunnableBinding } from "@langchain/core/runnables";
import { AsyncCaller, type AsyncCallerCallOptions } from "@langchain/core/utils/async_caller";
import { initChatModel } from "langchain/chat_models/universal";
import type { Config } from "../config/config.js";
import type { FinishReason } from "../grading/ports.js";
import {
  maxWholeReplyBytesFor,
  type BoundChatModel,
  type JsonSchema,
  type ProviderDialect,
} from "./grading-model.js";
import { createLeanFetch } from "./lean-fetch.js";
import { failureForStatus, ProviderFailure, retryAfterMs } from "./provider-failure.js";

type ModelSettings = Config["model"];

/**
 * The hosted providers, each made by langchain's universal `initChatModel` from `provider:model`:
 * `openai` (any OpenAI-compatible server), `azure_openai` and `anthropic`.
 *
 * `initChatModel` returns a configurable wrapper that serialises every call's options into a cache
 * key and keeps one inner model per distinct key; the concrete model it made is taken from it once
 * (`_getModelInstance`), so per-call options such as the reply schema cannot multiply models and no
 * call pays for the wrapper.
 */
async function concreteModel(id: string, fields: Record<string, unknown>): Promise<BaseChatModel> {
  const configurable = await initChatModel(id, fields);
  const model = await configurable._getModelInstance();
  callSdkDirectly(model);
  return model;
}

/** An OpenAI or Azure model whose replies are asked for whole (see completeWithoutParse). */
async function wholeReplyModel(id: string, fields: Record<string, unknown>): Promise<BaseChatModel> {
  const model = await concreteModel(id, fields);
  await completeWithoutParse(model);
  return model;
}

/**
 * Makes a whole reply (`stream: false`) come from the OpenAI SDK's `create`, as a streamed one does, and not
 * from its `parse()`: ChatOpenAI's `completionWithRetry` picks `parse()` for a request with a json_schema
 * response format that does not stream, and `parse()` throws away the replies the core must see to judge
 * them (decision 0001): one cut off at the output limit, one stopped by the content filter, one that is not
 * JSON. Otherwise the very call LangChain makes: its client options, its caller (a DirectCaller), its error
 * wrapping. For ChatOpenAI and AzureChatOpenAI, whose Chat Completions calls go through an inner
 * `completions` model.
 */
async function completeWithoutParse(model: BaseChatModel): Promise<void> {
  const { ChatOpenAICompletions, wrapOpenAIClientError } = await import("@langchain/openai");
  for (const inner of [model, ...(Object.values(model as object) as unknown[])]) {
    if (!(inner instanceof ChatOpenAICompletions)) continue;
    const completions = inner;
    const completionWithRetry = (
      request: Parameters<typeof completions.client.chat.completions.create>[0],
      requestOptions?: Parameters<typeof completions.completionWithRetry>[1],
    ) => {
      const { maxRetries, ...sdkOptions } = requestOptions ?? {};
      const clientOptions = completions._getClientOptions(sdkOptions);
      return completions.caller.callWithOptions({ maxRetries }, async () => {
        try {
          return await completions.client.chat.completions.create(request, clientOptions);
        } catch (error) {
          throw wrapOpenAIClientError(error);
        }
      });
    };
    completions.completionWithRetry = completionWithRetry as typeof completions.completionWithRetry;
  }
}

/**
 * Gives the model, and the models it hands its calls to, a DirectCaller: ChatOpenAI and AzureChatOpenAI pass
 * each call to an inner model per API (`completions`, `responses`), each with a caller of its own.
 */
function callSdkDirectly(model: BaseChatModel): void {
  const caller = new DirectCaller();
  model.caller = caller;
  for (const inner of Object.values(model as object) as unknown[]) {
    if (inner instanceof BaseChatModel && inner.caller instanceof AsyncCaller) inner.caller = caller;
  }
}

/**
 * What a LangChain chat model calls its SDK through, without LangChain's wrapper: that one puts every call in
 * a p-queue (no limit here) around a p-retry (no retries here), about a dozen promises and 10 µs a call for
 * nothing. Our retries and the process-wide limit on calls in flight (grading-model.ts) are the only ones, so
 * the call goes straight to the SDK, and fails as the wrapper would fail it: with the SDK's error (a thrown
 * value that is not an Error made into one), or at once when the call's signal aborts.
 */
export class DirectCaller extends AsyncCaller {
  constructor() {
    super({ maxRetries: 0 });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AsyncCaller's own signature
  override call<A extends any[], T extends (...args: A) => Promise<any>>(
    callable: T,
    ...args: Parameters<T>
  ): Promise<Awaited<ReturnType<T>>> {
    return callDirectly(callable, args);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AsyncCaller's own signature
  override callWithOptions<A extends any[], T extends (...args: A) => Promise<any>>(
    options: AsyncCallerCallOptions,
    callable: T,
    ...args: Parameters<T>
  ): Promise<Awaited<ReturnType<T>>> {
    const { signal } = options;
    if (!signal) return callDirectly(callable, args);
    if (signal.aborted) return Promise.reject(abortReason(signal));
    let stop: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      stop = () => reject(abortReason(signal));
      signal.addEventListener("abort", stop, { once: true });
    });
    return Promise.race([callDirectly(callable, args), aborted]).finally(() =>
      signal.removeEventListener("abort", stop!),
    );
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- AsyncCaller's own signature
async function callDirectly<T extends (...args: any[]) => Promise<any>>(
  callable: T,
  args: Parameters<T>,
): Promise<Awaited<ReturnType<T>>> {
  try {
    return (await callable(...args)) as Awaited<ReturnType<T>>;
  } catch (error) {
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/** The error LangChain's wrapper rejects an aborted call with. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === "string" ? reason : "Aborted");
}

/**
 * Fields every hosted model gets: our retries and timeouts are the only ones (see grading-model.ts).
 * Each dialect also hands its SDK the lean transport (lean-fetch.ts) and closes it with the model.
 */
function commonFields(settings: ModelSettings, temperature: number) {
  return { temperature, maxTokens: settings.maxOutputTokens, maxRetries: 0, streamUsage: true };
}

/** OpenAI's finish_reason; Azure reports the same values. */
function openAIFinishReason(chunk: AIMessageChunk): FinishReason | undefined {
  const value = chunk.response_metadata?.finish_reason;
  if (typeof value !== "string" || value === "") return undefined;
  switch (value) {
    case "stop":
    case "tool_calls":
    case "function_call":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content_filter";
    default:
      return "other";
  }
}

/**
 * OpenAI's `refusal`: LangChain's converters drop it, so the chat model is made with
 * `__includeRawResponse` (a reference to the parsed response or event on each message, nothing copied)
 * and it is read from there.
 */
function openAIRefusalText(chunk: AIMessageChunk): string | undefined {
  const raw = chunk.additional_kwargs?.__raw_response as
    { choices?: { delta?: { refusal?: unknown }; message?: { refusal?: unknown } }[] } | undefined;
  // `delta` in a streamed event, `message` in a whole reply.
  const choice = raw?.choices?.[0];
  const refusal = choice?.delta?.refusal ?? choice?.message?.refusal;
  return typeof refusal === "string" && refusal !== "" ? refusal : undefined;
}

/**
 * OpenAI strict structured output: `response_format: {type: "json_schema", json_schema: {strict: true}}`.
 *
 * Bound as every other dialect binds (a RunnableBinding over the chat model, as `Runnable.withConfig`
 * makes it), not with ChatOpenAI's own `withConfig`: that one returns a new ChatOpenAI holding the
 * options, which the grading model cannot tell from an unbound one, so every call went through
 * `transform`, LangChain's callback manager (which sends the prompt, the student's answer in it, to a
 * tracing service whenever LANGSMITH_TRACING is set in the environment) and its chunk joining.
 */
function bindOpenAIReplySchema(
  model: BaseChatModel,
  schema: { name: string; jsonSchema: JsonSchema },
): BoundChatModel {
  return new RunnableBinding({
    bound: model,
    kwargs: {},
    config: {
      response_format: {
        type: "json_schema",
        json_schema: { name: schema.name, strict: true, schema: schema.jsonSchema },
      },
    } as Record<string, unknown>,
  }) as BoundChatModel;
}

/**
 * Asks the provider for its model list and checks that the answer is one: a 200 alone is not enough,
 * since a captive portal or a misrouted proxy answers 200 with an HTML page while every grade fails.
 * With `model`, the list must also name it (OpenAI-compatible servers list what they serve; a name they
 * do not serve is a 404 on every grade). Ollama lists `name:latest` for a model called `name`.
 */
async function expectModelList(url: string, init: RequestInit, model?: string): Promise<void> {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw failureForStatus(response.status, retryAfterMs(response.headers));
  let listed: unknown;
  try {
    listed = (JSON.parse(body) as { data?: unknown } | null)?.data;
  } catch {
    listed = undefined;
  }
  if (!Array.isArray(listed)) {
    throw new ProviderFailure(
      "provider_error",
      true,
      "the provider's model list is not a JSON list (an HTML page from a proxy or portal?)",
      response.status,
    );
  }
  if (model === undefined) return;
  const ids = new Set(listed.map((entry) => (entry as { id?: unknown } | null)?.id));
  if (!ids.has(model) && !ids.has(`${model}:latest`)) {
    throw new ProviderFailure("provider_error", false, `the provider does not list the model ${model}`);
  }
}

export function openAIDialect(settings: ModelSettings): ProviderDialect {
  const transport = createLeanFetch({ maxBodyBytes: maxWholeReplyBytesFor(settings.maxOutputTokens) });
  const baseURL = (settings.baseURL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  return {
    structuredOutput: "openai_json_schema_strict",
    wholeReplies: true,
    chatModel: (temperature) =>
      wholeReplyModel(`openai:${settings.name}`, {
        ...commonFields(settings, temperature),
        // Local OpenAI-compatible servers need no key, but the SDK insists on one.
        apiKey: settings.apiKey ?? "not-needed",
        configuration: { ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), fetch: transport.fetch },
        __includeRawResponse: true,
      }),
    bindReplySchema: bindOpenAIReplySchema,
    finishReason: openAIFinishReason,
    refusalText: openAIRefusalText,
    checkReady: (signal) =>
      expectModelList(
        `${baseURL}/models`,
        { signal, headers: settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {} },
        settings.name,
      ),
    close: () => transport.close(),
  };
}

export function azureOpenAIDialect(settings: ModelSettings): ProviderDialect {
  const transport = createLeanFetch({ maxBodyBytes: maxWholeReplyBytesFor(settings.maxOutputTokens) });
  const endpoint = (settings.baseURL ?? "").replace(/\/+$/, "");
  return {
    structuredOutput: "openai_json_schema_strict",
    wholeReplies: true,
    chatModel: (temperature) =>
      wholeReplyModel(`azure_openai:${settings.name}`, {
        ...commonFields(settings, temperature),
        azureOpenAIApiKey: settings.apiKey,
        azureOpenAIEndpoint: endpoint,
        azureOpenAIApiDeploymentName: settings.name,
        azureOpenAIApiVersion: settings.azureApiVersion,
        configuration: { fetch: transport.fetch },
        __includeRawResponse: true,
      }),
    bindReplySchema: bindOpenAIReplySchema,
    finishReason: openAIFinishReason,
    refusalText: openAIRefusalText,
    checkReady: (signal) =>
      expectModelList(
        `${endpoint}/openai/models?api-version=${encodeURIComponent(settings.azureApiVersion)}`,
        {
          signal,
          headers: { "api-key": settings.apiKey ?? "" },
        },
      ),
    close: () => transport.close(),
  };
}

/** Anthropic's stop_reason, as LangChain puts it on the streamed message_delta chunk. */
function anthropicFinishReason(chunk: AIMessageChunk): FinishReason | undefined {
  const value = chunk.response_metadata?.stop_reason ?? chunk.additional_kwargs?.stop_reason;
  if (typeof value !== "string" || value === "") return undefined;
  switch (value) {
    case "end_turn":
    case "stop_sequence":
    case "tool_use":
    case "pause_turn":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "refusal":
      return "refusal";
    default:
      return "other";
  }
}

export function anthropicDialect(settings: ModelSettings): ProviderDialect {
  const transport = createLeanFetch();
  const baseURL = (settings.baseURL ?? "https://api.anthropic.com").replace(/\/+$/, "");
  return {
    structuredOutput: "anthropic_output_format_json_schema",
    chatModel: (temperature) =>
      concreteModel(`anthropic:${settings.name}`, {
        ...commonFields(settings, temperature),
        apiKey: settings.apiKey,
        ...(settings.baseURL ? { anthropicApiUrl: baseURL } : {}),
        clientOptions: { fetch: transport.fetch },
      }),
    bindReplySchema: (model, schema) =>
      model.withConfig({
        outputConfig: { format: { type: "json_schema", schema: toAnthropicSchema(schema.jsonSchema) } },
      } as Record<string, unknown>),
    finishReason: anthropicFinishReason,
    checkReady: (signal) =>
      expectModelList(`${baseURL}/v1/models?limit=1`, {
        signal,
        headers: { "x-api-key": settings.apiKey ?? "", "anthropic-version": "2023-06-01" },
      }),
    close: () => transport.close(),
  };
}

/** Keywords Anthropic's structured outputs accept; the rest are described in words instead. */
const anthropicKeywords = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "default",
  "format",
]);

/**
 * Anthropic's structured outputs take a subset of JSON Schema: no numeric bounds (minimum, maximum,
 * multipleOf) and no string lengths, and every object closed. The SDK's own transform also drops
 * `enum` into the description, which would free the points; this one keeps enum and const (which
 * Anthropic enforces) and writes only the unsupported bounds into the description. Our zod check
 * still enforces every bound on the reply, with one repair.
 */
export function toAnthropicSchema(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  const described: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema") continue;
    if (!anthropicKeywords.has(key)) {
      described.push(`${key}: ${JSON.stringify(value)}`);
      continue;
    }
    if (key === "properties" || key === "$defs" || key === "definitions") {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [
          name,
          toAnthropicSchema(child),
        ]),
      );
    } else if (key === "items" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      result[key] = toAnthropicSchema(value as JsonSchema);
    } else if ((key === "anyOf" || key === "allOf") && Array.isArray(value)) {
      result[key] = (value as JsonSchema[]).map(toAnthropicSchema);
    } else {
      result[key] = value;
    }
  }
  if (result.type === "object") result.additionalProperties = false;
  if (described.length > 0) {
    const existing = typeof result.description === "string" ? `${result.description} ` : "";
    result.description = `${existing}(${described.join(", ")})`;
  }
  return result;
}
