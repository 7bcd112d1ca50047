import type { LookupAddress } from "node:dns";
import { Agent as HttpAgent, createServer, get, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createGuardedLookup,
  guardedFetch,
  OutboundTimeoutError,
  RedirectRefusedError,
  SsrfBlockedError,
  type HostResolver,
} from "../../src/lib/ssrf-guard.js";
import { closeServer, listenOnLoopback } from "../helpers/fake-http.js";

/**
 * The guard against a real loopback server: a DNS name that a stub resolves to 127.0.0.1 is refused
 * when the socket connects (nothing reaches the server), and passes only under the test relaxation.
 */

let server: Server;
let port: number;
let connections = 0;
const requests: string[] = [];
const shuttingDown = new AbortController();

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (request.url === "/redirect") {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/target` });
      response.end("moved");
      return;
    }
    if (request.url === "/slow") return; // never answers
    if (request.url === "/error") {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("boom");
      return;
    }
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("hello");
  });
  server.on("connection", () => connections++);
  port = await listenOnLoopback(server, 0);
});

afterAll(() => closeServer(server, shuttingDown));

const stubResolver: HostResolver = (hostname) => {
  const answers: Record<string, LookupAddress[]> = {
    "lms.test": [{ address: "127.0.0.1", family: 4 }],
    localhost: [{ address: "127.0.0.1", family: 4 }],
  };
  const answer = answers[hostname];
  return answer ? Promise.resolve(answer) : Promise.reject(new Error(`ENOTFOUND ${hostname}`));
};

describe("guardedFetch at connect time", () => {
  it("refuses a name that resolves to loopback, and nothing reaches the server", async () => {
    const before = connections;
    const error: unknown = await guardedFetch(
      `https://lms.test:${port}/`,
      {},
      { resolve: stubResolver },
    ).catch((caught: unknown) => caught);
    expect(SsrfBlockedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: "loopback", address: "127.0.0.1", host: "lms.test" });
    expect(connections).toBe(before);
  });

  it("refuses a literal loopback URL by default, and nothing reaches the server", async () => {
    const before = connections;
    await expect(guardedFetch(`http://127.0.0.1:${port}/`)).rejects.toSatisfy(SsrfBlockedError.isInstance);
    expect(connections).toBe(before);
  });

  it("reaches a loopback server under the explicit relaxation, through the guarded lookup", async () => {
    const response = await guardedFetch(
      `http://localhost:${port}/hello`,
      {},
      { allowLoopbackHttp: true, resolve: stubResolver },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello");
  });

  it("returns 5xx as a response", async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/error`, {}, { allowLoopbackHttp: true });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("boom");
  });

  it("does not follow a redirect: a 3xx is a failure and the target is never asked", async () => {
    requests.length = 0;
    const error: unknown = await guardedFetch(
      `http://127.0.0.1:${port}/redirect`,
      {},
      { allowLoopbackHttp: true },
    ).catch((caught: unknown) => caught);
    expect(RedirectRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 302, location: `http://127.0.0.1:${port}/target` });
    expect(requests).toEqual(["/redirect"]);
  });

  it("gives up on a slow server at the deadline", async () => {
    const error: unknown = await guardedFetch(
      `http://127.0.0.1:${port}/slow`,
      {},
      { allowLoopbackHttp: true, timeoutMs: 200 },
    ).catch((caught: unknown) => caught);
    expect(OutboundTimeoutError.isInstance(error)).toBe(true);
  });
});

describe("createGuardedLookup in node's http.Agent", () => {
  const getStatus = (agent: HttpAgent) =>
    new Promise<number>((resolve, reject) => {
      const request = get({ host: "lms.test", port, path: "/", agent }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
    });

  it("refuses the connection when the name resolves to loopback", async () => {
    const before = connections;
    const agent = new HttpAgent({ lookup: createGuardedLookup({ resolve: stubResolver }) });
    await expect(getStatus(agent)).rejects.toMatchObject({ code: "ESSRFBLOCKED", reason: "loopback" });
    expect(connections).toBe(before);
    agent.destroy();
  });

  it("connects to the address the guarded lookup checked, under the relaxation", async () => {
    const agent = new HttpAgent({
      lookup: createGuardedLookup({ resolve: stubResolver, allowLoopbackHttp: true }),
    });
    await expect(getStatus(agent)).resolves.toBe(200);
    agent.destroy();
  });
});
