import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { itemIdempotencyKey } from "../../src/grading/jobs.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Batch jobs on the embedded queue (issue 8, points 1–5): a JSON or CSV upload is checked as a whole
 * and stored before the 202; each item becomes an ordinary grade exactly once; progress is readable,
 * streamed and exported; failures are retried, then kept with their reason and retryable by hand.
 */

const bootstrapKey = "bootstrap-key-for-job-tests-0123456789";
let test: TestApp;
let model: ScriptedModel;

afterEach(async () => {
  await test?.close();
});

async function start(env: Record<string, string> = {}, fallback?: ScriptedModel["fallback"]) {
  model = createScriptedModel({
    fallback: fallback ?? allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestApp({
    env: { GRADER_API_KEYS: bootstrapKey, ...env },
    dependencies: { model, jobTimings: { idlePollMs: 20, baseBackoffMs: 5 } },
  });
  const upload = await call("POST", "/v1/rubrics", scienceRubric);
  expect(upload.statusCode).toBe(201);
}

type Method = "GET" | "POST" | "DELETE";
function call(
  method: Method,
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
  key = bootstrapKey,
) {
  return test.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload ? { payload } : {}),
  });
}

function uploadCsv(csv: string | Buffer, query = `rubricId=${scienceRubric.id}`) {
  const boundary = "----grader-test-boundary";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="answers.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return test.app.inject({
    method: "POST",
    url: `/v1/jobs?${query}`,
    headers: {
      authorization: `Bearer ${bootstrapKey}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([head, Buffer.isBuffer(csv) ? csv : Buffer.from(csv, "utf8"), tail]),
  });
}

async function waitForJob(id: string, status = "completed") {
  let job: Record<string, unknown> = {};
  await vi.waitFor(
    async () => {
      job = (await call("GET", `/v1/jobs/${id}`)).json();
      expect(job.status).toBe(status);
      expect((job.counts as { pending: number }).pending).toBe(0);
    },
    { timeout: 30_000, interval: 20 },
  );
  return job as { id: string; status: string; counts: Record<string, number> };
}

async function waitForJobStatus(id: string, status: string) {
  await vi.waitFor(async () => expect((await call("GET", `/v1/jobs/${id}`)).json().status).toBe(status), {
    timeout: 30_000,
    interval: 20,
  });
}

/**
 * Makes every model call wait until the returned function is called, so a job stays running (its
 * event stream open) for as long as a test needs.
 */
function holdModelCalls(): () => void {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  model.fallback = async () => {
    await gate;
    return allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "glucose" });
  };
  return release;
}

/**
 * Opens a job's event stream over real HTTP with `key`: inject would answer only once the stream ended,
 * and these tests read it while the job runs.
 */
async function openJobEvents(jobId: string, key: string = bootstrapKey): Promise<Response> {
  const origin = await test.app.listen({ port: 0, host: "127.0.0.1" });
  return fetch(`${origin}/v1/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${key}` } });
}

const answers = [
  { answer: "Light, water and carbon dioxide make glucose.", studentId: "s-1", submissionId: "sub-1" },
  { answer: "Plants make glucose and oxygen from light.", studentId: "s-2", submissionId: "sub-2" },
  { answer: "Water and glucose.", studentId: "s-3", submissionId: "sub-3" },
];

describe("POST /v1/jobs with JSON", () => {
  it("stores every item before the 202, then grades each once as an ordinary grade", async () => {
    await start();
    const created = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers });
    expect(created.statusCode).toBe(202);
    const job = created.json();
    expect(job).toMatchObject({ status: "queued", total: 3, rubricId: scienceRubric.id });
    expect(created.headers.location).toBe(`/v1/jobs/${job.id}`);
    // Nothing runs yet (no worker started): the items are already in the database.
    const stored = await test.storage.jobsFor("default").results(job.id, 0, 10);
    expect(stored.map((item) => [item.seq, item.state, item.studentId])).toEqual([
      [1, "queued", "s-1"],
      [2, "queued", "s-2"],
      [3, "queued", "s-3"],
    ]);
    expect(model.calls).toHaveLength(0);

    test.runtime.jobRunner.start();
    const done = await waitForJob(job.id);
    expect(done.counts).toEqual({ total: 3, graded: 3, needsReview: 0, failed: 0, cancelled: 0, pending: 0 });
    expect(model.calls).toHaveLength(3);
    expect(model.calls.every((modelCall) => modelCall.priority === "batch")).toBe(true);

    const results = (await call("GET", `/v1/jobs/${job.id}/results`)).json();
    expect(results.next).toBeNull();
    expect(results.items.map((item: { seq: number; state: string }) => [item.seq, item.state])).toEqual([
      [1, "graded"],
      [2, "graded"],
      [3, "graded"],
    ]);
    // Ordinary grades: listed, filtered by submission, with the job's rubric version.
    for (const [index, item] of results.items.entries()) {
      expect(item.grade).toMatchObject({
        id: item.gradeId,
        studentId: answers[index]!.studentId,
        submissionId: answers[index]!.submissionId,
        rubricVersion: job.rubricVersion,
        totalPoints: 3,
      });
      const listed = (await call("GET", `/v1/grades?submissionId=${answers[index]!.submissionId}`)).json();
      expect(listed.grades.map((grade: { id: string }) => grade.id)).toEqual([item.gradeId]);
    }
    const audit = (await call("GET", `/v1/grades/${results.items[1].gradeId}/audit`)).json();
    expect(audit.answer).toBe(answers[1]!.answer);
  });

  it("pins the rubric version current at creation, even when a new version is uploaded meanwhile", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    const changed = { ...scienceRubric, title: "Photosynthesis, second version" };
    expect((await call("POST", "/v1/rubrics", changed)).statusCode).toBe(201);
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    const results = (await call("GET", `/v1/jobs/${created.id}/results`)).json();
    for (const item of results.items) {
      expect(item.grade.rubricVersion).toBe(created.rubricVersion);
      expect(item.grade.outdated).toBe(true);
    }
  });

  it("sends answers that need review to the review queue and counts them", async () => {
    await start({}, (modelCall) =>
      (modelCall.variables.answer ?? "").includes("unusable") ||
      JSON.stringify(modelCall.variables).includes("unusable")
        ? "this is not JSON"
        : allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    );
    const created = (
      await call("POST", "/v1/jobs", {
        rubricId: scienceRubric.id,
        answers: [{ answer: "glucose from light" }, { answer: "an unusable reply follows" }],
      })
    ).json();
    test.runtime.jobRunner.start();
    const done = await waitForJob(created.id);
    expect(done.counts).toMatchObject({ graded: 1, needsReview: 1, failed: 0 });
    const queue = (await call("GET", "/v1/review-queue")).json();
    const results = (await call("GET", `/v1/jobs/${created.id}/results`)).json();
    const pending = results.items.find((item: { state: string }) => item.state === "needs_review");
    expect(queue.entries.map((entry: { firstGradeId: string }) => entry.firstGradeId)).toContain(
      pending.gradeId,
    );
  });

  it("rejects the whole upload when one answer is bad, naming it, and keeps nothing of it", async () => {
    await start({ GRADER_MAX_ANSWER_CHARS: "50" });
    const tooLong = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: "fine" }, { answer: "x".repeat(51) }, { answer: "fine too" }],
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe("answer_too_long");
    // Named as a validation error names the field: it said `answers[1]` and `answers[1].answer`.
    expect(tooLong.json().error.message).toMatch(/^body\.answers\[1\]\.answer: is 51 characters long/);
    expect(tooLong.json().error.details[0].path).toBe("body.answers[1].answer");
    const empty = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: [] });
    expect(empty.statusCode).toBe(400);
    const unknownField = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: "a", student: "typo" }],
    });
    expect(unknownField.statusCode).toBe(400);
    // One way to name a place in every error: `body.answers[0]`, as the answer checks say it.
    expect(unknownField.json().error.details[0].path).toBe("body.answers[0].student");
    const unknownRubric = await call("POST", "/v1/jobs", { rubricId: "no-such-rubric", answers });
    expect(unknownRubric.statusCode).toBe(404);
    expect(unknownRubric.json().error.code).toBe("rubric_not_found");
    // Nothing of the refused uploads exists.
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);
    expect(await test.storage.jobQueue.nextDueAt()).toBeUndefined();
  });
});

describe("POST /v1/jobs with a CSV file", () => {
  it("reads a header, a BOM, CRLF lines and quoted fields spanning lines, in order", async () => {
    await start();
    const csv =
      "\ufeffstudent_id,answer,submission_id\r\n" +
      's-1,"Light and water,\r\nthen ""glucose"".",sub-1\r\n' +
      "s-2,Plants make glucose.,\r\n" +
      "\r\n" +
      ",Carbon dioxide and glucose.,sub-3\r\n";
    const created = await uploadCsv(csv);
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json()).toMatchObject({ status: "queued", total: 3 });
    test.runtime.jobRunner.start();
    await waitForJob(created.json().id);
    const results = (await call("GET", `/v1/jobs/${created.json().id}/results`)).json();
    expect(
      results.items.map((item: { seq: number; studentId: string | null; submissionId: string | null }) => [
        item.seq,
        item.studentId,
        item.submissionId,
      ]),
    ).toEqual([
      [1, "s-1", "sub-1"],
      [2, "s-2", null],
      [3, null, "sub-3"],
    ]);
    const audit = (await call("GET", `/v1/grades/${results.items[0].gradeId}/audit`)).json();
    expect(audit.answer).toBe('Light and water,\r\nthen "glucose".');
  });

  it("reads the semicolons or tabs a spreadsheet in another language saves, as its header shows", async () => {
    // Regression: a class list saved by German or French Excel ("student_id;answer") was refused with 400
    // "row 1 (header) has no `answer` column", although a Canvas rubric file saved so is read.
    await start();
    const files = [
      '\ufeffstudent_id;answer\r\ns-1;"Light, water; then ""glucose""."\r\ns-2;Plants make glucose, 2 of them',
      "student_id\tanswer\ns-1\tLight, water; then glucose.\ns-2\tPlants make glucose, 2 of them\n",
      // One column has no delimiter to show: semicolons in its answers stay in them.
      "answer\nLight; water; then glucose.\n",
    ];
    const answersOf = async (csv: string) => {
      const created = await uploadCsv(csv);
      expect(created.statusCode, created.body).toBe(202);
      const jobId = created.json().id;
      test.runtime.jobRunner.start();
      await waitForJob(jobId);
      const results = (await call("GET", `/v1/jobs/${jobId}/results`)).json();
      const audits = await Promise.all(
        results.items.map((item: { gradeId: string }) => call("GET", `/v1/grades/${item.gradeId}/audit`)),
      );
      return results.items.map((item: { studentId: string | null }, index: number) => [
        item.studentId,
        audits[index]!.json().answer,
      ]);
    };
    expect(await answersOf(files[0]!)).toEqual([
      ["s-1", 'Light, water; then "glucose".'],
      ["s-2", "Plants make glucose, 2 of them"],
    ]);
    expect(await answersOf(files[1]!)).toEqual([
      ["s-1", "Light, water; then glucose."],
      ["s-2", "Plants make glucose, 2 of them"],
    ]);
    expect(await answersOf(files[2]!)).toEqual([[null, "Light; water; then glucose."]]);
  });

  it('reads a spreadsheet\'s "Unicode text": UTF-16 with a byte order mark, tab-separated', async () => {
    // Regression: refused with 400 "file: is not valid UTF-8 (near byte 0): save the CSV as UTF-8".
    await start();
    const text = "student_id\tanswer\r\nJosé\tLight and water make glucose 🌱.\r\n";
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const bigEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]).swap16();
    for (const file of [littleEndian, bigEndian]) {
      const created = await uploadCsv(file);
      expect(created.statusCode, created.body).toBe(202);
      test.runtime.jobRunner.start();
      await waitForJob(created.json().id);
      const [item] = (await call("GET", `/v1/jobs/${created.json().id}/results`)).json().items;
      expect(item.studentId).toBe("José");
      const audit = (await call("GET", `/v1/grades/${item.gradeId}/audit`)).json();
      expect(audit.answer).toBe("Light and water make glucose 🌱.");
    }
    // An unpaired surrogate is not UTF-16 text: refused, naming the file, nothing kept.
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("answer\nx", "utf16le"),
      Buffer.from([0x00, 0xd8]),
    ]);
    const refused = await uploadCsv(broken);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({
      path: "file",
      message: expect.stringContaining("UTF-16"),
    });
  });

  it("skips rows of empty cells as it skips blank lines, numbering the rows after them as a spreadsheet does", async () => {
    await start();
    // Regression: ",," (what a spreadsheet saves for rows left empty) became an item graded 0 for no one.
    const created = await uploadCsv(
      "answer,student_id\nPlants make glucose.,s-1\n,\n , \nGlucose.,s-2\n,\n,\n",
    );
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json()).toMatchObject({ total: 2 });
    test.runtime.jobRunner.start();
    await waitForJob(created.json().id);
    const results = (await call("GET", `/v1/jobs/${created.json().id}/results`)).json();
    expect(results.items.map((item: { studentId: string | null }) => item.studentId)).toEqual(["s-1", "s-2"]);
    // A bad row after empty ones is named by its row in the spreadsheet.
    const bad = await uploadCsv("answer,student_id\nfine,s1\n,\n,\nfine,..\n");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/row 5: student_id cannot be/);
  });

  it("stores ids in their composed Unicode form, as the JSON form and POST /v1/grade do", async () => {
    // Regression: a spreadsheet saved "Jose\u0301" (e and a combining accent), stored as sent, so the
    // student's export and erasure under "José" never reached these items or their grades.
    await start();
    const csv = "answer,student_id,submission_id\nPlants make glucose.,Jose\u0301,Rene\u0301e-1\n";
    const fromCsv = await uploadCsv(csv);
    expect(fromCsv.statusCode, fromCsv.body).toBe(202);
    const fromJson = await call("POST", "/v1/jobs", {
      rubricId: scienceRubric.id,
      answers: [{ answer: "Plants make glucose.", studentId: "Jose\u0301", submissionId: "Rene\u0301e-1" }],
    });
    expect(fromJson.statusCode, fromJson.body).toBe(202);
    for (const job of [fromCsv, fromJson]) {
      const results = (await call("GET", `/v1/jobs/${job.json().id}/results`)).json();
      expect(results.items).toEqual([
        expect.objectContaining({ studentId: "Jos\u00e9", submissionId: "Ren\u00e9e-1" }),
      ]);
    }
  });

  it("ends rows at CRLF, LF or CR mixed in one file, keeping quoted line breaks as written", async () => {
    // Regression: the parser took the first row's line ending for the whole file. After a CRLF header,
    // LF rows were one record (three students' answers graded as one); after an LF header, CRLF rows
    // kept the CR in their last cell (student ids stored as "s-1\r").
    await start();
    const audited = async (jobId: string) => {
      await waitForJob(jobId);
      const { items } = (await call("GET", `/v1/jobs/${jobId}/results`)).json<{
        items: { studentId: string | null; gradeId: string }[];
      }>();
      return Promise.all(
        items.map(async (item) => {
          const audit = (await call("GET", `/v1/grades/${item.gradeId}/audit`)).json<{ answer: string }>();
          return [item.studentId, audit.answer];
        }),
      );
    };
    test.runtime.jobRunner.start();
    const mixed = await uploadCsv(
      "answer,student_id\r\n" +
        "Light makes glucose.,s-1\n" +
        "Water and light.,s-2\r\n" +
        "Carbon dioxide.,s-3\r" +
        '"Two\nlines\r\nkept",s-4\n',
    );
    expect(mixed.statusCode, mixed.body).toBe(202);
    expect(mixed.json().total).toBe(4);
    expect(await audited(mixed.json().id)).toEqual([
      ["s-1", "Light makes glucose."],
      ["s-2", "Water and light."],
      ["s-3", "Carbon dioxide."],
      ["s-4", "Two\nlines\r\nkept"],
    ]);
    const answerOnly = await uploadCsv("answer\r\nfirst answer\nsecond answer\nthird answer\n");
    expect(answerOnly.statusCode, answerOnly.body).toBe(202);
    expect(answerOnly.json().total).toBe(3);
    expect(await audited(answerOnly.json().id)).toEqual([
      [null, "first answer"],
      [null, "second answer"],
      [null, "third answer"],
    ]);
    const crlfRows = await uploadCsv("answer,student_id\nfirst answer,s-1\r\nsecond answer,s-2\r\n");
    expect(crlfRows.statusCode, crlfRows.body).toBe(202);
    expect(await audited(crlfRows.json().id)).toEqual([
      ["s-1", "first answer"],
      ["s-2", "second answer"],
    ]);
  });

  it("names the offset of the first byte that is not UTF-8 in the whole file, not of its chunk", async () => {
    // Regression: the offset was where the chunk holding the bad byte began.
    await start();
    // Rows of answers within GRADER_MAX_ANSWER_CHARS, spanning several chunks.
    const head = Buffer.from("answer\n" + `${"é".repeat(15_000)}\n`.repeat(4), "utf8");
    const badFile = Buffer.concat([head, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]);
    const refused = await uploadCsv(badFile);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe(
      `file: is not valid UTF-8 (near byte ${head.length + 3}): save the CSV as UTF-8`,
    );
    const cutShort = await uploadCsv(Buffer.concat([head, Buffer.from([0x63, 0xe2, 0x82])]));
    expect(cutShort.statusCode).toBe(400);
    expect(cutShort.json().error.message).toMatch(`(at byte ${head.length + 1})`);
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);
  });

  it("reads header names as a reader sees them: any case, spaces, invisible and fullwidth characters", async () => {
    // Regression: "answer\u200b" (a zero-width space pasted from a web page) was "no `answer` column", though
    // a BOM, spaces and capitals were already read past; the message did not show what the header held.
    await start();
    const created = await uploadCsv(
      "Answer\u200b,\u00a0Student_ID\u2060,ｓｕｂｍｉｓｓｉｏｎ＿ｉｄ\nPlants make glucose.,s-1,sub-1\n",
    );
    expect(created.statusCode, created.body).toBe(202);
    const results = (await call("GET", `/v1/jobs/${created.json().id}/results`)).json();
    expect(results.items[0]).toMatchObject({ studentId: "s-1", submissionId: "sub-1" });
    const misspelt = await uploadCsv("ansewr\u200b,student_id\nfine,s1\n");
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json().error.message).toBe(
      'file: row 1 (header) has no `answer` column (it has "ansewr\\u200b", "student_id"); the columns are answer, student_id, submission_id',
    );
  });

  it("names a quote inside an unquoted field as such", async () => {
    // Regression: csv-parse's INVALID_OPENING_QUOTE was answered "cannot be read as CSV".
    await start();
    const response = await uploadCsv('answer,student_id\nfine,s1\n5" of rain,s2\n');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(
      /^file: row 3 \(line 3\) has a quote inside an unquoted field: put the field in quotes/,
    );
  });

  it("names the row (the header is row 1) of a bad record and keeps nothing of the upload", async () => {
    await start({ GRADER_MAX_ANSWER_CHARS: "40" });
    const cases: [string | Buffer, number, RegExp][] = [
      ["answer\nfine\nfine\n" + "y".repeat(41) + "\n", 400, /^row 4\.answer: is 41 characters/],
      [
        "answer,student_id\nfine,s1\nfine,s2,extra\n",
        400,
        /row 3 \(line 3\) has a different number of fields/,
      ],
      ['answer\n"never closed\n', 400, /quoted field that is never closed/],
      ["student_id\ns1\n", 400, /row 1 \(header\) has no `answer` column/],
      ["answer,name\nfine,Ann\n", 400, /columns this service does not take: "name"/],
      [Buffer.from([0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x0a, 0xff, 0xfe, 0x0a]), 400, /not valid UTF-8/],
      ["answer\n", 400, /at least one answer/],
      [`answer,student_id\nfine,${"s".repeat(201)}\n`, 400, /row 2: student_id must be at most 200/],
      ["answer,student_id\nfine,s1\nfine,..\n", 400, /row 3: student_id cannot be "\." or "\.\."/],
      // Regression: control characters were stored, and came out raw in the results' CSV.
      [
        'answer,submission_id\nfine,s1\nfine,"s\u001b[31m-2"\n',
        400,
        /^row 3: submission_id cannot contain U\+001B \(a control character\)$/,
      ],
      // Blank lines are rows in a spreadsheet: the bad record is on row 5.
      ["answer,student_id\nfine,s1\n\n\nfine,..\n", 400, /row 5: student_id cannot be/],
      ["answer,student_id\nfine,s1\n\nfine,s2,extra\n", 400, /row 4 \(line 4\) has a different number/],
    ];
    for (const [csv, status, message] of cases) {
      const response = await uploadCsv(csv);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.message).toMatch(message);
    }
    const noRubric = await uploadCsv("answer\nfine\n", "");
    expect(noRubric.statusCode).toBe(400);
    expect(noRubric.json().error.message).toMatch(/querystring.rubricId/);
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);
  });

  it("refuses an upload with anything after its file (a second file: 413, a field: 400 naming it), keeping nothing", async () => {
    // Regression: only the first file was read, so a teacher who attached two class files got a job
    // that quietly held only the first one's answers.
    await start();
    const boundary = "----grader-two-parts";
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const file = (name: string, csv: string) =>
      part(`Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv`, csv);
    for (const [after, status, message] of [
      [
        file("class-b.csv", "answer\nsecond file, first answer\nsecond file, second answer\n"),
        413,
        /one file/,
      ],
      [
        part('Content-Disposition: form-data; name="note"', "period 2"),
        400,
        /^body\.note: is not a known field/,
      ],
    ] as const) {
      const response = await test.app.inject({
        method: "POST",
        url: `/v1/jobs?rubricId=${scienceRubric.id}`,
        headers: {
          authorization: `Bearer ${bootstrapKey}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
        },
        payload: `${file("class-a.csv", "answer\nfirst file answer\n")}${after}--${boundary}--\r\n`,
      });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.message).toMatch(message);
    }
    expect((await call("GET", "/v1/jobs")).json().jobs).toEqual([]);
  });

  it("streams results as CSV: one row per answer, a column per criterion, total, status, flags", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    const response = await call("GET", `/v1/jobs/${created.id}/results`, undefined, { accept: "text/csv" });
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = response.body.trim().split("\n");
    expect(lines[0]).toBe(
      "seq,student_id,submission_id,status,grade_id,points:inputs,points:outputs,total_points,max_points,flags,error_code,error_message",
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,s-1,sub-1,graded,grd_\w+,2,1,3,4,,,$/);
  });
});

