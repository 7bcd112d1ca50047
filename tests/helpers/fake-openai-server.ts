import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

/**
 * A fake OpenAI-compatible server for tests, on loopback, spoken to over real HTTP by the real
 * `@langchain/openai` `ChatOpenAI` client (and so by the real OpenAI SDK underneath it):
 *
 * ```ts
 * const fake = await startFakeOpenAI();
 * const model = new ChatOpenAI({
 *   model: "gpt-4o-mini",
 *   apiKey: fake.apiKey,
 *   maxRetries: 0,
 *   configuration: { baseURL: fake.baseURL },
 * });
 * fake.enqueue({ kind: "json", body: { points: 2 } }, { kind: "error", status: 429, retryAfter: "1" });
 * // ... call the model, then inspect fake.requests ...
 * await fake.close();
 * ```
 *
 * What it serves:
 * - `POST /v1/chat/completions`, non-streaming only (`stream: true` is answered with 400).
 * - `GET /v1/models`.
 * Every request needs `Authorization: Bearer <apiKey>`, else 401. Unknown routes get 404. All errors
 * use OpenAI's error shape `{ error: { message, type, param, code } }`.
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
 */

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type JsonObject = { [key: string]: unknown };

export type FinishReason = "stop" | "length" | "content_filter";

/** OpenAI's `usage` object of a chat completion. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/**
 * What the server does with the next chat completion request that reaches it. Any behaviour may
 * carry `times` (a positive integer, default 1) to answer that many requests in a row.
 */
export type FakeBehaviour = (
  | {
      /** Answer with `content` verbatim as the assistant message: malformed or truncated JSON included. */
      kind: "reply";
      content: string;
      finishReason?: FinishReason;
      /** Overrides the estimated token counts; `total_tokens` defaults to the sum of the other two. */
      usage?: Partial<CompletionUsage>;
    }
  | {
      /** Answer with `JSON.stringify(body)` as the assistant message. */
      kind: "json";
      body: unknown;
      finishReason?: FinishReason;
      usage?: Partial<CompletionUsage>;
    }
  | {
      /**
       * Compute the reply from the request (its messages, its JSON schema): the returned value is
       * sent as `JSON.stringify(value)`. A handler that throws (or returns `undefined`) makes the
       * server answer 500, so a broken test handler shows up as an error instead of a hang.
       */
      kind: "respond";
      handler: (request: FakeChatRequest) => unknown;
    }
  | {
      /**
       * Answer with an HTTP error in OpenAI's shape. `retryAfter` becomes the `retry-after` header
       * (seconds or an HTTP date, as sent), `retryAfterMs` the `retry-after-ms` header: the OpenAI
       * SDK reads both, LangChain's retry loop reads `retry-after` only.
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
       * Wait `ms` before answering, to trigger client timeouts. If the client is still there
       * afterwards, answer as `then` says (default: the current default behaviour). A client that
       * gives up, or `close()`, ends the wait at once.
       */
      kind: "hang";
      ms: number;
      then?: FakeBehaviour;
    }
  | {
      /** Destroy the connection without any response: the client sees a connection error. */
      kind: "disconnect";
    }
  | {
      /**
       * The built-in default: a reply that satisfies the request's JSON schema, made by
       * `sampleFromSchema` (see there), with `evidence` quotes taken from the student answer
       * (see `extractAnswerBetweenBoundaries`). Without a schema it answers a short plain text.
       */
      kind: "sample";
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
}

export type RequestOutcome =
  /** Still being handled (or hanging). */
  | "pending"
  /** A response was sent; `status` and `response` are set. */
  | "answered"
  /** The server destroyed the socket on purpose (`disconnect`). */
  | "disconnected"
  /** The client went away (e.g. its timeout fired) or the server closed before an answer. */
  | "abandoned";

export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body sent. */
  readonly body: unknown;
}

/**
 * One request as received. `status`, `response`, `behaviour` and `outcome` are filled in while the
 * request is handled; they are final before the response leaves the server, so once the client has
 * its answer (or its error) they can be asserted on.
 */
export interface RecordedRequest {
  /** Arrival order since the server started (from 1, not reset); also in the `x-request-id` header. */
  readonly sequence: number;
  readonly method: string;
  /** Path without query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON; `undefined` when it was empty or not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /** `Date.now()` when the request arrived. */
  readonly receivedAt: number;
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
  /** The API key the server expects as a bearer token; default `"test-key"`. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models`. */
  models?: readonly string[];
}

