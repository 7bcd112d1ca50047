import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { maxStreamsPerKey } from "../../src/http/routes/jobs.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A job's event stream and a client that stops reading: the server must wait for the socket to drain
 * instead of writing the whole job's events into memory, and must send every event once the client reads.
 */

const bootstrapKey = "bootstrap-key-for-backpressure-tests-0123456789";
let test: TestApp | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await test?.close();
  test = undefined;
});

function call(method: "GET" | "POST" | "DELETE", url: string, payload?: object) {
  return test!.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bootstrapKey}` },
    ...(payload ? { payload } : {}),
  });
}

function uploadCsv(csv: string) {
  const boundary = "----grader-backpressure-boundary";
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A queued job (the runner is not started, so every stream stays open) served over HTTP, and an opener of
 * its event stream with a key; `closeAll` aborts every stream opened.
 */
async function queuedJobStreams() {
  const created = await call("POST", "/v1/jobs", {
    rubricId: scienceRubric.id,
    answers: [{ answer: "Glucose." }],
  });
  expect(created.statusCode).toBe(202);
  const jobId = created.json<{ id: string }>().id;
  const origin = await test!.app.listen({ port: 0, host: "127.0.0.1" });
  const controllers: AbortController[] = [];
  const open = async (key: string) => {
    const controller = new AbortController();
    controllers.push(controller);
    return fetch(`${origin}/v1/jobs/${jobId}/events`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
  };
  return { open, controllers, closeAll: () => controllers.forEach((controller) => controller.abort()) };
}

describe("GET /v1/jobs/:id/events with a client that does not read", () => {
  it("buffers a bounded amount while the client does not read, and sends every event once it does", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: bootstrapKey } });
    expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    // Long ids make each item event about 500 bytes: the whole stream is some megabytes, far more than
    // the loopback socket buffers hold.
    const items = 6_000;
    const rows = Array.from(
      { length: items },
      (_, index) => `"An answer.",${"s".repeat(190)}-${index},${"u".repeat(190)}-${index}`,
    );
    const upload = await uploadCsv(`answer,student_id,submission_id\n${rows.join("\n")}\n`);
    expect(upload.statusCode).toBe(202);
    const jobId = upload.json<{ id: string }>().id;
    // Cancelling ends every item at once: one item event each.
    expect((await call("DELETE", `/v1/jobs/${jobId}`)).statusCode).toBe(200);

    const serverSockets: Socket[] = [];
    test.app.server.on("connection", (socket: Socket) => serverSockets.push(socket));
    const origin = new URL(await test.app.listen({ port: 0, host: "127.0.0.1" }));
    const client = connect({ host: origin.hostname, port: Number(origin.port) });
    clients.push(client);
    client.pause();
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.write(
      `GET /v1/jobs/${jobId}/events HTTP/1.1\r\nHost: ${origin.host}\r\nAuthorization: Bearer ${bootstrapKey}\r\n\r\n`,
    );

    // Watch what the server holds in memory for this connection until the stream stops moving.
    let mostBuffered = 0;
    let unchanged = 0;
    let lastWritten = -1;
    for (let look = 0; look < 400 && unchanged < 20; look++) {
      await pause(25);
      const socket = serverSockets[0];
      if (!socket) continue;
      mostBuffered = Math.max(mostBuffered, socket.writableLength);
      const written = socket.bytesWritten + socket.writableLength;
      unchanged = written === lastWritten ? unchanged + 1 : 0;
      lastWritten = written;
    }
    expect(serverSockets).toHaveLength(1);
    // At most about one batch of events waits in the process; without backpressure it held megabytes.
    expect(mostBuffered).toBeLessThan(512 * 1024);

    // Once the client reads, everything arrives, in order, and the stream ends.
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) => {
      client.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (Buffer.concat(chunks.slice(-2)).includes("event: end\n")) resolve();
      });
      client.on("end", () => resolve());
    });
    client.resume();
    await ended;
    const text = Buffer.concat(chunks).toString("utf8");
    const itemEvents = text.match(/\nevent: item\n/g) ?? [];
    expect(itemEvents).toHaveLength(items);
    expect(text).toContain("event: end\n");
  }, 60_000);
});

describe("GET /v1/jobs/:id/events opened many times by one key", () => {
  it("refuses a key's stream beyond the limit with 429 too_many_streams and Retry-After, until one closes", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: bootstrapKey } });
    expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const teacher = (await call("POST", "/v1/keys", { name: "Ms Smith", role: "teacher" })).json<{
      key: string;
    }>();
    const { open, controllers, closeAll } = await queuedJobStreams();
    try {
      const opened: Response[] = [];
      for (let index = 0; index < maxStreamsPerKey; index++) opened.push(await open(bootstrapKey));
      expect(opened.map((response) => response.status)).toEqual(opened.map(() => 200));

      const refused = await open(bootstrapKey);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: { code: "too_many_streams" } });

      // Another key has its own allowance.
      expect((await open(teacher.key)).status).toBe(200);

      // Once a stream closes, the key may open another.
      controllers[0]!.abort();
      await vi.waitFor(async () => {
        const again = await open(bootstrapKey);
        if (again.status !== 200) await again.body?.cancel();
        expect(again.status).toBe(200);
      });
    } finally {
      closeAll();
    }
  });
});

describe("GET /v1/jobs/:id/events opened by many keys at once", () => {
  it("refuses a stream beyond the process's limit (GRADER_MAX_EVENT_STREAMS) with 503 server_busy and Retry-After, whatever the key", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: bootstrapKey, GRADER_MAX_EVENT_STREAMS: "3" } });
    expect((await call("POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    const keys: string[] = [];
    for (let index = 0; index < 4; index++) {
      const created = await call("POST", "/v1/keys", { name: `Teacher ${index}`, role: "teacher" });
      keys.push(created.json<{ key: string }>().key);
    }
    const { open, controllers, closeAll } = await queuedJobStreams();
    try {
      // Each key is far below its own limit; together they reach the process's.
      for (const key of keys.slice(0, 3)) expect((await open(key)).status).toBe(200);
      const refused = await open(keys[3]!);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body).toMatchObject({ error: { code: "server_busy" } });
      expect(body.error.message).toContain("GRADER_MAX_EVENT_STREAMS");

      // Once a stream closes, another may open.
      controllers[0]!.abort();
      await vi.waitFor(async () => {
        const again = await open(keys[3]!);
        if (again.status !== 200) await again.body?.cancel();
        expect(again.status).toBe(200);
      });
    } finally {
      closeAll();
    }
  });
});
