import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import {
  closeServer,
  isGone,
  parseJson,
  queryOf,
  readBody,
  waitWhileConnected,
  writeEventStream,
  type BehaviourScript,
  type RequestOutcome,
} from "./fake-http.js";
import type { JsonObject } from "./json-schema-tools.js";
import { sampleReplyText } from "./sample-replies.js";

/**
 * What the fake model providers (fake-openai-server.ts, fake-anthropic-server.ts) do alike around
 * their own API shapes: recording each request, answering it with JSON or a stream so that the
 * record is final before the first byte leaves, the behaviours that only differ in how content is
 * wrapped, and the handle a test scripts and inspects.
 */

/** A request as it arrived: what both fakes record before handling it. */
export interface ArrivedRequest {
  /** Arrival order since the server started (from 1, not reset); also in the request id header. */
  readonly sequence: number;
  readonly method: string;
  /** Path without query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The query string's parameters, e.g. `{ "api-version": "2024-10-21" }`. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON; `undefined` when it was empty or not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /** `Date.now()` when the request arrived. */
  readonly receivedAt: number;
}

/** The answer a fake sent, as recorded. */
export interface RecordedResponse<Event> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body sent; for a stream, the fake's summary of what it streamed. */
  readonly body: unknown;
  /** True when the answer was an event stream. */
  readonly streamed: boolean;
  /** For a stream: how many chunks carried a piece of the content (0 for empty content); 0 otherwise. */
  readonly chunkCount: number;
  /** For a stream: every event planned, in order; `[]` otherwise. */
  readonly events: readonly Event[];
}

/** The part of a recorded request filled in while it is answered. */
export interface AnswerRecord<Event> {
  status: number | null;
  response: RecordedResponse<Event> | null;
  outcome: RequestOutcome;
}

