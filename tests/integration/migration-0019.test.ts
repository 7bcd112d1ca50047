import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";
import { storedGradeFixture } from "../helpers/stored-grades.js";

const backends = migrationBackends("migration_0019");

// "José" and "Renée" as one precomposed é (NFC, what ids are kept as now) and as an e and a combining acute
// accent (NFD, what a keyboard, an LMS or a spreadsheet may have sent before).
const jose = { composed: "Jos\u00e9", decomposed: "Jose\u0301" };
const renee = { composed: "Ren\u00e9e", decomposed: "Rene\u0301e" };
const at = "2026-11-28T10:00:00.000Z";
/** A calibration's answers: the first one's text has an e and a combining accent too, which stays. */
const answers = [
  { answer: "Caf\u00e9 and e\u0301clairs.", points: { inputs: 1 }, studentId: jose.decomposed },
  { answer: "Light.", points: { inputs: 2 }, studentId: "s-2" },
  { answer: "Water.", points: { inputs: 0 } },
];

async function insertGrade(
  db: Kysely<unknown>,
  id: string,
  studentId: string | null,
  submissionId: string | null,
) {
  const grade = storedGradeFixture({ id, studentId, submissionId, feedback: "Tr\u00e8s bien, Jose\u0301." });
  await sql`insert into grades (id, tenant_id, submission_id, rubric_id, rubric_version, student_id, status, graded_by, created_at, updated_at, grade, audit, answer)
    values (${id}, 'default', ${submissionId}, ${grade.rubricId}, ${grade.rubricVersion}, ${studentId}, 'graded', 'model', ${at}, ${at}, ${JSON.stringify(grade)}, '{}', ${`answer of ${id}`})`.execute(
    db,
  );
}

async function insertJob(db: Kysely<unknown>, id: string) {
  await sql`insert into jobs (id, tenant_id, submitted_by, submitted_role, rubric_id, rubric_version, source, status, total, graded, needs_review, failed, cancelled, last_event_id, created_at, updated_at, finished_at)
    values (${id}, 'default', null, 'admin', 'photosynthesis-basics', 'v1', 'json', 'queued', 0, 0, 0, 0, 0, 0, ${at}, ${at}, null)`.execute(
    db,
  );
}

async function insertJobItem(db: Kysely<unknown>, seq: number, studentId: string, submissionId: string) {
  await sql`insert into job_items (job_id, seq, tenant_id, answer, student_id, submission_id, state, available_at, lease_holder, attempts, deferrals, grade_id, error_code, error_message, event_id, updated_at)
    values ('job_1', ${seq}, 'default', 'Plants make glucose.', ${studentId}, ${submissionId}, 'queued', ${at}, null, 0, 0, null, null, null, null, ${at})`.execute(
    db,
  );
}

async function insertSubmission(db: Kysely<unknown>, id: string, externalId: string, studentId: string) {
  await sql`insert into integration_submissions (id, tenant_id, integration_id, external_id, attempt, student_id, assignment_id, rubric_id, rubric_version, answer, answer_hash, state, same_as, job_id, job_seq, available_at, lease_holder, released_version, error, received_at, updated_at, lms_reference, fetch_attempts)
    values (${id}, 'default', 'int_1', ${externalId}, 1, ${studentId}, null, 'photosynthesis-basics', 'v1', 'Plants make glucose.', 'hash', 'received', null, null, null, ${at}, null, null, null, ${at}, ${at}, ${JSON.stringify({ kind: "canvas", userId: studentId })}, 0)`.execute(
    db,
  );
}