describe("Idempotency-Key on POST /v1/jobs", () => {
  it("answers the same JSON with its keys in another order or other white space as a replay; a real difference conflicts", async () => {
    // Regression: a replayed body was compared as written, so a client re-serialising it got 422.
    await start();
    const send = (raw: string) =>
      test.app.inject({
        method: "POST",
        url: "/v1/jobs",
        payload: raw,
        headers: {
          authorization: `Bearer ${bootstrapKey}`,
          "content-type": "application/json",
          "idempotency-key": "reordered-7",
        },
      });
    const items = answers;
    const first = await send(JSON.stringify({ rubricId: scienceRubric.id, answers: items }));
    expect(first.statusCode, first.body).toBe(202);
    for (const raw of [
      JSON.stringify({
        answers: items.map(({ answer, studentId, submissionId }) => ({ submissionId, studentId, answer })),
        rubricId: scienceRubric.id,
      }),
      JSON.stringify({ rubricId: scienceRubric.id, answers: items }, null, "\t"),
    ]) {
      const again = await send(raw);
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json().id).toBe(first.json().id);
      expect(again.headers["idempotent-replayed"]).toBe("true");
    }
    // The order of the answers is part of the job: another order is another body.
    const reordered = await send(
      JSON.stringify({ rubricId: scienceRubric.id, answers: [...items].reverse() }),
    );
    expect(reordered.statusCode).toBe(422);
    expect(reordered.json().error.code).toBe("idempotency_key_reused");
    expect((await call("GET", "/v1/jobs")).json().jobs).toHaveLength(1);
  });

  it("answers a retried upload with the job the first one made; another body with the key is refused", async () => {
    await start();
    const body = { rubricId: scienceRubric.id, answers };
    const first = await call("POST", "/v1/jobs", body, { "idempotency-key": "upload-7" });
    const again = await call("POST", "/v1/jobs", body, { "idempotency-key": "upload-7" });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const other = await call(
      "POST",
      "/v1/jobs",
      { ...body, answers: answers.slice(1) },
      { "idempotency-key": "upload-7" },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe("idempotency_key_reused");
    expect((await call("GET", "/v1/jobs")).json().jobs).toHaveLength(1);
    // Keys are per API key: another key's "upload-7" is its own.
    const teacher = (await call("POST", "/v1/keys", { name: "t", role: "teacher" })).json().key as string;
    const theirs = await call("POST", "/v1/jobs", body, { "idempotency-key": "upload-7" }, teacher);
    expect(theirs.statusCode).toBe(202);
    expect(theirs.json().id).not.toBe(first.json().id);
    test.runtime.jobRunner.start();
    await waitForJob(first.json().id);
    await waitForJob(theirs.json().id);
    expect(model.calls).toHaveLength(3);
  });

  it("compares a retried CSV upload by its bytes", async () => {
    await start();
    const csv = "answer,student_id\nLight and water,s1\n";
    const upload = (text: string) => {
      const boundary = "----idem";
      return test.app.inject({
        method: "POST",
        url: `/v1/jobs?rubricId=${scienceRubric.id}`,
        headers: {
          authorization: `Bearer ${bootstrapKey}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "idempotency-key": "csv-1",
        },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`,
      });
    };
    const first = await upload(csv);
    const again = await upload(csv);
    expect(first.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const changed = await upload(`${csv}Glucose,s2\n`);
    expect(changed.statusCode).toBe(422);
    expect((await call("GET", "/v1/jobs")).json().jobs).toHaveLength(1);
  });
});

describe("progress", () => {
  it("streams item events with ids, and resumes after Last-Event-ID", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    const all = await call("GET", `/v1/jobs/${created.id}/events`);
    expect(all.headers["content-type"]).toMatch(/^text\/event-stream/);
    const events = parseEvents(all.body);
    expect(events[0]!.event).toBe("job");
    const items = events.filter((event) => event.event === "item");
    expect(items.map((event) => event.id)).toEqual(["1", "2", "3"]);
    expect(events.at(-1)).toMatchObject({ event: "end" });
    expect(JSON.parse(events.at(-1)!.data).status).toBe("completed");

    const resumed = parseEvents(
      (await call("GET", `/v1/jobs/${created.id}/events`, undefined, { "last-event-id": "2" })).body,
    );
    expect(resumed.filter((event) => event.event === "item").map((event) => event.id)).toEqual(["3"]);
    const bad = await call("GET", `/v1/jobs/${created.id}/events`, undefined, { "last-event-id": "abc" });
    expect(bad.statusCode).toBe(400);
  });

  it("answers HEAD on a job's events with the stream's headers alone, without waiting for the job", async () => {
    // Regression: HEAD ran the stream and held the request open, answering nothing, until the job ended.
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    const head = await test.app.inject({
      method: "HEAD",
      url: `/v1/jobs/${created.id}/events`,
      headers: { authorization: `Bearer ${bootstrapKey}` },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(head.body).toBe("");
    expect((await call("GET", `/v1/jobs/${created.id}`)).json().status).toBe("queued");
  });

  it("streams events while the job runs, ending when it completes", async () => {
    await start();
    const release = holdModelCalls();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    test.runtime.jobRunner.start();
    const response = await openJobEvents(created.id);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: job\n/);
    release();
    let text = first;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const events = parseEvents(text);
    expect(events.filter((event) => event.event === "item")).toHaveLength(3);
    expect(events.at(-1)!.event).toBe("end");
  });

  it("sends one item event per item a cancel ends, also when another process cancels, before the end", async () => {
    // Regression: cancelled items got no event, so a client following the stream saw the items that were
    // waiting never end.
    await start({ GRADER_MAX_IN_FLIGHT: "1" });
    const release = holdModelCalls();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    test.runtime.jobRunner.start();
    await waitForJobStatus(created.id, "running");
    const response = await openJobEvents(created.id);
    const reader = response.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^event: job\n/);

    // Another process on the same database (no worker of its own) cancels the job. It has the queue's
    // GRADER_MAX_IN_FLIGHT, as every process of one queue must (another value is refused at start).
    const other = await buildTestApp({
      env: { GRADER_API_KEYS: bootstrapKey, GRADER_MAX_IN_FLIGHT: "1" },
      storage: test.storage,
    });
    try {
      const cancelled = await other.app.inject({
        method: "DELETE",
        url: `/v1/jobs/${created.id}`,
        headers: { authorization: `Bearer ${bootstrapKey}` },
      });
      expect(cancelled.json()).toMatchObject({ status: "cancelled", counts: { cancelled: 2, pending: 1 } });
    } finally {
      await other.close();
    }
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const events = parseEvents(text);
    const items = events.filter((event) => event.event === "item");
    const ended = items.map((event) => JSON.parse(event.data) as { seq: number; state: string });
    expect(ended.map((item) => item.seq).sort()).toEqual([1, 2, 3]);
    expect(ended.filter((item) => item.state === "cancelled")).toHaveLength(2);
    expect(new Set(items.map((event) => event.id)).size).toBe(3);
    expect(events.at(-1)!.event).toBe("end");
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ counts: { cancelled: 2, graded: 1 } });

    // Read again from the start: the same three, once each.
    const replay = parseEvents((await call("GET", `/v1/jobs/${created.id}/events`)).body);
    expect(replay.filter((event) => event.event === "item").map((event) => event.id)).toEqual(
      items.map((event) => event.id).sort((a, b) => Number(a) - Number(b)),
    );
  });

  it("sends an item event for each item a student's erasure cancels", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    expect((await call("DELETE", "/v1/students/s-2")).statusCode).toBe(200);
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    const events = parseEvents((await call("GET", `/v1/jobs/${created.id}/events`)).body);
    const items = events
      .filter((event) => event.event === "item")
      .map((event) => ({ id: event.id, ...(JSON.parse(event.data) as { seq: number; state: string }) }));
    expect(items).toHaveLength(3);
    expect(items.find((item) => item.seq === 2)).toMatchObject({ id: "1", state: "cancelled" });
    expect(events.at(-1)!.event).toBe("end");
  });

  it("ends an open stream once its key is revoked, as its next request would be refused", async () => {
    // Regression: the stream checked the key when it opened only, so a revoked key kept receiving
    // the job's events (student ids, grade ids) for as long as the connection lasted.
    await start();
    const teacher = (await call("POST", "/v1/keys", { name: "Mr Jones", role: "teacher" })).json();
    // Never released: the job is still running when the key is revoked.
    holdModelCalls();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    test.runtime.jobRunner.start();
    const response = await openJobEvents(created.id, teacher.key);
    expect(response.status).toBe(200);
    expect((await call("DELETE", `/v1/keys/${teacher.id}`)).statusCode).toBe(204);
    const text = await Promise.race([
      response.text(),
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error("stream still open")), 8_000)),
    ]);
    const events = parseEvents(text);
    expect(events.at(-1)).toMatchObject({ event: "error" });
    expect(JSON.parse(events.at(-1)!.data).error.code).toBe("unauthorized");
  });
});

