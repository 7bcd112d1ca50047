import { afterEach, expect, it } from "vitest";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A class file that names one student twice (two sheets pasted together, a row copied by hand) was taken
 * whole: the student got two grades and the teacher no word of it. It is refused, naming the student and
 * both rows, and nothing of it is kept. A header cell left blank (`answer,,student_id`, or a trailing
 * delimiter) is refused naming its column instead of being quoted as an unknown column `""`.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

function upload(csv: string) {
  const boundary = "----grader-duplicates-boundary";
  return test!.app.inject({
    method: "POST",
    url: `/v1/jobs?rubricId=${scienceRubric.id}`,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="answers.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    ),
  });
}

type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

it("refuses a student named on two rows, naming the student and both rows, and keeps nothing", async () => {
  test = await buildTestAppWithRubric();
  const response = await upload("answer,student_id\nLight.,s1\nWater.,s2\n\nSugar.,s1\n");
  expect(response.statusCode).toBe(400);
  const { error } = response.json<ErrorBody>();
  expect(error.code).toBe("invalid_request");
  expect(error.message).toBe('row 5: student_id "s1" is also on row 2; a student has one row in a job');
  expect(error.details).toEqual([
    { path: "row 5.student_id", message: '"s1" is also on row 2; a student has one row in a job' },
  ]);
  expect(
    (await test.app.inject({ method: "GET", url: "/v1/jobs" })).json<{ jobs: unknown[] }>().jobs,
  ).toEqual([]);
});

it("takes rows without a student_id, and different students, as before", async () => {
  test = await buildTestAppWithRubric();
  const response = await upload("answer,student_id\nLight.,\nWater.,s1\nSugar.,\nAir.,s2\n");
  expect(response.statusCode, response.body).toBe(202);
  expect(response.json<{ total: number }>().total).toBe(4);
});

it("refuses a JSON job that names one student twice, naming both answers", async () => {
  test = await buildTestAppWithRubric();
  const response = await test.app.inject({
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
  expect(response.statusCode).toBe(400);
  const { error } = response.json<ErrorBody>();
  expect(error.message).toBe(
    'answers[2].studentId: "s1" is also on answers[0]; a student has one answer in a job',
  );
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
