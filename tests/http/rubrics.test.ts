import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

let test: TestApp;
beforeEach(async () => {
  test = await buildTestApp();
});
afterEach(() => test.close());

function multipart(fieldName: string, filename: string, content: string | Buffer) {
  const boundary = "----rubric-grader-test-boundary";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe("POST /v1/rubrics", () => {
  it("accepts JSON: 201 for a new id, 200 for identical content, 201 with a new version for changed content", async () => {
    const created = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(created.statusCode).toBe(201);
    const first = created.json();
    expect(first).toMatchObject({ id: "photosynthesis-basics", maxPoints: 4, language: "en" });
    expect(first.version).toMatch(/^[0-9a-f]{16}$/);

    const again = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(first.version);

    const changed = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title: "Photosynthesis, revised" },
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().version).not.toBe(first.version);

    const current = await test.app.inject({ method: "GET", url: "/v1/rubrics/photosynthesis-basics" });
    expect(current.json()).toMatchObject({
      title: "Photosynthesis, revised",
      version: changed.json().version,
    });
    const old = await test.app.inject({
      method: "GET",
      url: `/v1/rubrics/photosynthesis-basics?version=${first.version}`,
    });
    expect(old.json()).toMatchObject({ title: "Photosynthesis basics", version: first.version });
  });

  it("makes an older version current again when its content is uploaded again: 201 with that version", async () => {
    const first = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const revised = { ...scienceRubric, title: "Photosynthesis, revised" };
    expect((await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: revised })).statusCode).toBe(
      201,
    );
    const back = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(back.statusCode).toBe(201);
    expect(back.json().version).toBe(first.json().version);
    const current = await test.app.inject({ method: "GET", url: "/v1/rubrics/photosynthesis-basics" });
    expect(current.json()).toMatchObject({ title: "Photosynthesis basics", version: first.json().version });
  });

  it("accepts raw YAML with the same version as the same content in JSON", async () => {
    const json = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const yaml = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: stringify(scienceRubric),
    });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.json().version).toBe(json.json().version);
  });

  it("accepts a multipart upload in the field `file`", async () => {
    const upload = multipart("file", "rubric.yaml", stringify(scienceRubric));
    const response = await test.app.inject({ method: "POST", url: "/v1/rubrics", ...upload });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).toBe("photosynthesis-basics");
  });

  it("refuses a multipart upload with a second file rather than reading only the first", async () => {
    const boundary = "----rubric-two-files";
    const file = (name: string, content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n${content}\r\n`;
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: `${file("a.yaml", stringify(scienceRubric))}${file("b.yaml", stringify({ ...scienceRubric, id: "other" }))}--${boundary}--\r\n`,
    });
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error.message).toMatch(/one file/);
    expect((await test.app.inject({ method: "GET", url: "/v1/rubrics" })).json().rubrics).toEqual([]);
  });

  it("names the field a multipart file came in when it is not `file`", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      ...multipart("rubric", "r.yaml", "id: x"),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_request",
      message: "body.rubric: is not a known field: send the rubric in the field `file`",
      details: [
        { path: "body.rubric", message: "is not a known field: send the rubric in the field `file`" },
      ],
    });
  });

  it("lists every problem with its path and, for YAML, its line", async () => {
    const yaml = [
      "id: Bad Id",
      "title: Broken",
      "question: Why?",
      "criteria:",
      "  - id: a",
      "    title: A",
      "    description: First",
      "    maxPoints: 2",
      "  - id: a",
      "    title: B",
      "    description: Second",
      "    maxPoints: -1",
      "    level: []",
    ].join("\n");
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: yaml,
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("invalid_rubric");
    const byPath = Object.fromEntries(
      error.details.map((problem: { path: string; line?: number }) => [problem.path, problem.line]),
    );
    expect(byPath).toMatchObject({ id: 1, "criteria[1].maxPoints": 12, "criteria[1]": 13 });
    expect(
      error.details.find((problem: { path: string }) => problem.path === "criteria[1]").message,
    ).toContain('"level"');
    expect(error.message).toContain("criteria[1].maxPoints (line 12)");
  });

  it("refuses a control character in a text with 400 invalid_rubric naming the field, in JSON, YAML and a file", async () => {
    // Regression: a NUL in a criterion's description or an escape sequence in a level was stored and sent
    // as it was, in every prompt and export of the rubric.
    const criteria = scienceRubric.criteria.map((criterion, index) =>
      index === 1 ? { ...criterion, description: `${criterion.description}\u0000` } : criterion,
    );
    const withNul = { ...scienceRubric, criteria };
    const message = "cannot contain U+0000 (a control character; tabs and line breaks are fine)";
    const uploads = [
      { headers: { "content-type": "application/json" }, payload: JSON.stringify(withNul) },
      { headers: { "content-type": "application/yaml" }, payload: stringify(withNul) },
      multipart("file", "rubric.yaml", stringify(withNul)),
    ];
    for (const upload of uploads) {
      const response = await test.app.inject({ method: "POST", url: "/v1/rubrics", ...upload });
      expect(response.statusCode, response.body).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe("invalid_rubric");
      expect(error.details).toEqual([
        expect.objectContaining({ path: "criteria[1].description", message, line: expect.any(Number) }),
      ]);
      expect(error.message).toContain(`criteria[1].description (line ${error.details[0].line}): ${message}`);
    }
    expect((await test.app.inject({ method: "GET", url: "/v1/rubrics" })).json().rubrics).toEqual([]);
    const multiLine = { ...scienceRubric, question: "Explain:\r\n\tinputs,\n\toutputs." };
    const kept = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: multiLine });
    expect(kept.statusCode, kept.body).toBe(201);
  });

  it("shows invisible characters in the names and values its messages quote", async () => {
    // Regression: 'unknown field "title<zero-width space>"' and 'no criterion has id "inputs<word joiner>"' hid the zero-width space that
    // made the name wrong, so the message read as if "title" were unknown.
    const upload = (yaml: string) =>
      test.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        headers: { "content-type": "application/yaml" },
        payload: yaml,
      });
    const problems = async (yaml: string) => {
      const response = await upload(yaml);
      expect(response.statusCode, response.body).toBe(400);
      return (response.json().error.details as { path: string; message: string }[]).map(
        ({ path, message }) => ({
          path,
          message,
        }),
      );
    };
    expect(
      await problems(
        stringify({ ...scienceRubric, language: "en-\u200b" }) + "title\u200b: Again\n\ufeffnotes: x\n",
      ),
    ).toEqual([
      { path: "language", message: '"en-\\u200b" is not a BCP 47 language tag (such as en, de-CH, fa)' },
      { path: "", message: 'unknown fields "title\\u200b", "\\ufeffnotes"' },
    ]);
    expect(
      await problems(
        stringify(scienceRubric) +
          'exemplars:\n  - answer: Light.\n    points: {inputs: 1, outputs: 1, "inputs\\u2060": 1}\n',
      ),
    ).toEqual([
      { path: 'exemplars[0].points["inputs\\u2060"]', message: 'no criterion has id "inputs\\u2060"' },
    ]);
  });

  it("refuses a list or mapping as a key, with its line, without a process warning", async () => {
    // Regression: `? [a]` became the field "[ a ]" and yaml printed a process warning for every such key.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      for (const key of ["? [a, b]\n: x\n", "? {a: 1}\n: x\n", "k: &k [a]\n? *k\n: x\n"]) {
        const response = await test.app.inject({
          method: "POST",
          url: "/v1/rubrics",
          headers: { "content-type": "application/yaml" },
          payload: stringify(scienceRubric) + key,
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json().error).toMatchObject({
          code: "invalid_rubric",
          details: [
            { path: "", message: "a key must be a text, not a list or mapping", line: expect.any(Number) },
          ],
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("gives line numbers for JSON uploads too", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(
        { ...scienceRubric, criteria: [{ ...scienceRubric.criteria[1], maxPoints: "two" }] },
        null,
        2,
      ),
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json().error.details[0];
    expect(problem.path).toBe("criteria[0].maxPoints");
    expect(problem.line).toBeGreaterThan(5);
  });

  it("refuses a YAML alias bomb quickly", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let index = 1; index < 9; index++) {
      const previous = String.fromCharCode(96 + index);
      const name = String.fromCharCode(97 + index);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: levels.join("\n"),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("invalid_rubric");
    expect(response.json().error.message).toMatch(/alias/i);
  });

  it.each([
    ["a list", "id: &a [*a]\n"],
    ["a mapping", "title: &t {nested: *t}\n"],
    ["the whole document", "&doc\nid: x\nself: *doc\n"],
  ])(
    "refuses an alias inside %s its anchor names (a value holding itself) with a 400, not a 500",
    async (_what, payload) => {
      const response = await test.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        headers: { "content-type": "application/yaml" },
        payload,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe("invalid_rubric");
      expect(response.json().error.details[0]).toMatchObject({
        message: expect.stringMatching(/alias \*\w+ is inside the list or mapping its anchor names/),
        line: expect.any(Number),
      });
    },
  );

  it.each([
    ["10,000-deep YAML flow", "application/yaml", `id: ${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["10,000-deep JSON", "application/json", `{"id": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`],
    // Block nesting grows quadratically with depth: 1,000 levels are about all that fits in 1 MiB.
    [
      "1,000-deep YAML block",
      "application/yaml",
      Array.from({ length: 1_000 }, (_, depth) => `${" ".repeat(depth)}k${depth}:`).join("\n"),
    ],
  ])("refuses %s nesting quickly with a clear problem", async (_style, contentType, payload) => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].message).toMatch(/nesting deeper than/);
  });

  // Regression: compact nesting on one line ("- - - …", "? ? ? …") slipped past the first nesting guard;
  // 400 KB of it ran the YAML parser out of memory and killed the process.
  it.each([
    ["compact sequences", `${"- ".repeat(200_000)}x\n`],
    ["compact explicit keys", `${"? ".repeat(300)}x\n`],
  ])("refuses deep %s on one line and keeps serving", async (_style, payload) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await test.app.inject({
        method: "POST",
        url: "/v1/rubrics",
        headers: { "content-type": "application/yaml" },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].message).toMatch(/nesting deeper than/);
    }
    const health = await test.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: `question: "${"x".repeat(1024 * 1024)}"`,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("payload_too_large");
  });

  it("refuses a multipart file over 1 MiB with 413", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      ...multipart("file", "big.yaml", Buffer.alloc(1024 * 1024 + 10, 0x61)),
    });
    expect(response.statusCode).toBe(413);
  });

  it("answers 415 for an unsupported content type", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/xml" },
      payload: "<rubric/>",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe("unsupported_media_type");
  });

  it("answers 400 for an empty body", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("GET /v1/rubrics", () => {
  it("lists current versions and answers 404 for an unknown id", async () => {
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const list = await test.app.inject({ method: "GET", url: "/v1/rubrics" });
    expect(list.json().rubrics).toEqual([
      expect.objectContaining({ id: "photosynthesis-basics", criteriaCount: 2, maxPoints: 4 }),
    ]);
    const missing = await test.app.inject({ method: "GET", url: "/v1/rubrics/nope" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("rubric_not_found");
  });
});
