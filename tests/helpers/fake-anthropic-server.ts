import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import {
  BehaviourScript,
  estimateTokens,
  listenOnLoopback,
  parseJson,
  splitIntoPieces,
  type RequestOutcome,
} from "./fake-http.js";
import {
  disconnect,
  fakeServerControls,
  hang,
  receiveRequest,
  scriptedContent,
  sendRecordedJson,
  sendRecordedStream,
  serveRequests,
  type ArrivedRequest,
  type ContentBehaviour,
  type ConnectionFailure,
  type FakeServerControls,
  type RecordedResponse as SharedRecordedResponse,
} from "./fake-provider-http.js";
import { escapePointer, isJsonObject, resolveRef, typesOf, type JsonObject } from "./json-schema-tools.js";
import { findAnswerInUserMessages } from "./sample-replies.js";

/**
 * A fake Anthropic Messages API for tests, on loopback, spoken to over real HTTP by the real
 * `@langchain/anthropic` `ChatAnthropic` client (and so by the real Anthropic SDK underneath it):
 *
 * ```ts
 * const fake = await startFakeAnthropic();
 * const model = new ChatAnthropic({
 *   model: "claude-sonnet-4-5-20250929",
 *   apiKey: fake.apiKey,
 *   anthropicApiUrl: fake.baseURL, // or clientOptions: { baseURL: fake.baseURL }
 *   maxRetries: 0,
 * });
 * fake.enqueue({ kind: "json", body: { points: 2 } }, { kind: "error", status: 529 });
 * // ... call the model, then inspect fake.requests ...
 * await fake.close();
 * ```
 *
 * What it serves:
 * - `POST /v1/messages` (also `?beta=true`, which the SDK adds when betas are sent), streaming
 *   (`stream: true`) or not. It needs the `x-api-key` header (401 `authentication_error`) and
 *   `anthropic-version` (400), and validates the body as the real API does: `model`, a positive
 *   integer `max_tokens`, non-empty `messages` of user/assistant turns starting with a user turn,
 *   `system` as a string or text blocks, `temperature` in 0..1, `tools` (each `input_schema` an
 *   object schema), `tool_choice` naming a tool that exists, no unknown top-level fields, and
 *   `output_config.format` (`{ type: "json_schema", schema }`) whose schema passes
 *   `findAnthropicSchemaProblems` (so does the `input_schema` of a tool marked `strict: true`).
 * - `GET /v1/models`, Anthropic's list shape, for a cheap readiness check.
 * Errors use Anthropic's shape `{ type: "error", error: { type, message }, request_id }` with the
 * type that goes with the status (see `ERROR_TYPE_BY_STATUS`), and a `request-id` header.
 *
 * Replies: with forced tool use (`tool_choice` `{ type: "tool", name }`, or `{ type: "any" }`,
 * which takes the first tool) the content is one `tool_use` block whose input is the scripted
 * content and `stop_reason` is `tool_use`; otherwise one `text` block and `end_turn`. Streams are
 * the real event sequence: `message_start`, `content_block_start`, `ping`, the content in several
 * `content_block_delta`s (`text_delta`, or `input_json_delta` `partial_json` for tool use, cut at
 * arbitrary code points, inside JSON tokens too), `content_block_stop`, `message_delta` (stop
 * reason, output tokens), `message_stop`. Outside a stream a `tool_use` block's `input` must be an
 * object: scripted text that does not parse to one is sent as `{}` (and recorded verbatim).
 *
 * Requests the server rejects itself (401, 404, 400) do not consume the scripted queue: the queue
 * scripts what "the model" answers to requests that reach it. Every request is recorded, rejected
 * ones included, with the status it was answered with.
 *
 * Where LangChain (`@langchain/anthropic` 1.5) puts what a stream reports (`.stream()` yields
 * `AIMessageChunk`s; `invoke()` on a `streaming: true` model returns them merged):
 * - the stop reason: `chunk.additional_kwargs.stop_reason` (and `stop_sequence`) of the chunk
 *   made from `message_delta`; not in `response_metadata`. Merged: `additional_kwargs.stop_reason`.
 * - the usage (with `streamUsage`, LangChain's default): `chunk.usage_metadata` twice: from
 *   `message_start` `{ input_tokens, output_tokens: 1, total_tokens }`, and from `message_delta`
 *   `{ input_tokens: 0, output_tokens, total_tokens: output_tokens }`. Merged chunks sum them, so
 *   the merged `output_tokens` is one more than the API's final count (the 1 from message_start).
 *   `message_start`'s chunk also has `response_metadata.usage` with the cache token fields, and
 *   `response_metadata.model_provider: "anthropic"`; the message id is `chunk.id`.
 * - text arrives as string `chunk.content` when no tools are bound; with tools, `chunk.content`
 *   is an array of blocks and the tool input is in `chunk.tool_call_chunks[0].args` pieces.
 * Without streaming, `invoke()` puts both in `response_metadata` (`stop_reason`, `usage`) and the
 * usage in `usage_metadata` as well.
 */

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

