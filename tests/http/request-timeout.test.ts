import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * A request must arrive whole within GRADER_REQUEST_TIMEOUT_SECONDS. Regression: Fastify's default is no
 * limit, and a body that stopped part-way held its connection for ever, on routes that need no key too
 * (a signed webhook's), so anyone could exhaust the server's connections.
 */
let test: TestApp;
afterEach(() => test?.close());

describe("a request whose body stops part-way", () => {
  it("is answered 400 and its connection closed once the request timeout has passed", async () => {
    test = await buildTestApp({ env: { GRADER_REQUEST_TIMEOUT_SECONDS: "1" } });
    const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { hostname, port } = new URL(origin);
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(
      "POST /v1/integrations/int_nope/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        'Content-Length: 1000\r\n\r\n{"a',
    );
    // Without the limit the connection stays open and this never resolves (the test times out).
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400/);
    expect(received).toContain("The request was not received in time.");
  }, 20_000);
});
