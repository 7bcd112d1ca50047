import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import {
  BehaviourScript,
  estimateTokens,
  listenOnLoopback,
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

// Kept importable from here, where tests and benchmarks have always found them.
export type { JsonObject } from "./json-schema-tools.js";
export type { RequestOutcome } from "./fake-http.js";
export {
  evidenceQuoteFrom,
  extractAnswerBetweenBoundaries,
  sampleFromSchema,
  type SampleOptions,
} from "./sample-replies.js";

/**
 * A fake OpenAI-compatible server for tests, on loopback, spoken to over real HTTP by the real
 * `@langchain/openai` `ChatOpenAI` and `AzureChatOpenAI` clients (and so by the real OpenAI SDK
 * underneath them):
 *
 * ```ts
 * const fake = await startFakeOpenAI();
 * const model = new ChatOpenAI({
 *   model: "gpt-4o-mini",
 *   apiKey: fake.apiKey,
 *   maxRetries: 0,
 *   configuration: { baseURL: fake.baseURL },
 * });
 * const azure = new AzureChatOpenAI({
 *   azureOpenAIApiKey: fake.apiKey,
 *   azureOpenAIEndpoint: fake.azureEndpoint,
 *   azureOpenAIApiDeploymentName: "gpt-4o-mini",
 *   azureOpenAIApiVersion: "2024-10-21",
 *   maxRetries: 0,
 * });
 * fake.enqueue({ kind: "json", body: { points: 2 } }, { kind: "error", status: 429, retryAfter: "1" });
 * // ... call a model, then inspect fake.requests ...
 * await fake.close();
 * ```
 *
 * What it serves:
 * - `POST /v1/chat/completions` and `GET /v1/models`, OpenAI's routes. They need
 *   `Authorization: Bearer <apiKey>`, else 401.
 * - `POST /openai/deployments/{deployment}/chat/completions?api-version=...` and
 *   `GET /openai/models` / `GET /openai/deployments` (`?api-version=...`), Azure OpenAI's routes.
 *   They need the key in the `api-key` header (401 in Azure's shape `{ error: { code, message } }`
 *   otherwise), the `api-version` query parameter (400 without it), and a deployment listed in
 *   `options.azureDeployments` (404 `DeploymentNotFound` otherwise). `model` may be left out of
 *   the body there, since the deployment names the model. Azure's answers carry its content
 *   filter annotations (`prompt_filter_results`, `content_filter_results`), and its streams start
 *   with a chunk that has no choices, as the real service's do.
 * Unknown routes get 404. Errors use OpenAI's shape `{ error: { message, type, param, code } }`,
 * except the Azure gateway's own (auth, api-version, deployment, scripted `error`s).
 *
 * Streaming (`stream: true`) is answered as OpenAI does: `text/event-stream` with
 * `data: {chat.completion.chunk}` events: a first delta `{ role: "assistant", content: "" }`, the
 * content in several pieces (see `splitIntoPieces`: cut at arbitrary code points, inside JSON
 * tokens too), a chunk with an empty delta and the `finish_reason`, with
 * `stream_options.include_usage` a last chunk with `choices: []` and the `usage` (and
 * `usage: null` on every other chunk), then `data: [DONE]`. Errors that the real API reports
 * before streaming (401, 400, scripted `error`) come as plain HTTP errors either way.
 *
 * It is as strict as the real API about structured output: a `response_format` of type
 * `json_schema` needs a valid `name`, and with `strict: true` its schema must pass
 * `findStrictSchemaProblems`, else the request is answered with 400 `invalid_json_schema`. That is
 * how a zod `.optional()` field or a discriminated union (`oneOf`) fails here as it would in
 * production, instead of passing silently against a lenient fake.
 *
 * Requests the server rejects itself (401, 404, malformed body, 400 on the schema) do not consume
 * the scripted queue: the queue scripts what "the model" answers to requests that reach it.
 * Every request is recorded, rejected ones included, with the status it was answered with.
 *
 * Where LangChain (`@langchain/openai` 1.5) puts what a stream reports, for `ChatOpenAI` and
 * `AzureChatOpenAI` alike (`.stream()` yields `AIMessageChunk`s):
 * - the finish reason: `chunk.response_metadata.finish_reason` of the chunk made from the
 *   finish chunk (so also on the concatenation of all chunks);
 * - the usage (only with `streamUsage: true`, LangChain's default, which sends
 *   `stream_options: { include_usage: true }`): `chunk.usage_metadata` (`input_tokens`,
 *   `output_tokens`, `total_tokens`) and `chunk.response_metadata.usage` (OpenAI's raw object)
 *   of one extra chunk with empty content, yielded after the stream ended.
 */

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type FinishReason = "stop" | "length" | "content_filter";

/** OpenAI's `usage` object of a chat completion. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** How many pieces streamed content is split into when a behaviour does not say. */
export const DEFAULT_STREAM_CHUNKS = 4;

/** Options of the behaviours that answer with content, in either mode. */
interface ContentOptions {
  finishReason?: FinishReason;
  /** Overrides the estimated token counts; `total_tokens` defaults to the sum of the other two. */
  usage?: Partial<CompletionUsage>;
  /**
   * For a streaming request: how many delta chunks carry the content (fewer when it has fewer
   * code points); default `DEFAULT_STREAM_CHUNKS`. Ignored when the request does not stream.
   */
  chunks?: number;
}

/**
 * What the server does with the next chat completion request that reaches it. Any behaviour may
 * carry `times` (a positive integer, default 1) to answer that many requests in a row. Each one
 * answers a streaming request (`stream: true`) with a stream and any other with one JSON body.
 */
export type FakeBehaviour = (
  | ContentBehaviour<FakeChatRequest, ContentOptions>
  | {
      /**
       * Answer with an HTTP error in OpenAI's shape (Azure's on the Azure routes), before any
       * stream, as the real API does. `retryAfter` becomes the `retry-after` header (seconds or
       * an HTTP date, as sent), `retryAfterMs` the `retry-after-ms` header: the OpenAI SDK reads
       * both, LangChain's retry loop reads `retry-after` only.
       */
      kind: "error";
      status: number;
      retryAfter?: string;
      retryAfterMs?: number;
      message?: string;
      code?: string;
      /** OpenAI's `error.type`; derived from the status when omitted. */
      type?: string;
    }
  | {
      /**
       * Start a normal 200 stream, send `content` (in `chunks` pieces) and then, instead of a
       * finish chunk, an error event `data: {"error": {...}}` and the end of the response, as
       * OpenAI does when a server error happens mid-generation. The OpenAI SDK throws an
       * `APIError` without status from the iteration. A request that does not stream gets the
       * same error as an HTTP 500 instead.
       */
      kind: "streamThenError";
      content: string;
      chunks?: number;
      message?: string;
      /** OpenAI's `error.type`; default `server_error`. */
      type?: string;
      code?: string;
    }
  | {
      /**
       * Refuse, as OpenAI's structured output does: the text comes as `refusal` instead of
       * `content` (streamed as `delta.refusal` pieces), and the finish reason is `stop`.
       */
      kind: "refuse";
      text: string;
      chunks?: number;
    }
  | ConnectionFailure
  | {
      /**
       * Wait `ms` before the first byte, to trigger client timeouts. If the client is still
       * there afterwards, answer as `then` says (default: the current default behaviour). A
       * client that gives up, or `close()`, ends the wait at once.
       */
      kind: "hang";
      ms: number;
      then?: FakeBehaviour;
    }
) & { times?: number };

/** A chat completion request as a `respond` handler sees it. */
export interface FakeChatRequest {
  /** The parsed JSON body, exactly as sent. */
  readonly body: JsonObject;
  readonly headers: IncomingHttpHeaders;
  /** Messages with their content flattened to text (text parts joined by newlines). */
  readonly messages: readonly { role: string; content: string }[];
  /** `response_format.json_schema.schema`, when the request asks for structured output. */
  readonly schema: JsonObject | undefined;
  readonly schemaName: string | undefined;
  readonly lastUserMessage: string | undefined;
  /**
   * The text between the answer boundary lines (see `extractAnswerBetweenBoundaries`) of the last
   * user message where they are recognisable: the last one, or an earlier one on a repair call.
   */
  readonly answer: string | undefined;
  /** True when the request asked for `stream: true`. */
  readonly stream: boolean;
  /** The Azure deployment named in the path; `undefined` on OpenAI's routes. */
  readonly deployment: string | undefined;
}

/** What a streamed answer is recorded as in `RecordedResponse.body`. */
export interface StreamedCompletionSummary {
  /** The content sent, all pieces joined. */
  content: string;
  /** The finish reason sent; `null` when the stream failed before one (`streamThen...`). */
  finish_reason: FinishReason | null;
  /** The usage chunk's `usage`; `null` when the request did not ask for it or the stream failed first. */
  usage: CompletionUsage | null;
  /** The error event sent mid-stream (`streamThenError`). */
  error?: OpenAIErrorBody["error"];
}

/**
 * A recorded answer; for a stream, `body` is a `StreamedCompletionSummary` and `events` every `data:`
 * payload planned, parsed (`[DONE]` as that string).
 */
export type RecordedResponse = SharedRecordedResponse<unknown>;

/**
 * One request as received. `status`, `response`, `behaviour` and `outcome` are filled in while the
 * request is handled; they are final before the response leaves the server (a stream's before its
 * first byte), so once the client has its answer (or its error) they can be asserted on. Only a
 * client that leaves before a response is complete turns `outcome` into `abandoned` afterwards.
 */
export interface RecordedRequest extends ArrivedRequest {
  /** The Azure deployment named in the path; `null` on OpenAI's routes. */
  readonly deployment: string | null;
  /** The HTTP status answered; `null` while pending and when no response was sent. */
  status: number | null;
  response: RecordedResponse | null;
  /** The scripted or default behaviour that answered; `null` when the server rejected the request itself. */
  behaviour: FakeBehaviour["kind"] | null;
  outcome: RequestOutcome;
}

export interface FakeOpenAIOptions {
  /** Port to listen on; 0 (the default) lets the OS choose. */
  port?: number;
  /** The API key the server expects (as a bearer token, or in Azure's `api-key` header); default `"test-key"`. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models`. */
  models?: readonly string[];
  /** Azure deployment names that exist; default: the model ids. */
  azureDeployments?: readonly string[];
}

export interface FakeOpenAIServer extends FakeServerControls<FakeBehaviour, RecordedRequest> {
  /** E.g. `http://127.0.0.1:54321/v1`: pass as `configuration.baseURL`. */
  readonly baseURL: string;
  /** E.g. `http://127.0.0.1:54321`: pass as `azureOpenAIEndpoint`. */
  readonly azureEndpoint: string;
  /** E.g. `http://127.0.0.1:54321/openai/deployments`: pass as `azureOpenAIBasePath`. */
  readonly azureBasePath: string;
  readonly apiKey: string;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

const DEFAULT_API_KEY = "test-key";
const DEFAULT_MODELS = ["gpt-4o-mini", "gpt-4o"] as const;
/** The pattern the real API enforces for `response_format.json_schema.name`. */
const SCHEMA_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const AZURE_CHAT_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;
/** What Azure's content filters report on a harmless prompt or completion. */
const AZURE_SAFE_FILTER_RESULTS = {
  hate: { filtered: false, severity: "safe" },
  self_harm: { filtered: false, severity: "safe" },
  sexual: { filtered: false, severity: "safe" },
  violence: { filtered: false, severity: "safe" },
} as const;

/** Which service's conventions a request is answered in. */
type Dialect = "openai" | "azure";

/** Thrown inside the handler to answer with an error and stop. */
class RequestRejection extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody | AzureErrorBody,
  ) {
    super(body.error.message);
  }
}

interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The shape of errors Azure's gateway makes itself (auth, routing, rate limits). */
interface AzureErrorBody {
  error: { code: string; message: string };
}

/** The content a behaviour answers with, and how to deliver it. */
interface PlannedContent {
  content: string;
  /** Send the content as a refusal (`refusal`, not `content`). */
  refusal?: boolean;
  finishReason: FinishReason;
  usage: Partial<CompletionUsage>;
  chunks: number;
}

/** How a stream ends after its content pieces. */
type StreamEnding =
  | { kind: "finish"; finishReason: FinishReason }
  | { kind: "error"; error: OpenAIErrorBody["error"] }
  | { kind: "disconnect" };

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const models = options.models ?? DEFAULT_MODELS;
  const azureDeployments = options.azureDeployments ?? models;
  const requests: RecordedRequest[] = [];
  const script = new BehaviourScript<FakeBehaviour>({ kind: "sample" });
  let sequence = 0;
  let completionCounter = 0;
  // Aborted by close(): ends every `hang` at once so that closing never waits for a timer.
  const shuttingDown = new AbortController();

  const server = serveRequests(handleRequest);

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const arrived = await receiveRequest(request, ++sequence);
    const path = arrived.path;
    const azureChat = AZURE_CHAT_PATH.exec(path);
    const record: RecordedRequest = {
      ...arrived,
      deployment: azureChat ? decodeURIComponent(azureChat[1]!) : null,
      status: null,
      response: null,
      behaviour: null,
      outcome: "pending",
    };
    requests.push(record);
    const dialect: Dialect = path.startsWith("/openai/") ? "azure" : "openai";

    try {
      if (dialect === "azure") {
        checkAzureAccess(record);
      } else {
        checkAuthorization(request.headers);
      }
      if (record.method === "GET" && record.path === "/v1/models") {
        sendJson(record, response, 200, {
          object: "list",
          data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "system" })),
        });
        return;
      }
      if (
        record.method === "GET" &&
        (record.path === "/openai/models" || record.path === "/openai/deployments")
      ) {
        sendJson(record, response, 200, azureListing(record.path));
        return;
      }
      const isChat =
        record.method === "POST" && (record.path === "/v1/chat/completions" || record.deployment !== null);
      if (!isChat) {
        throw dialect === "azure"
          ? new RequestRejection(404, azureError("404", "Resource not found"))
          : new RequestRejection(404, openAIError(`Invalid URL (${record.method} ${record.path})`));
      }
      if (record.deployment !== null && !azureDeployments.includes(record.deployment)) {
        throw new RequestRejection(
          404,
          azureError(
            "DeploymentNotFound",
            "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
          ),
        );
      }
      const chatRequest = validateChatRequest(record, request.headers, dialect);
      await runBehaviour(script.next(), chatRequest, dialect, record, request, response);
    } catch (error) {
      if (error instanceof RequestRejection) {
        sendJson(record, response, error.status, error.body);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        sendJson(
          record,
          response,
          500,
          openAIError(`Fake OpenAI server failure: ${message}`, "server_error"),
        );
      }
    }
  }

  function checkAuthorization(headers: IncomingHttpHeaders): void {
    const authorization = headers.authorization;
    if (authorization === undefined) {
      throw new RequestRejection(
        401,
        openAIError(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        ),
      );
    }
    if (authorization !== `Bearer ${apiKey}`) {
      throw new RequestRejection(
        401,
        openAIError("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"),
      );
    }
  }

  /** Azure checks the key, then the API version, before it looks at the route or the body. */
  function checkAzureAccess(record: RecordedRequest): void {
    const key = record.headers["api-key"];
    if (key === undefined) {
      throw new RequestRejection(
        401,
        azureError(
          "401",
          "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
        ),
      );
    }
    if (key !== apiKey) {
      throw new RequestRejection(
        401,
        azureError(
          "401",
          "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
        ),
      );
    }
    if (!record.query["api-version"]) {
      throw new RequestRejection(
        400,
        azureError(
          "BadRequest",
          "The api-version query parameter (?api-version=) is required for all requests.",
        ),
      );
    }
  }

  function azureListing(path: string): JsonObject {
    if (path === "/openai/models") {
      return {
        object: "list",
        data: models.map((id) => ({
          id,
          object: "model",
          created_at: 1_700_000_000,
          status: "succeeded",
          capabilities: { chat_completion: true, completion: false, embeddings: false },
          lifecycle_status: "generally-available",
        })),
      };
    }
    return {
      object: "list",
      data: azureDeployments.map((id) => ({
        id,
        object: "deployment",
        model: id,
        status: "succeeded",
        created_at: 1_700_000_000,
      })),
    };
  }

  async function runBehaviour(
    behaviour: FakeBehaviour,
    chatRequest: FakeChatRequest,
    dialect: Dialect,
    record: RecordedRequest,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    record.behaviour = behaviour.kind;
    const stream = (planned: PlannedContent, ending: StreamEnding) =>
      streamCompletion(record, response, request, chatRequest, dialect, planned, ending);
    const answer = (planned: PlannedContent) =>
      chatRequest.stream
        ? stream(planned, { kind: "finish", finishReason: planned.finishReason })
        : sendCompletion(record, response, chatRequest, dialect, planned);
    switch (behaviour.kind) {
      case "reply":
      case "json":
      case "respond":
      case "sample": {
        const content = await scriptedContent(
          behaviour,
          chatRequest,
          "This is a reply from the fake OpenAI server.",
        );
        await answer(plan(content, behaviour));
        return;
      }
      case "refuse":
        await answer({ ...plan(behaviour.text, { finishReason: "stop", ...behaviour }), refusal: true });
        return;
      case "error":
        sendError(record, response, dialect, behaviour);
        return;
      case "streamThenError": {
        const error = openAIError(
          behaviour.message ?? defaultErrorMessage(500),
          behaviour.type ?? "server_error",
          null,
          behaviour.code ?? null,
        ).error;
        if (!chatRequest.stream) {
          sendJson(record, response, 500, { error });
          return;
        }
        await stream(plan(behaviour.content, behaviour), { kind: "error", error });
        return;
      }
      case "streamThenDisconnect":
        if (!chatRequest.stream) {
          disconnect(record, request);
          return;
        }
        await stream(plan(behaviour.content, behaviour), { kind: "disconnect" });
        return;
      case "hang":
        if (await hang(behaviour.ms, record, response, shuttingDown.signal)) {
          await runBehaviour(
            behaviour.then ?? script.default,
            chatRequest,
            dialect,
            record,
            request,
            response,
          );
        }
        return;
      case "disconnect":
        disconnect(record, request);
        return;
    }
  }

  function usageFor(chatRequest: FakeChatRequest, planned: PlannedContent): CompletionUsage {
    const promptTokens =
      planned.usage.prompt_tokens ??
      estimateTokens(chatRequest.messages.map((message) => message.content).join(""));
    const completionTokens = planned.usage.completion_tokens ?? estimateTokens(planned.content);
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: planned.usage.total_tokens ?? promptTokens + completionTokens,
    };
  }

  /** The model an answer names: Azure's deployment decides it, whatever the body says. */
  function modelOf(chatRequest: FakeChatRequest): string {
    if (chatRequest.deployment !== undefined) return chatRequest.deployment;
    return typeof chatRequest.body.model === "string" ? chatRequest.body.model : "unknown";
  }

  function sendCompletion(
    record: RecordedRequest,
    response: ServerResponse,
    chatRequest: FakeChatRequest,
    dialect: Dialect,
    planned: PlannedContent,
  ): void {
    const azure = dialect === "azure";
    sendJson(record, response, 200, {
      id: `chatcmpl-fake-${++completionCounter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: modelOf(chatRequest),
      ...(azure && { prompt_filter_results: azurePromptFilterResults() }),
      choices: [
        {
          index: 0,
          message: planned.refusal
            ? { role: "assistant", content: null, refusal: planned.content }
            : { role: "assistant", content: planned.content, refusal: null },
          finish_reason: planned.finishReason,
          logprobs: null,
          ...(azure && { content_filter_results: AZURE_SAFE_FILTER_RESULTS }),
        },
      ],
      usage: usageFor(chatRequest, planned),
    });
  }

  /**
   * Streams the planned content as OpenAI's chat.completion.chunk events. The record is completed
   * (status, summary, events, planned outcome) before the first byte; a client that leaves early
   * turns the outcome into `abandoned`.
   */
  async function streamCompletion(
    record: RecordedRequest,
    response: ServerResponse,
    request: IncomingMessage,
    chatRequest: FakeChatRequest,
    dialect: Dialect,
    planned: PlannedContent,
    ending: StreamEnding,
  ): Promise<void> {
    const azure = dialect === "azure";
    const streamOptions = isJsonObject(chatRequest.body.stream_options)
      ? chatRequest.body.stream_options
      : {};
    const includeUsage = streamOptions.include_usage === true;
    // OpenAI pads every chunk with an `obfuscation` field unless the request turns it off; Azure does not.
    const includeObfuscation = !azure && streamOptions.include_obfuscation !== false;
    const pieces = splitIntoPieces(planned.content, planned.chunks);
    const usage = usageFor(chatRequest, planned);
    const base = {
      id: `chatcmpl-fake-${++completionCounter}`,
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: modelOf(chatRequest),
    };
    const chunk = (choices: unknown[], extra: JsonObject = {}): JsonObject => ({
      ...base,
      choices,
      ...(includeUsage && { usage: null }),
      ...extra,
      ...(includeObfuscation && { obfuscation: "fakeObfusc" }),
    });
    const choice = (delta: JsonObject, finishReason: FinishReason | null = null): JsonObject => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finishReason,
      ...(azure && { content_filter_results: delta.content ? AZURE_SAFE_FILTER_RESULTS : {} }),
    });

    const events: unknown[] = [];
    if (azure) {
      // Azure's first chunk reports the prompt filter and has no choices, no id and no model.
      events.push({
        choices: [],
        created: 0,
        id: "",
        model: "",
        object: "",
        prompt_filter_results: azurePromptFilterResults(),
      });
    }
    events.push(chunk([choice({ role: "assistant", content: "", refusal: null })]));
    for (const piece of pieces) {
      events.push(chunk([choice(planned.refusal ? { refusal: piece } : { content: piece })]));
    }
    if (ending.kind === "finish") {
      events.push(chunk([choice({}, ending.finishReason)]));
      if (includeUsage) events.push({ ...chunk([]), usage });
      events.push("[DONE]");
    } else if (ending.kind === "error") {
      events.push({ error: ending.error });
    }

    const summary: StreamedCompletionSummary = {
      content: pieces.join(""),
      finish_reason: ending.kind === "finish" ? ending.finishReason : null,
      usage: ending.kind === "finish" && includeUsage ? usage : null,
      ...(ending.kind === "error" && { error: ending.error }),
    };
    await sendRecordedStream(record, request, response, {
      headers: { "x-request-id": `req_fake_${record.sequence}` },
      summary,
      events,
      chunkCount: pieces.length,
      frames: events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`),
      disconnect: ending.kind === "disconnect",
    });
  }

  function sendError(
    record: RecordedRequest,
    response: ServerResponse,
    dialect: Dialect,
    behaviour: Extract<FakeBehaviour, { kind: "error" }>,
  ): void {
    const headers: Record<string, string> = {};
    if (behaviour.retryAfter !== undefined) headers["retry-after"] = behaviour.retryAfter;
    if (behaviour.retryAfterMs !== undefined) headers["retry-after-ms"] = String(behaviour.retryAfterMs);
    const message = behaviour.message ?? defaultErrorMessage(behaviour.status);
    const body =
      dialect === "azure"
        ? azureError(behaviour.code ?? String(behaviour.status), message)
        : openAIError(
            message,
            behaviour.type ?? errorTypeFor(behaviour.status),
            null,
            behaviour.code ?? (behaviour.status === 429 ? "rate_limit_exceeded" : null),
          );
    sendJson(record, response, behaviour.status, body, headers);
  }

  function sendJson(
    record: RecordedRequest,
    response: ServerResponse,
    status: number,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ): void {
    sendRecordedJson(record, response, status, body, {
      "x-request-id": `req_fake_${record.sequence}`,
      ...extraHeaders,
    });
  }

  const port = await listenOnLoopback(server, options.port ?? 0);
  return Object.assign(fakeServerControls(script, requests, server, shuttingDown), {
    baseURL: `http://127.0.0.1:${port}/v1`,
    azureEndpoint: `http://127.0.0.1:${port}`,
    azureBasePath: `http://127.0.0.1:${port}/openai/deployments`,
    apiKey,
  });
}

