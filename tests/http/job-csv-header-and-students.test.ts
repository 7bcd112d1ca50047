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

it("reads the id columns as a spreadsheet or an LMS export heads them: Student ID, student-id, studentId", async () => {
  // Regression: "Student ID" was refused as a column the service does not take.
  test = await buildTestAppWithRubric();
  for (const header of [
    "Answer,Student ID,Submission ID",
    "answer;student-id;submission-id",
    "answer\tStudentId\tsubmissionId",
    "ANSWER,STUDENT.ID,SUBMISSION_ID",
  ]) {
    const delimiter = header.includes(";") ? ";" : header.includes("\t") ? "\t" : ",";
    const response = await upload(`${header}\n${["Light.", "s-1", "sub-1"].join(delimiter)}\n`);
    expect(response.statusCode, `${header}: ${response.body}`).toBe(202);
    const { id } = response.json<{ id: string }>();
    const items = await test.app.inject({ method: "GET", url: `/v1/jobs/${id}/results` });
    expect(items.json<{ items: { studentId: string; submissionId: string }[] }>().items[0]).toMatchObject({
      studentId: "s-1",
      submissionId: "sub-1",
    });
  }
  // Two spellings of one column are one column named twice.
  const twice = await upload("answer,student_id,Student ID\nLight.,s-1,s-2\n");
  expect(twice.statusCode).toBe(400);
  expect(twice.json<ErrorBody>().error.message).toContain('names "student_id" twice');
});
