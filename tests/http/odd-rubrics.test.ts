import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCatalog } from "../../src/grading/errors.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A teacher's rubric with odd values in each of its fields in turn (odd Unicode, wrong types, huge and
 * tiny numbers, nesting, `__proto__`, very long text): refused with `invalid_rubric` or another catalog
 * error naming the problem, or taken; and a rubric that was taken grades, lists, exports and shows its
 * versions without a 500.
 */
const apiKey = "odd-rubric-key-0123456789abcdef";
const oddValues: unknown[] = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\u202eevil",
  "\u200b",
  "😀".repeat(200),
  "x".repeat(70_000),
  "__proto__",
  "{answer}",
  "{{answer}}",
  "٣",
  "１２",
  "İ",
  "-1",
  null,
  true,
  0,
  -1,
  0.1,
  1.5,
  1e308,
  2 ** 53 + 1,
  [],
  {},
  [[[[[]]]]],
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

let test: TestApp;
const problems: string[] = [];
let uploads = 0;
let taken = 0;
let graded = 0;
const auth = { authorization: `Bearer ${apiKey}` };

function checkAnswer(where: string, response: { statusCode: number; body: string; json: () => unknown }) {
  if (response.statusCode >= 500 && response.statusCode !== 503) {
    problems.push(`${response.statusCode} for ${where}: ${response.body.slice(0, 200)}`);
    return;
  }
  if (response.statusCode < 400) return;
  let body: { error?: { code?: string; message?: string } };
  try {
    body = response.json() as typeof body;
  } catch {
    problems.push(`${response.statusCode} without a JSON body for ${where}`);
    return;
  }
  const code = body.error?.code;
  if (!code || !(code in errorCatalog) || !body.error?.message) {
    problems.push(
      `${response.statusCode} without a catalog error for ${where}: ${response.body.slice(0, 200)}`,
    );
  }
}

/** Every copy of `value` with one field (at any depth up to three) replaced by an odd value. */
function* variants(value: unknown, depth = 0): Generator<[string, unknown]> {
  if (value === null || typeof value !== "object" || depth > 3) return;
  const replaced = (key: string, inner: unknown) =>
    Array.isArray(value)
      ? value.map((item, index) => (String(index) === key ? inner : item))
      : { ...value, [key]: inner };
  for (const [key, inner] of Object.entries(value)) {
    for (const odd of oddValues) yield [key, replaced(key, odd)];
    for (const [path, changed] of variants(inner, depth + 1))
      yield [`${key}.${path}`, replaced(key, changed)];
  }
}

const call = (method: "GET" | "POST", url: string, payload?: unknown) =>
  test.app.inject({
    method,
    url,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

beforeAll(async () => {
  const model = createScriptedModel({
    fallback: (modelCall) => {
      // Full points on every criterion the rubric in the prompt has, whatever it is called.
      const ids = [...(modelCall.variables.rubric ?? "").matchAll(/<criterion id="([^"]*)"/g)].map(
        (match) => match[1]!,
      );
      return allCriteriaReply(Object.fromEntries(ids.map((id) => [id, 0])));
    },
  });
  test = await buildTestApp({ env: { GRADER_API_KEYS: apiKey }, dependencies: { model } });
  let index = 0;
  for (const [path, rubric] of variants(scienceRubric)) {
    uploads++;
    // A new id for each upload, unless the id is the field made odd: each is a rubric of its own.
    const body =
      path === "id" || path.startsWith("id.") ? rubric : { ...(rubric as object), id: `odd-${++index}` };
    const upload = await call("POST", "/v1/rubrics", body);
    checkAnswer(`upload with ${path} odd`, upload);
    if (upload.statusCode !== 201) continue;
    taken++;
    const { id } = upload.json<{ id: string }>();
    const encoded = encodeURIComponent(id);
    const grade = await call("POST", "/v1/grade", { rubricId: id, answer: "Light and water." });
    checkAnswer(`grade with ${path} odd`, grade);
    if (grade.statusCode === 200 && grade.json<{ status: string }>().status === "graded") graded++;
    checkAnswer(`read with ${path} odd`, await call("GET", `/v1/rubrics/${encoded}`));
    checkAnswer(`versions with ${path} odd`, await call("GET", `/v1/rubrics/${encoded}/versions`));
    checkAnswer(
      `export with ${path} odd`,
      await call("GET", `/v1/rubrics/${encoded}/export?format=moodle-xml`),
    );
  }
  checkAnswer("list", await call("GET", "/v1/rubrics"));
}, 120_000);
afterAll(() => test.close());

describe("odd values in a rubric's fields", () => {
  it("are refused with a catalog error or taken, and a rubric taken is used without a 500", () => {
    expect(uploads).toBeGreaterThan(500);
    expect(taken).toBeGreaterThan(10);
    expect(graded).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
