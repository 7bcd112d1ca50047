import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A rubric upload's parse is bounded by the number of its nodes, not only by the body's bytes: a 1 MiB
 * body of tiny nodes held the event loop for over a second in the YAML parser before the schema's limit
 * (30 criteria) could refuse it. The largest valid rubric is still taken, as JSON and as YAML.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** The largest rubric the schema takes: 30 criteria of 12 levels each, 10 exemplars scoring every criterion. */
function largestRubric() {
  const criteria = Array.from({ length: 30 }, (_, index) => ({
    id: `criterion-${index}`,
    title: `Criterion ${index}`,
    description: "Names the inputs.",
    maxPoints: 12,
    levels: Array.from({ length: 12 }, (_, level) => ({
      points: level + 1,
      description: `Level ${level + 1}.`,
    })),
  }));
  return {
    ...scienceRubric,
    id: "largest-rubric",
    gradingNotes: "Accept variants.",
    grading: { strategy: "all-criteria", samples: 1, evidencePolicy: "review", modelInjectionScreen: false },
    criteria,
    exemplars: Array.from({ length: 10 }, (_, index) => ({
      answer: `Example answer ${index}.`,
      points: Object.fromEntries(criteria.map((criterion) => [criterion.id, 1])),
      feedback: "Good.",
    })),
  };
}

/** The same data as block YAML (JSON's strings are valid YAML double-quoted scalars). */
function toYaml(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    return value.map((item) => `${indent}-\n${toYaml(item, `${indent}  `)}`).join("\n");
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([key, item]) =>
        item !== null && typeof item === "object"
          ? `${indent}${JSON.stringify(key)}:\n${toYaml(item, `${indent}  `)}`
          : `${indent}${JSON.stringify(key)}: ${JSON.stringify(item)}`,
      )
      .join("\n");
  }
  return `${indent}${JSON.stringify(value)}`;
}

describe("POST /v1/rubrics with many nodes", () => {
  it("takes the largest valid rubric as JSON and as YAML", async () => {
    test = await buildTestApp();
    const rubric = largestRubric();
    const json = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
    expect(json.statusCode, json.body).toBe(201);
    const yaml = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: toYaml({ ...rubric, id: "largest-rubric-yaml" }),
      headers: { "content-type": "application/yaml" },
    });
    expect(yaml.statusCode, yaml.body).toBe(201);
  });

  it("refuses a body of more nodes than any rubric has before parsing it, naming the limit and the line", async () => {
    test = await buildTestApp();
    const criteria = Array.from({ length: 12_000 }, (_, index) => ({
      id: `c${index}`,
      title: "T",
      maxPoints: 1,
    }));
    const body = JSON.stringify({ ...scienceRubric, id: "many", criteria }, null, 1);
    expect(body.length).toBeLessThan(1024 * 1024);
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: body,
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{
      error: { code: string; details: { message: string; line: number }[] };
    }>();
    expect(error.code).toBe("invalid_rubric");
    expect(error.details).toHaveLength(1);
    expect(error.details[0]!.message).toMatch(/more than 10000 keys, values and list items/);
    // Refused where the limit was passed, far before the end of the text.
    expect(error.details[0]!.line).toBeGreaterThan(1);
    expect(error.details[0]!.line).toBeLessThan(body.split("\n").length / 2);
  });

  it("refuses the same many nodes sent as YAML", async () => {
    test = await buildTestApp();
    const lines = Array.from({ length: 12_000 }, (_, index) => `  - {id: c${index}, title: T, maxPoints: 1}`);
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: `id: many\ntitle: Many\nquestion: Q\ncriteria:\n${lines.join("\n")}\n`,
      headers: { "content-type": "application/yaml" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { details: { message: string }[] } }>().error.details[0]!.message).toMatch(
      /more than 10000 keys, values and list items/,
    );
  });
});

describe("POST /v1/rubrics with thousands of problems", () => {
  it("lists the first 100 problems, each located, and says how many there are", async () => {
    test = await buildTestApp();
    // One exemplar scoring 4,000 criteria the rubric does not have: 4,000 problems, each with its line.
    const points = Object.fromEntries(Array.from({ length: 4_000 }, (_, index) => [`unknown-${index}`, 1]));
    const body = JSON.stringify({ ...scienceRubric, exemplars: [{ answer: "Glucose.", points }] }, null, 1);
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: body,
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{
      error: { code: string; message: string; details: { path: string; line?: number }[] };
    }>();
    expect(error.code).toBe("invalid_rubric");
    expect(error.details).toHaveLength(100);
    expect(error.details.every((problem) => problem.line !== undefined)).toBe(true);
    expect(error.message).toMatch(/^The rubric has 400\d problems \(the first 100 are listed\): /);
    // The answer stays small next to the body.
    expect(response.body.length).toBeLessThan(body.length);
  });

  it("names an unknown key bounded, however long it is and however many an object has", async () => {
    // Regression: each unknown key was quoted whole, in the problem's path and message and again in the
    // summary: one key of a million characters made a 2 MB answer (4 MB under an exemplar's points).
    test = await buildTestApp();
    const long = "k".repeat(1_000_000);
    const many = Object.fromEntries(Array.from({ length: 2_000 }, (_, index) => [`unknown-${index}`, 1]));
    for (const document of [
      { ...scienceRubric, [long]: 1 },
      { ...scienceRubric, ...many },
      { ...scienceRubric, exemplars: [{ answer: "Glucose.", points: { inputs: 1, outputs: 1, [long]: 1 } }] },
    ]) {
      const body = JSON.stringify(document);
      const response = await test.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        payload: body,
        headers: { "content-type": "application/json" },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.length).toBeLessThan(2_000);
      const { error } = response.json<{ error: { details: { path: string; message: string }[] } }>();
      expect(error.details[0]!.path + error.details[0]!.message).toMatch(/k{64}…|and 1990 more/);
    }
  });

  it("lists the first 100 syntax problems of a YAML rubric too, and says how many there are", async () => {
    // Regression: only the schema's problems were bounded: 4,900 repeated keys (a 24 KB body) answered
    // 347 KB, every one listed.
    test = await buildTestApp();
    const body = "a: 1\n".repeat(4_900);
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: body,
      headers: { "content-type": "application/yaml" },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { message: string; details: { line?: number }[] } }>();
    expect(error.details).toHaveLength(100);
    expect(error.details[0]).toMatchObject({ line: 2 });
    expect(error.message).toMatch(/^The rubric has 4899 problems \(the first 100 are listed\): /);
    expect(response.body.length).toBeLessThan(body.length);
  });
});