export interface FakeOpenAIServer {
  /** E.g. `http://127.0.0.1:54321/v1`: pass as `configuration.baseURL`. */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Every request received, in arrival order (rejected ones included). Cleared by `reset()`. */
  readonly requests: RecordedRequest[];
  /** Scripts the next responses, in order, after anything already queued. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** The behaviour used when the queue is empty (initially `{ kind: "sample" }`). */
  setDefault(behaviour: FakeBehaviour): void;
  /** How many scripted responses are still queued. */
  readonly queuedCount: number;
  /** Empties the queue and the recorded requests and restores the default behaviour. */
  reset(): void;
  /** Stops the server; open and hanging connections are destroyed, not waited for. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

const DEFAULT_API_KEY = "test-key";
const DEFAULT_MODELS = ["gpt-4o-mini", "gpt-4o"] as const;
const SAMPLE_BEHAVIOUR: FakeBehaviour = { kind: "sample" };
/** The pattern the real API enforces for `response_format.json_schema.name`. */
const SCHEMA_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Thrown inside the handler to answer with an OpenAI-shaped error and stop. */
class RequestRejection extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
  ) {
    super(body.error.message);
  }
}

interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const models = options.models ?? DEFAULT_MODELS;
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  let defaultBehaviour = SAMPLE_BEHAVIOUR;
  let sequence = 0;
  let completionCounter = 0;
  // Aborted by close(): ends every `hang` at once so that closing never waits for a timer.
  const shuttingDown = new AbortController();

  const server = createServer((request, response) => {
    // Node ignores a listener's promise. Failures are answered as 500 inside; what is left (the
    // client vanishing while its body is read) only needs the socket gone.
    handleRequest(request, response).catch(() => request.socket.destroy());
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const arrival = ++sequence;
    const rawBody = await readBody(request);
    const record: RecordedRequest = {
      sequence: arrival,
      method: request.method ?? "GET",
      path: (request.url ?? "/").split("?")[0] ?? "/",
      headers: request.headers,
      body: parseJson(rawBody),
      rawBody,
      receivedAt,
      status: null,
      response: null,
      behaviour: null,
      outcome: "pending",
    };
    requests.push(record);

    try {
      checkAuthorization(request.headers);
      if (record.method === "GET" && record.path === "/v1/models") {
        sendJson(record, response, 200, {
          object: "list",
          data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "system" })),
        });
        return;
      }
      if (record.method !== "POST" || record.path !== "/v1/chat/completions") {
        throw new RequestRejection(404, openAIError(`Invalid URL (${record.method} ${record.path})`));
      }
      const chatRequest = validateChatRequest(record, request.headers);
      const behaviour = queue.shift() ?? defaultBehaviour;
      await runBehaviour(behaviour, chatRequest, record, request, response);
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

  async function runBehaviour(
    behaviour: FakeBehaviour,
    chatRequest: FakeChatRequest,
    record: RecordedRequest,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    record.behaviour = behaviour.kind;
    switch (behaviour.kind) {
      case "reply":
        sendCompletion(
          record,
          response,
          chatRequest,
          behaviour.content,
          behaviour.finishReason,
          behaviour.usage,
        );
        return;
      case "json":
        sendCompletion(
          record,
          response,
          chatRequest,
          JSON.stringify(behaviour.body),
          behaviour.finishReason,
          behaviour.usage,
        );
        return;
      case "respond": {
        const value: unknown = await behaviour.handler(chatRequest);
        const content = JSON.stringify(value) as string | undefined;
        if (content === undefined) throw new Error("the respond handler returned undefined");
        sendCompletion(record, response, chatRequest, content);
        return;
      }
      case "sample":
        sendCompletion(record, response, chatRequest, sampleReplyFor(chatRequest));
        return;
      case "error":
        sendError(record, response, behaviour);
        return;
      case "hang": {
        const completed = await waitWhileConnected(behaviour.ms, response);
        if (!completed) {
          record.outcome = "abandoned";
          return;
        }
        await runBehaviour(behaviour.then ?? defaultBehaviour, chatRequest, record, request, response);
        return;
      }
      case "disconnect":
        record.outcome = "disconnected";
        request.socket.destroy();
        return;
    }
  }

  /** Resolves true after `ms`, or false as soon as the client goes away or the server closes. */
  async function waitWhileConnected(ms: number, response: ServerResponse): Promise<boolean> {
    if (isGone(response)) return false;
    const clientGone = new AbortController();
    const onClose = () => clientGone.abort();
    response.once("close", onClose);
    try {
      await delay(ms, undefined, { signal: AbortSignal.any([clientGone.signal, shuttingDown.signal]) });
      return !isGone(response);
    } catch {
      return false;
    } finally {
      response.off("close", onClose);
    }
  }

  function sendCompletion(
    record: RecordedRequest,
    response: ServerResponse,
    chatRequest: FakeChatRequest,
    content: string,
    finishReason: FinishReason = "stop",
    usageOverride: Partial<CompletionUsage> = {},
  ): void {
    const promptTokens =
      usageOverride.prompt_tokens ??
      estimateTokens(chatRequest.messages.map((message) => message.content).join(""));
    const completionTokens = usageOverride.completion_tokens ?? estimateTokens(content);
    sendJson(record, response, 200, {
      id: `chatcmpl-fake-${++completionCounter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: typeof chatRequest.body.model === "string" ? chatRequest.body.model : "unknown",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: usageOverride.total_tokens ?? promptTokens + completionTokens,
      },
    });
  }

  function sendError(
    record: RecordedRequest,
    response: ServerResponse,
    behaviour: Extract<FakeBehaviour, { kind: "error" }>,
  ): void {
    const headers: Record<string, string> = {};
    if (behaviour.retryAfter !== undefined) headers["retry-after"] = behaviour.retryAfter;
    if (behaviour.retryAfterMs !== undefined) headers["retry-after-ms"] = String(behaviour.retryAfterMs);
    const body = openAIError(
      behaviour.message ?? defaultErrorMessage(behaviour.status),
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
    const headers = {
      "content-type": "application/json",
      "x-request-id": `req_fake_${record.sequence}`,
      ...extraHeaders,
    };
    // The record is completed before the bytes leave, so a client that has its answer sees it final.
    record.status = status;
    record.response = { status, headers, body };
    record.outcome = "answered";
    if (isGone(response)) return;
    response.writeHead(status, headers).end(JSON.stringify(body));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    enqueue(...behaviours) {
      for (const behaviour of behaviours) {
        const times = behaviour.times ?? 1;
        if (!Number.isInteger(times) || times < 1) {
          throw new Error(`times must be a positive integer, got ${String(behaviour.times)}`);
        }
        for (let copy = 0; copy < times; copy++) queue.push(behaviour);
      }
    },
    setDefault(behaviour) {
      defaultBehaviour = behaviour;
    },
    get queuedCount() {
      return queue.length;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      defaultBehaviour = SAMPLE_BEHAVIOUR;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        shuttingDown.abort();
        // Keep-alive and hanging sockets would otherwise hold server.close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Validates a chat completion request the way the real API would before "the model" sees it, and
 * returns the handler's view of it. Throws RequestRejection (400) otherwise.
 */
function validateChatRequest(record: RecordedRequest, headers: IncomingHttpHeaders): FakeChatRequest {
  const body = record.body;
  if (!isJsonObject(body)) {
    throw new RequestRejection(
      400,
      openAIError(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
      ),
    );
  }
  if (typeof body.model !== "string" || body.model === "") {
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
  if (body.stream === true) {
    throw new RequestRejection(
      400,
      openAIError(
        "This fake OpenAI server does not support stream: true; use a non-streaming client.",
        "invalid_request_error",
        "stream",
        "unsupported_value",
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
  // Newest first: on a repair call the last user message lists problems and the answer is further up.
  const answer = userMessages
    .toReversed()
    .map(extractAnswerBetweenBoundaries)
    .find((text) => text !== undefined);
  return { body, headers, messages, schema, schemaName, lastUserMessage: userMessages.at(-1), answer };
}

function sampleReplyFor(chatRequest: FakeChatRequest): string {
  if (chatRequest.schema === undefined) return "This is a reply from the fake OpenAI server.";
  const quote = chatRequest.answer === undefined ? "" : evidenceQuoteFrom(chatRequest.answer);
  return JSON.stringify(
    sampleFromSchema(chatRequest.schema, { evidenceQuotes: quote === "" ? [] : [quote] }),
  );
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

/** A deterministic stand-in for a tokenizer: about four characters per token, as OpenAI's rule of thumb. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function openAIError(
  message: string,
  type = "invalid_request_error",
  param: string | null = null,
  code: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
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

/** True once the connection behind a response is closed: nothing can be sent any more. */
function isGone(response: ServerResponse): boolean {
  return response.destroyed || response.socket === null || response.socket.destroyed;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

function typesOf(node: JsonObject): string[] {
  if (typeof node.type === "string") return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((type): type is string => typeof type === "string");
  return [];
}

/** Resolves a local `$ref` (`#` or a JSON pointer like `#/$defs/Name`) against the root schema. */
function resolveRef(root: JsonObject, ref: string): { schema: unknown; pointer: string } | undefined {
  if (ref === "#") return { schema: root, pointer: "#" };
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const segment of ref.slice(2).split("/").map(unescapePointer)) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current === undefined ? undefined : { schema: current, pointer: ref };
}

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

// ---------------------------------------------------------------------------------------------
// Schema-driven sample replies
// ---------------------------------------------------------------------------------------------

export interface SampleOptions {
  /**
   * Value for every property named `evidence` whose schema is an array of strings. Default `[]`.
   * The server passes the first 40 characters of the recognised student answer (see
   * `evidenceQuoteFrom`), so that evidence checks on the default reply can succeed.
   */
  evidenceQuotes?: readonly string[];
}

/** Thrown when sampling would expand a recursive `$ref` again; caught where an empty value fits. */
class RecursionCut extends Error {
  constructor() {
    super("sampleFromSchema: the schema only allows infinitely deep values");
  }
}

/**
 * Produces a value that satisfies `schema`, deterministically, preferring the most "generous" value
 * so that a grading test gets full marks by default:
 * - `const` → that value; `enum` → the largest number, or the first value when not all numeric;
 * - number/integer → `maximum` (or just below `exclusiveMaximum`), rounded down to `multipleOf`;
 *   without an upper bound the lower bound, else 1;
 * - string → `"sample text"` (a fixed value for the formats date-time, date, time, email, uuid, uri),
 *   padded or cut to `minLength`/`maxLength`;
 * - boolean → true; null → null;
 * - array → one item (or `minItems` items; tuples one per `prefixItems`);
 * - object → every property in `properties`, in order;
 * - `anyOf` and type lists → the first non-null alternative, so nullable values are not null;
 * - `$ref` → resolved against the root; a recursive reference ends as `[]` in an array or `null`
 *   in a nullable slot.
 * Properties named `evidence` that are string arrays get `options.evidenceQuotes` (default `[]`).
 */
export function sampleFromSchema(schema: unknown, options: SampleOptions = {}): unknown {
  const root = isJsonObject(schema) ? schema : {};
  return sampleNode(schema, { root, refStack: ["#"], evidenceQuotes: options.evidenceQuotes ?? [] });
}

interface SampleContext {
  readonly root: JsonObject;
  readonly refStack: readonly string[];
  readonly evidenceQuotes: readonly string[];
}

function sampleNode(node: unknown, context: SampleContext): unknown {
  if (!isJsonObject(node)) return "sample text";
  if (typeof node.$ref === "string") {
    const target = resolveRef(context.root, node.$ref);
    if (target === undefined) throw new Error(`sampleFromSchema: cannot resolve $ref '${node.$ref}'`);
    if (context.refStack.includes(target.pointer)) throw new RecursionCut();
    return sampleNode(target.schema, { ...context, refStack: [...context.refStack, target.pointer] });
  }
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return generousEnumValue(node.enum);
  if (Array.isArray(node.anyOf)) return sampleFirstPossible(node.anyOf, context);

  const types = typesOf(node);
  switch (types.find((type) => type !== "null") ?? types[0] ?? inferType(node)) {
    case "object":
      return sampleObject(node, context);
    case "array":
      return sampleArray(node, context);
    case "number":
      return generousNumber(node, false);
    case "integer":
      return generousNumber(node, true);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(node);
  }
}

function inferType(node: JsonObject): string {
  if ("properties" in node) return "object";
  if ("items" in node || "prefixItems" in node) return "array";
  return "string";
}

function sampleFirstPossible(branches: readonly unknown[], context: SampleContext): unknown {
  const ordered = [
    ...branches.filter((branch) => !isNullSchema(branch)),
    ...branches.filter((branch) => isNullSchema(branch)),
  ];
  for (const branch of ordered) {
    try {
      return sampleNode(branch, context);
    } catch (error) {
      if (!(error instanceof RecursionCut)) throw error;
    }
  }
  throw new RecursionCut();
}

function isNullSchema(node: unknown): boolean {
  return isJsonObject(node) && node.type === "null";
}

function sampleObject(node: JsonObject, context: SampleContext): JsonObject {
  const result: JsonObject = {};
  if (!isJsonObject(node.properties)) return result;
  for (const [name, property] of Object.entries(node.properties)) {
    result[name] =
      name === "evidence" && isStringArraySchema(property, context.root)
        ? [...context.evidenceQuotes]
        : sampleNode(property, context);
  }
  return result;
}

function isStringArraySchema(node: unknown, root: JsonObject): boolean {
  const resolved =
    isJsonObject(node) && typeof node.$ref === "string" ? resolveRef(root, node.$ref)?.schema : node;
  if (!isJsonObject(resolved) || !typesOf(resolved).includes("array")) return false;
  const items =
    isJsonObject(resolved.items) && typeof resolved.items.$ref === "string"
      ? resolveRef(root, resolved.items.$ref)?.schema
      : resolved.items;
  return isJsonObject(items) && typesOf(items).includes("string");
}

function sampleArray(node: JsonObject, context: SampleContext): unknown[] {
  if (Array.isArray(node.prefixItems)) return node.prefixItems.map((item) => sampleNode(item, context));
  const maxItems = typeof node.maxItems === "number" ? node.maxItems : Infinity;
  const minItems = typeof node.minItems === "number" ? node.minItems : 0;
  const count = Math.min(Math.max(1, minItems), maxItems);
  if (count === 0) return [];
  try {
    const item = sampleNode(node.items, context);
    return Array.from({ length: count }, () => item);
  } catch (error) {
    // An array is where a recursive structure can end: no children.
    if (error instanceof RecursionCut && minItems === 0) return [];
    throw error;
  }
}

function generousEnumValue(values: readonly unknown[]): unknown {
  if (values.every((value): value is number => typeof value === "number")) return Math.max(...values);
  return values[0];
}

function generousNumber(node: JsonObject, integer: boolean): number {
  const multipleOf = typeof node.multipleOf === "number" && node.multipleOf > 0 ? node.multipleOf : undefined;
  const step = multipleOf ?? (integer ? 1 : undefined);
  const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);
  const maximum = numberOrUndefined(node.maximum);
  const exclusiveMaximum = numberOrUndefined(node.exclusiveMaximum);
  const upper = maximum ?? (exclusiveMaximum === undefined ? undefined : exclusiveMaximum - (step ?? 1));
  if (upper !== undefined) return step === undefined ? upper : roundDownToStep(upper, step);
  const minimum = numberOrUndefined(node.minimum);
  const exclusiveMinimum = numberOrUndefined(node.exclusiveMinimum);
  const lower = minimum ?? (exclusiveMinimum === undefined ? undefined : exclusiveMinimum + (step ?? 1));
  if (lower !== undefined) return lower;
  return 1;
}

function roundDownToStep(value: number, step: number): number {
  // The epsilon keeps 5 / 0.5 from landing on 9.999… and rounding a step too low; toFixed drops the float noise.
  const steps = Math.floor(value / step + 1e-9);
  const decimals = (String(step).split(".")[1] ?? "").length;
  return Number((steps * step).toFixed(decimals));
}

const SAMPLE_STRINGS_BY_FORMAT: Readonly<Record<string, string>> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00",
  email: "student@example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
  uri: "https://example.com/",
};

