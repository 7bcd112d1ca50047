import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A CSV job's row is bounded by the longest answer: a huge cell is refused while it arrives, not held
 * whole in memory (and parsed) before its length is checked.
 */

const key = "bootstrap-key-for-csv-cell-tests-0123456789";
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe("POST /v1/jobs with a CSV cell longer than any answer", () => {
  it("answers 400 answer_too_long naming the row before the cell has been sent to its end", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: key, GRADER_MAX_ANSWER_CHARS: "1000" } });
    const upload = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: scienceRubric,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(upload.statusCode).toBe(201);
    const origin = new URL(await test.app.listen({ port: 0, host: "127.0.0.1" }));

    const boundary = "----grader-cell-boundary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="answers.csv"\r\nContent-Type: text/csv\r\n\r\nanswer,student_id\n"Fine.",s-1\n"`,
    );
    const tail = Buffer.from(`",s-2\n\r\n--${boundary}--\r\n`);
    const cellBytes = 32 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, "x");
    const client = connect({ host: origin.hostname, port: Number(origin.port) });
    let answer = "";
    let sent = 0;
    client.on("data", (data: Buffer) => (answer += data.toString("utf8")));
    client.on("error", () => {});
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.write(
      `POST /v1/jobs?rubricId=${scienceRubric.id} HTTP/1.1\r\nHost: ${origin.host}\r\n` +
        `Authorization: Bearer ${key}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${head.length + cellBytes + tail.length}\r\nConnection: close\r\n\r\n`,
    );
    client.write(head);
    // Sends the cell as the server takes it, stopping as soon as an answer arrives.
    while (sent < cellBytes && answer === "" && !client.destroyed) {
      const flushed = client.write(chunk);
      sent += chunk.length;
      if (!flushed) {
        // The server may stop reading once it has answered: wait for its answer or for room to write.
        await new Promise<void>((resolve) => {
          const done = () => {
            client.off("drain", done);
            client.off("data", done);
            client.off("close", done);
            resolve();
          };
          client.on("drain", done);
          client.on("data", done);
          client.on("close", done);
        });
      }
    }
    if (answer === "" && !client.destroyed) client.write(tail);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    client.destroy();

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as {
      error: { code: string; message: string };
    };
    expect(body.error.code).toBe("answer_too_long");
    expect(body.error.message).toMatch(/row 3/);
    // Refused while the cell arrived: far less than the cell was sent.
    expect(sent).toBeLessThan(cellBytes / 4);
    const jobs = await test.app.inject({
      method: "GET",
      url: "/v1/jobs",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(jobs.json<{ jobs: unknown[] }>().jobs).toHaveLength(0);
  }, 60_000);
});
