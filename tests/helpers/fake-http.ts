import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setImmediate as nextMacrotask, setTimeout as delay } from "node:timers/promises";

/**
 * HTTP plumbing shared by the fake provider servers (fake-openai-server.ts,
 * fake-anthropic-server.ts): the scripted queue, body reading, waiting while the client is still
 * there, and writing a Server-Sent Events stream the way a network delivers it.
 */

export type RequestOutcome =
  /** Still being handled (hanging, or streaming). */
  | "pending"
  /** A response was sent in full; `status` and `response` are set. */
  | "answered"
  /** The server destroyed the socket on purpose (`disconnect`, `streamThenDisconnect`). */
  | "disconnected"
  /** The client went away (e.g. its timeout fired) or the server closed before the answer was complete. */
  | "abandoned";

/**
 * The scripted queue of a fake server: what "the model" does with the next requests that reach
 * it. A behaviour with `times: n` answers n requests in a row; the default answers when the queue
 * is empty.
 */
export class BehaviourScript<Behaviour extends { times?: number }> {
  readonly #queue: Behaviour[] = [];
  #default: Behaviour;

  constructor(private readonly initialDefault: Behaviour) {
    this.#default = initialDefault;
  }

  /** Throws when a `times` is not a positive integer, so a typo fails the test that made it. */
  enqueue(behaviours: readonly Behaviour[]): void {
    for (const behaviour of behaviours) {
      const times = behaviour.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new Error(`times must be a positive integer, got ${String(behaviour.times)}`);
      }
      for (let copy = 0; copy < times; copy++) this.#queue.push(behaviour);
    }
  }

  /** The next scripted behaviour, or the default when nothing is queued. */
  next(): Behaviour {
    return this.#queue.shift() ?? this.#default;
  }

  get default(): Behaviour {
    return this.#default;
  }

  set default(behaviour: Behaviour) {
    this.#default = behaviour;
  }

  get size(): number {
    return this.#queue.length;
  }

  reset(): void {
    this.#queue.length = 0;
    this.#default = this.initialDefault;
  }
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The text parsed as JSON, or `undefined` when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The query parameters of a request URL (the last value wins when a name repeats). */
export function queryOf(url: string | undefined): Record<string, string> {
  return Object.fromEntries(new URL(url ?? "/", "http://fake.invalid").searchParams);
}

/** True once the connection behind a response is closed: nothing can be sent any more. */
export function isGone(response: ServerResponse): boolean {
  return response.destroyed || response.socket === null || response.socket.destroyed;
}

/**
 * Resolves true after `ms`, or false as soon as the client goes away or `shuttingDown` aborts
 * (a server's `close()`), so that neither a vanished client nor closing waits for the timer.
 */
export async function waitWhileConnected(
  ms: number,
  response: ServerResponse,
  shuttingDown: AbortSignal,
): Promise<boolean> {
  if (isGone(response)) return false;
  const clientGone = new AbortController();
  const onClose = () => clientGone.abort();
  response.once("close", onClose);
  try {
    await delay(ms, undefined, { signal: AbortSignal.any([clientGone.signal, shuttingDown]) });
    return !isGone(response);
  } catch {
    return false;
  } finally {
    response.off("close", onClose);
  }
}

/** Starts `server` on 127.0.0.1 and returns the port it got (`port` 0 lets the OS choose). */
export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Stops `server`; open, hanging and streaming connections are destroyed, not waited for.
 * `shuttingDown` is aborted first so that every wait ends at once.
 */
export function closeServer(server: Server, shuttingDown: AbortController): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    shuttingDown.abort();
    // Keep-alive and hanging sockets would otherwise hold server.close() open.
    server.closeAllConnections();
  });
}

/**
 * Splits `text` into `count` pieces (fewer when it has fewer code points; none when it is empty)
 * at evenly spaced code-point positions. The positions ignore what the text means, so pieces
 * break inside JSON strings, numbers, keywords and escapes, and between the code points of a
 * grapheme (an accent and its letter, the parts of an emoji sequence), as a model's tokens do;
 * they never break inside a surrogate pair, which no JSON encoder could send.
 */
export function splitIntoPieces(text: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`chunks must be a positive integer, got ${String(count)}`);
  }
  const codePoints = Array.from(text);
  const pieceCount = Math.min(count, codePoints.length);
  const pieces: string[] = [];
  for (let index = 0; index < pieceCount; index++) {
    const start = Math.round((index * codePoints.length) / pieceCount);
    const end = Math.round(((index + 1) * codePoints.length) / pieceCount);
    pieces.push(codePoints.slice(start, end).join(""));
  }
  return pieces;
}

/** A deterministic stand-in for a tokenizer: about four characters per token, as the providers' rule of thumb. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Writes Server-Sent Events frames (each a complete `...\n\n` text) one by one, with a macrotask
 * between writes so they leave as separate network writes, as a real stream's do. A frame that
 * holds a multi-byte UTF-8 character is written in two parts split inside that character's
 * bytes, so a client that decoded each network read on its own would garble it whenever the
 * parts arrive in separate reads (likely on loopback, not guaranteed: TCP may join them).
 *
 * Resolves true when every frame was written, false as soon as the client has gone away (or the
 * server is closing); the response is left open either way: the caller ends or destroys it.
 */
export async function writeEventStream(
  response: ServerResponse,
  frames: readonly string[],
): Promise<boolean> {
  for (const frame of frames) {
    const bytes = Buffer.from(frame, "utf8");
    const multiByteStart = bytes.findIndex((byte) => byte >= 0xc0);
    const parts =
      multiByteStart === -1
        ? [bytes]
        : [bytes.subarray(0, multiByteStart + 1), bytes.subarray(multiByteStart + 1)];
    for (const part of parts) {
      await nextMacrotask();
      if (isGone(response)) return false;
      response.write(part);
    }
  }
  await nextMacrotask();
  return !isGone(response);
}
