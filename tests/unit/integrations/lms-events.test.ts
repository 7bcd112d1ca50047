import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLmsEventReader } from "../../../src/integrations/lms-events.js";
import { closeServer, listenOnLoopback } from "../../helpers/fake-http.js";

describe("createLmsEventReader's Canvas key sets", () => {
  // Regression: one key set was kept per distinct jwksUrl for the process's life, without bound. A key
  // set still cached answers from memory; one that was dropped is fetched again.
  const fetchedPaths: string[] = [];
  let jwks = "";
  const server = createServer((request, response) => {
    fetchedPaths.push(request.url ?? "");
    response.writeHead(200, { "content-type": "application/json" });
    response.end(jwks);
  });
  const shuttingDown = new AbortController();
  let base = "";
  let token = "";

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }],
    });
    token = await new SignJWT({ metadata: { event_name: "course_created" }, body: {} })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setExpirationTime("5m")
      .sign(privateKey);
    base = `http://127.0.0.1:${await listenOnLoopback(server, 0)}`;
  });
  afterAll(() => closeServer(server, shuttingDown));

  /** Sends one event of an integration whose key set is at `/jwks/<n>`; answers how many fetches it took. */
  async function sendWithKeySet(read: ReturnType<typeof createLmsEventReader>, n: number): Promise<number> {
    const before = fetchedPaths.length;
    // Signed for another host, so refused after the key set was read: only the fetch matters here.
    await read(
      {
        type: "canvas",
        lms: { url: "https://school.instructure.com", liveEvents: { jwksUrl: `${base}/jwks/${n}` } },
        credentials: { token: "t" },
      },
      new TextEncoder().encode(token),
    ).catch(() => undefined);
    return fetchedPaths.length - before;
  }

  it("keeps at most maxKeySets of them, dropping the least recently used", async () => {
    const read = createLmsEventReader({ allowLoopbackHttp: true, timeoutMs: 2000, maxKeySets: 3 });
    for (const n of [1, 2, 3]) expect(await sendWithKeySet(read, n)).toBe(1);
    expect(await sendWithKeySet(read, 1)).toBe(0); // cached, and now the most recently used
    expect(await sendWithKeySet(read, 4)).toBe(1); // over the cap: 2 is dropped
    expect(await sendWithKeySet(read, 1)).toBe(0);
    expect(await sendWithKeySet(read, 3)).toBe(0);
    expect(await sendWithKeySet(read, 2)).toBe(1); // fetched again
  });

  it("keeps 100 by default", async () => {
    const read = createLmsEventReader({ allowLoopbackHttp: true, timeoutMs: 2000 });
    for (let n = 1; n <= 101; n++) expect(await sendWithKeySet(read, 100 + n)).toBe(1);
    expect(await sendWithKeySet(read, 201)).toBe(0);
    expect(await sendWithKeySet(read, 102)).toBe(0);
    expect(await sendWithKeySet(read, 101)).toBe(1); // the first was dropped when the 101st came
  });
});
