import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import {
  type ExportResult,
  type ImportOptions,
  type ImportResult,
  type InterchangeWarning,
} from "../grading/rubric-interchange.js";
import type { RubricDocument } from "../grading/rubric.js";
import { csvRowEndings } from "../lib/csv-row-endings.js";
import { columnName, quoteShown } from "../lib/code-points.js";
import { formulaLead, runsAsFormula } from "../lib/spreadsheet-cells.js";
import {
  criterionIds,
  decodeFile,
  fileError,
  formatPoints,
  maxBelowTopLevelWarning,
  mergeEqualPoints,
  missingOption,
  parseNumber,
  quote,
  rubricFieldWarnings,
  requireOptions,
  rubricHeader,
  splitFirstParagraph,
  toHalfPoints,
  unknownRubricName,
  type DraftLevel,
} from "./common.js";

/**
 * Canvas's rubric CSV, as Canvas's own importer reads it (lib/rubric_csv_importer.rb and
 * app/models/rubric_import.rb in instructure/canvas-lms): one header row, then one row per criterion.
 * Columns are found by their header: "Rubric Name", "Criteria Name", "Criteria Description",
 * "Criteria Enable Range", and repeated rating groups whose headers contain "Rating Name",
 * "Rating Description" and "Rating Points" (numbered or not: "Rating Name 2"). A rating's points may
 * use a decimal comma ("1,75"); a criterion is worth its highest rating.
 */

const formatName = "Canvas's rubric CSV";
const maxRows = 1_000;
const maxColumns = 200;
const fullMarks = "Full Marks";
const noMarks = "No Marks";

interface Columns {
  rubricName?: number;
  criteriaName?: number;
  criteriaDescription?: number;
  enableRange?: number;
  ratings: { name: number; description?: number; points: number; header: string; pointsHeader: string }[];
}

interface CsvRow {
  /** Spreadsheet row: 1 is the header. */
  row: number;
  /** The line of the file the row starts on. */
  line: number;
  cells: string[];
}

export function importCanvasCsv(input: Uint8Array | string, options: ImportOptions): ImportResult {
  requireOptions(options, formatName);
  const text = decodeFile(input);
  const rows = readRows(text);
  const header = rows[0];
  if (!header || header.cells.every((cell) => cell.trim() === "")) {
    throw fileError(
      "is empty: expected a header row (Rubric Name, Criteria Name, …) and a row per criterion",
    );
  }
  const warnings: InterchangeWarning[] = [];
  const columns = findColumns(header.cells, warnings);
  const dataRows = rows.slice(1).filter((row) => row.cells.some((cell) => cell.trim() !== ""));
  if (dataRows.length === 0) throw fileError("has a header but no criteria: add a row per criterion");
  refuseUnnamedColumns(header.cells, dataRows);

  const chosen = chooseRubric(dataRows, columns, options);
  warnings.push(...chosen.others);
  unguardCells(chosen.rows, header.cells, warnings);
  const fields = rubricHeader(options, chosen.name, formatName);
  const criteria = chosen.rows.map((row) => readCriterion(row, columns, header.cells.length, warnings));
  const ids = criterionIds(criteria.map((criterion) => criterion.title));
  const lines = chosen.rows.map((row) => row.line);
  return {
    document: { ...fields, criteria: criteria.map((criterion, index) => ({ id: ids[index], ...criterion })) },
    warnings,
    locate: (path) => {
      const line = path[0] === "criteria" && typeof path[1] === "number" ? lines[path[1]] : undefined;
      return line === undefined ? undefined : { line, column: 1 };
    },
  };
}

/**
 * A header cell left blank over cells that hold something (`Rating Points,,Rating Name`: a name deleted
 * by hand) is refused, naming the column and the first row that uses it: its cells were dropped without a
 * word. A column blank from header to last row (a spreadsheet's trailing delimiter) is no column, and is
 * read as before.
 */
