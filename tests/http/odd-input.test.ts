import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationEnv } from "../helpers/integration-fixtures.js";
import { answerChecker, oddStrings, oddValues } from "../helpers/odd-input.js";
import { sampleFromSchema } from "../helpers/sample-replies.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Every route of the OpenAPI document, sent odd values in each path parameter, query parameter, header it
 * documents and top-level body property: odd Unicode (lone surrogates, NUL, bidi controls, a BOM, fullwidth
 * and Eastern Arabic digits), malformed percent-encoding, huge and tiny numbers, wrong types, nested
 * arrays, `__proto__`, very long text. Bad input is the client's: whatever the route, the answer is a
 * clear error from the catalog (or success), never a 500 or a body a client cannot read, and what was
 * accepted before is still there. Routes added later are covered as they are documented.
 */
const apiKey = "odd-input-key-0123456789abcdef";
/** Written into a URL as they are: not valid percent-encoding, or encoding what is not text. */
const rawUrlValues = ["%FF", "%E0%A4%A", "%", "%%", "%C0%AF", "a%00b", "a%ED%A0%80b"];

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
}

let test: TestApp;
const answers = answerChecker();
let gradeBefore: unknown;
const auth = { authorization: `Bearer ${apiKey}` };

async function send(method: string, url: string, payload?: string, headers: Record<string, string> = {}) {
  const response = await test.app.inject({
    method: method.toUpperCase() as "GET",
    url,
    headers: {
      ...auth,
      ...(payload === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload }),
  });
  answers.check(
    `${method.toUpperCase()} ${url.slice(0, 100)} ${JSON.stringify(headers).slice(0, 80)} ${payload?.slice(0, 120) ?? ""}`,
    response,
  );
}

function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "a%ED%A0%80b"; // a lone surrogate, as its UTF-8 bytes would be
  }
}

beforeAll(async () => {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "light" }),
  });
  test = await buildTestAppWithRubric({
    env: { GRADER_API_KEYS: apiKey, ...integrationEnv },
    dependencies: { model },
  });
  const graded = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    headers: auth,
    payload: {
      rubricId: scienceRubric.id,
      answer: "Plants need light, water and carbon dioxide.",
      studentId: "stu-1",
    },
  });
  expect(graded.statusCode).toBe(200);
  const grade = graded.json();
  gradeBefore = grade;
  // Real ids where a route names a resource, so that its handler runs past the lookup.
  const ids: Record<string, string> = {
    rubrics: scienceRubric.id,
    grades: grade.id,
    groups: grade.groupId,
    students: "stu-2",
  };
  const realBodyValues: Record<string, unknown> = {
    rubricId: scienceRubric.id,
    rubricVersion: grade.rubricVersion,
    answer: "Plants need light.",
    studentId: "stu-2",
    criterionId: "inputs",
  };
  const withRealValues = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withRealValues);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key in realBodyValues ? realBodyValues[key] : withRealValues(inner),
      ]),
    );
  };
  const document = (await test.app.inject({ method: "GET", url: "/docs/json" })).json();
  const resolve = (schema: unknown): unknown => {
    const reference = (schema as { $ref?: string } | undefined)?.$ref;
    if (!reference) return schema;
    return resolve(
      reference
        .split("/")
        .slice(1)
        .reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, document),
    );
  };

  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      // The signed webhook is refused before it is read without a valid signature (its own tests).
      if (path.endsWith("/events") && method === "post") continue;
      const url = (parameter?: string, value?: string) =>
        path.replace(/\{(\w+)\}/g, (_whole, name: string) =>
          name === parameter ? value! : (ids[path.split("/")[2] ?? ""] ?? "missing_1"),
        );
      const schema = operation.requestBody?.content["application/json"]?.schema;
      let body: unknown;
      if (schema) {
        try {
          body = withRealValues(sampleFromSchema(resolve(schema)));
        } catch {
          body = {};
        }
      }
      const payload = body === undefined ? undefined : JSON.stringify(body);
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === "path") {
          for (const value of [...oddStrings.map(encoded), ...rawUrlValues]) {
            await send(method, url(parameter.name, value), payload);
          }
        } else if (parameter.in === "query") {
          for (const value of [...oddStrings.map(encoded), ...rawUrlValues]) {
            await send(method, `${url()}?${parameter.name}=${value}`, payload);
          }
        } else if (parameter.in === "header") {
          // Header values are bytes a client may send: no line breaks (the HTTP layer refuses those).
          for (const value of oddStrings.filter(
            (odd) => ![..."\r\n\u0000"].some((breaking) => odd.includes(breaking)),
          )) {
            await send(method, url(), payload, {
              [parameter.name]: Buffer.from(value, "utf8").toString("latin1"),
            });
          }
        }
      }
      if (body !== null && typeof body === "object" && !Array.isArray(body)) {
        for (const key of Object.keys(body)) {
          for (const value of oddValues) await send(method, url(), JSON.stringify({ ...body, [key]: value }));
        }
      }
      if (payload !== undefined) {
        for (const value of oddValues) await send(method, url(), JSON.stringify(value));
        for (const broken of ['{"a":', "\u0000", '{"a":1}{"b":2}', "[".repeat(10_000)])
          await send(method, url(), broken);
      }
    }
  }
}, 120_000);
afterAll(() => test.close());

describe("odd input on every documented route", () => {
  it("is answered with a catalog error or success, never a 500", () => {
    expect(answers.checked).toBeGreaterThan(3_000);
    expect(answers.problems).toEqual([]);
  });

  it("loses nothing that was accepted before", async () => {
    // The grade may have been reviewed meanwhile (a valid PATCH among the requests): it is still there,
    // with its audit record, and so is its rubric.
    const { id } = gradeBefore as { id: string };
    const grade = await test.app.inject({ method: "GET", url: `/v1/grades/${id}`, headers: auth });
    expect(grade.statusCode).toBe(200);
    expect(grade.json()).toMatchObject({ id, rubricId: scienceRubric.id });
    const audit = await test.app.inject({ method: "GET", url: `/v1/grades/${id}/audit`, headers: auth });
    expect(audit.statusCode).toBe(200);
    const rubric = await test.app.inject({
      method: "GET",
      url: `/v1/rubrics/${scienceRubric.id}`,
      headers: auth,
    });
    expect(rubric.statusCode).toBe(200);
  });
});