describe("cancel, failures and retries", () => {
  it("cancels what has not started; a completed job cannot be cancelled", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    const cancelled = await call("DELETE", `/v1/jobs/${created.id}`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", counts: { cancelled: 3, pending: 0 } });
    expect(cancelled.json().finishedAt).not.toBeNull();
    test.runtime.jobRunner.start();
    // Another job runs to the end; the cancelled one's items never reach the model.
    const other = (
      await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: [answers[0]] })
    ).json();
    await waitForJob(other.id);
    expect(model.calls).toHaveLength(1);
    expect((await call("DELETE", `/v1/jobs/${created.id}`)).json().status).toBe("cancelled");
    const finished = await call("DELETE", `/v1/jobs/${other.id}`);
    expect(finished.statusCode).toBe(409);
    expect(finished.json().error.code).toBe("job_finished");
  });

  it("retries a passing provider fault, ends failed with its reason after the last attempt, and retries by hand", async () => {
    await start({ GRADER_JOB_MAX_ATTEMPTS: "2" });
    let healthy = false;
    model.fallback = () => {
      if (!healthy)
        throw new AppError("provider_error", { message: "The model provider returned an error." });
      return allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" });
    };
    const created = (
      await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: [answers[0]] })
    ).json();
    test.runtime.jobRunner.start();
    const failed = await waitForJob(created.id);
    expect(failed.counts).toMatchObject({ failed: 1, graded: 0 });
    expect(model.calls).toHaveLength(2);
    const [item] = (await call("GET", `/v1/jobs/${created.id}/results`)).json().items;
    expect(item).toMatchObject({
      state: "failed",
      attempts: 2,
      gradeId: null,
      error: { code: "provider_error" },
    });

    // An item the job does not have is named, not "0 retried" (regression).
    const unknown = await call("POST", `/v1/jobs/${created.id}/retry`, { items: [1, 99] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([
      { path: "body.items[1]", message: `job "${created.id}" has items 1 to 1` },
    ]);
    // Many are counted past the first 100 (regression: 10,000 were each named, a 1.5 MB answer).
    const many = await call("POST", `/v1/jobs/${created.id}/retry`, {
      items: Array.from({ length: 10_000 }, (_, index) => index + 2),
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.details).toHaveLength(100);
    expect(many.json().error.message).toMatch(/; and 9900 more items the job does not have$/);
    expect(many.body.length).toBeLessThan(20_000);
    healthy = true;
    const retried = await call("POST", `/v1/jobs/${created.id}/retry`, {});
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ retried: 1, job: { status: "running", counts: { failed: 0 } } });
    const done = await waitForJob(created.id);
    expect(done.counts).toMatchObject({ graded: 1, failed: 0 });
  });

  it("waits out a rate-limited provider without using up attempts", async () => {
    await start({ GRADER_JOB_MAX_ATTEMPTS: "1" });
    let refusals = 3;
    model.fallback = () => {
      if (refusals-- > 0) throw new AppError("provider_unavailable", { message: "rate limited" });
      return allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" });
    };
    const created = (
      await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: [answers[0]] })
    ).json();
    test.runtime.jobRunner.start();
    const done = await waitForJob(created.id);
    expect(done.counts).toMatchObject({ graded: 1, failed: 0 });
    const [item] = (await call("GET", `/v1/jobs/${created.id}/results`)).json().items;
    expect(item.attempts).toBe(0);
  });

  it("fails items whose rubric was archived after the job was accepted, with the reason", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    expect((await call("POST", `/v1/rubrics/${scienceRubric.id}/archive`)).statusCode).toBe(204);
    test.runtime.jobRunner.start();
    const done = await waitForJob(created.id);
    expect(done.counts).toMatchObject({ failed: 3 });
    const results = (await call("GET", `/v1/jobs/${created.id}/results`)).json();
    expect(results.items[0].error.code).toBe("rubric_archived");
    expect(model.calls).toHaveLength(0);
  });

  it("retries a blank answer that failed: it is graded 0 by rule, without a model call", async () => {
    // Regression: an empty answer was taken for one retention had purged, so a blank item that failed
    // (here: its rubric was archived meanwhile) stayed failed for good and a retry answered "0 retried".
    await start();
    const created = (
      await call("POST", "/v1/jobs", {
        rubricId: scienceRubric.id,
        answers: [{ answer: "", studentId: "s-blank" }, answers[0]],
      })
    ).json();
    expect((await call("POST", `/v1/rubrics/${scienceRubric.id}/archive`)).statusCode).toBe(204);
    test.runtime.jobRunner.start();
    expect((await waitForJob(created.id)).counts).toMatchObject({ failed: 2 });
    expect((await call("POST", `/v1/rubrics/${scienceRubric.id}/unarchive`)).statusCode).toBe(204);

    const retried = await call("POST", `/v1/jobs/${created.id}/retry`, { items: [1] });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ retried: 1, purged: 0, job: { counts: { failed: 1 } } });
    const done = await waitForJob(created.id);
    expect(done.counts).toMatchObject({ failed: 1, pending: 0 });
    const [blank] = (await call("GET", `/v1/jobs/${created.id}/results`)).json().items;
    expect(blank).toMatchObject({ seq: 1, state: expect.not.stringMatching(/failed/), error: null });
    expect(blank.grade).toMatchObject({ gradedBy: "rule", totalPoints: 0 });
    expect(blank.grade.flags).toContain("blank");
    expect(model.calls).toHaveLength(0);
  });

  it("an item whose grade was stored before a crash is settled from it, without a model call", async () => {
    await start();
    const created = (
      await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers: [answers[0]] })
    ).json();
    // The grade was stored (its idempotency key completed) but the process died before settling.
    const scope = { tenantId: "default", role: "admin" as const, keyId: null, operator: false };
    const { grade } = await test.runtime.service.grade(
      scope,
      {
        rubricId: scienceRubric.id,
        rubricVersion: created.rubricVersion,
        answer: answers[0]!.answer,
        studentId: answers[0]!.studentId,
        submissionId: answers[0]!.submissionId,
        priority: "batch",
      },
      itemIdempotencyKey(created.id, 1),
    );
    expect(model.calls).toHaveLength(1);
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    expect(model.calls).toHaveLength(1);
    const [item] = (await call("GET", `/v1/jobs/${created.id}/results`)).json().items;
    expect(item.gradeId).toBe(grade.id);
  });
});