function refuseUnnamedColumns(header: string[], rows: CsvRow[]): void {
  header.forEach((cell, index) => {
    if (columnName(cell) !== "") return;
    const used = rows.find((row) => (row.cells[index] ?? "").trim() !== "");
    if (used === undefined) return;
    throw fileError(
      `row 1 (header): column ${index + 1} has no name, but row ${used.row} has a value in it: name the column or delete it`,
      { line: 1 },
    );
  });
}

/** Removes the apostrophe export writes before a cell a spreadsheet would run as a formula, with a warning. */
function unguardCells(rows: CsvRow[], header: string[], warnings: InterchangeWarning[]): void {
  for (const row of rows) {
    row.cells = row.cells.map((cell, index) => {
      const unguarded = unguardFormula(cell);
      if (unguarded === undefined) return cell;
      warnings.push({
        path: `row ${row.row} ${quote(header[index]?.trim() || `column ${index + 1}`)}`,
        message: `starts with an apostrophe before ${quoteShown(formulaLead(unguarded.replace(/^'+/, "")))}, the guard against spreadsheet formulas: read without the apostrophe`,
      });
      return unguarded;
    });
  }
}

function readRows(text: string): CsvRow[] {
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      // Any of CRLF, LF and CR ends a row, as in job CSVs: guessed from the header, the LF rows after a
      // CRLF header were read as one criterion (refused for its points "2\nRubric 1"), and after an LF
      // header a CRLF row kept a CR in its last cell (a quoted one was refused as an invalid closing quote).
      record_delimiter: [...csvRowEndings],
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 256 * 1024,
      to: maxRows + 1,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const lines: unknown = error.lines;
      throw fileError(
        `is not valid CSV (${error.message.replace(/\s+/g, " ").slice(0, 300)})`,
        typeof lines === "number" ? { line: lines } : undefined,
      );
    }
    throw error;
  }
  if (records.length > maxRows) {
    throw fileError(`has more than ${maxRows} rows; a rubric has at most 30 criteria`);
  }
  let previousLastLine = 0;
  return records.map(({ record, info }, index) => {
    if (record.length > maxColumns) {
      throw fileError(`row ${index + 1} has ${record.length} cells; at most ${maxColumns} are read`, {
        line: previousLastLine + 1,
      });
    }
    const row = { row: index + 1, line: previousLastLine + 1, cells: record };
    previousLastLine = info.lines;
    return row;
  });
}

/**
 * Canvas writes and reads commas. A spreadsheet set to a language with decimal commas saves
 * semicolons, and "Unicode text" uses tabs: the header row tells which.
 */
