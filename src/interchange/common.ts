import type { Problem } from "../grading/errors.js";
import { codePointCount, showUnseen } from "../lib/code-points.js";
import {
  RubricInterchangeError,
  type ImportOptions,
  type InterchangeWarning,
} from "../grading/rubric-interchange.js";
import { allowedPoints, type RubricDocument } from "../grading/rubric.js";

/** Files larger than the service's request body limit never reach a converter; this guards direct callers. */
export const maxInputBytes = 1024 * 1024;
const titleMaxChars = 200;

/**
 * Decodes an uploaded file: UTF-8 with or without a byte order mark, or UTF-16 when it starts with
 * one (spreadsheet programs save "Unicode text" that way). Anything else that is not UTF-8 is refused
 * with the byte where it breaks, rather than read as the wrong characters.
 */
export function decodeFile(input: Uint8Array | string): string {
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxInputBytes) {
    throw fileError(`is ${size} bytes; at most ${maxInputBytes} (1 MiB) are accepted`);
  }
  if (typeof input === "string") return input.replace(/^\uFEFF/, "");
  const utf16 =
    input[0] === 0xff && input[1] === 0xfe
      ? "utf-16le"
      : input[0] === 0xfe && input[1] === 0xff
        ? "utf-16be"
        : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(input.subarray(2));
    } catch {
      throw fileError(
        `starts with a UTF-16 byte order mark but is not UTF-16 text: save it as "CSV UTF-8" and send it again`,
      );
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(input).replace(/^\uFEFF/, "");
  } catch {
    throw fileError(
      `is not UTF-8 text (near byte ${firstInvalidUtf8Offset(input)}): save it as "CSV UTF-8" or as UTF-8 XML and send it again`,
    );
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Streaming decodes hold back a character cut at the end instead of failing on it, so "this prefix
  // decodes" is true up to the first bad byte and false after it: a binary search finds that byte.
  let low = 0;
  let high = bytes.byteLength;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

export function fileError(
  message: string,
  location?: { line?: number; column?: number },
): RubricInterchangeError {
  const problem: Problem = { path: "file", message };
  if (location?.line !== undefined) problem.line = location.line;
  if (location?.column !== undefined) problem.column = location.column;
  return new RubricInterchangeError("invalid-file", [problem]);
}

export function missingOption(option: keyof ImportOptions, why: string): RubricInterchangeError {
  return new RubricInterchangeError(
    "missing-option",
    [{ path: option, message: `is required: ${why}` }],
    option,
  );
}

export function unknownRubricName(message: string): RubricInterchangeError {
  return new RubricInterchangeError("invalid-option", [{ path: "rubricName", message }], "rubricName");
}

/** The options no LMS file can supply: checked before the file is read, so the error is the first thing said. */
export function requireOptions(options: ImportOptions, formatName: string): { id: string; question: string } {
  if (options.id === undefined || options.id.trim() === "") {
    throw missingOption("id", `${formatName} has no rubric id; choose one (a slug such as water-cycle-2)`);
  }
  if (options.question === undefined || options.question.trim() === "") {
    throw missingOption("question", `${formatName} does not carry the question the students answered`);
  }
  return { id: options.id, question: options.question };
}

/** The rubric-level fields of an imported rubric: the options, and the file's name for the rubric. */
export function rubricHeader(
  options: ImportOptions,
  sourceTitle: string | undefined,
  formatName: string,
): { id: string; title: string; question: string; language?: string } {
  const { id, question } = requireOptions(options, formatName);
  const title = options.title ?? sourceTitle;
  if (title === undefined || title.trim() === "") {
    throw missingOption("title", "the file gives the rubric no name; give it a title");
  }
  return { id, title, question, ...(options.language !== undefined ? { language: options.language } : {}) };
}

/** Parses a number as LMS files write it: `2`, `1.5`, `1,75` (decimal comma), `-11`, `2.00000`. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(trimmed)) return undefined;
  const value = Number(trimmed.replace(",", "."));
  return Number.isFinite(value) ? value : undefined;
}

/** Writes points without trailing zeros: 2, 1.5. */
export function formatPoints(points: number): string {
  return String(points);
}

/**
 * Our points are whole or half numbers from 0 up. Negative points (a penalty level, which Moodle
 * allows) have no equivalent and are refused: turning a penalty into 0 would change what the level
 * means. Other fractions are rounded to the nearest half point, with a warning.
 */
export function toHalfPoints(
  value: number,
  where: { path: string; line?: number },
  warnings: InterchangeWarning[],
): number {
  if (value < 0) {
    throw new RubricInterchangeError("invalid-file", [
      {
        path: where.path,
        message: `${value} points: negative points (a penalty) have no equivalent in this service, where points go from 0 up; change the level in the LMS and export it again`,
        ...(where.line !== undefined ? { line: where.line } : {}),
      },
    ]);
  }
  const rounded = Math.round(value * 2) / 2;
  if (rounded !== value) {
    warnings.push({
      path: where.path,
      message: `${value} points is not a whole or half number: rounded to ${rounded}`,
    });
  }
  return rounded;
}

export interface DraftLevel {
  points: number;
  description: string;
  /** Where it came from, for warnings: `row 3 "Rating Points 2"`. */
  source: string;
}

/**
 * A criterion's levels need distinct points. Two levels with the same points (Canvas's own import
 * template has two 1-point ratings; rounding can make two equal) are merged into one, keeping both
 * texts, with a warning.
 */
export function mergeEqualPoints(
  levels: DraftLevel[],
  path: string,
  warnings: InterchangeWarning[],
): DraftLevel[] {
  const merged: DraftLevel[] = [];
  for (const level of levels) {
    const same = merged.find((kept) => kept.points === level.points);
    if (!same) {
      merged.push({ ...level });
      continue;
    }
    warnings.push({
      path: level.source,
      message: `gives ${level.points} points like ${same.source}; a criterion's levels need different points, so the two were merged into one level with both descriptions (${path})`,
    });
    same.description = `${same.description}\n\n${level.description}`;
  }
  return merged;
}

/** A level label that says only its points; export writes it where the LMS needs a level we do not have. */
export function pointsLabel(points: number, maxPoints: number): string {
  return `${formatPoints(points)} / ${formatPoints(maxPoints)}`;
}

/**
 * Every half point from 0 to maxPoints as labelled levels: how a criterion without levels is written
 * where the LMS needs levels. Undefined when there are too many to list (allowedPoints in the core).
 */
export function halfPointLevels(maxPoints: number): { points: number; description: string }[] | undefined {
  return allowedPoints({ maxPoints })?.map((points) => ({
    points,
    description: pointsLabel(points, maxPoints),
  }));
}

/** True when levels are exactly what halfPointLevels writes: read back as a criterion without levels. */
export function isHalfPointLevels(
  levels: { points: number; description: string }[],
  maxPoints: number,
): boolean {
  const expected = halfPointLevels(maxPoints);
  if (!expected || expected.length !== levels.length || levels.length < 2) return false;
  const byPoints = new Map(levels.map((level) => [level.points, level.description]));
  return expected.every((level) => byPoints.get(level.points) === level.description);
}

/** Splits text into its first paragraph and the rest (paragraphs are separated by a blank line). */
export function splitFirstParagraph(text: string): { first: string; rest: string } {
  const trimmed = text.trim();
  const match = /\r?\n[ \t]*\r?\n/.exec(trimmed);
  if (!match) return { first: trimmed, rest: "" };
  return { first: trimmed.slice(0, match.index).trim(), rest: trimmed.slice(match.index).trim() };
}

/** The first line of a text, cut at a word to fit a title (with "…" when cut). */
export function deriveTitle(text: string): string {
  const firstLine = text.trim().split(/\r?\n/, 1)[0]?.trim() ?? "";
  if (codePointCount(firstLine) <= titleMaxChars) return firstLine;
  const cut = wholeCharactersPrefix(firstLine, titleMaxChars - 1);
  const atWord = cut.lastIndexOf(" ");
  return `${(atWord > titleMaxChars / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * The longest start of `text` of at most `maxChars` code points (as the rubric's limits count them: an
 * emoji is one) that ends between two characters as a reader sees them. Titles were measured and cut in
 * UTF-16 units: a slice could end inside an emoji's surrogate pair, and the title then held an unpaired
 * surrogate that the rubric check refused, blaming the file; or inside a flag or a ZWJ family, or before
 * a combining accent, showing half a character; and a name of 150 emoji, which fits, was shortened.
 */
function wholeCharactersPrefix(text: string, maxChars: number): string {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let end = 0;
  let chars = 0;
  for (const { segment } of graphemes.segment(text)) {
    chars += codePointCount(segment);
    if (chars > maxChars) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/**
 * Where an LMS has one text for a criterion (a Moodle rubric criterion's description) and we have a
 * title and a description: a first paragraph that is one short line is the title and the rest the
 * description; otherwise the title is the text's first line and the description the whole text.
 * joinTitle is its exact inverse, so export followed by import gives the same criterion.
 */
export function splitTitle(text: string): { title: string; description: string } {
  const { first, rest } = splitFirstParagraph(text);
  if (rest !== "" && !/\n/.test(first) && codePointCount(first) <= titleMaxChars)
    return { title: first, description: rest };
  const trimmed = text.trim();
  return { title: deriveTitle(trimmed), description: trimmed };
}

export function joinTitle(title: string, description: string): string {
  const alone = splitTitle(description);
  if (alone.title === title.trim() && alone.description === description.trim()) return description.trim();
  return `${title.trim()}\n\n${description.trim()}`;
}

/** Criterion ids from titles: slugs, unique, `criterion-3` when a title has no Latin letters or digits. */
export function criterionIds(titles: readonly string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, index) => {
    const base =
      title
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 56)
        .replace(/-+$/, "") || `criterion-${index + 1}`;
    let id = base;
    for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`;
    used.add(id);
    return id;
  });
}