/** A server that hands every request to `handle`. */
export function serveRequests(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Server {
  return createServer((request, response) => {
    // Node ignores a listener's promise. Failures are answered as 500 inside; what is left (the
    // client vanishing while its body is read) only needs the socket gone.
    handle(request, response).catch(() => request.socket.destroy());
  });
}

/** Reads the request's body and records what arrived; `sequence` is its arrival order. */
export async function receiveRequest(request: IncomingMessage, sequence: number): Promise<ArrivedRequest> {
  const receivedAt = Date.now();
  const rawBody = await readBody(request);
  return {
    sequence,
    method: request.method ?? "GET",
    path: (request.url ?? "/").split("?")[0] ?? "/",
    query: queryOf(request.url),
    headers: request.headers,
    body: parseJson(rawBody),
    rawBody,
    receivedAt,
  };
}

/** Answers with a JSON body (headers: the content type, then `headers`). */
export function sendRecordedJson<Event>(
  record: AnswerRecord<Event>,
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const allHeaders = { "content-type": "application/json", ...headers };
  // The record is completed before the bytes leave, so a client that has its answer sees it final.
  record.status = status;
  record.response = { status, headers: allHeaders, body, streamed: false, chunkCount: 0, events: [] };
  record.outcome = "answered";
  if (isGone(response)) return;
  response.writeHead(status, allHeaders).end(JSON.stringify(body));
}

export interface PlannedStream<Event> {
  /** Sent after the event stream's content type and cache control. */
  headers: Record<string, string>;
  /** What the record's `response.body` says was sent. */
  summary: unknown;
  events: Event[];
  /** How many events carried a piece of the content. */
  chunkCount: number;
  /** The events as Server-Sent Events frames. */
  frames: string[];
  /** Destroy the socket after the frames instead of ending the response. */
  disconnect: boolean;
}

/**
 * Answers with an event stream. The record is completed (status, summary, events, planned outcome)
 * before the first byte; a client that leaves early turns the outcome into `abandoned`.
 */
export async function sendRecordedStream<Event>(
  record: AnswerRecord<Event>,
  request: IncomingMessage,
  response: ServerResponse,
  stream: PlannedStream<Event>,
): Promise<void> {
  const headers = {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...stream.headers,
  };
  record.status = 200;
  record.response = {
    status: 200,
    headers,
    body: stream.summary,
    streamed: true,
    chunkCount: stream.chunkCount,
    events: stream.events,
  };
  record.outcome = stream.disconnect ? "disconnected" : "answered";
  if (isGone(response)) {
    record.outcome = "abandoned";
    return;
  }

  response.writeHead(200, headers);
  const delivered = await writeEventStream(response, stream.frames);
  if (!delivered) {
    record.outcome = "abandoned";
    return;
  }
  if (stream.disconnect) request.socket.destroy();
  else response.end();
}

/** Destroys the connection without any response. */
export function disconnect(record: { outcome: RequestOutcome }, request: IncomingMessage): void {
  record.outcome = "disconnected";
  request.socket.destroy();
}

/**
 * Waits `ms` before the first byte. False (and the request recorded as abandoned) when the client
 * went away or the server is closing meanwhile.
 */
export async function hang(
  ms: number,
  record: { outcome: RequestOutcome },
  response: ServerResponse,
  shuttingDown: AbortSignal,
): Promise<boolean> {
  const completed = await waitWhileConnected(ms, response, shuttingDown);
  if (!completed) record.outcome = "abandoned";
  return completed;
}

/**
 * The behaviours that answer with content, whatever API shape wraps it (in either mode: a stream to a
 * streaming request, one JSON body otherwise); each carries the provider's content `Options`.
 */
export type ContentBehaviour<Request, Options = unknown> =
  | ({
      /** Answer with `content` verbatim (the text, or a tool's input): malformed or truncated JSON included. */
      kind: "reply";
      content: string;
    } & Options)
  | ({
      /** Answer with `JSON.stringify(body)`. */
      kind: "json";
      body: unknown;
    } & Options)
  | ({
      /**
       * Compute the reply from the request (its messages, its JSON schema): the returned value is
       * sent as `JSON.stringify(value)`. A handler that throws (or returns `undefined`) makes the
       * server answer 500, so a broken test handler shows up as an error instead of a hang.
       */
      kind: "respond";
      handler: (request: Request) => unknown;
    } & Options)
  | ({
      /**
       * The built-in default: a reply that satisfies the request's schema (the structured output's,
       * or the forced tool's), made by `sampleFromSchema`, with `evidence` quoted from the student
       * answer (see `extractAnswerBetweenBoundaries`). Without a schema a short plain text.
       */
      kind: "sample";
    } & Options);

/** The behaviours that break the connection, the same with every provider. */
export type ConnectionFailure =
  | {
      /**
       * Start a normal 200 stream, send `content` (in `chunks` pieces), then destroy the socket
       * before the stream's end: the client sees a connection error mid-stream. A request that does
       * not stream is disconnected without any response, like `disconnect`.
       */
      kind: "streamThenDisconnect";
      content: string;
      chunks?: number;
    }
  | {
      /** Destroy the connection without any response: the client sees a connection error. */
      kind: "disconnect";
    };

/**
 * The content a behaviour answers with: `reply` verbatim, `json` and `respond`'s value as JSON, and
 * `sample` a reply that satisfies the request's schema (`sampleText` without one).
 */
export async function scriptedContent<
  Request extends { readonly schema: JsonObject | undefined; readonly answer: string | undefined },
>(behaviour: ContentBehaviour<Request>, request: Request, sampleText: string): Promise<string> {
  switch (behaviour.kind) {
    case "reply":
      return behaviour.content;
    case "json":
      return JSON.stringify(behaviour.body);
    case "respond": {
      const value: unknown = await behaviour.handler(request);
      const content = JSON.stringify(value) as string | undefined;
      if (content === undefined) throw new Error("the respond handler returned undefined");
      return content;
    }
    case "sample":
      return sampleReplyText(request.schema, request.answer, sampleText);
  }
}

/** What a test does with a fake provider: script it, inspect what it received, close it. */
export interface FakeServerControls<Behaviour, Recorded> {
  /** Every request received, in arrival order (rejected ones included). Cleared by `reset()`. */
  readonly requests: Recorded[];
  /** Scripts the next responses, in order, after anything already queued. */
  enqueue(...behaviours: Behaviour[]): void;
  /** The behaviour used when the queue is empty (initially `{ kind: "sample" }`). */
  setDefault(behaviour: Behaviour): void;
  /** How many scripted responses are still queued. */
  readonly queuedCount: number;
  /** Empties the queue and the recorded requests and restores the default behaviour. */
  reset(): void;
  /** Stops the server; open, hanging and streaming connections are destroyed, not waited for. */
  close(): Promise<void>;
}

export function fakeServerControls<Behaviour extends { times?: number }, Recorded>(
  script: BehaviourScript<Behaviour>,
  requests: Recorded[],
  server: Server,
  shuttingDown: AbortController,
): FakeServerControls<Behaviour, Recorded> {
  let closing: Promise<void> | undefined;
  return {
    requests,
    enqueue(...behaviours) {
      script.enqueue(behaviours);
    },
    setDefault(behaviour) {
      script.default = behaviour;
    },
    get queuedCount() {
      return script.size;
    },
    reset() {
      script.reset();
      requests.length = 0;
    },
    close() {
      closing ??= closeServer(server, shuttingDown);
      return closing;
    },
  };
}
