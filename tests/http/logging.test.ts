import { connect } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { loggerOptions } from "../../src/lib/logger.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric } from "../helpers/test-app.js";

const apiKey = "log-test-key-0123456789abcdef";
const answer = "My very personal answer: plants need light, water and carbon dioxide to make glucose.";

function capturingLogger(level: string) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino(loggerOptions(level), stream), lines };
}

describe("logs", () => {
  it("are JSON with request ids, never carry API keys or the answer text at info level", async () => {
    const { logger, lines } = capturingLogger("info");
    const model = createScriptedModel();
    model.enqueue(allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }));
    const test = await buildTestApp({ env: { GRADER_API_KEYS: apiKey }, dependencies: { model, logger } });
    try {
      const headers = { authorization: `Bearer ${apiKey}`, "x-request-id": "req-from-client-1" };
      await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric, headers });
      const graded = await test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: scienceRubric.id, answer, studentId: "s-1" },
        headers,
      });
      expect(graded.statusCode).toBe(200);
      expect(graded.headers["x-request-id"]).toBe("req-from-client-1");
      await test.app.inject({
        method: "GET",
        url: "/v1/rubrics",
        headers: { authorization: "Bearer wrong-key-0123456789" },
      });
    } finally {
      await test.close();
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(3);
    const graded = entries.find((entry) => entry.msg === "answer graded");
    expect(graded).toMatchObject({
      reqId: "req-from-client-1",
      rubricId: scienceRubric.id,
      status: "graded",
    });
    const all = lines.join("\n");
    expect(all).not.toContain(apiKey);
    expect(all).not.toContain("wrong-key-0123456789");
    expect(all).not.toContain("very personal answer");
    expect(all).not.toContain("glucose");
  });

  it("have one line per request, with its method, path, status and time, for a found and a missing route", async () => {
    const { logger, lines } = capturingLogger("info");
    const test = await buildTestApp({ dependencies: { logger } });
    try {
      await test.app.inject({ method: "GET", url: "/v1/rubrics", headers: { "x-request-id": "req-a" } });
      await test.app.inject({
        method: "GET",
        url: "/v1/nowhere?token=x",
        headers: { "x-request-id": "req-b" },
      });
    } finally {
      await test.close();
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const [reqId, url, statusCode] of [
      ["req-a", "/v1/rubrics", 200],
      ["req-b", "/v1/nowhere?token=[redacted]", 404],
    ] as const) {
      const own = entries.filter((entry) => entry.reqId === reqId);
      expect(own).toEqual([
        expect.objectContaining({
          level: 30,
          msg: "request completed",
          req: expect.objectContaining({ method: "GET", url }),
          res: { statusCode },
          responseTime: expect.any(Number),
        }),
      ]);
    }
  });

  it("redact authorization headers and keys if anything ever logs them", () => {
    const { logger, lines } = capturingLogger("info");
    logger.info(
      { req: { headers: { authorization: `Bearer ${apiKey}` } }, apiKey, config: { model: { apiKey } } },
      "x",
    );
    expect(lines.join("\n")).not.toContain(apiKey);
    expect(lines.join("\n")).toContain("[redacted]");
  });
});

describe("logs of requests with secrets in the query string", () => {
  // Regression: `"url":"/v1/rubrics?api_key=…"` in every incoming-request line.
  it("never carry a query value at any level: existing, unknown, refused, malformed and failing routes", async () => {
    const { logger, lines } = capturingLogger("trace");
    const test = await buildTestApp({ dependencies: { logger } });
    const statuses: number[] = [];
    try {
      await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
      for (const request of [
        { method: "GET", url: "/v1/rubrics?api_key=SECRET-1&limit=SECRET-2" },
        { method: "GET", url: "/v1/no-such-route?token=SECRET-3" },
        { method: "DELETE", url: "/v1/rubrics?token=SECRET-4" },
        { method: "GET", url: "/v1/grades?token=SECRET-5" },
        { method: "GET", url: "/v1/rubrics/%E0%A4%A?api_key=SECRET-6" },
        { method: "GET", url: "/v1/rubrics/photosynthesis-basics?SECRET-7" },
        { method: "GET", url: "/v1/rubrics/photosynthesis-basics?version=SECRET-8" },
      ] as const) {
        statuses.push((await test.app.inject(request)).statusCode);
      }
      // A failing route: the database is gone.
      await test.storage.close();
      statuses.push(
        (await test.app.inject({ method: "GET", url: "/v1/grades?rubricId=secret-9" })).statusCode,
      );
    } finally {
      await test.close();
    }
    expect(statuses).toEqual([400, 404, 405, 400, 400, 400, 404, 500]);
    const all = lines.join("\n");
    expect(all).not.toContain("SECRET");
    expect(all).not.toContain("secret-9");
    // The path and the parameter names are still there to debug with.
    expect(all).toContain('"url":"/v1/rubrics?api_key=[redacted]&limit=[redacted]"');
    expect(all).toContain('"url":"/v1/no-such-route?token=[redacted]"');
    expect(all).toContain('"url":"/v1/grades?rubricId=[redacted]"');
    expect(all).toContain('"level":50');
  });

  it("never carry the raw bytes of a request Node could not parse, which get a catalog error", async () => {
    const { logger, lines } = capturingLogger("trace");
    const test = await buildTestApp({ dependencies: { logger } });
    try {
      const address = await test.app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = new URL(address);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write(
            "GET /v1/rubrics?api_key=SECRET-10 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer SECRET-11\r\nnot a header\r\n\r\n",
          );
        });
        let received = "";
        socket.on("data", (chunk) => (received += chunk.toString("utf8")));
        socket.on("close", () => resolve(received));
        socket.on("error", reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))).toEqual({
        error: { code: "invalid_request", message: "The request is not valid HTTP." },
      });
    } finally {
      await test.close();
    }
    const all = lines.join("\n");
    expect(all).toContain("malformed request refused");
    expect(all).not.toContain("rawPacket");
    expect(all).not.toContain("SECRET");
  });
});

describe("internal errors", () => {
  it("are logged at error level with the request id and the error, never the body; the client sees the id only", async () => {
    const { logger, lines } = capturingLogger("info");
    const model = createScriptedModel();
    model.enqueue({
      throws: new AppError("internal_error", {
        message: "database at 10.1.2.3 refused user grader",
        details: { table: "grades" },
      }),
    });
    const test = await buildTestApp({ dependencies: { model, logger } });
    let response;
    try {
      await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
      response = await test.app.inject({
        method: "POST",
        url: "/v1/grade",
        payload: { rubricId: scienceRubric.id, answer },
        headers: { "x-request-id": "req-internal-1" },
      });
    } finally {
      await test.close();
    }
    expect(response.statusCode).toBe(500);
    // Whatever the error was given, the body has the catalog's message and the id: no internals.
    expect(response.json()).toEqual({
      error: { code: "internal_error", message: "Internal error. (request id req-internal-1)" },
    });
    const failures = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === "request failed");
    expect(failures).toEqual([
      expect.objectContaining({
        level: 50,
        reqId: "req-internal-1",
        code: "internal_error",
        err: expect.objectContaining({ message: "database at 10.1.2.3 refused user grader" }),
      }),
    ]);
    expect(lines.join("\n")).not.toContain("very personal answer");
  });
});
