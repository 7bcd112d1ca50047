import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { maxJsonJobBytes } from "../../src/http/routes/jobs.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A JSON job is parsed and checked whole on the event loop, unlike a CSV file read as it arrives: its
 * body is bounded well below GRADER_MAX_UPLOAD_MB (100 MiB held the event loop for about 15 s), and the
 * refusal points to the CSV form. Nothing of a refused upload is kept.
 */

const key = "bootstrap-key-for-json-size-tests-0123456789";
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A JSON job body of about `bytes` bytes, of ordinary answers. */
function jobBody(bytes: number): string {
  const answer = "Light, water and carbon dioxide make glucose and oxygen. ".repeat(16);
  const count = Math.ceil(bytes / (answer.length + 40));
  return JSON.stringify({
    rubricId: scienceRubric.id,
    answers: Array.from({ length: count }, (_, index) => ({ answer, studentId: `s-${index}` })),
  });
}

async function start() {
  test = await buildTestApp({ env: { GRADER_API_KEYS: key } });
  const upload = await test.app.inject({
    method: "POST",
    url: "/v1/rubrics",
    payload: scienceRubric,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(upload.statusCode).toBe(201);
}

async function jobCount(): Promise<number> {
  const list = await test!.app.inject({
    method: "GET",
    url: "/v1/jobs",
    headers: { authorization: `Bearer ${key}` },
  });
  return list.json<{ jobs: unknown[] }>().jobs.length;
}

describe("POST /v1/jobs with a large JSON body", () => {
  it("refuses a JSON job over the JSON limit with 413, pointing to CSV, whether its length is declared or not", async () => {
    await start();
    const body = jobBody(maxJsonJobBytes + 64 * 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(maxJsonJobBytes);
    // The upload limit (GRADER_MAX_UPLOAD_MB, 100 MiB) is far above it.
    expect(test!.config.jobs.maxUploadBytes).toBeGreaterThan(Buffer.byteLength(body));

    const declared = await test!.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: body,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    });
    expect(declared.statusCode).toBe(413);
    const error = declared.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toMatch(/CSV/);

    // Sent in chunks without a Content-Length: counted as it arrives.
    const chunks = Readable.from(
      Array.from({ length: Math.ceil(body.length / 65_536) }, (_, index) =>
        Buffer.from(body.slice(index * 65_536, (index + 1) * 65_536)),
      ),
    );
    const streamed = await test!.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: chunks,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json<{ error: { code: string } }>().error.code).toBe("payload_too_large");
    expect(await jobCount()).toBe(0);
  });

  it("takes a JSON job just under the limit", async () => {
    await start();
    const body = jobBody(maxJsonJobBytes - 256 * 1024);
    expect(Buffer.byteLength(body)).toBeLessThan(maxJsonJobBytes);
    const response = await test!.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: body,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(202);
    expect(await jobCount()).toBe(1);
  }, 60_000);
});