function detectDelimiter(text: string): string {
  // The header ends at any row ending: a CR-only file is otherwise counted as one line.
  const headerLine = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  const counts = [",", ";", "\t"].map((delimiter) => ({
    delimiter,
    count: headerLine.split(delimiter).length - 1,
  }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].delimiter : ",";
}

function findColumns(header: string[], warnings: InterchangeWarning[]): Columns {
  const columns: Columns = { ratings: [] };
  const names: number[] = [];
  const descriptions: number[] = [];
  const points: number[] = [];
  header.forEach((cell, index) => {
    const name = columnName(cell);
    if (name === "rubric name") columns.rubricName = index;
    else if (name === "criteria name") columns.criteriaName = index;
    else if (name === "criteria description") columns.criteriaDescription = index;
    else if (name === "criteria enable range") columns.enableRange = index;
    // As Canvas matches them: by what the header contains, paired in order.
    else if (name.includes("rating name")) names.push(index);
    else if (name.includes("rating description")) descriptions.push(index);
    else if (name.includes("rating points")) points.push(index);
    else if (name !== "") {
      warnings.push({
        path: `header ${quote(cell)} (column ${index + 1})`,
        message:
          "is not a column of Canvas's rubric CSV (Canvas ignores it too; its CSV has no outcome, mastery or free-form comment columns): not imported",
      });
    }
  });
  if (columns.criteriaName === undefined) {
    throw fileError(
      'has no "Criteria Name" column: is this a Canvas rubric CSV? Its header is Rubric Name, Criteria Name, Criteria Description, Criteria Enable Range, then Rating Name, Rating Description, Rating Points for each rating',
      { line: 1 },
    );
  }
  if (names.length === 0 || names.length !== points.length) {
    throw fileError(
      `has ${names.length} "Rating Name" and ${points.length} "Rating Points" columns: each rating needs both`,
      { line: 1 },
    );
  }
  columns.ratings = names.map((name, index) => ({
    name,
    points: points[index]!,
    header: header[name]!.trim(),
    pointsHeader: header[points[index]!]!.trim(),
    ...(descriptions[index] !== undefined ? { description: descriptions[index] } : {}),
  }));
  return columns;
}

function chooseRubric(
  rows: CsvRow[],
  columns: Columns,
  options: ImportOptions,
): { name: string | undefined; rows: CsvRow[]; others: InterchangeWarning[] } {
  const written = (row: CsvRow) =>
    columns.rubricName === undefined ? "" : unguardedName(row.cells[columns.rubricName] ?? "");
  // Composed and decomposed accents ("é" and "e\u0301") look the same: they name the same rubric, which
  // keeps its name as its first row writes it.
  const nameOf = (row: CsvRow) => written(row).normalize("NFC");
  const names = [...new Set(rows.map(nameOf))];
  if (options.rubricName !== undefined) {
    const wanted = options.rubricName.normalize("NFC");
    const chosen = rows.filter((row) => nameOf(row) === wanted);
    if (chosen.length === 0) {
      throw unknownRubricName(
        `no rubric ${quote(options.rubricName)} in the file; it has ${names.map((name) => quote(name)).join(", ")}`,
      );
    }
    const others = names.filter((name) => name !== wanted);
    return {
      name: written(chosen[0]!),
      rows: chosen,
      others: others.map((name) => ({
        path: `"Rubric Name" ${quote(name)}`,
        message: "another rubric in the file: not imported (import it on its own, with its rubricName)",
      })),
    };
  }
  if (names.length > 1 && names.includes("")) {
    const row = rows.find((candidate) => nameOf(candidate) === "")!;
    throw fileError(
      `row ${row.row}: "Rubric Name" is empty while other rows name a rubric (Canvas refuses this too)`,
      {
        line: row.line,
      },
    );
  }
  if (names.length > 1) {
    throw missingOption(
      "rubricName",
      `the file holds ${names.length} rubrics (${names.map((name) => quote(name)).join(", ")}): say which one to import`,
    );
  }
  return { name: names[0] === "" ? undefined : written(rows[0]!), rows, others: [] };
}

interface DraftCriterion {
  title: string;
  description: string;
  maxPoints: number;
  levels?: { points: number; description: string }[];
}

function readCriterion(
  row: CsvRow,
  columns: Columns,
  headerWidth: number,
  warnings: InterchangeWarning[],
): DraftCriterion {
  const cell = (index: number | undefined) => (index === undefined ? "" : (row.cells[index] ?? ""));
  const where = (column: string) => `row ${row.row} ${quote(column)}`;
  const ratingWhere = (index: number, column: string) =>
    `row ${row.row} rating ${index + 1} ${quote(column)}`;
  const title = cell(columns.criteriaName).trim();
  if (title === "") {
    throw fileError(`row ${row.row}: "Criteria Name" is empty (Canvas refuses this too)`, { line: row.line });
  }
  if (row.cells.length > headerWidth && row.cells.slice(headerWidth).some((extra) => extra.trim() !== "")) {
    warnings.push({
      path: `row ${row.row}`,
      message: `has ${row.cells.length - headerWidth} cell(s) beyond the header's columns: not imported (Canvas ignores them too)`,
    });
  }
  const ratings: DraftLevel[] = [];
  const ratingTexts: { name: string; long: string; points: number }[] = [];
  for (const [index, rating] of columns.ratings.entries()) {
    const name = cell(rating.name).trim();
    const long = cell(rating.description).trim();
    const pointsText = cell(rating.points).trim();
    if (name === "" && long === "" && pointsText === "") continue;
    if (name === "") {
      warnings.push({
        path: ratingWhere(index, rating.header),
        message: "is empty: Canvas skips a rating without a name, so this rating is skipped too",
      });
      continue;
    }
    const value = parseNumber(pointsText);
    if (value === undefined) {
      throw fileError(`row ${row.row}, rating ${quote(name)}: points ${quote(pointsText)} is not a number`, {
        line: row.line,
      });
    }
    const points = toHalfPoints(
      value,
      { path: ratingWhere(index, rating.pointsHeader), line: row.line },
      warnings,
    );
    ratingTexts.push({ name, long, points });
    ratings.push({
      points,
      description: long === "" ? name : `${name}\n\n${long}`,
      source: `row ${row.row} rating ${index + 1} ${quote(name)}`,
    });
  }
  if (ratings.length === 0) {
    throw fileError(`row ${row.row}: criterion ${quote(title)} has no ratings (Canvas refuses this too)`, {
      line: row.line,
    });
  }
  const maxPoints = Math.max(...ratings.map((rating) => rating.points));
  const description = cell(columns.criteriaDescription).trim() || title;
  const range = cell(columns.enableRange).trim().toLowerCase();
  if (range !== "" && !["true", "false", "1", "0"].includes(range)) {
    warnings.push({
      path: where("Criteria Enable Range"),
      message: `${quote(range)} is neither true nor false: read as false, as Canvas does`,
    });
  }
  if (range === "true" || range === "1") {
    return rangeCriterion(
      title,
      description,
      maxPoints,
      ratingTexts,
      where("Criteria Enable Range"),
      warnings,
    );
  }
  const levels = mergeEqualPoints(ratings, `criterion ${quote(title)}`, warnings);
  return {
    title,
    description,
    maxPoints,
    levels: levels.map(({ points, description: text }) => ({ points, description: text })),
  };
}

/**
 * "Use range" lets a Canvas grader give any points within a rating's range. Our nearest equivalent
 * is a criterion without levels (any whole or half point up to the maximum); the ratings' texts are
 * kept in its description. Full Marks / No Marks, what export writes for such a criterion, adds nothing.
 */
function rangeCriterion(
  title: string,
  description: string,
  maxPoints: number,
  ratings: { name: string; long: string; points: number }[],
  path: string,
  warnings: InterchangeWarning[],
): DraftCriterion {
  const isFullAndNoMarks =
    ratings.length === 2 &&
    ratings.every((rating) => rating.long === "") &&
    ratings.some((rating) => rating.name === fullMarks && rating.points === maxPoints) &&
    ratings.some((rating) => rating.name === noMarks && rating.points === 0);
  if (isFullAndNoMarks) return { title, description, maxPoints };
  warnings.push({
    path,
    message: `true: Canvas lets a grader give any points within a rating's range; imported as a criterion without levels (any whole or half point from 0 to ${maxPoints}), with the ratings written into its description`,
  });
  const list = ratings
    .map(
      (rating) =>
        `- ${formatPoints(rating.points)}: ${rating.name}${rating.long === "" ? "" : ` (${rating.long})`}`,
    )
    .join("\n");
  return {
    title,
    description: `${description}\n\nRatings (any points within a rating's range):\n${list}`,
    maxPoints,
  };
}

/** Writes a rubric as Canvas's import template lays it out: the same header, "false"/"true" for ranges. */
export function exportCanvasCsv(rubric: RubricDocument): ExportResult {
  const warnings = rubricFieldWarnings(rubric, formatName);
  const title = guardFormula(rubric.title, "title", warnings);
  const rows = rubric.criteria.map((criterion, index) => {
    const maxWarning = maxBelowTopLevelWarning(criterion, index, "Canvas");
    if (maxWarning) warnings.push(maxWarning);
    const base = [
      title,
      guardFormula(criterion.title, `criteria[${index}].title`, warnings),
      criterion.description === criterion.title
        ? ""
        : guardFormula(criterion.description, `criteria[${index}].description`, warnings),
    ];
    if (!criterion.levels) {
      warnings.push({
        path: `criteria[${index}]`,
        message: `has no levels (any whole or half point up to ${criterion.maxPoints}): written as a "use range" criterion with the ratings ${fullMarks} (${criterion.maxPoints}) and ${noMarks} (0); Canvas then allows any points in between, decimals too`,
      });
      return [...base, "true", fullMarks, "", formatPoints(criterion.maxPoints), noMarks, "", "0"];
    }
    const ratings = criterion.levels.flatMap((level, levelIndex) => {
      const { first, rest } = splitFirstParagraph(level.description);
      const path = `criteria[${index}].levels[${levelIndex}].description`;
      return [
        guardFormula(first, path, warnings),
        guardFormula(rest, path, warnings),
        formatPoints(level.points),
      ];
    });
    return [...base, "false", ...ratings];
  });
  const ratingCount = Math.max(1, ...rows.map((row) => (row.length - 4) / 3));
  const header = ["Rubric Name", "Criteria Name", "Criteria Description", "Criteria Enable Range"];
  for (let index = 0; index < ratingCount; index++)
    header.push("Rating Name", "Rating Description", "Rating Points");
  // No byte order mark: Canvas reads the header without stripping one, and would miss "Rubric Name".
  const body = stringify([header, ...rows], { record_delimiter: "\n" });
  return { body, mediaType: "text/csv; charset=utf-8", filename: `${rubric.id}.csv`, warnings };
}

/**
 * What a spreadsheet reads as a formula (`runsAsFormula`): = + - @ first, also behind spaces or invisible
 * characters and in fullwidth form, or a tab or line break first (OWASP, "CSV Injection"). Teachers open this file in a spreadsheet to edit it before uploading it
 * to Canvas, and rubric text can come from anyone's file, so such a cell is written with a leading
 * apostrophe, which makes the spreadsheet read it as text. Canvas does not remove the apostrophe; our
 * import does (unguardFormula). Points never need it: they are numbers from 0 up.
 */
const guardMessage = "starts with";

function guardFormula(text: string, path: string, warnings: InterchangeWarning[]): string {
  if (unguardFormula(text) !== undefined) {
    // The teacher's own apostrophe before a formula character (`'=SUM(A1)`) reads as the guard, which
    // import removes: written with one more, so import gives the text back as it was (`'=SUM(A1)`, not
    // `=SUM(A1)`). The cell still starts with an apostrophe, so no spreadsheet runs it.
    if (!warnings.some((warning) => warning.path === path && warning.message.startsWith(guardMessage))) {
      warnings.push({
        path,
        message: `${guardMessage} an apostrophe before ${quoteShown(formulaLead(text.replace(/^'+/, "")))}, which import would read as the guard against spreadsheet formulas: written with another leading apostrophe ("'"), which Canvas keeps if the file is uploaded as it is`,
      });
    }
    return `'${text}`;
  }
  if (!runsAsFormula(text)) return text;
  if (!warnings.some((warning) => warning.path === path && warning.message.startsWith(guardMessage))) {
    warnings.push({
      path,
      message: `${guardMessage} ${quoteShown(formulaLead(text))}, which a spreadsheet would run as a formula: written with a leading apostrophe ("'"), which Canvas keeps if the file is uploaded as it is`,
    });
  }
  return `'${text}`;
}

function unguardedName(cell: string): string {
  return (unguardFormula(cell) ?? cell).trim();
}

/**
 * A cell that export guarded against formulas (an apostrophe before what `runsAsFormula` finds, or before a
 * text that itself starts with apostrophes before it) is read without that one apostrophe.
 */
function unguardFormula(text: string): string | undefined {
  const afterApostrophes = text.replace(/^'+/, "");
  return afterApostrophes.length < text.length && runsAsFormula(afterApostrophes) ? text.slice(1) : undefined;
}
