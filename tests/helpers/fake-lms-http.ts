import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { BehaviourScript, closeServer, listenOnLoopback, readBody, waitWhileConnected } from "./fake-http.js";

/**
 * The failure modes shared by the fake LMS servers (fake-canvas-server.ts, fake-moodle-server.ts,
 * fake-lti-platform.ts). Each request takes the next scripted behaviour; `normal` is the default.
 */
export type LmsBehaviour =
  | { kind: "normal"; times?: number }
  /** Answer `status` (with `Retry-After` when given) without doing anything. */
  | {
      kind: "status";
      status: number;
      retryAfter?: string;
      /** More response headers (a redirect's `location`). */
      headers?: Record<string, string>;
      body?: string;
      contentType?: string;
      times?: number;
    }
  /** Do the work, then answer `status`: the answer was lost although the change was made. */
  | { kind: "applyThenStatus"; status: number; times?: number }
  /** Wait `delayMs` before handling the request normally (a client with a shorter deadline gives up). */
  | { kind: "slow"; delayMs: number; times?: number }
  /** Moodle only: HTTP 200 carrying `{exception, errorcode, message}`. */
  | { kind: "moodleException"; errorcode: string; message?: string; times?: number };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** What the script did with it. */
  readonly behaviour: LmsBehaviour["kind"];
}

export type LmsHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  behaviour: LmsBehaviour,
) => void | Promise<void>;

export interface FakeLmsServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  enqueue(...behaviours: LmsBehaviour[]): void;
  close(): Promise<void>;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(body === undefined ? "" : JSON.stringify(body));
}

/** What a request is before it is handled: for a fake that scripts its answers by what is asked. */
export type LmsRequestSeen = Pick<RecordedRequest, "method" | "path" | "body">;

/**
 * Starts a loopback server that records each request, applies the scripted `status`/`slow` behaviours
 * itself and hands everything else (`normal`, `applyThenStatus`, `moodleException`) to `handle`. A
 * request takes the behaviour `behaviourFor` picks for it (by what it asks), else the next `enqueue`d one.
 */
export async function startFakeLms(
  handle: LmsHandler,
  behaviourFor?: (request: LmsRequestSeen) => LmsBehaviour | undefined,
): Promise<FakeLmsServer> {
  const script = new BehaviourScript<LmsBehaviour>({ kind: "normal" });
  const requests: RecordedRequest[] = [];
  const shuttingDown = new AbortController();
  const server: Server = createServer((incoming, response) => {
    void (async () => {
      const body = await readBody(incoming);
      const url = new URL(incoming.url ?? "/", "http://fake.invalid");
      const method = incoming.method ?? "GET";
      const behaviour = behaviourFor?.({ method, path: url.pathname, body }) ?? script.next();
      const request: RecordedRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body,
        behaviour: behaviour.kind,
      };
      requests.push(request);
      if (behaviour.kind === "slow") {
        if (!(await waitWhileConnected(behaviour.delayMs, response, shuttingDown.signal))) return;
      }
      if (behaviour.kind === "status") {
        response.writeHead(behaviour.status, {
          "content-type": behaviour.contentType ?? "application/json",
          ...(behaviour.retryAfter === undefined ? {} : { "retry-after": behaviour.retryAfter }),
          ...behaviour.headers,
        });
        response.end(
          behaviour.body ?? JSON.stringify({ errors: [{ message: `scripted ${behaviour.status}` }] }),
        );
        return;
      }
      await handle(request, response, behaviour);
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  const port = await listenOnLoopback(server, 0);
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...behaviours) => script.enqueue(behaviours),
    close: () => closeServer(server, shuttingDown),
  };
}
