import { afterEach, expect, it } from "vitest";
import { csvFilePart, multipartBody } from "../helpers/multipart-body.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A CSV header may be as long as a row (80 KB): one of 12,000 unknown columns was checked by searching
 * every column from the start (quadratic) and refused with every column quoted (about 100 KB). It names the
 * first 10 and counts the rest.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

function upload(csv: string) {
  const { payload, headers } = multipartBody([csvFilePart(csv)]);
  return test!.app.inject({ method: "POST", url: `/v1/jobs?rubricId=${scienceRubric.id}`, headers, payload });
}

it("names the first 10 unknown columns of a header and counts the rest", async () => {
  test = await buildTestAppWithRubric();
  const names = Array.from({ length: 12_000 }, (_, index) => `c${index}`);
  const response = await upload(`answer,${names.join(",")}\nLight.\n`);
  expect(response.statusCode).toBe(400);
  expect(response.body.length).toBeLessThan(2_000);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe("invalid_request");
  expect(error.message).toBe(
    `file: row 1 (header) has columns this service does not take: ${names
      .slice(0, 10)
      .map((name) => `"${name}"`)
      .join(", ")} and 11990 more; the columns are answer, student_id, submission_id`,
  );
});

it("still names a column given twice", async () => {
  test = await buildTestAppWithRubric();
  const response = await upload(`answer,student_id,answer\nLight.,s1,Water.\n`);
  expect(response.statusCode).toBe(400);
  expect(response.json<{ error: { message: string } }>().error.message).toBe(
    'file: row 1 (header) names "answer" twice; the columns are answer, student_id, submission_id',
  );
});