describe("students' data", () => {
  it("an erasure cancels the student's items not yet graded and removes their id and answer from the job", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    expect((await call("DELETE", "/v1/students/s-2")).statusCode).toBe(200);
    const job = (await call("GET", `/v1/jobs/${created.id}`)).json();
    expect(job.counts).toMatchObject({ cancelled: 1, pending: 2 });
    const [, erased] = await test.storage.jobsFor("default").results(created.id, 0, 10);
    expect(erased).toMatchObject({ seq: 2, state: "cancelled", studentId: null });
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    expect(model.calls).toHaveLength(2);
    expect(JSON.stringify(model.calls)).not.toContain(answers[1]!.answer);
    expect((await call("GET", "/v1/students/s-2/export")).json().grades).toEqual([]);
  });

  it("an export holds the student's answers that wait in a job, and not once they are graded", async () => {
    await start();
    const created = (await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers })).json();
    const before = (await call("GET", "/v1/students/s-3/export")).json();
    expect(before.pendingAnswers).toEqual([
      {
        source: "job",
        reference: `${created.id}/3`,
        state: "queued",
        submissionId: "sub-3",
        answer: answers[2]!.answer,
        receivedAt: expect.any(String),
      },
    ]);
    test.runtime.jobRunner.start();
    await waitForJob(created.id);
    const after = (await call("GET", "/v1/students/s-3/export")).json();
    expect(after.pendingAnswers).toEqual([]);
    expect(after.grades).toHaveLength(1);
  });
});