/** The token counts the fake reports; estimated (about four characters a token) unless scripted. */
export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
}

/** How many pieces streamed content is split into when a behaviour does not say. */
export const DEFAULT_STREAM_CHUNKS = 4;

/** Options of the behaviours that answer with content, in either mode. */
interface ContentOptions {
  /** Default `tool_use` for forced tool use, else `end_turn`. */
  stopReason?: StopReason;
  /** The `stop_sequence` reported with `stopReason: "stop_sequence"`; default the request's first. */
  stopSequence?: string;
  usage?: Partial<MessageUsage>;
  /** For a streaming request: how many deltas carry the content; default `DEFAULT_STREAM_CHUNKS`. */
  chunks?: number;
}

/**
 * What the server does with the next messages request that reaches it. Any behaviour may carry
 * `times` (a positive integer, default 1) to answer that many requests in a row. Each one answers
 * a streaming request with a stream and any other with one JSON body.
 */
export type FakeAnthropicBehaviour = (
  | ContentBehaviour<FakeAnthropicRequest, ContentOptions>
  | {
      /**
       * Answer with an HTTP error in Anthropic's shape, before any stream. `retryAfter` becomes
       * the `retry-after` header (seconds), which the Anthropic SDK and LangChain read.
       */
      kind: "error";
      status: number;
      retryAfter?: string;
      message?: string;
      /** Anthropic's `error.type`; derived from the status when omitted. */
      type?: string;
    }
  | {
      /**
       * Start a normal 200 stream, send `content` (in `chunks` pieces), then an `event: error`
       * (default type `overloaded_error`) and the end of the response, as Anthropic does when it
       * fails mid-generation. A request that does not stream gets the error as an HTTP error
       * with the status that goes with its type (529 for overloaded_error).
       */
      kind: "streamThenError";
      content: string;
      chunks?: number;
      errorType?: string;
      message?: string;
    }
  | ConnectionFailure
  | {
      /** Wait `ms` before the first byte, then answer as `then` says (default: the default behaviour). */
      kind: "hang";
      ms: number;
      then?: FakeAnthropicBehaviour;
    }
) & { times?: number };

/** A messages request as a `respond` handler sees it. */
export interface FakeAnthropicRequest {
  /** The parsed JSON body, exactly as sent. */
  readonly body: JsonObject;
  readonly headers: IncomingHttpHeaders;
  /** Messages with their content flattened to text (text blocks, tool results and tool inputs as JSON, joined by newlines). */
  readonly messages: readonly { role: "user" | "assistant"; content: string }[];
  /** The system prompt as text (text blocks joined by newlines). */
  readonly system: string | undefined;
  /** How the reply is shaped: plain text, `output_config.format` JSON, or forced tool use. */
  readonly outputMode: "text" | "json_schema" | "tool";
  /** `output_config.format.schema`, or the forced tool's `input_schema`. */
  readonly schema: JsonObject | undefined;
  /** The forced tool's name, with `outputMode: "tool"`. */
  readonly toolName: string | undefined;
  readonly lastUserMessage: string | undefined;
  /** The student answer between the boundary lines (see `extractAnswerBetweenBoundaries`). */
  readonly answer: string | undefined;
  readonly stream: boolean;
}

/** What a streamed answer is recorded as in `RecordedResponse.body`. */
export interface StreamedMessageSummary {
  /** The text (or tool input JSON) sent, all deltas joined. */
  content: string;
  /** `null` when the stream failed before `message_delta`. */
  stop_reason: StopReason | null;
  /** `null` when the stream failed before `message_delta`. */
  usage: MessageUsage | null;
  /** The error event sent mid-stream (`streamThenError`). */
  error?: { type: string; message: string };
}

/** A recorded answer; for a stream, `body` is a `StreamedMessageSummary` and `events` every event planned. */
export type RecordedResponse = SharedRecordedResponse<{ event: string; data: JsonObject }>;

/** One request as received; final before the response (a stream's first byte) leaves, as in the OpenAI fake. */
export interface RecordedRequest extends ArrivedRequest {
  status: number | null;
  response: RecordedResponse | null;
  behaviour: FakeAnthropicBehaviour["kind"] | null;
  outcome: RequestOutcome;
}

export interface FakeAnthropicOptions {
  /** Port to listen on; 0 (the default) lets the OS choose. */
  port?: number;
  /** The key the server expects in `x-api-key`; default `"test-anthropic-key"`. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models`. */
  models?: readonly string[];
}

