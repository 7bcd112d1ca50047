import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerChecker, withOneFieldReplaced } from "../helpers/odd-input.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A teacher's rubric with odd values in each of its fields in turn (odd Unicode, wrong types, huge and
 * tiny numbers, nesting, `__proto__`, very long text): refused with `invalid_rubric` or another catalog
 * error naming the problem, or taken; and a rubric that was taken grades, lists, exports and shows its
 * versions without a 500.
 */
const apiKey = "odd-rubric-key-0123456789abcdef";

let test: TestApp;
const answers = answerChecker();
let uploads = 0;
let taken = 0;
let graded = 0;
const auth = { authorization: `Bearer ${apiKey}` };

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
  for (const [path, rubric] of withOneFieldReplaced(scienceRubric, 3)) {
    uploads++;
    // A new id for each upload, unless the id is the field made odd: each is a rubric of its own.
    const body =
      path === "id" || path.startsWith("id.") ? rubric : { ...(rubric as object), id: `odd-${++index}` };
    const upload = await call("POST", "/v1/rubrics", body);
    answers.check(`upload with ${path} odd`, upload);
    if (upload.statusCode !== 201) continue;
    taken++;
    const { id } = upload.json<{ id: string }>();
    const encoded = encodeURIComponent(id);
    const grade = await call("POST", "/v1/grade", { rubricId: id, answer: "Light and water." });
    answers.check(`grade with ${path} odd`, grade);
    if (grade.statusCode === 200 && grade.json<{ status: string }>().status === "graded") graded++;
    answers.check(`read with ${path} odd`, await call("GET", `/v1/rubrics/${encoded}`));
    answers.check(`versions with ${path} odd`, await call("GET", `/v1/rubrics/${encoded}/versions`));
    answers.check(
      `export with ${path} odd`,
      await call("GET", `/v1/rubrics/${encoded}/export?format=moodle-xml`),
    );
  }
  answers.check("list", await call("GET", "/v1/rubrics"));
}, 120_000);
afterAll(() => test.close());

describe("odd values in a rubric's fields", () => {
  it("are refused with a catalog error or taken, and a rubric taken is used without a 500", () => {
    expect(uploads).toBeGreaterThan(500);
    expect(taken).toBeGreaterThan(10);
    expect(graded).toBeGreaterThan(10);
    expect(answers.problems).toEqual([]);
  });
});