describe("who sees a job", () => {
  it("confines a service key to the jobs it created", async () => {
    await start();
    const makeKey = async (name: string) =>
      (await call("POST", "/v1/keys", { name, role: "service" })).json().key as string;
    const canvas = await makeKey("canvas");
    const moodle = await makeKey("moodle");
    const created = await call("POST", "/v1/jobs", { rubricId: scienceRubric.id, answers }, {}, canvas);
    expect(created.statusCode).toBe(202);
    const id = created.json().id;
    expect((await call("GET", `/v1/jobs/${id}`, undefined, {}, canvas)).statusCode).toBe(200);
    expect((await call("GET", `/v1/jobs/${id}`, undefined, {}, moodle)).statusCode).toBe(404);
    expect((await call("GET", `/v1/jobs/${id}/results`, undefined, {}, moodle)).statusCode).toBe(404);
    expect((await call("DELETE", `/v1/jobs/${id}`, undefined, {}, moodle)).statusCode).toBe(404);
    expect((await call("GET", "/v1/jobs", undefined, {}, moodle)).json().jobs).toEqual([]);
    expect((await call("GET", "/v1/jobs", undefined, {}, canvas)).json().jobs).toHaveLength(1);
    // The grades are the key's own, as with POST /v1/grade.
    test.runtime.jobRunner.start();
    await waitForJob(id);
    expect((await call("GET", "/v1/grades", undefined, {}, canvas)).json().grades).toHaveLength(3);
    expect((await call("GET", "/v1/grades", undefined, {}, moodle)).json().grades).toHaveLength(0);
  });
});

function parseEvents(text: string): { event?: string; id?: string; data: string }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const event: { event?: string; id?: string; data: string } = { data: "" };
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ");
        const value = rest.join(": ");
        if (field === "event") event.event = value;
        else if (field === "id") event.id = value;
        else if (field === "data") event.data += value;
      }
      return event;
    });
}
