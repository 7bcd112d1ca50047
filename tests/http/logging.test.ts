import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
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
