import { Agent, request, type Dispatcher } from "undici";
import { ProviderFailure } from "./provider-failure.js";

/**
 * A `fetch` for the provider SDKs (OpenAI, Azure OpenAI, Anthropic all take one as an option), built on
 * undici's `request` instead of the WHATWG `fetch`. The SDKs only read a response's status, headers and
 * body (as an async iterable of bytes for a stream, `text()`/`json()` otherwise), so the web `Request`,
 * `ReadableStream` and transferable `AbortSignal` machinery of `fetch` is work for nothing: it was about a
 * quarter of a model call's CPU. LangChain still makes the calls, parses the stream and builds the message
 * chunks; only the transport underneath is cheaper.
 *
 * Anything it does not handle itself (a body that is not a string or bytes, a Request object) goes to the
 * global `fetch`, so it never changes what an SDK can send.
 */
export interface LeanFetch {
  readonly fetch: typeof fetch;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

export interface LeanFetchOptions {
  /**
   * The most bytes a body read whole (`text()`, `json()`, `arrayBuffer()`) may have: a whole reply longer
   * than any reply within the output limit is a broken or hostile server, and is not held in memory to the
   * end. A body read as a stream is the reader's to bound (grading-model.ts). Default: no limit.
   */
  maxBodyBytes?: number;
}

export function createLeanFetch(options: LeanFetchOptions = {}): LeanFetch {
  const maxBodyBytes = options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  // Timeouts are the grading model's (one per attempt, the whole stream included), not the transport's.
  const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });

  const leanFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    if (
      input instanceof Request ||
      !(body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array)
    ) {
      return fetch(input, init);
    }
    const url = typeof input === "string" ? input : input.href;
    const method = (init?.method ?? "GET").toUpperCase() as Dispatcher.HttpMethod;
    const response = await request(url, {
      method,
      headers: headerRecord(init?.headers),
      body: body ?? null,
      signal: init?.signal ?? undefined,
      dispatcher,
    });
    return new LeanResponse(url, response, maxBodyBytes) as unknown as Response;
  };
  return { fetch: leanFetch, close: () => dispatcher.close() };
}

function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  if (headers instanceof Headers) {
    for (const [name, value] of headers) record[name] = value;
    return record;
  }
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of pairs) {
    // A name given twice is sent once, its values joined as HTTP allows (and as Headers does).
    const key = String(name).toLowerCase();
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    record[key] = key in record ? `${record[key]}, ${text}` : text;
  }
  return record;
}

/** The part of the web `Response` the SDKs read. */
class LeanResponse {
  readonly status: number;
  readonly statusText = "";
  readonly headers: ResponseHeaders;
  readonly body: Dispatcher.ResponseData["body"];
  readonly redirected = false;
  readonly type = "basic";

  constructor(
    readonly url: string,
    response: Dispatcher.ResponseData,
    private readonly maxBodyBytes: number,
  ) {
    this.status = response.statusCode;
    this.body = response.body;
    this.headers = new ResponseHeaders(response.headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get bodyUsed(): boolean {
    return this.body.bodyUsed;
  }

  async text(): Promise<string> {
    if (this.maxBodyBytes === Number.POSITIVE_INFINITY) return this.body.text();
    // As the web Response's text(): UTF-8, a leading byte order mark dropped, bad bytes replaced.
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    if (this.maxBodyBytes === Number.POSITIVE_INFINITY) return this.body.json();
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.maxBodyBytes === Number.POSITIVE_INFINITY) return this.body.arrayBuffer();
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** The whole body, refused as soon as it grows past the limit (a length header is not trusted). */
  private async bytes(): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of this.body as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > this.maxBodyBytes) {
        this.body.destroy();
        throw new ProviderFailure(
          "provider_error",
          false,
          `the provider's answer is longer than any reply within the output limit (over ${this.maxBodyBytes} bytes)`,
        );
      }
      parts.push(part);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
  }
}

/**
 * The read side of the web `Headers`, over the header record undici already parsed (names lower case):
 * what the SDKs call (`get`, `has`, `entries`, iteration) without a second parse into a `Headers`.
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #values = new Map<string, string>();

  constructor(record: Dispatcher.ResponseData["headers"]) {
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      // Several values of one header read as one, as Headers.get gives them (set-cookie aside).
      this.#values.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }

  keys(): IterableIterator<string> {
    return this.#values.keys();
  }

  values(): IterableIterator<string> {
    return this.#values.values();
  }

  forEach(callback: (value: string, name: string, headers: ResponseHeaders) => void): void {
    for (const [name, value] of this.#values) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
}
