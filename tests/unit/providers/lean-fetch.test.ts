import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLeanFetch, type LeanFetch } from "../../../src/providers/lean-fetch.js";
import { openAIDialect } from "../../../src/providers/hosted-dialects.js";
import { loadConfig } from "../../../src/config/config.js";
import { ProviderFailure, retryAfterMs } from "../../../src/providers/provider-failure.js";

/**
 * The provider SDKs run on this transport instead of the global fetch: it must give them what they
 * read from a web Response (status, case-insensitive headers, the body as text, JSON or a byte stream),
 * pass on what they send, and stop when their signal aborts.
 */

let server: Server;
let origin: string;
let transport: LeanFetch;
const seen: { method: string; headers: IncomingMessage["headers"]; body: string }[] = [];

function handle(request: IncomingMessage, response: ServerResponse, body: string) {
  seen.push({ method: request.method ?? "", headers: request.headers, body });
  if (request.url === "/json") {
    response.writeHead(429, [
      ["content-type", "application/json"],
      ["Retry-After", "7"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
    ]);
    response.end('{"error":{"message":"slow down"}}');
  } else if (request.url === "/stream") {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: one\n\n");
    // The rest never comes: only an abort ends this request.
  } else if (request.url?.startsWith("/big/")) {
    // Chunked, with no length header: a body is only known to be too long once that much has come.
    const bytes = Number(request.url.slice("/big/".length));
    response.writeHead(200, { "content-type": "application/json" });
    // Pieces of 998 bytes, each ending in half of a two-byte character (as a broken server might send).
    const piece = Buffer.from(`"${"é".repeat(499)}`).subarray(0, 998);
    for (let sent = 0; sent < bytes; sent += piece.length) response.write(piece);
    response.end();
  } else {
    response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    response.end(`échoed ${body}`);
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => handle(request, response, Buffer.concat(parts).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createLeanFetch();
});
afterAll(async () => {
  await transport.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
  vi.restoreAllMocks();
});

describe("the lean transport under the provider SDKs", () => {
  it("sends the method, headers (a Headers object or a record) and body, and reads the body as text", async () => {
    const headers = new Headers({ Authorization: "Bearer k", "X-Stainless-Lang": "js" });
    const response = await transport.fetch(`${origin}/echo`, { method: "post", headers, body: '{"a":1}' });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('échoed {"a":1}');
    expect(seen[0]).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(seen[0]!.headers).toMatchObject({ authorization: "Bearer k", "x-stainless-lang": "js" });

    await transport.fetch(`${origin}/echo`, { method: "POST", headers: { "X-Api-Key": "k2" }, body: "x" });
    expect(seen[1]!.headers["x-api-key"]).toBe("k2");
  });

  it("gives an error status with its headers, read case-insensitively, and the body as JSON", async () => {
    const response = await transport.fetch(new URL(`${origin}/json`), { method: "GET" });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("RETRY-AFTER")).toBe("7");
    expect(response.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(response.headers.has("Content-Type")).toBe(true);
    expect([...response.headers.entries()]).toContainEqual(["retry-after", "7"]);
    // The grading model reads Retry-After from these headers when an SDK error carries them.
    expect(retryAfterMs(response.headers)).toBe(7_000);
    expect(await response.json()).toEqual({ error: { message: "slow down" } });
  });

  it("streams the body as bytes and stops with the signal's abort", async () => {
    const controller = new AbortController();
    const response = await transport.fetch(`${origin}/stream`, { method: "GET", signal: controller.signal });
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        expect(chunk).toBeInstanceOf(Uint8Array);
        chunks.push(Buffer.from(chunk).toString("utf8"));
        controller.abort(new Error("enough"));
      }
    })();
    await expect(reading).rejects.toThrow();
    expect(chunks.join("")).toBe("data: one\n\n");
  });

  it("refuses a body read whole once it grows past its limit, and reads one within it exactly", async () => {
    const bounded = createLeanFetch({ maxBodyBytes: 20_000 });
    try {
      const tooLong = await bounded.fetch(`${origin}/big/5000000`, { method: "GET" });
      const failure = await tooLong.text().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ProviderFailure);
      expect(failure).toMatchObject({ code: "provider_error", retryable: false });
      const asJson = await bounded.fetch(`${origin}/big/30000`, { method: "GET" });
      await expect(asJson.json()).rejects.toBeInstanceOf(ProviderFailure);

      const within = await bounded.fetch(`${origin}/big/10000`, { method: "GET" });
      const unbounded = await transport.fetch(`${origin}/big/10000`, { method: "GET" });
      expect(await within.text()).toBe(await unbounded.text());
      const echoed = await bounded.fetch(`${origin}/echo`, { method: "POST", body: "\ufeffx" });
      expect(await echoed.text()).toBe("échoed \ufeffx");
    } finally {
      await bounded.close();
    }
  });

  it("leaves a body it does not handle (a form) to the global fetch", async () => {
    const globalFetch = vi.spyOn(globalThis, "fetch");
    const form = new URLSearchParams({ a: "1" });
    const response = await transport.fetch(`${origin}/echo`, { method: "POST", body: form });
    expect(await response.text()).toBe("échoed a=1");
    expect(globalFetch).toHaveBeenCalledTimes(1);
  });

  it("is what the OpenAI dialect's SDK sends model calls with: the global fetch is never used", async () => {
    const globalFetch = vi.spyOn(globalThis, "fetch");
    const config = loadConfig({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: `${origin}/v1`, LOG_LEVEL: "silent" });
    const dialect = openAIDialect(config.model);
    const model = await dialect.chatModel(0);
    // The echo route is not a chat completion: the call fails, but only after it went out.
    await model.invoke("hello").catch(() => undefined);
    expect(seen.some((request) => request.body.includes('"hello"'))).toBe(true);
    expect(globalFetch).not.toHaveBeenCalled();
    await dialect.close();
  });
});
