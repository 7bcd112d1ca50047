import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Scope } from "../grading/access.js";
import type { JobService } from "../grading/job-service.js";
import type { JobItemResult } from "../grading/jobs.js";
import { spreadsheetSafe } from "../lib/spreadsheet-cells.js";

/** Items read from the database at a time: what bounds the export's memory, however large the job. */
const pageSize = 500;

/**
 * Every item of a job in upload order as CSV, streamed page by page: one row per answer, one column per
 * criterion of the job's rubric version, total, status (the grade's as it is now, or the item's while
 * it has no grade), flags, and the error of a failed item. Formula-like cells get an apostrophe.
 */
export function jobResultsAsCsv(
  jobs: JobService,
  scope: Scope,
  jobId: string,
  criterionIds: readonly string[],
): Readable {
  const header = [
    "seq",
    "student_id",
    "submission_id",
    "status",
    "grade_id",
    ...criterionIds.map((id) => `points:${id}`),
    "total_points",
    "max_points",
    "flags",
    "error_code",
    "error_message",
  ];
  async function* rows(): AsyncGenerator<string[]> {
    yield header;
    let after = 0;
    for (;;) {
      const items = await jobs.results(scope, jobId, after, pageSize);
      for (const item of items) yield rowOf(item, criterionIds);
      if (items.length < pageSize) return;
      after = items.at(-1)!.seq;
    }
  }
  // A pipeline, not a pipe: a reply cut short (its client left, or stopped reading) ends the reading too.
  return pipeline(Readable.from(rows()), stringify({ cast: { string: spreadsheetSafe } }), () => {});
}

function rowOf(item: JobItemResult, criterionIds: readonly string[]): string[] {
  const { grade } = item;
  const points = new Map(grade?.criteria.map((criterion) => [criterion.criterionId, criterion.points]) ?? []);
  const cell = (value: number | null | undefined) =>
    value === null || value === undefined ? "" : String(value);
  return [
    String(item.seq),
    item.studentId ?? "",
    item.submissionId ?? "",
    grade?.status ?? item.state,
    item.gradeId ?? "",
    ...criterionIds.map((id) => cell(points.get(id))),
    cell(grade?.totalPoints),
    grade ? String(grade.maxPoints) : "",
    grade?.flags.join(";") ?? "",
    item.error?.code ?? "",
    item.error?.message ?? "",
  ];
}