describe.each(backends)(
  "upgrading a $name database holding ids in either Unicode form (0019)",
  ({ migrateTo, skip }) => {
    it.skipIf(skip)(
      `rewrites every stored student and submission id to its composed form, and nothing else${skip ? ` (skipped: ${skip})` : ""}`,
      async () => {
        const migrated = await migrateTo("0018-job-item-answer-purge-marker");
        const before = migrated.db;
        await insertGrade(before, "grd_1", jose.decomposed, `sub-${renee.decomposed}`);
        await insertGrade(before, "grd_2", jose.composed, null);
        await insertGrade(before, "grd_3", "\u65e5\u672c", "sub-1");
        await insertGrade(before, "grd_4", null, null);
        await sql`insert into grade_runs (id, tenant_id, student_id, erased, expires_at)
          values ('run_1', 'default', ${jose.decomposed}, 0, ${at})`.execute(before);
        await insertJob(before, "job_1");
        await insertJobItem(before, 1, jose.decomposed, `sub-${renee.decomposed}`);
        await insertJobItem(before, 2, "s-2", "sub-2");
        await insertSubmission(before, "sbm_1", `sub-${jose.decomposed}`, jose.decomposed);
        // Both forms of one submission and attempt were received before (two submissions then): the composed
        // external id is taken, so the other keeps its own; its student is composed all the same.
        await insertSubmission(before, "sbm_2", `sub-${renee.decomposed}`, renee.decomposed);
        await insertSubmission(before, "sbm_3", `sub-${renee.composed}`, renee.composed);
        await sql`insert into calibrations (id, tenant_id, rubric_id, rubric_version, job_id, status, answer_count, answers, result, created_by, created_at, completed_at)
          values ('cal_1', 'default', 'photosynthesis-basics', 'v1', 'job_1', 'completed', 3, ${JSON.stringify(answers)}, null, null, ${at}, ${at})`.execute(
          before,
        );

        const storage = await migrated.openStorage();
        // What the student's export and erasure read, by the composed id the API now looks for.
        const students = storage.studentDataFor("default");
        const grades = await students.gradesPage(jose.composed, undefined, 10);
        expect(grades.map((record) => [record.grade.id, record.grade.studentId]).sort()).toEqual([
          ["grd_1", jose.composed],
          ["grd_2", jose.composed],
        ]);
        expect(grades.find((record) => record.grade.id === "grd_1")?.grade).toMatchObject({
          submissionId: `sub-${renee.composed}`,
          // The rest of the document as it was: only ids are composed.
          feedback: "Tr\u00e8s bien, Jose\u0301.",
        });
        const pending = await students.pendingAnswers(jose.composed, 10);
        expect(pending.map((answer) => [answer.source, answer.submissionId]).sort()).toEqual([
          ["integration", `sub-${jose.composed}`],
          ["job", `sub-${renee.composed}`],
        ]);
        const listed = await storage.grades.list({ limit: 10, submissionId: `sub-${renee.composed}` });
        expect(listed.map((grade) => grade.id)).toEqual(["grd_1"]);

        const after = migrated.connect();
        const rows = async (query: ReturnType<typeof sql>) => (await query.execute(after)).rows;
        expect(await rows(sql`select id, student_id, submission_id from grades order by id`)).toEqual([
          { id: "grd_1", student_id: jose.composed, submission_id: `sub-${renee.composed}` },
          { id: "grd_2", student_id: jose.composed, submission_id: null },
          { id: "grd_3", student_id: "\u65e5\u672c", submission_id: "sub-1" },
          { id: "grd_4", student_id: null, submission_id: null },
        ]);
        expect(await rows(sql`select student_id from grade_runs`)).toEqual([{ student_id: jose.composed }]);
        expect(await rows(sql`select seq, student_id, submission_id from job_items order by seq`)).toEqual([
          { seq: 1, student_id: jose.composed, submission_id: `sub-${renee.composed}` },
          { seq: 2, student_id: "s-2", submission_id: "sub-2" },
        ]);
        expect(
          await rows(
            sql`select id, external_id, student_id, lms_reference from integration_submissions order by id`,
          ),
        ).toEqual([
          {
            id: "sbm_1",
            external_id: `sub-${jose.composed}`,
            student_id: jose.composed,
            // The LMS's own ids, for its API: as the LMS sent them.
            lms_reference: JSON.stringify({ kind: "canvas", userId: jose.decomposed }),
          },
          {
            id: "sbm_2",
            external_id: `sub-${renee.decomposed}`,
            student_id: renee.composed,
            lms_reference: JSON.stringify({ kind: "canvas", userId: renee.decomposed }),
          },
          {
            id: "sbm_3",
            external_id: `sub-${renee.composed}`,
            student_id: renee.composed,
            lms_reference: JSON.stringify({ kind: "canvas", userId: renee.composed }),
          },
        ]);
        const [calibration] = await rows(sql`select answers from calibrations`);
        expect(JSON.parse((calibration as { answers: string }).answers)).toEqual([
          // The answer's text is the student's, as written: only the id is composed.
          { ...answers[0], studentId: jose.composed },
          answers[1],
          answers[2],
        ]);
      },
    );

    it.skipIf(skip)(
      `reads a page at a time past the last row read, across jobs: every one of many items is rewritten${skip ? ` (skipped: ${skip})` : ""}`,
      async () => {
        const migrated = await migrateTo("0018-job-item-answer-purge-marker");
        const before = migrated.db;
        for (const jobId of ["job_a", "job_b"]) {
          await insertJob(before, jobId);
          // More items than a page of the migration (500) in all, every other one with an id to rewrite, so
          // a page ends inside the second job.
          for (let first = 1; first <= 600; first += 100) {
            const items = Array.from({ length: 100 }, (_, index) => first + index).map(
              (seq) =>
                sql`(${jobId}, ${seq}, 'default', '', ${seq % 2 === 1 ? jose.decomposed : "s-1"}, 'queued', ${at}, 0, 0, ${at})`,
            );
            await sql`insert into job_items (job_id, seq, tenant_id, answer, student_id, state, available_at, attempts, deferrals, updated_at)
                values ${sql.join(items)}`.execute(before);
          }
        }
        await (await migrated.openStorage()).close();

        const after = migrated.connect();
        const { rows } = await sql<{ student_id: string; items: number | string }>`
            select student_id, count(*) as items from job_items group by student_id order by student_id`.execute(
          after,
        );
        expect(rows.map((row) => [row.student_id, Number(row.items)])).toEqual([
          [jose.composed, 600],
          ["s-1", 600],
        ]);
      },
    );
  },
);