function sampleString(node: JsonObject): string {
  const formatted = typeof node.format === "string" ? SAMPLE_STRINGS_BY_FORMAT[node.format] : undefined;
  if (formatted !== undefined) return formatted;
  const minLength = typeof node.minLength === "number" ? node.minLength : 0;
  const maxLength = typeof node.maxLength === "number" ? node.maxLength : Infinity;
  return "sample text".padEnd(minLength, "x").slice(0, maxLength);
}

// ---------------------------------------------------------------------------------------------
// Student answer recognition (for default evidence quotes)
// ---------------------------------------------------------------------------------------------

/** The boundary token `answerBoundary` in src/grading/prompt-inputs.ts makes: `ANSWER-BOUNDARY-<random>`. */
const ANSWER_BOUNDARY_TOKEN = /ANSWER-BOUNDARY-[A-Za-z0-9_-]+/g;

/**
 * The text between the first line that carries an answer boundary token and the next line that
 * carries the same token, or `undefined` when there is no such pair. Whatever else those two lines
 * hold (`<<<`, `BEGIN`, ...) does not matter, so the prompt templates can word them freely.
 */
export function extractAnswerBetweenBoundaries(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const tokensOn = (line: string): string[] => line.match(ANSWER_BOUNDARY_TOKEN) ?? [];
  for (const [openIndex, openLine] of lines.entries()) {
    for (const token of tokensOn(openLine)) {
      const closeIndex = lines.findIndex(
        (line, index) => index > openIndex && tokensOn(line).includes(token),
      );
      if (closeIndex > openIndex) return lines.slice(openIndex + 1, closeIndex).join("\n");
    }
  }
  return undefined;
}

/** The first 40 characters (code points) of the answer, trimmed: a verbatim quote, or "" for a blank answer. */
export function evidenceQuoteFrom(answer: string): string {
  return Array.from(answer.trim()).slice(0, 40).join("").trimEnd();
}
