import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRecordSchema } from "../../src/grading/audit.js";
import { gradeSchema } from "../../src/grading/grade.js";
import { allowedPoints } from "../../src/grading/rubric.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The in-process local model path end to end: `GRADER_MODEL=llamacpp:FILE.gguf` → @langchain/community's
 * ChatLlamaCpp over node-llama-cpp, output constrained by a grammar made from the reply schema. The
 * model is a 1 MB toy that writes children's stories (tests/fixtures/models/README.md): these tests
 * show a schema-valid, in-bounds, stored grade, not a good one.
 */

const modelFile = fileURLToPath(new URL("../fixtures/models/stories260K.gguf", import.meta.url));
let test: TestApp;

beforeAll(async () => {
  test = await buildTestApp({
    env: {
      GRADER_MODEL: `llamacpp:${modelFile}`,
      // The toy model's vocabulary is nearly one token per character: the prompt needs a large context.
      LLAMACPP_CONTEXT_SIZE: "8192",
      LLAMACPP_THREADS: "1",
      LLAMACPP_GPU: "off",
    },
    dependencies: { model: undefined },
  });
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(upload.statusCode).toBe(201);
}, 60_000);
afterAll(() => test?.close());

describe("a local llama.cpp model in process", () => {
  it("grades with a reply the grammar kept schema-valid and in bounds, and stores it with its audit", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: {
        rubricId: scienceRubric.id,
        answer: "Plants use light, water and carbon dioxide to make sugar.",
      },
    });
    expect(response.statusCode).toBe(200);
    const grade = gradeSchema.parse(response.json());
    expect(grade.model).toBe(`llamacpp:${modelFile}`);
    expect(grade.flags).not.toContain("output_invalid");
    for (const result of grade.criteria) {
      const criterion = scienceRubric.criteria.find((candidate) => candidate.id === result.criterionId)!;
      expect(allowedPoints(criterion)).toContain(result.points);
    }
    expect(grade.totalPoints).toBe(grade.criteria.reduce((sum, result) => sum + result.points!, 0));
    expect(grade.usage.inputTokens).toBeGreaterThan(0);
    expect(grade.usage.outputTokens).toBeGreaterThan(0);

    const audit = await test.app.inject({ method: "GET", url: `/v1/grades/${grade.id}/audit` });
    const record = auditRecordSchema.parse(audit.json());
    expect(record.parameters.structuredOutput).toBe("llamacpp_json_schema_grammar");
    expect(record.attempts).toHaveLength(1);
    const [attempt] = record.attempts;
    expect(attempt!.problems).toEqual([]);
    expect(attempt!.finishReason).toBe("stop");
    // The raw reply is kept exactly as the model wrote it, and it is the JSON the grade came from.
    expect(JSON.parse(attempt!.rawReply!)).toMatchObject({ criteria: { inputs: {}, outputs: {} } });
  }, 60_000);

  it("serves several grades at once on the shared model without mixing their conversations", async () => {
    // Two at once on the one shared sequence: the second waits for the first and must not see its
    // conversation. The toy model takes 15-30 s per grade here (native llama.cpp time, grammar-bound);
    // three grades at once took 86 s and timed out at 120 s on a loaded CI machine.
    const answers = ["Light and water.", "Glucose and oxygen come out."];
    const responses = await Promise.all(
      answers.map((answer) =>
        test.app.inject({
          method: "POST",
          url: "/v1/grade",
          payload: { rubricId: scienceRubric.id, answer },
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
    for (const response of responses) {
      const audit = await test.app.inject({ method: "GET", url: `/v1/grades/${response.json().id}/audit` });
      // One call each: a fresh chat session per call, so no grade saw another's answer as history.
      expect(audit.json().attempts[0].usage.inputTokens).toBeLessThan(4000);
    }
  }, 300_000);

  it("/readyz reports the local model ready", async () => {
    const ready = await test.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.json().checks.model).toEqual({ status: "ok" });
  });
});
