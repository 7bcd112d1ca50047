/**
 * Pure text helpers of the page (no DOM): unit-tested in tests/unit/web-text.test.ts.
 */

/** Languages written right to left (ISO 639-1 and a few 639-3 codes schools use). */
const rightToLeft = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "ku", "sd", "ug", "yi", "dv", "syr"]);

/** `rtl` for a right-to-left language tag (`fa`, `ar-EG`, `fa-IR`), else `ltr`. */
export function directionOf(language: string | undefined): "rtl" | "ltr" {
  const primary = (language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  return rightToLeft.has(primary) ? "rtl" : "ltr";
}

/** A piece of an answer: plain, or quoted as evidence by the listed criteria. */
export interface Segment {
  text: string;
  criteria: string[];
}

/**
 * Splits an answer into pieces so that every evidence quote found in it is marked with the criteria
 * that quoted it. Quotes are found verbatim first, then ignoring case and runs of spaces (the model
 * quotes the cleaned answer; the page shows the answer as submitted). Quotes not found are left out:
 * the grade's `evidence_unverified` flag reports them.
 */
export function evidenceSegments(
  answer: string,
  evidence: readonly { criterionId: string; quotes: readonly string[] }[],
): Segment[] {
  const marks: { start: number; end: number; criterionId: string }[] = [];
  for (const { criterionId, quotes } of evidence) {
    for (const quote of quotes) {
      const range = findQuote(answer, quote);
      if (range) marks.push({ ...range, criterionId });
    }
  }
  if (marks.length === 0) return answer ? [{ text: answer, criteria: [] }] : [];
  const cuts = [...new Set([0, answer.length, ...marks.flatMap((mark) => [mark.start, mark.end])])].sort(
    (a, b) => a - b,
  );
  const segments: Segment[] = [];
  for (let index = 0; index < cuts.length - 1; index += 1) {
    const start = cuts[index]!;
    const end = cuts[index + 1]!;
    if (start === end) continue;
    const criteria = [
      ...new Set(
        marks.filter((mark) => mark.start <= start && mark.end >= end).map((mark) => mark.criterionId),
      ),
    ];
    const previous = segments.at(-1);
    if (previous && sameMembers(previous.criteria, criteria)) previous.text += answer.slice(start, end);
    else segments.push({ text: answer.slice(start, end), criteria });
  }
  return segments;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function findQuote(answer: string, quote: string): { start: number; end: number } | undefined {
  const trimmed = quote.trim();
  if (!trimmed) return undefined;
  const exact = answer.indexOf(trimmed);
  if (exact !== -1) return { start: exact, end: exact + trimmed.length };
  const pattern = trimmed
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const match = new RegExp(pattern, "iu").exec(answer);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * Parses CSV text (RFC 4180: quoted fields with doubled quotes and line breaks, CRLF or LF, a BOM) into
 * rows of fields. Used for the calibration sample, which the API takes as JSON.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let fieldText = "";
  let quoted = false;
  let index = text.startsWith("\uFEFF") ? 1 : 0;
  for (; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        fieldText += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else fieldText += character;
    } else if (character === '"' && fieldText === "") quoted = true;
    else if (character === ",") {
      row.push(fieldText);
      fieldText = "";
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && text[index + 1] === "\n") index += 1;
      row.push(fieldText);
      rows.push(row);
      row = [];
      fieldText = "";
    } else fieldText += character;
  }
  if (fieldText !== "" || row.length > 0) {
    row.push(fieldText);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ""));
}

/**
 * A teacher-graded sample for `POST /v1/rubrics/:id/calibrations` from a CSV with a header row:
 * `answer` and one column per criterion id holding the teacher's points. Problems name row and column.
 */
export function calibrationSample(
  text: string,
  criterionIds: readonly string[],
): { answers: { answer: string; points: Record<string, number> }[]; problems: string[] } {
  const [header, ...rows] = parseCsv(text);
  const problems: string[] = [];
  if (!header) return { answers: [], problems: ["The file is empty: it needs a header row."] };
  const names = header.map((name) => name.trim());
  const answerColumn = names.indexOf("answer");
  if (answerColumn === -1) problems.push("The header has no `answer` column.");
  const columns = criterionIds.map((id) => ({ id, column: names.indexOf(id) }));
  for (const { id, column } of columns) {
    if (column === -1) problems.push(`The header has no column for criterion \`${id}\`.`);
  }
  if (problems.length) return { answers: [], problems };
  const answers = rows.map((cells, index) => {
    const points: Record<string, number> = {};
    for (const { id, column } of columns) {
      const value = Number((cells[column] ?? "").trim());
      if ((cells[column] ?? "").trim() === "" || !Number.isFinite(value)) {
        problems.push(`Row ${index + 2}, column \`${id}\`: is not a number.`);
      } else points[id] = value;
    }
    return { answer: cells[answerColumn] ?? "", points };
  });
  return { answers, problems };
}

/** The lowest confidence of a grade's criteria; null when none has one (a single sample). */
export function lowestConfidence(criteria: readonly { confidence: number | null }[]): number | null {
  const known = criteria.map((criterion) => criterion.confidence).filter((value) => value !== null);
  return known.length ? Math.min(...known) : null;
}

/**
 * The review order: lowest confidence first; grades without a confidence after those with one, in
 * the queue's own order (oldest first).
 */
export function byLowestConfidence<T extends { grade: { criteria: { confidence: number | null }[] } }>(
  entries: readonly T[],
): T[] {
  return entries
    .map((entry, position) => ({ entry, position, confidence: lowestConfidence(entry.grade.criteria) }))
    .sort((a, b) => {
      if (a.confidence === null && b.confidence === null) return a.position - b.position;
      if (a.confidence === null) return 1;
      if (b.confidence === null) return -1;
      return a.confidence - b.confidence || a.position - b.position;
    })
    .map(({ entry }) => entry);
}
