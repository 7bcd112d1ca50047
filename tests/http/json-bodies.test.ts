import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/** Malformed JSON is a bad request that says where it breaks, on every route that takes JSON. */

let test: TestApp;
afterEach(() => test.close());

const inject = (request: { method: "POST"; url: string; payload: string; headers: Record<string, string> }) =>
  test.app.inject(request);

describe("repeated keys", () => {
  it("POST /v1/grade refuses an object that repeats a key, naming it, instead of grading the last one", async () => {
    // Regression: {"answer": "first", "answer": "second"} graded "second"; a proxy reading the first sees
    // another request. Rubric uploads already refused repeated keys.
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: `{"rubricId": "${scienceRubric.id}", "answer": "first", "answer": ""}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_request");
    expect(response.json().error.details).toEqual([
      { path: "body.answer", message: 'repeats the key "answer"; a key may appear once per object' },
    ]);
  });

  // Regression: the path was the keys joined with ".", so a repeated key "a.b" read as two keys and an
  // item as `.1`, and the key was echoed raw, where a bidi override reordered the message.
  it("names a repeated key by a path that reads as one key, quoted with what a reader cannot see escaped", async () => {
    test = await buildTestApp();
    for (const [payload, path, key] of [
      [
        '{"rubricId": "r", "answers": [{"answer": "a"}, {"a.b": 1, "a.b": 2}]}',
        'body.answers[1]["a.b"]',
        '"a.b"',
      ],
      ['{"rubricId": "r", "x\u202e": 1, "x\u202e": 2}', 'body["x\\u202e"]', '"x\\u202e"'],
    ] as const) {
      const response = await inject({
        method: "POST",
        url: "/v1/jobs",
        headers: { "content-type": "application/json" },
        payload,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details).toEqual([
        { path, message: `repeats the key ${key}; a key may appear once per object` },
      ]);
    }
  });
});

describe("malformed JSON", () => {
  it("POST /v1/rubrics answers invalid_request with line and column for malformed JSON, and invalid_rubric for YAML", async () => {
    // Regression: malformed JSON got `invalid_rubric` with a YAML parser's message.
    test = await buildTestApp();
    const json = await inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/json" },
      payload: '{\n  "id": "photosynthesis-basics",\n  "title": "Photosynthesis",\n}',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toEqual({
      code: "invalid_request",
      message:
        "body: is not valid JSON (line 4, column 1: expected a property name in double quotes, found '}')",
      details: [
        {
          path: "body",
          message:
            "is not valid JSON (line 4, column 1: expected a property name in double quotes, found '}')",
          line: 4,
          column: 1,
        },
      ],
    });
    const yaml = await inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: "id: photosynthesis-basics\ntitle: [unclosed\n",
    });
    expect(yaml.statusCode).toBe(400);
    expect(yaml.json().error.code).toBe("invalid_rubric");
    expect(yaml.json().error.details[0].line).toBeGreaterThanOrEqual(2);
  });

  it("POST /v1/rubrics takes JSON that starts with a byte order mark, as a file upload does", async () => {
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/json; charset=utf-8" },
      payload: `\uFEFF${JSON.stringify(scienceRubric)}`,
    });
    expect(response.statusCode).toBe(201);
  });

  it("POST /v1/grade names line and column of malformed JSON too", async () => {
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: '{"rubricId": "r",\n "answer": "text\u0001"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_request",
      message: "body: is not valid JSON (line 2, column 17: U+0001 inside a string (write it as an escape))",
    });
  });
});

describe("prototype poisoning", () => {
  const poisoned = [
    ["__proto__ at the top", '{"__proto__": {"isAdmin": true}, "rubricId": "r", "answer": "a"}'],
    [
      "constructor.prototype nested",
      '{"rubricId": "r", "answer": "a", "x": [{"constructor": {"prototype": {"polluted": 1}}}]}',
    ],
    ["__proto__ written with an escape", '{"\\u005f_proto__": {"isAdmin": true}, "answer": "a"}'],
  ] as const;

  it.each(poisoned)("refuses %s with 400 naming the rule, before any other check", async (_name, payload) => {
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_request",
      message: "body: must not use __proto__ or constructor.prototype as property names",
    });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("takes a key named constructor whose value is not an object with a prototype", async () => {
    test = await buildTestApp();
    const rubric = { ...scienceRubric, gradingNotes: "constructor and prototype are fine as words" };
    const response = await inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(rubric).replace('"title"', '"x": {"constructor": "a string"}, "title"'),
    });
    // Refused for the unknown key `x`, not as poisoning.
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain("__proto__");
  });
});

describe("deep nesting", () => {
  it("refuses a body nested more than 64 levels deep with 400 naming where, on every JSON route", async () => {
    // Regression: 40,000 nested arrays (80 KB) held the event loop for ten seconds in the check for
    // unpaired surrogates, which copied the path at every level; 400,000 for more than ten minutes.
    test = await buildTestApp();
    const deep = `${"[".repeat(40_000)}${"]".repeat(40_000)}`;
    for (const url of ["/v1/grade", "/v1/jobs", "/v1/keys"]) {
      const response = await inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        payload: `{"rubricId": "${scienceRubric.id}", "answer": "a", "deep": ${deep}}`,
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.details[0].path).toBe("body.deep[0][0][0][0][0][0][0]");
      expect(response.json().error.details[0].message).toMatch(/nested more than 64 levels/);
    }
    // Sixty-four levels are fine (and refused for what they are, an unknown field).
    const allowed = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: `{"rubricId": "${scienceRubric.id}", "answer": "a", "deep": ${"[".repeat(62)}${"]".repeat(62)}}`,
    });
    expect(allowed.statusCode).toBe(400);
    expect(allowed.json().error.message).not.toMatch(/nested/);
  });
});

describe("names with invisible characters", () => {
  it("shows them as \\u escapes in the field or parameter a problem names", async () => {
    // Regression: `body.samples : is not a known field` (a no-break space after "samples") and
    // `querystring.<zero-width space>limit` read as if "samples" and "limit" were unknown.
    test = await buildTestApp();
    const body = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": "application/json" },
      payload: `{"rubricId": "${scienceRubric.id}", "answer": "x", "samples\\u00a0": 1, "a\\u0000": 2}`,
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.details).toEqual([
      { path: 'body["samples\\u00a0"]', message: "is not a known field" },
      { path: 'body["a\\u0000"]', message: "is not a known field" },
    ]);
    const query = await test.app.inject({ method: "GET", url: "/v1/grades?%E2%80%8Blimit=5" });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.details[0].path).toBe('querystring["\\u200blimit"]');
  });
});