export interface FakeAnthropicServer extends FakeServerControls<FakeAnthropicBehaviour, RecordedRequest> {
  /** E.g. `http://127.0.0.1:54321` (the SDK adds `/v1/...`): pass as `anthropicApiUrl`. */
  readonly baseURL: string;
  readonly apiKey: string;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

const DEFAULT_API_KEY = "test-anthropic-key";
const DEFAULT_MODELS = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"] as const;
const KNOWN_API_VERSIONS = ["2023-06-01", "2023-01-01"] as const;

/** Anthropic's error type for each status it uses. */
export const ERROR_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** Top-level request fields the Messages API knows; anything else is "Extra inputs are not permitted". */
const KNOWN_REQUEST_FIELDS = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "temperature",
  "top_k",
  "top_p",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "output_config",
  "container",
  "context_management",
  "mcp_servers",
  "inference_geo",
  "cache_control",
]);

const CONTENT_BLOCK_TYPES = new Set([
  "text",
  "image",
  "document",
  "search_result",
  "tool_use",
  "tool_result",
  "thinking",
  "redacted_thinking",
  "server_tool_use",
  "web_search_tool_result",
]);

/** The pattern the real API enforces for tool names. */
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

/** Thrown inside the handler to answer with an Anthropic error and stop. */
class RequestRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = ERROR_TYPE_BY_STATUS[status] ?? "api_error",
  ) {
    super(message);
  }
}

/** The content a behaviour answers with, and how to deliver it. */
interface PlannedContent {
  content: string;
  stopReason: StopReason | undefined;
  stopSequence: string | undefined;
  usage: Partial<MessageUsage>;
  chunks: number;
}

