import { afterEach, expect, it } from "vitest";
import { csvFilePart, multipartBody } from "../helpers/multipart-body.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A header cell left blank (`answer,,student_id`, or a trailing delimiter) is refused naming its column
 * instead of being quoted as an unknown column `""`. A student named on several rows is not an error: a
 * job may hold a student's attempts, or answers to several questions marked with one rubric.
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

type ErrorBody = { error: { code: string; message: string } };

it("grades each answer of a student named on several rows or answers (attempts, several questions)", async () => {
  test = await buildTestAppWithRubric();
  const csv = await upload("answer,student_id\nLight.,s1\nWater.,s2\n\nSugar.,s1\nAir.,\n");
  expect(csv.statusCode, csv.body).toBe(202);
  expect(csv.json<{ total: number }>().total).toBe(4);
  const json = await test.app.inject({
    method: "POST",
    url: "/v1/jobs",
    payload: {
      rubricId: scienceRubric.id,
      answers: [
        { answer: "Light.", studentId: "s1" },
        { answer: "Water.", studentId: "s2" },
        { answer: "Sugar.", studentId: "s1" },
      ],
    },
  });
  expect(json.statusCode, json.body).toBe(202);
  expect(json.json<{ total: number }>().total).toBe(3);
});

it("refuses a blank header cell, naming its column", async () => {
  test = await buildTestAppWithRubric();
  for (const [csv, column] of [
    ["answer,,student_id\nLight.,,s1\n", 2],
    ["answer,student_id,\nLight.,s1,\n", 3],
    ["answer;\u200b ;student_id\nLight.;;s1\n", 2],
  ] as const) {
    const response = await upload(csv);
    expect(response.statusCode, csv).toBe(400);
    expect(response.json<ErrorBody>().error.message).toBe(
      `file: row 1 (header) column ${column} has no name: name it or delete the column; the columns are answer, student_id, submission_id`,
    );
  }
});