function plan(content: string, options: ContentOptions): PlannedContent {
  return {
    content,
    finishReason: options.finishReason ?? "stop",
    usage: options.usage ?? {},
    chunks: options.chunks ?? DEFAULT_STREAM_CHUNKS,
  };
}

/**
 * Validates a chat completion request the way the real API would before "the model" sees it, and
 * returns the handler's view of it. Throws RequestRejection (400) otherwise.
 */
function validateChatRequest(
  record: RecordedRequest,
  headers: IncomingHttpHeaders,
  dialect: Dialect,
): FakeChatRequest {
  const body = record.body;
  if (!isJsonObject(body)) {
    throw new RequestRejection(
      400,
      openAIError(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
      ),
    );
  }
  // Azure takes the model from the deployment; OpenAI needs it in the body.
  if (dialect === "openai" && (typeof body.model !== "string" || body.model === "")) {
    throw new RequestRejection(
      400,
      openAIError(
        "you must provide a model parameter",
        "invalid_request_error",
        "model",
        "missing_required_parameter",
      ),
    );
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new RequestRejection(
      400,
      openAIError(
        "'messages' must be a non-empty array.",
        "invalid_request_error",
        "messages",
        "invalid_value",
      ),
    );
  }
  if ("stream" in body && body.stream !== null && typeof body.stream !== "boolean") {
    throw new RequestRejection(
      400,
      openAIError(
        `Invalid type for 'stream': expected a boolean, but got ${typeof body.stream} instead.`,
        "invalid_request_error",
        "stream",
        "invalid_type",
      ),
    );
  }
  const stream = body.stream === true;
  if ("stream_options" in body && body.stream_options !== null && !stream) {
    throw new RequestRejection(
      400,
      openAIError(
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        "invalid_request_error",
        "stream_options",
        null,
      ),
    );
  }

  let schema: JsonObject | undefined;
  let schemaName: string | undefined;
  const responseFormat = body.response_format;
  if (isJsonObject(responseFormat) && responseFormat.type === "json_schema") {
    const jsonSchema = responseFormat.json_schema;
    if (!isJsonObject(jsonSchema)) {
      throw new RequestRejection(
        400,
        openAIError(
          "Missing required parameter: 'response_format.json_schema'.",
          "invalid_request_error",
          "response_format.json_schema",
          "missing_required_parameter",
        ),
      );
    }
    if (typeof jsonSchema.name !== "string" || !SCHEMA_NAME_PATTERN.test(jsonSchema.name)) {
      throw new RequestRejection(
        400,
        openAIError(
          `Invalid 'response_format.json_schema.name': ${JSON.stringify(jsonSchema.name) ?? "undefined"}. Expected a string that matches the pattern '${SCHEMA_NAME_PATTERN.source}'.`,
          "invalid_request_error",
          "response_format.json_schema.name",
          "invalid_value",
        ),
      );
    }
    schemaName = jsonSchema.name;
    schema = isJsonObject(jsonSchema.schema) ? jsonSchema.schema : undefined;
    if (jsonSchema.strict === true) {
      const problems = findStrictSchemaProblems(jsonSchema.schema);
      if (problems.length > 0) {
        throw new RequestRejection(
          400,
          openAIError(
            `Invalid schema for response_format '${schemaName}': ${problems.join("; ")}`,
            "invalid_request_error",
            "response_format",
            "invalid_json_schema",
          ),
        );
      }
    }
  }

  const messages = body.messages.map((message: unknown) => ({
    role: isJsonObject(message) && typeof message.role === "string" ? message.role : "unknown",
    content: isJsonObject(message) ? messageText(message.content) : "",
  }));
  const userMessages = messages
    .filter((message) => message.role === "user")
    .map((message) => message.content);
  return {
    body,
    headers,
    messages,
    schema,
    schemaName,
    lastUserMessage: userMessages.at(-1),
    answer: findAnswerInUserMessages(userMessages),
    stream,
    deployment: record.deployment ?? undefined,
  };
}

