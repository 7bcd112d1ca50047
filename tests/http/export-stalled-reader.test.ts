import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { stalledReaderTimings } from "../../src/http/stalled-reader.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";
import { closesWithin } from "../helpers/sockets.js";

/**
 * A CSV export and a client that asks for it and never reads: its connection is dropped once the socket
 * has stayed full for `stalledReaderTimings.stalledMs` (60 s; short here), instead of holding the
 * connection, a page of rows and its buffers until the server stops.
 */

const bootstrapKey = "bootstrap-key-for-stalled-export-tests-0123456789";
let test: TestApp | undefined;
const clients: Socket[] = [];
const defaultStalledMs = stalledReaderTimings.stalledMs;

afterEach(async () => {
  stalledReaderTimings.stalledMs = defaultStalledMs;
  for (const client of clients.splice(0)) client.destroy();
  await test?.close();
  test = undefined;
});

function uploadCsv(csv: string) {
  const boundary = "----grader-stalled-export-boundary";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="answers.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(csv, "utf8"),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return test!.app.inject({
    method: "POST",
    url: `/v1/jobs?rubricId=${scienceRubric.id}`,
    headers: {
      authorization: `Bearer ${bootstrapKey}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: body,
  });
}

describe("a CSV export whose client stops reading", () => {
  it("drops the connection once the client has read nothing for a while", async () => {
    stalledReaderTimings.stalledMs = 300;
    test = await buildTestApp({ env: { GRADER_API_KEYS: bootstrapKey } });
    const rubric = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { authorization: `Bearer ${bootstrapKey}` },
      payload: scienceRubric,
    });
    expect(rubric.statusCode).toBe(201);
    // Long ids make each row about 420 bytes: the export is megabytes, more than loopback buffers hold.
    const rows = Array.from(
      { length: 10_000 },
      (_, index) => `"An answer.",${"s".repeat(190)}-${index},${"u".repeat(190)}-${index}`,
    );
    const upload = await uploadCsv(`answer,student_id,submission_id\n${rows.join("\n")}\n`);
    expect(upload.statusCode).toBe(202);
    const jobId = upload.json<{ id: string }>().id;

    const serverSockets: Socket[] = [];
    test.app.server.on("connection", (socket: Socket) => serverSockets.push(socket));
    const origin = new URL(await test.app.listen({ port: 0, host: "127.0.0.1" }));
    const client = connect({ host: origin.hostname, port: Number(origin.port) });
    clients.push(client);
    client.pause();
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.write(
      `GET /v1/jobs/${jobId}/results HTTP/1.1\r\nHost: ${origin.host}\r\nAccept: text/csv\r\nAuthorization: Bearer ${bootstrapKey}\r\n\r\n`,
    );
    for (let look = 0; look < 100 && serverSockets.length === 0; look++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(serverSockets).toHaveLength(1);
    expect(await closesWithin(serverSockets[0]!, 15_000)).toBe(true);
  }, 60_000);
});