/**
 * Warnings for the parts of our rubric that no LMS format carries. The id and question are always
 * reported: importing the file back needs them again as options.
 */
export function rubricFieldWarnings(rubric: RubricDocument, formatName: string): InterchangeWarning[] {
  const warnings: InterchangeWarning[] = [
    {
      path: "id",
      message: `"${rubric.id}" has no place in ${formatName}: give it again (id=${rubric.id}) when you import the file back`,
    },
    { path: "question", message: `has no place in ${formatName}: not exported` },
    { path: "language", message: `"${rubric.language}" has no place in ${formatName}: not exported` },
  ];
  if (rubric.referenceAnswer !== undefined) {
    warnings.push({ path: "referenceAnswer", message: `has no place in ${formatName}: not exported` });
  }
  if (rubric.gradingNotes !== undefined) {
    warnings.push({
      path: "gradingNotes",
      message: `has no place in ${formatName} (nothing there is for the grader only): not exported`,
    });
  }
  if (rubric.exemplars !== undefined && rubric.exemplars.length > 0) {
    warnings.push({
      path: "exemplars",
      message: `${rubric.exemplars.length} graded example${rubric.exemplars.length === 1 ? "" : "s"}: no place in ${formatName}: not exported`,
    });
  }
  if (rubric.grading !== undefined) {
    warnings.push({
      path: "grading",
      message: `the grading options (${Object.keys(rubric.grading).join(", ")}) have no place in ${formatName}: not exported`,
    });
  }
  const reimportedIds = criterionIds(rubric.criteria.map((criterion) => criterion.title));
  rubric.criteria.forEach((criterion, index) => {
    if (reimportedIds[index] !== criterion.id) {
      warnings.push({
        path: `criteria[${index}].id`,
        message: `"${criterion.id}" is not kept (${formatName} has no criterion ids): importing the file back names the criterion "${reimportedIds[index]}" after its title`,
      });
    }
  });
  return warnings;
}

/** The highest level, when lower than maxPoints, is what the LMS will take as the criterion's maximum. */
export function maxBelowTopLevelWarning(
  criterion: RubricDocument["criteria"][number],
  index: number,
  formatName: string,
): InterchangeWarning | undefined {
  if (!criterion.levels) return undefined;
  const top = Math.max(...criterion.levels.map((level) => level.points));
  if (top >= criterion.maxPoints) return undefined;
  return {
    path: `criteria[${index}].maxPoints`,
    message: `is ${criterion.maxPoints} but the highest level gives ${top}; ${formatName} takes a criterion's highest level as its maximum, so the criterion is worth ${top} there`,
  };
}

/**
 * Bounded quoting of a text from the file or the query for a message, with what a reader cannot see
 * escaped (`"Rubric\u202e 2"`): a bidi override in a rubric's name reordered the message around it.
 */
export function quote(text: string, max = 60): string {
  const single = text.replace(/\s+/g, " ").trim();
  return showUnseen(JSON.stringify(single.length > max ? `${single.slice(0, max)}…` : single));
}