/** Message content is a string or an array of parts; only text parts count here. */
function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (isJsonObject(part) && typeof part.text === "string" ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function azurePromptFilterResults(): JsonObject[] {
  return [{ prompt_index: 0, content_filter_results: AZURE_SAFE_FILTER_RESULTS }];
}

function openAIError(
  message: string,
  type = "invalid_request_error",
  param: string | null = null,
  code: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

function azureError(code: string, message: string): AzureErrorBody {
  return { error: { code, message } };
}

function errorTypeFor(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function defaultErrorMessage(status: number): string {
  if (status === 429) return "Rate limit reached for requests (fake OpenAI server).";
  if (status >= 500) return "The server had an error while processing your request (fake OpenAI server).";
  return `Scripted error ${status} (fake OpenAI server).`;
}

// ---------------------------------------------------------------------------------------------
// Strict-mode schema validation
// ---------------------------------------------------------------------------------------------

/** Limits of OpenAI's strict structured outputs (https://platform.openai.com/docs/guides/structured-outputs). */
export const STRICT_SCHEMA_LIMITS = { maxObjectNesting: 10, maxTotalProperties: 5000 } as const;

/** Keywords strict mode rejects wherever they appear. `anyOf` is allowed, except at the root. */
export const STRICT_FORBIDDEN_KEYWORDS = [
  "oneOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
] as const;

interface StrictWalk {
  readonly root: JsonObject;
  /** A Set keeps the first-found order and drops repeats from definitions reached twice. */
  readonly problems: Set<string>;
  /** Schema locations whose own rules were checked (and properties counted) already. */
  readonly checked: Set<string>;
  /** Deepest object nesting each location was walked at: a shallower revisit finds nothing new. */
  readonly deepestVisit: Map<string, number>;
  propertyCount: number;
}

/**
 * Checks a JSON schema against OpenAI's strict structured-output rules and returns one problem per
 * violation, each starting with the JSON pointer of the offending schema (`#`, `#/properties/x`,
 * `#/$defs/Inner/properties/y`), or `[]` when the schema would be accepted. Rules:
 *
 * - the root is `type: "object"` (not `anyOf`, not an array);
 * - every object schema has `additionalProperties: false` (so `z.record` fails);
 * - every object's `required` lists every key of `properties` (so a zod `.optional()` field fails;
 *   strict mode wants it `.nullable()` instead);
 * - `oneOf`, `allOf`, `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas` and
 *   `patternProperties` appear nowhere (a zod discriminated union becomes `oneOf`, an
 *   intersection `allOf`);
 * - array schemas say what their `items` are;
 * - objects nest at most 10 deep (the root object is level 1), and there are at most 5000
 *   properties in all (each definition counted once);
 * - every `$ref` resolves inside the document (`#`, `#/$defs/...`, `#/definitions/...`, any JSON
 *   pointer). Referenced definitions are checked where they are defined; a reference back to a
 *   definition being expanded (recursion, which OpenAI allows) is not followed again.
 *
 * Keywords OpenAI ignores or tolerates (`title`, `description`, `$schema`, `default`, formats,
 * bounds) are accepted.
 */
export function findStrictSchemaProblems(schema: unknown): string[] {
  if (!isJsonObject(schema)) return ["#: the schema must be a JSON object with type 'object'"];
  const walk: StrictWalk = {
    root: schema,
    problems: new Set(),
    checked: new Set(),
    deepestVisit: new Map(),
    propertyCount: 0,
  };
  if (schema.type !== "object") {
    walk.problems.add(
      `#: the root schema must be of type 'object', got ${JSON.stringify(schema.type) ?? "no type"}`,
    );
  }
  if ("anyOf" in schema)
    walk.problems.add("#: 'anyOf' is not permitted at the root; the root must be an object");
  // The root is "being expanded" from the start, so `$ref: "#"` counts as recursion.
  walkStrict(schema, "#", 0, ["#"], walk);
  // Definitions nobody references are still part of the schema the API checks.
  for (const keyword of ["$defs", "definitions"] as const) {
    const definitions = schema[keyword];
    if (!isJsonObject(definitions)) continue;
    for (const [name, definition] of Object.entries(definitions)) {
      const pointer = `#/${keyword}/${escapePointer(name)}`;
      if (!walk.checked.has(pointer)) walkStrict(definition, pointer, 0, [pointer], walk);
    }
  }
  if (walk.propertyCount > STRICT_SCHEMA_LIMITS.maxTotalProperties) {
    walk.problems.add(
      `#: the schema has ${walk.propertyCount} properties in all; strict mode allows at most ${STRICT_SCHEMA_LIMITS.maxTotalProperties}`,
    );
  }
  return [...walk.problems];
}

/**
 * @param objectDepth how many object schemas enclose this node (0 at the root)
 * @param refStack definitions being expanded on the way here, to stop at recursive references
 */
function walkStrict(
  node: unknown,
  pointer: string,
  objectDepth: number,
  refStack: readonly string[],
  walk: StrictWalk,
): void {
  // Boolean schemas (`items: false` from tuples) have nothing to check.
  if (!isJsonObject(node)) return;
  const previousDepth = walk.deepestVisit.get(pointer);
  if (previousDepth !== undefined && previousDepth >= objectDepth) return;
  walk.deepestVisit.set(pointer, objectDepth);
  const firstVisit = !walk.checked.has(pointer);
  walk.checked.add(pointer);

  if (typeof node.$ref === "string") {
    const target = resolveRef(walk.root, node.$ref);
    if (target === undefined) {
      walk.problems.add(`${pointer}: $ref '${node.$ref}' does not resolve inside the schema`);
    } else if (!refStack.includes(target.pointer)) {
      walkStrict(target.schema, target.pointer, objectDepth, [...refStack, target.pointer], walk);
    }
  }

  if (firstVisit) {
    for (const keyword of STRICT_FORBIDDEN_KEYWORDS) {
      if (keyword in node) walk.problems.add(`${pointer}: '${keyword}' is not permitted in strict mode`);
    }
  }

  const types = typesOf(node);
  if (types.includes("array") && !("items" in node) && !("prefixItems" in node) && firstVisit) {
    walk.problems.add(`${pointer}: array schemas must define 'items'`);
  }

  let childDepth = objectDepth;
  if (types.includes("object") || "properties" in node) {
    childDepth = objectDepth + 1;
    if (childDepth > STRICT_SCHEMA_LIMITS.maxObjectNesting) {
      walk.problems.add(
        `${pointer}: objects are nested ${childDepth} levels deep here; strict mode allows at most ${STRICT_SCHEMA_LIMITS.maxObjectNesting}`,
      );
      return;
    }
    if (firstVisit) checkObjectRules(node, pointer, walk);
  }

  const properties = node.properties;
  if (isJsonObject(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      walkStrict(property, `${pointer}/properties/${escapePointer(name)}`, childDepth, refStack, walk);
    }
  }
  if (Array.isArray(node.items)) {
    node.items.forEach((item, index) =>
      walkStrict(item, `${pointer}/items/${index}`, childDepth, refStack, walk),
    );
  } else {
    walkStrict(node.items, `${pointer}/items`, childDepth, refStack, walk);
  }
  for (const keyword of ["prefixItems", "anyOf"] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    branches.forEach((branch, index) =>
      walkStrict(branch, `${pointer}/${keyword}/${index}`, childDepth, refStack, walk),
    );
  }
}

function checkObjectRules(node: JsonObject, pointer: string, walk: StrictWalk): void {
  if (node.additionalProperties !== false) {
    walk.problems.add(
      `${pointer}: 'additionalProperties' is required to be supplied and to be false, got ${JSON.stringify(node.additionalProperties) ?? "nothing"}`,
    );
  }
  const propertyNames = isJsonObject(node.properties) ? Object.keys(node.properties) : [];
  walk.propertyCount += propertyNames.length;
  const required = Array.isArray(node.required) ? node.required : [];
  const missing = propertyNames.filter((name) => !required.includes(name));
  if (missing.length > 0) {
    walk.problems.add(
      `${pointer}: 'required' must list every key in 'properties'; missing ${missing.map((name) => `'${name}'`).join(", ")} (strict mode has no optional fields: make them nullable, e.g. zod .nullable() instead of .optional())`,
    );
  }
}