type StreamEnding =
  { kind: "finish" } | { kind: "error"; type: string; message: string } | { kind: "disconnect" };

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropicServer> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const models = options.models ?? DEFAULT_MODELS;
  const requests: RecordedRequest[] = [];
  const script = new BehaviourScript<FakeAnthropicBehaviour>({ kind: "sample" });
  let sequence = 0;
  let messageCounter = 0;
  const shuttingDown = new AbortController();

  const server = serveRequests(handleRequest);

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      ...(await receiveRequest(request, ++sequence)),
      status: null,
      response: null,
      behaviour: null,
      outcome: "pending",
    };
    requests.push(record);

    try {
      checkHeaders(request.headers);
      if (record.method === "GET" && record.path === "/v1/models") {
        sendJson(record, response, 200, modelList());
        return;
      }
      if (record.method !== "POST" || record.path !== "/v1/messages") {
        throw new RequestRejection(404, "Not Found");
      }
      const messagesRequest = validateMessagesRequest(record, request.headers);
      await runBehaviour(script.next(), messagesRequest, record, request, response);
    } catch (error) {
      if (error instanceof RequestRejection) {
        sendJson(record, response, error.status, anthropicError(record, error.type, error.message));
      } else {
        const message = error instanceof Error ? error.message : String(error);
        sendJson(
          record,
          response,
          500,
          anthropicError(record, "api_error", `Fake Anthropic server failure: ${message}`),
        );
      }
    }
  }

  function checkHeaders(headers: IncomingHttpHeaders): void {
    const key = headers["x-api-key"];
    if (key === undefined) throw new RequestRejection(401, "x-api-key header is required");
    if (key !== apiKey) throw new RequestRejection(401, "invalid x-api-key");
    const version = headers["anthropic-version"];
    if (version === undefined) throw new RequestRejection(400, "anthropic-version: header is required");
    if (!(KNOWN_API_VERSIONS as readonly string[]).includes(String(version))) {
      throw new RequestRejection(400, `anthropic-version: invalid version '${String(version)}'`);
    }
  }

  function modelList(): JsonObject {
    return {
      data: models.map((id) => ({
        type: "model",
        id,
        display_name: displayNameOf(id),
        created_at: "2025-09-29T00:00:00Z",
      })),
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models.at(-1) ?? null,
    };
  }

  async function runBehaviour(
    behaviour: FakeAnthropicBehaviour,
    messagesRequest: FakeAnthropicRequest,
    record: RecordedRequest,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    record.behaviour = behaviour.kind;
    const answer = (planned: PlannedContent) =>
      messagesRequest.stream
        ? streamMessage(record, response, request, messagesRequest, planned, { kind: "finish" })
        : sendMessage(record, response, messagesRequest, planned);
    switch (behaviour.kind) {
      case "reply":
      case "json":
      case "respond":
      case "sample": {
        const content = await scriptedContent(
          behaviour,
          messagesRequest,
          "This is a reply from the fake Anthropic server.",
        );
        await answer(plan(content, behaviour));
        return;
      }
      case "error": {
        const headers: Record<string, string> = {};
        if (behaviour.retryAfter !== undefined) headers["retry-after"] = behaviour.retryAfter;
        const type = behaviour.type ?? ERROR_TYPE_BY_STATUS[behaviour.status] ?? "api_error";
        const message = behaviour.message ?? defaultErrorMessage(type);
        sendJson(record, response, behaviour.status, anthropicError(record, type, message), headers);
        return;
      }
      case "streamThenError": {
        const type = behaviour.errorType ?? "overloaded_error";
        const message = behaviour.message ?? defaultErrorMessage(type);
        if (!messagesRequest.stream) {
          sendJson(record, response, statusForErrorType(type), anthropicError(record, type, message));
          return;
        }
        await streamMessage(record, response, request, messagesRequest, plan(behaviour.content, behaviour), {
          kind: "error",
          type,
          message,
        });
        return;
      }
      case "streamThenDisconnect":
        if (!messagesRequest.stream) {
          disconnect(record, request);
          return;
        }
        await streamMessage(record, response, request, messagesRequest, plan(behaviour.content, behaviour), {
          kind: "disconnect",
        });
        return;
      case "hang":
        if (await hang(behaviour.ms, record, response, shuttingDown.signal)) {
          await runBehaviour(behaviour.then ?? script.default, messagesRequest, record, request, response);
        }
        return;
      case "disconnect":
        disconnect(record, request);
        return;
    }
  }

  function usageFor(messagesRequest: FakeAnthropicRequest, planned: PlannedContent): MessageUsage {
    const promptText = [
      messagesRequest.system ?? "",
      ...messagesRequest.messages.map((message) => message.content),
    ].join("");
    return {
      input_tokens: planned.usage.input_tokens ?? estimateTokens(promptText),
      output_tokens: planned.usage.output_tokens ?? estimateTokens(planned.content),
    };
  }

  function stopOf(messagesRequest: FakeAnthropicRequest, planned: PlannedContent) {
    const stopReason =
      planned.stopReason ?? (messagesRequest.outputMode === "tool" ? "tool_use" : "end_turn");
    const requested = messagesRequest.body.stop_sequences;
    const firstRequested = Array.isArray(requested) && typeof requested[0] === "string" ? requested[0] : null;
    const stopSequence = stopReason === "stop_sequence" ? (planned.stopSequence ?? firstRequested) : null;
    return { stopReason, stopSequence };
  }

  function newMessageIds(): { messageId: string; toolUseId: string } {
    const serial = String(++messageCounter).padStart(6, "0");
    return { messageId: `msg_fake${serial}`, toolUseId: `toolu_fake${serial}` };
  }

  function sendMessage(
    record: RecordedRequest,
    response: ServerResponse,
    messagesRequest: FakeAnthropicRequest,
    planned: PlannedContent,
  ): void {
    const { messageId, toolUseId } = newMessageIds();
    const { stopReason, stopSequence } = stopOf(messagesRequest, planned);
    const usage = usageFor(messagesRequest, planned);
    const content =
      messagesRequest.outputMode === "tool"
        ? [
            {
              type: "tool_use",
              id: toolUseId,
              name: messagesRequest.toolName,
              input: toolInputFrom(planned.content),
            },
          ]
        : [{ type: "text", text: planned.content }];
    sendJson(record, response, 200, {
      id: messageId,
      type: "message",
      role: "assistant",
      model: messagesRequest.body.model,
      content,
      stop_reason: stopReason,
      stop_sequence: stopSequence,
      usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  }

  /**
   * Streams the planned content as Anthropic's message events. The record is completed before the
   * first byte; a client that leaves early turns the outcome into `abandoned`.
   */
  async function streamMessage(
    record: RecordedRequest,
    response: ServerResponse,
    request: IncomingMessage,
    messagesRequest: FakeAnthropicRequest,
    planned: PlannedContent,
    ending: StreamEnding,
  ): Promise<void> {
    const { messageId, toolUseId } = newMessageIds();
    const { stopReason, stopSequence } = stopOf(messagesRequest, planned);
    const usage = usageFor(messagesRequest, planned);
    const pieces = splitIntoPieces(planned.content, planned.chunks);
    const toolUse = messagesRequest.outputMode === "tool";

    const events: { event: string; data: JsonObject }[] = [];
    const add = (data: JsonObject) => events.push({ event: String(data.type), data });
    add({
      type: "message_start",
      message: {
        id: messageId,
        type: "message",
        role: "assistant",
        model: messagesRequest.body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    });
    add({
      type: "content_block_start",
      index: 0,
      content_block: toolUse
        ? { type: "tool_use", id: toolUseId, name: messagesRequest.toolName, input: {} }
        : { type: "text", text: "" },
    });
    add({ type: "ping" });
    for (const piece of pieces) {
      add({
        type: "content_block_delta",
        index: 0,
        delta: toolUse
          ? { type: "input_json_delta", partial_json: piece }
          : { type: "text_delta", text: piece },
      });
    }
    if (ending.kind === "finish") {
      add({ type: "content_block_stop", index: 0 });
      add({
        type: "message_delta",
        delta: { stop_reason: stopReason, stop_sequence: stopSequence },
        usage: { output_tokens: usage.output_tokens },
      });
      add({ type: "message_stop" });
    } else if (ending.kind === "error") {
      add({ type: "error", error: { type: ending.type, message: ending.message } });
    }

    const summary: StreamedMessageSummary = {
      content: pieces.join(""),
      stop_reason: ending.kind === "finish" ? stopReason : null,
      usage: ending.kind === "finish" ? usage : null,
      ...(ending.kind === "error" && { error: { type: ending.type, message: ending.message } }),
    };
    await sendRecordedStream(record, request, response, {
      headers: { "request-id": requestIdOf(record) },
      summary,
      events,
      chunkCount: pieces.length,
      frames: events.map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      disconnect: ending.kind === "disconnect",
    });
  }

  function sendJson(
    record: RecordedRequest,
    response: ServerResponse,
    status: number,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ): void {
    sendRecordedJson(record, response, status, body, { "request-id": requestIdOf(record), ...extraHeaders });
  }

  const port = await listenOnLoopback(server, options.port ?? 0);
  return Object.assign(fakeServerControls(script, requests, server, shuttingDown), {
    baseURL: `http://127.0.0.1:${port}`,
    apiKey,
  });
}

function plan(content: string, options: ContentOptions): PlannedContent {
  return {
    content,
    stopReason: options.stopReason,
    stopSequence: options.stopSequence,
    usage: options.usage ?? {},
    chunks: options.chunks ?? DEFAULT_STREAM_CHUNKS,
  };
}

function requestIdOf(record: RecordedRequest): string {
  return `req_fake${String(record.sequence).padStart(6, "0")}`;
}

function anthropicError(record: RecordedRequest, type: string, message: string): JsonObject {
  return { type: "error", error: { type, message }, request_id: requestIdOf(record) };
}

function statusForErrorType(type: string): number {
  const entry = Object.entries(ERROR_TYPE_BY_STATUS).find(([, errorType]) => errorType === type);
  return entry === undefined ? 500 : Number(entry[0]);
}

function defaultErrorMessage(type: string): string {
  if (type === "overloaded_error") return "Overloaded";
  if (type === "rate_limit_error")
    return "Number of request tokens has exceeded your per-minute rate limit (fake Anthropic server).";
  if (type === "api_error") return "Internal server error";
  return `Scripted ${type} (fake Anthropic server).`;
}

function displayNameOf(id: string): string {
  const known: Record<string, string> = {
    "claude-sonnet-4-5-20250929": "Claude Sonnet 4.5",
    "claude-haiku-4-5-20251001": "Claude Haiku 4.5",
  };
  return known[id] ?? id;
}

/** A tool_use block's input is an object on the wire; text that is not one is sent as `{}`. */
function toolInputFrom(content: string): JsonObject {
  const parsed = parseJson(content);
  return isJsonObject(parsed) ? parsed : {};
}

// ---------------------------------------------------------------------------------------------
// Request validation
// ---------------------------------------------------------------------------------------------

/**
 * Validates a messages request the way the real API would before "the model" sees it, and
 * returns the handler's view of it. Throws RequestRejection (400) otherwise.
 */
function validateMessagesRequest(
  record: RecordedRequest,
  headers: IncomingHttpHeaders,
): FakeAnthropicRequest {
  const body = record.body;
  if (!isJsonObject(body)) {
    throw new RequestRejection(
      400,
      "There was an issue with your request's JSON body: it must be a JSON object.",
    );
  }
  for (const field of Object.keys(body)) {
    if (!KNOWN_REQUEST_FIELDS.has(field))
      throw new RequestRejection(400, `${field}: Extra inputs are not permitted`);
  }
  if (typeof body.model !== "string" || body.model === "")
    throw new RequestRejection(400, "model: Field required");
  if (body.max_tokens === undefined) throw new RequestRejection(400, "max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens)) {
    throw new RequestRejection(400, "max_tokens: Input should be a valid integer");
  }
  if ((body.max_tokens as number) < 1) {
    throw new RequestRejection(400, "max_tokens: Input should be greater than or equal to 1");
  }
  if ("stream" in body && typeof body.stream !== "boolean") {
    throw new RequestRejection(400, "stream: Input should be a valid boolean");
  }
  if ("temperature" in body) checkRange("temperature", body.temperature, 0, 1);
  if ("top_p" in body) checkRange("top_p", body.top_p, 0, 1);

  const messages = validateMessages(body.messages);
  const system = validateSystem(body.system);
  const tools = validateTools(body.tools);
  const forcedTool = validateToolChoice(body.tool_choice, tools);
  const outputSchema = validateOutputConfig(body.output_config);

  const userMessages = messages
    .filter((message) => message.role === "user")
    .map((message) => message.content);
  const outputMode = forcedTool !== undefined ? "tool" : outputSchema !== undefined ? "json_schema" : "text";
  return {
    body,
    headers,
    messages,
    system,
    outputMode,
    schema: forcedTool !== undefined ? (forcedTool.input_schema as JsonObject) : outputSchema,
    toolName: forcedTool?.name as string | undefined,
    lastUserMessage: userMessages.at(-1),
    answer: findAnswerInUserMessages(userMessages),
    stream: body.stream === true,
  };
}

function checkRange(field: string, value: unknown, minimum: number, maximum: number): void {
  if (typeof value !== "number") throw new RequestRejection(400, `${field}: Input should be a valid number`);
  if (value < minimum)
    throw new RequestRejection(400, `${field}: Input should be greater than or equal to ${minimum}`);
  if (value > maximum)
    throw new RequestRejection(400, `${field}: Input should be less than or equal to ${maximum}`);
}

function validateMessages(value: unknown): { role: "user" | "assistant"; content: string }[] {
  if (value === undefined) throw new RequestRejection(400, "messages: Field required");
  if (!Array.isArray(value)) throw new RequestRejection(400, "messages: Input should be a valid list");
  if (value.length === 0) throw new RequestRejection(400, "messages: at least one message is required");
  return value.map((message: unknown, index) => {
    const at = `messages.${index}`;
    if (!isJsonObject(message)) throw new RequestRejection(400, `${at}: Input should be a valid dictionary`);
    if (message.role !== "user" && message.role !== "assistant") {
      throw new RequestRejection(400, `${at}.role: Input should be 'user' or 'assistant'`);
    }
    if (index === 0 && message.role !== "user") {
      throw new RequestRejection(400, 'messages: first message must use the "user" role');
    }
    const isFinalAssistant = index === value.length - 1 && message.role === "assistant";
    const content = validateContent(message.content, `${at}.content`);
    if (content.blockCount === 0 && !isFinalAssistant) {
      throw new RequestRejection(
        400,
        `${at}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    return { role: message.role, content: content.text };
  });
}

/** Message content: a string, or content blocks of known types; text blocks must be non-empty. */
function validateContent(value: unknown, at: string): { text: string; blockCount: number } {
  if (typeof value === "string") return { text: value, blockCount: value === "" ? 0 : 1 };
  if (!Array.isArray(value)) throw new RequestRejection(400, `${at}: Input should be a valid string or list`);
  const texts = value.map((block: unknown, index) => {
    const blockAt = `${at}.${index}`;
    if (!isJsonObject(block) || typeof block.type !== "string") {
      throw new RequestRejection(400, `${blockAt}.type: Field required`);
    }
    if (!CONTENT_BLOCK_TYPES.has(block.type)) {
      throw new RequestRejection(
        400,
        `${blockAt}: Input tag '${block.type}' found using 'type' does not match any of the expected tags: ${[...CONTENT_BLOCK_TYPES].map((type) => `'${type}'`).join(", ")}`,
      );
    }
    if (block.type === "text") {
      if (typeof block.text !== "string") throw new RequestRejection(400, `${blockAt}.text: Field required`);
      if (block.text === "")
        throw new RequestRejection(400, "messages: text content blocks must be non-empty");
      return block.text;
    }
    if (block.type === "tool_use") return JSON.stringify(block.input ?? {});
    if (block.type === "tool_result") {
      return typeof block.content === "string" ? block.content : blockTexts(block.content).join("\n");
    }
    return "";
  });
  return { text: texts.filter((text) => text !== "").join("\n"), blockCount: value.length };
}

function blockTexts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((block: unknown) =>
    isJsonObject(block) && typeof block.text === "string" ? block.text : "",
  );
}

function validateSystem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (!Array.isArray(value))
    throw new RequestRejection(400, "system: Input should be a valid string or list");
  value.forEach((block: unknown, index) => {
    if (!isJsonObject(block) || block.type !== "text" || typeof block.text !== "string") {
      throw new RequestRejection(
        400,
        `system.${index}: Input should be a text block ({"type": "text", "text": ...})`,
      );
    }
  });
  return blockTexts(value).join("\n");
}

function validateTools(value: unknown): JsonObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new RequestRejection(400, "tools: Input should be a valid list");
  return value.map((tool: unknown, index) => {
    const at = `tools.${index}`;
    if (!isJsonObject(tool)) throw new RequestRejection(400, `${at}: Input should be a valid dictionary`);
    // Server tools (web search, code execution, ...) have a versioned type and no input_schema.
    if (typeof tool.type === "string" && tool.type !== "custom") return tool;
    const customAt = `${at}.custom`;
    if (typeof tool.name !== "string" || !TOOL_NAME_PATTERN.test(tool.name)) {
      throw new RequestRejection(
        400,
        `${customAt}.name: String should match pattern '${TOOL_NAME_PATTERN.source}'`,
      );
    }
    if (!isJsonObject(tool.input_schema))
      throw new RequestRejection(400, `${customAt}.input_schema: Field required`);
    if (tool.input_schema.type !== "object") {
      throw new RequestRejection(400, `${customAt}.input_schema.type: Input should be 'object'`);
    }
    if (tool.strict === true) {
      const problems = findAnthropicSchemaProblems(tool.input_schema);
      if (problems.length > 0)
        throw new RequestRejection(400, `${customAt}.input_schema: ${problems.join("; ")}`);
    }
    return tool;
  });
}

/** The tool the model is forced to call, if any. */
function validateToolChoice(value: unknown, tools: readonly JsonObject[]): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || typeof value.type !== "string") {
    throw new RequestRejection(400, "tool_choice.type: Field required");
  }
  switch (value.type) {
    case "auto":
    case "none":
      return undefined;
    case "any":
      if (tools.length === 0)
        throw new RequestRejection(400, "tool_choice: 'any' requires 'tools' to be set");
      return tools[0];
    case "tool": {
      const tool = tools.find((candidate) => candidate.name === value.name);
      if (tool === undefined) {
        throw new RequestRejection(
          400,
          `tool_choice.name: Tool '${String(value.name)}' not found in 'tools'`,
        );
      }
      return tool;
    }
    default:
      throw new RequestRejection(
        400,
        `tool_choice: Input tag '${value.type}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      );
  }
}

/** The JSON schema of `output_config.format`, checked like the real API checks it. */
function validateOutputConfig(value: unknown): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value))
    throw new RequestRejection(400, "output_config: Input should be a valid dictionary");
  const format = value.format;
  if (format === undefined || format === null) return undefined;
  if (!isJsonObject(format) || format.type !== "json_schema") {
    throw new RequestRejection(400, "output_config.format.type: Input should be 'json_schema'");
  }
  if (!isJsonObject(format.schema))
    throw new RequestRejection(400, "output_config.format.schema: Field required");
  const problems = findAnthropicSchemaProblems(format.schema);
  if (problems.length > 0)
    throw new RequestRejection(400, `output_config.format.schema: ${problems.join("; ")}`);
  return format.schema;
}

// ---------------------------------------------------------------------------------------------
// Structured-output schema validation
// ---------------------------------------------------------------------------------------------

/** Keywords Anthropic's structured outputs accept (https://docs.claude.com/en/docs/build-with-claude/structured-outputs). */
export const ANTHROPIC_SUPPORTED_KEYWORDS = [
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
  "minItems",
] as const;

/** String formats Anthropic's structured outputs accept. */
export const ANTHROPIC_STRING_FORMATS = [
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "uri",
  "ipv4",
  "ipv6",
  "uuid",
] as const;

const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set(ANTHROPIC_SUPPORTED_KEYWORDS);
const STRING_FORMATS: ReadonlySet<string> = new Set(ANTHROPIC_STRING_FORMATS);

interface AnthropicWalk {
  readonly root: JsonObject;
  readonly problems: Set<string>;
  /** Schema locations already checked: a definition reached twice is checked once. */
  readonly checked: Set<string>;
}

/**
 * Checks a JSON schema against Anthropic's structured-output rules (`output_config.format`, and
 * the `input_schema` of strict tools) and returns one problem per violation, each starting with
 * the JSON pointer of the offending schema (`#`, `#/properties/x`, `#/$defs/Inner`) and naming the
 * keyword, or `[]` when the schema would be accepted. Rules:
 *
 * - only the keywords in `ANTHROPIC_SUPPORTED_KEYWORDS` appear in a schema: so `minimum`,
 *   `maximum`, `exclusiveMinimum`/`exclusiveMaximum`, `multipleOf`, `minLength`, `maxLength`,
 *   `pattern`, `oneOf`, `not`, `if`/`then`/`else`, `patternProperties`, `maxItems`,
 *   `uniqueItems`, `prefixItems`, `$schema`, ... are refused (a zod `.min()` becomes `minimum`);
 * - every object schema has `additionalProperties: false` (a `z.record` or a schema left open fails);
 * - `enum` values are strings, numbers, booleans or null;
 * - a string `format` is one of `ANTHROPIC_STRING_FORMATS`;
 * - `minItems` is 0 or 1;
 * - every `$ref` is local and resolves, and none leads back to a schema it is inside (no
 *   recursion, unlike OpenAI). Definitions are checked where they are defined, referenced or not.
 *
 * Property names are names, not keywords: a property called `pattern` is fine.
 */
export function findAnthropicSchemaProblems(schema: unknown): string[] {
  if (!isJsonObject(schema)) return ["#: the schema must be a JSON object"];
  const walk: AnthropicWalk = { root: schema, problems: new Set(), checked: new Set() };
  walkAnthropic(schema, "#", ["#"], walk);
  for (const keyword of ["$defs", "definitions"] as const) {
    const definitions = schema[keyword];
    if (!isJsonObject(definitions)) continue;
    for (const [name, definition] of Object.entries(definitions)) {
      const pointer = `#/${keyword}/${escapePointer(name)}`;
      walkAnthropic(definition, pointer, [pointer], walk);
    }
  }
  return [...walk.problems];
}

/** @param refStack schema locations being expanded on the way here, to find recursive references */
function walkAnthropic(
  node: unknown,
  pointer: string,
  refStack: readonly string[],
  walk: AnthropicWalk,
): void {
  if (walk.checked.has(pointer)) return;
  walk.checked.add(pointer);
  if (!isJsonObject(node)) {
    walk.problems.add(`${pointer}: a schema must be a JSON object, got ${JSON.stringify(node)}`);
    return;
  }
  const types = typesOf(node);
  const typeLabel = types.length > 0 ? `For '${types.join("' | '")}' type, property` : "Property";

  for (const keyword of Object.keys(node)) {
    if (!SUPPORTED_KEYWORDS.has(keyword))
      walk.problems.add(`${pointer}: ${typeLabel} '${keyword}' is not supported`);
  }

  const isObject = types.includes("object") || "properties" in node;
  if (isObject && node.additionalProperties !== false) {
    walk.problems.add(
      `${pointer}: 'additionalProperties' must be set to false for objects, got ${JSON.stringify(node.additionalProperties) ?? "nothing"}`,
    );
  } else if ("additionalProperties" in node && node.additionalProperties !== false) {
    walk.problems.add(
      `${pointer}: 'additionalProperties' must be false, got ${JSON.stringify(node.additionalProperties)}`,
    );
  }
  if (Array.isArray(node.enum)) {
    const complex = node.enum.filter((value) => value !== null && typeof value === "object");
    if (complex.length > 0) {
      walk.problems.add(
        `${pointer}: 'enum' values must be strings, numbers, booleans or null, got ${JSON.stringify(complex[0])}`,
      );
    }
  }
  if (typeof node.format === "string" && !STRING_FORMATS.has(node.format)) {
    walk.problems.add(`${pointer}: ${typeLabel} 'format' with value '${node.format}' is not supported`);
  }
  if ("minItems" in node && node.minItems !== 0 && node.minItems !== 1) {
    walk.problems.add(
      `${pointer}: ${typeLabel} 'minItems' with value ${JSON.stringify(node.minItems)} is not supported; only 0 and 1 are`,
    );
  }

  if (typeof node.$ref === "string") {
    const target = node.$ref.startsWith("#") ? resolveRef(walk.root, node.$ref) : undefined;
    if (target === undefined) {
      walk.problems.add(`${pointer}: $ref '${node.$ref}' must point inside the schema and resolve`);
    } else if (refStack.includes(target.pointer)) {
      walk.problems.add(`${pointer}: recursive $ref '${node.$ref}' is not supported`);
    } else {
      walkAnthropic(target.schema, target.pointer, [...refStack, target.pointer], walk);
    }
  }

  if (isJsonObject(node.properties)) {
    for (const [name, property] of Object.entries(node.properties)) {
      walkAnthropic(property, `${pointer}/properties/${escapePointer(name)}`, refStack, walk);
    }
  }
  if (Array.isArray(node.items)) {
    walk.problems.add(`${pointer}: ${typeLabel} 'items' as a list (a tuple) is not supported`);
  } else if (node.items !== undefined) {
    walkAnthropic(node.items, `${pointer}/items`, refStack, walk);
  }
  for (const keyword of ["anyOf", "allOf"] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    branches.forEach((branch, index) =>
      walkAnthropic(branch, `${pointer}/${keyword}/${index}`, refStack, walk),
    );
  }
}
