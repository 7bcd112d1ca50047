import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, fastRunnerTimings, startRunners } from "../helpers/integration-fixtures.js";
import { answerChecker } from "../helpers/odd-input.js";
import { csvFilePart, filePart, multipartBody } from "../helpers/multipart-body.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Answer files a teacher's spreadsheet, an LMS export or a careless script produces, built at random
 * (a fixed seed) from odd pieces: delimiters mixed, quotes unbalanced or doubled, CR, LF and CRLF, a BOM,
 * NUL, invisible and bidi characters, invalid UTF-8, UTF-16, empty rows and cells, extra and duplicate
 * columns, very long cells. Each upload is refused with a catalog error or taken, never a 500; each job
 * taken runs to its end, and its results read back without a 500.
 */
const apiKey = "odd-job-key-0123456789abcdef";
const uploads = 300;

/** Mulberry32: a small seeded generator, so a failure is reproducible. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(48);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const headers = [
  "answer",
  "student_id",
  "submission_id",
  "Answer",
  " answer ",
  "\ufeffanswer",
  "answer\u200b",
  "",
  "notes",
  "answer",
];
const cells = [
  "Light and water make glucose.",
  "",
  " ",
  '"quoted, with comma"',
  '"unbalanced',
  'in"side',
  '""',
  '"a ""doubled"" quote"',
  "\u0000",
  "\u202eevil",
  "\u200b",
  "😀",
  "x".repeat(20_000),
  "line\nbreak",
  "tab\there",
  "semi;colon",
  "s-1",
  "٣٤",
  '=HYPERLINK("http://evil")',
  "-1",
];
const lineEnds = ["\n", "\r\n", "\r", "\n\n"];
const delimiters = [",", ";", "\t", "|"];

function oddFile(): Buffer {
  const delimiter = pick(delimiters);
  const columns = 1 + Math.floor(random() * 4);
  const rows = [
    Array.from({ length: columns }, () => pick(headers)).join(random() < 0.8 ? delimiter : pick(delimiters)),
  ];
  const count = Math.floor(random() * 6);
  for (let row = 0; row < count; row++) {
    const width = random() < 0.7 ? columns : 1 + Math.floor(random() * 5);
    rows.push(Array.from({ length: width }, () => pick(cells)).join(delimiter));
  }
  const text =
    (random() < 0.1 ? "\ufeff" : "") + rows.join(pick(lineEnds)) + (random() < 0.5 ? pick(lineEnds) : "");
  const encoding = random();
  if (encoding < 0.05) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  if (encoding < 0.1) return Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0xc3, 0x28, 0xff])]);
  if (encoding < 0.15) return Buffer.from(text, "latin1");
  return Buffer.from(text, "utf8");
}

let test: TestApp;
const answers = answerChecker();
const jobIds: string[] = [];
const auth = { authorization: `Bearer ${apiKey}` };

beforeAll(async () => {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "light" }),
  });
  test = await buildTestAppWithRubric({
    env: { GRADER_API_KEYS: apiKey },
    dependencies: { model, ...fastRunnerTimings },
  });
  startRunners(test);
  for (let index = 0; index < uploads; index++) {
    const file = oddFile();
    const part = random() < 0.8 ? { ...csvFilePart(""), body: file } : filePart("file", "answers.txt", file);
    const { payload, headers: multipartHeaders } = multipartBody([part]);
    const response = await test.app.inject({
      method: "POST",
      url: `/v1/jobs?rubricId=${scienceRubric.id}`,
      headers: { ...auth, ...multipartHeaders },
      payload,
    });
    answers.check(`upload ${index}: ${JSON.stringify(file.toString("latin1").slice(0, 160))}`, response);
    if (response.statusCode === 202) jobIds.push(response.json<{ id: string }>().id);
  }
}, 120_000);
afterAll(() => test.close());

describe("odd answer files", () => {
  it("are refused with a catalog error or taken, never a 500", () => {
    expect(answers.problems).toEqual([]);
    // Both kinds are met: files refused and files taken.
    expect(jobIds.length).toBeGreaterThan(10);
    expect(jobIds.length).toBeLessThan(uploads);
  });

  it("run to their end when taken, and their results read back", { timeout: 120_000 }, async () => {
    for (const id of jobIds) {
      await eventually(async () => {
        const job = await test.app.inject({ method: "GET", url: `/v1/jobs/${id}`, headers: auth });
        expect(job.statusCode).toBe(200);
        expect(job.json<{ status: string }>().status).toBe("completed");
      }, 60_000);
      for (const accept of ["application/json", "text/csv"]) {
        const results = await test.app.inject({
          method: "GET",
          url: `/v1/jobs/${id}/results`,
          headers: { ...auth, accept },
        });
        answers.check(`results of ${id} as ${accept}`, results);
      }
    }
    expect(answers.problems).toEqual([]);
  });
});
