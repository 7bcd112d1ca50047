import { sql, type Kysely, type Migration, type RawBuilder } from "kysely";
import { canonicalClientId } from "../../grading/client-ids.js";
import { isPostgres } from "./dialect.js";

/** Rows read at a time: what bounds the migration's memory, however many rows hold non-ASCII text. */
const pageSize = 500;

type Row = Record<string, unknown>;

/**
 * True for a row whose `column` holds a character outside ASCII: text of ASCII alone is already composed
 * (NFC), so only these rows can hold an id to rewrite. Also true on SQLite for a value holding U+0000
 * (`length` stops at it), and on PostgreSQL for one holding the private-use characters U+0000 is escaped
 * to (nul-safe-postgres.ts): harmless, since such a row is read and left as it is.
 */
function outsideAscii(db: Kysely<unknown>, column: string): RawBuilder<unknown> {
  const value = sql.ref(column);
  return isPostgres(db)
    ? sql`octet_length(${value}) <> char_length(${value})`
    : sql`length(cast(${value} as blob)) <> length(${value})`;
}

const refs = (columns: readonly string[]) => sql.join(columns.map((column) => sql.ref(column)));

/**
 * Calls `visit` with each row of `table` (its `key`, `columns` and `also`) whose `columns` hold a character
 * outside ASCII. Reads a page at a time in the order of `key` (the table's primary key), past the last row
 * read, so a row rewritten behind it is not read again.
 */
async function forEachRowOutsideAscii(
  db: Kysely<unknown>,
  table: string,
  selection: { key: readonly string[]; columns: readonly string[]; also?: readonly string[] },
  visit: (row: Row) => Promise<void>,
): Promise<void> {
  const { key, columns, also = [] } = selection;
  let last: Row | undefined;
  for (;;) {
    // Row values compare column by column, as the order does (SQLite since 3.15, PostgreSQL always).
    const after = last
      ? sql`(${refs(key)}) > (${sql.join(key.map((column) => sql`${last![column]}`))})`
      : sql`1 = 1`;
    const outside = sql.join(
      columns.map((column) => outsideAscii(db, column)),
      sql` or `,
    );
    const { rows } = await sql<Row>`select ${refs([...key, ...columns, ...also])} from ${sql.table(table)}
      where ${after} and (${outside}) order by ${refs(key)} limit ${pageSize}`.execute(db);
    for (const row of rows) await visit(row);
    if (rows.length < pageSize) return;
    last = rows.at(-1);
  }
}

/** The composed form of each of `row`'s `columns` that is not composed (nulls and composed ids left out). */
function composedIds(row: Row, columns: readonly string[]): Record<string, string> {
  const composed: Record<string, string> = {};
  for (const column of columns) {
    const value = row[column];
    if (typeof value === "string" && canonicalClientId(value) !== value) {
      composed[column] = canonicalClientId(value);
    }
  }
  return composed;
}

async function updateRow(
  db: Kysely<unknown>,
  table: string,
  key: readonly string[],
  row: Row,
  values: Record<string, unknown>,
): Promise<void> {
  const assignments = Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const whereKey = sql.join(
    key.map((column) => sql`${sql.ref(column)} = ${row[column]}`),
    sql` and `,
  );
  await sql`update ${sql.table(table)} set ${sql.join(assignments)} where ${whereKey}`.execute(db);
}

/** Rewrites the ids in `columns` of every row of `table` that holds one not composed; nothing else. */
async function composeIdColumns(
  db: Kysely<unknown>,
  table: string,
  key: readonly string[],
  columns: readonly string[],
): Promise<void> {
  await forEachRowOutsideAscii(db, table, { key, columns }, async (row) => {
    const composed = composedIds(row, columns);
    if (Object.keys(composed).length > 0) await updateRow(db, table, key, row, composed);
  });
}

/** Grades: the columns lists and erasure filter on, and the grade's document, which the API answers from. */
async function composeGradeIds(db: Kysely<unknown>): Promise<void> {
  const columns = ["student_id", "submission_id"];
  await forEachRowOutsideAscii(db, "grades", { key: ["id"], columns }, async (row) => {
    const composed = composedIds(row, columns);
    if (Object.keys(composed).length === 0) return;
    // Read only for the rows that change: a grade's document is the bulk of its row.
    const { rows } = await sql<{ grade: string }>`select grade from grades where id = ${row.id}`.execute(db);
    const document = JSON.parse(rows[0]!.grade) as Row;
    for (const field of ["studentId", "submissionId"]) {
      const value = document[field];
      if (typeof value === "string") document[field] = canonicalClientId(value);
    }
    await updateRow(db, "grades", ["id"], row, { ...composed, grade: JSON.stringify(document) });
  });
}

/**
 * LMS submissions: the student's id, and the LMS's submission id (`external_id`), which later events of
 * the same submission are matched on (composed now) and which is unique per integration and attempt.
 */
async function composeSubmissionIds(db: Kysely<unknown>): Promise<void> {
  const columns = ["student_id", "external_id"];
  const selection = { key: ["id"], columns, also: ["integration_id", "attempt"] };
  await forEachRowOutsideAscii(db, "integration_submissions", selection, async (row) => {
    const { external_id: externalId, ...composed } = composedIds(row, columns);
    // Both forms of one submission and attempt were received (and graded twice) before this: the one
    // already composed keeps that id, and this one keeps its own, still reachable by its student.
    const taken =
      externalId !== undefined &&
      (
        await sql`select 1 from integration_submissions where integration_id = ${row.integration_id}
          and external_id = ${externalId} and attempt = ${row.attempt}`.execute(db)
      ).rows.length > 0;
    const values = externalId === undefined || taken ? composed : { ...composed, external_id: externalId };
    if (Object.keys(values).length > 0) await updateRow(db, "integration_submissions", ["id"], row, values);
  });
}

/** Calibrations: each answer's student id, inside the `answers` document (a JSON array). */
async function composeCalibrationAnswerIds(db: Kysely<unknown>): Promise<void> {
  await forEachRowOutsideAscii(db, "calibrations", { key: ["id"], columns: ["answers"] }, async (row) => {
    const answers = JSON.parse(row.answers as string) as { studentId?: unknown }[];
    let changed = false;
    const composed = answers.map((answer) => {
      if (typeof answer.studentId !== "string" || canonicalClientId(answer.studentId) === answer.studentId) {
        return answer;
      }
      changed = true;
      return { ...answer, studentId: canonicalClientId(answer.studentId) };
    });
    if (changed) await updateRow(db, "calibrations", ["id"], row, { answers: JSON.stringify(composed) });
  });
}

/**
 * 0019: student and submission ids stored before every client id was kept composed (grading/client-ids.ts)
 * may be in another canonically equivalent form ("Jose\u0301" for "José"): the student's export, erasure
 * and list filters, which now look for the composed form, would miss them, and an erasure would leave them
 * behind. Rewrites each to its composed form wherever one is stored: grades, grades being made, job items,
 * LMS submissions and calibration answers. Only rows with a character outside ASCII are read, and only
 * those whose ids change are written.
 *
 * Left as they are: an LMS submission's `lms_reference` (the LMS's own ids, for its API) and the payloads
 * of the outbox (each a message already made, as it will be sent).
 */
export const composeClientIdsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await composeGradeIds(db);
    await composeIdColumns(db, "grade_runs", ["id"], ["student_id"]);
    await composeIdColumns(db, "job_items", ["job_id", "seq"], ["student_id", "submission_id"]);
    await composeSubmissionIds(db);
    await composeCalibrationAnswerIds(db);
  },
};
