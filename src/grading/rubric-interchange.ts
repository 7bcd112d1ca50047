import type { Problem } from "./errors.js";
import type { RubricDocument } from "./rubric.js";

/**
 * The port for converting rubrics to and from the files teachers already have in their LMS. The core
 * owns the contract; src/interchange/ implements it (CSV and XML parsing is an adapter concern) and
 * runtime.ts hands the implementation to the HTTP routes. docs/rubric-format.md ("Import and export")
 * documents every mapping and every warning.
 */

export const interchangeFormats = ["canvas-csv", "moodle-rubric", "moodle-guide"] as const;
export type InterchangeFormat = (typeof interchangeFormats)[number];

/**
 * Something in the source that has no equivalent in the target, or that was converted. On import the
 * path names the place in the file (`row 3 "Criteria Enable Range"`, `definition.options.sortlevelsasc`);
 * on export it names the field of our rubric (`gradingNotes`, `criteria[2].levels`).
 */
export interface InterchangeWarning {
  path: string;
  message: string;
}

/** What our rubric needs and the LMS file does not carry; the HTTP route takes them as query parameters. */
export interface ImportOptions {
  id?: string;
  title?: string;
  question?: string;
  language?: string;
  /** Which rubric to take when the file holds several (a Canvas CSV with several "Rubric Name"s). */
  rubricName?: string;
}

export interface ImportResult {
  /** Our rubric document, not yet validated: run it through validateRubricDocument. */
  document: Record<string, unknown>;
  warnings: InterchangeWarning[];
  /** Where a path of the document came from in the file (for validation problems), when known. */
  locate?: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

export interface ExportResult {
  body: string;
  /** With its charset, ready for Content-Type. */
  mediaType: string;
  filename: string;
  warnings: InterchangeWarning[];
}

export interface RubricInterchange {
  readonly formats: readonly InterchangeFormat[];
  /**
   * Converts a file (bytes as uploaded, or text) into our rubric document. Throws
   * RubricInterchangeError: `missing-option` when an option the file cannot supply is missing,
   * `invalid-option` when `rubricName` names no rubric in the file, `invalid-file` for a file that cannot be read (malformed CSV or XML with its line, a DOCTYPE,
   * negative points, too large).
   */
  importRubric(format: InterchangeFormat, input: Uint8Array | string, options: ImportOptions): ImportResult;
  /** Writes a rubric in an LMS format. Throws RubricInterchangeError `cannot-export` when it cannot be expressed. */
  exportRubric(format: InterchangeFormat, rubric: RubricDocument): ExportResult;
}

/**
 * `missing-option` and `invalid-option`: the problem's path is the option's name; `invalid-file`: the
 * path is `file` or a place in it; `cannot-export`: the path is a field of our rubric.
 */
export type RubricInterchangeErrorKind =
  "missing-option" | "invalid-option" | "invalid-file" | "cannot-export";

const interchangeErrorMarker = Symbol.for("rubric-grader.rubric-interchange-error");

/** A file or option problem found while converting; the problems name the place (and line) of each. */
export class RubricInterchangeError extends Error {
  readonly [interchangeErrorMarker] = true;

  constructor(
    readonly kind: RubricInterchangeErrorKind,
    readonly problems: Problem[],
    /** For `missing-option` and `invalid-option`: the option to give or change. */
    readonly option?: keyof ImportOptions,
  ) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "));
    this.name = "RubricInterchangeError";
  }

  static isInstance(error: unknown): error is RubricInterchangeError {
    return typeof error === "object" && error !== null && interchangeErrorMarker in error;
  }
}
