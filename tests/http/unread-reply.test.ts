import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stalledReaderTimings } from "../../src/http/stalled-reader.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";
import { closesWithin } from "../helpers/sockets.js";

/**
 * A large reply sent whole (a JSON page of job results: megabytes) and a client that asks for it and
 * never reads. Regression: what the socket could not take stayed in the process's memory with the
 * connection open until the client went (Node's timeouts end once the request has arrived), so clients
 * that asked for big pages and never read held megabytes each for as long as they liked. Only streamed
 * CSV exports watched their reader. Now such a connection is dropped once its client has read nothing
 * for `stalledReaderTimings.stalledMs` (60 s; short here); a client that reads gets the whole page.
 */
let test: TestApp;
const clients: Socket[] = [];
const defaultStalledMs = stalledReaderTimings.stalledMs;
afterEach(async () => {
  stalledReaderTimings.stalledMs = defaultStalledMs;
  for (const client of clients.splice(0)) client.destroy();
  await test.close();
});

describe("a large JSON reply whose client does not read it", () => {
  it("drops the connection once the client has read nothing for a while", async () => {
    stalledReaderTimings.stalledMs = 300;
    const model = createScriptedModel({
      fallback: allCriteriaReply(
        { inputs: 2, outputs: 1 },
        { quote: "glucose", feedback: "F".repeat(3_000), explanation: "E".repeat(3_000) },
      ),
    });
    test = await buildTestAppWithRubric({ dependencies: { model, jobTimings: { idlePollMs: 20 } } });
    const answers = Array.from({ length: 1_000 }, (_, index) => ({
      answer: `Plants use light ${index} to make glucose. ${"x".repeat(2_000)}`,
    }));
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, answers },
    });
    expect(created.statusCode, created.body).toBe(202);
    const jobId = created.json<{ id: string }>().id;
    test.runtime.jobRunner.start();
    await vi.waitFor(
      async () =>
        expect((await test.app.inject({ url: `/v1/jobs/${jobId}` })).json().status).toBe("completed"),
      { timeout: 60_000, interval: 100 },
    );
    const url = `/v1/jobs/${jobId}/results?limit=1000`;
    // Megabytes: more than the loopback socket's buffers hold.
    expect((await test.app.inject({ url })).body.length).toBeGreaterThan(5_000_000);

    const serverSockets: Socket[] = [];
    test.app.server.on("connection", (socket: Socket) => serverSockets.push(socket));
    const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
    const { hostname, port } = new URL(origin);
    const stalled = connect(Number(port), hostname);
    clients.push(stalled);
    stalled.on("error", () => {});
    stalled.pause();
    stalled.write(`GET ${url} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    await vi.waitFor(() => expect(serverSockets).toHaveLength(1));
    expect(await closesWithin(serverSockets[0]!, 15_000)).toBe(true);

    // A client that reads gets the whole page.
    const read = await fetch(`${origin}${url}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { items: unknown[] }).items).toHaveLength(1_000);
  });
});
