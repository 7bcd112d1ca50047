import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Scope } from "../grading/access.js";
import type { Grade } from "../grading/grade.js";
import type { GradingService } from "../grading/grading-service.js";
import type { GradeListFilter } from "../grading/ports.js";
import { spreadsheetSafe } from "../lib/spreadsheet-cells.js";
import { acceptedRanges } from "./accept.js";

/**
 * True when the client asks for CSV (`Accept: text/csv`) rather than JSON. Throws `invalid_request` for a
 * malformed quality value (`acceptedRanges`).
 */
export function wantsCsv(accept: string | undefined): boolean {
  // Quality values count: `text/csv;q=0` refuses CSV, and a JSON range the client weighs higher wins.
  let csv = 0;
  let json = 0;
  for (const { type, weight } of acceptedRanges(accept)) {
    if (type === "text/csv") csv = Math.max(csv, weight);
    else if (type === "application/json" || type === "application/*" || type === "*/*") {
      json = Math.max(json, weight);
    }
  }
  return csv > 0 && csv >= json;
}

/** Rows read from the database at a time: what bounds the export's memory, however many grades match. */
const pageSize = 500;

/**
 * Every grade the filter matches, newest first, as CSV streamed page by page: one row per grade, one
 * column per criterion (when the list names a rubric: every criterion of any of its versions), total,
 * status and flags. 100,000 rows take the memory of one page. Cells that a spreadsheet would read as a
 * formula (`spreadsheetSafe`) are prefixed with an apostrophe: a student id must not run in Excel.
 */
export function gradesAsCsv(
  service: GradingService,
  scope: Scope,
  filter: Omit<GradeListFilter, "limit">,
  criterionIds: readonly string[] | null,
): Readable {
  const header = [
    "grade_id",
    "student_id",
    "submission_id",
    "rubric_id",
    "rubric_version",
    "status",
    "graded_by",
    ...(criterionIds ? criterionIds.map((id) => `points:${id}`) : ["criteria"]),
    "total_points",
    "max_points",
    "flags",
    "created_at",
    "updated_at",
  ];
  async function* rows(): AsyncGenerator<string[]> {
    yield header;
    let before = filter.before;
    for (;;) {
      const { grades, more } = await service.listGrades(scope, {
        ...filter,
        ...(before ? { before } : {}),
        limit: pageSize,
      });
      for (const grade of grades) yield rowOf(grade, criterionIds);
      if (!more || grades.length === 0) return;
      before = grades.at(-1)!.id;
    }
  }
  // A pipeline, not a pipe: a reply cut short (its client left, or stopped reading) ends the reading too.
  return pipeline(Readable.from(rows()), stringify({ cast: { string: spreadsheetSafe } }), () => {});
}

function rowOf(grade: Grade, criterionIds: readonly string[] | null): string[] {
  const points = new Map(grade.criteria.map((criterion) => [criterion.criterionId, criterion.points]));
  const cell = (value: number | null | undefined) =>
    value === null || value === undefined ? "" : String(value);
  return [
    grade.id,
    grade.studentId ?? "",
    grade.submissionId ?? "",
    grade.rubricId,
    grade.rubricVersion,
    grade.status,
    grade.gradedBy,
    ...(criterionIds
      ? criterionIds.map((id) => cell(points.get(id)))
      : [grade.criteria.map((criterion) => `${criterion.criterionId}=${cell(criterion.points)}`).join(";")]),
    cell(grade.totalPoints),
    String(grade.maxPoints),
    grade.flags.join(";"),
    grade.createdAt,
    grade.updatedAt,
  ];
}
