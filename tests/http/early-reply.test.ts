import { Client } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * A reply sent before the request's body was read to the end must leave the connection usable: the
 * client's next request on it is answered at once. Regression: a 2,000-row CSV upload refused once its
 * query was read (an unknown rubric, a key still in use) left the rest of the file unread on the
 * keep-alive connection, and the next request waited about 73 s and then failed with ECONNRESET.
 */
let test: TestApp;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await test?.close();
});

function csvUpload(rows: number) {
  const boundary = "----early-reply";
  const csv = `answer,student_id\n${Array.from({ length: rows }, (_, row) => `Plants make glucose from light and water in the leaf (${row}).,s${row}`).join("\n")}\n`;
  return {
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="class.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    ),
  };
}

describe("a reply before the body was read", () => {
  it("leaves the keep-alive connection ready for the next request", async () => {
    test = await buildTestApp();
    const origin = await test.app.listen({ host: "127.0.0.1", port: 0 });
    // One connection, so that the second request must use the first one's.
    client = new Client(origin, { pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const upload = csvUpload(30_000);
    expect(upload.body.length).toBeGreaterThan(1_000_000);
    const refused = await client.request({
      method: "POST",
      path: "/v1/jobs?rubricId=no-such-rubric",
      headers: upload.headers,
      body: upload.body,
    });
    expect(refused.statusCode).toBe(404);
    expect(((await refused.body.json()) as { error: { code: string } }).error.code).toBe("rubric_not_found");
    // Without the fix this request gets no answer within the client's timeout (10 s) and fails.
    const next = await client.request({ method: "GET", path: "/healthz" });
    expect(next.statusCode).toBe(200);
    await next.body.text();
  });
});
