import { SqliteAdapter, sql, type Kysely } from "kysely";
import type {
  AnswerRetentionStore,
  ErasedGrades,
  ErasureRecord,
  StudentDataStore,
} from "../../grading/student-data-ports.js";
import { inTransaction, isPostgres, lockInTransaction } from "./dialect.js";
import type { Database } from "./schema.js";
import { eraseStudentIntegrationData } from "./integration-stores.js";
import { eraseStudentJobItems } from "./job-stores.js";
import { eraseStudentCalibrationAnswers, purgeCalibrationAnswers } from "./calibration-stores.js";
import { auditFromRow, gradeFromRow } from "./sql-stores.js";

/**
 * Students' data in SQL (every dialect): export pages, erasure, tombstones and answer retention. On
 * SQLite the connection runs with `secure_delete` (database.ts), so deleted and overwritten content is
 * zeroed in the pages, and `compact` truncates the WAL, which would otherwise keep old page images.
 */

/**
 * A step of every erasure, run inside its transaction after the student's grades are known and before
 * they are deleted. Features that keep data keyed by a grade or by an answer add their step here, e.g.
 * answer groups: delete the memberships of `gradeIds`, and any group keyed by one of `cacheKeys` that
 * is left without members. A step that throws rolls the whole erasure back.
 */
export type StudentErasureStep = (trx: Kysely<Database>, erased: ErasedGrades) => Promise<void>;

/**
 * The erasure steps of features beyond grades: appeals on the erased grades (they hold the student's
 * reasons), and decisions on answer groups left without members (a group is named by a hash of the
 * answer text, and its decision would grade that text again).
 */
export const studentErasureSteps: readonly StudentErasureStep[] = [
  // A job's items carry the student id, and the answer until it is graded.
  (trx, { tenantId, studentId }) => eraseStudentJobItems(trx, tenantId, studentId, new Date()),
  // An integration's submissions and callbacks carry the student id (and the answer until it is queued).
  (trx, { tenantId, studentId }) => eraseStudentIntegrationData(trx, tenantId, studentId, new Date()),
  // Calibration answers a teacher marked as the student's keep their points, not their text.
  (trx, { tenantId, studentId }) => eraseStudentCalibrationAnswers(trx, tenantId, studentId, new Date()),
  async (trx, { tenantId, gradeIds }) => {
    for (const ids of chunksOf(gradeIds)) {
      await trx
        .deleteFrom("appeals")
        .where("tenant_id", "=", tenantId)
        .where("grade_id", "in", ids)
        .execute();
    }
  },
  async (trx, { tenantId, gradeIds }) => {
    const erased = new Set(gradeIds);
    const groups = new Set<string>();
    for (const ids of chunksOf(gradeIds)) {
      const rows = await trx
        .selectFrom("grades")
        .select("group_id")
        .where("tenant_id", "=", tenantId)
        .where("id", "in", ids)
        .where("group_id", "is not", null)
        .execute();
      for (const row of rows) groups.add(row.group_id!);
    }
    for (const groupId of groups) {
      const members = await trx
        .selectFrom("grades")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("group_id", "=", groupId)
        .execute();
      if (members.every((member) => erased.has(member.id))) {
        await trx
          .deleteFrom("group_decisions")
          .where("tenant_id", "=", tenantId)
          .where("group_id", "=", groupId)
          .execute();
      }
    }
  },
];

/** Ids per `in (…)` list: well under every dialect's limit of bound parameters. */
const maxListLength = 500;

function chunksOf<T>(items: readonly T[], size = maxListLength): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function erasureFromRow(row: Database["student_erasures"]): ErasureRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    erasedAt: row.erased_at,
    erasedBy: row.erased_by,
    grades: row.grades,
    cachedCopiesUnlinked: row.cached_copies_unlinked,
    idempotencyKeys: row.idempotency_keys,
  };
}

/**
 * SQLite keeps the page images of recent transactions in the WAL file until a checkpoint, and a normal
 * checkpoint leaves the file's old frames in place: TRUNCATE copies every frame into the database file
 * (whose freed space secure_delete has zeroed) and empties the log. Other dialects: nothing to do here
 * (PostgreSQL needs VACUUM; see docs/security.md).
 */
async function compactDatabase(db: Kysely<Database>): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return true;
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return (rows[0]?.busy ?? 0) === 0;
}

export function createStudentDataStore(
  db: Kysely<Database>,
  tenantId: string,
  erasureSteps: readonly StudentErasureStep[] = studentErasureSteps,
): StudentDataStore {
  return {
    async gradesPage(studentId, after, limit) {
      // Served by grades_tenant_student (tenant_id, student_id, id) in index order.
      let query = db
        .selectFrom("grades")
        .select(["grade", "version", "audit", "answer", "answer_purged_at", "submitted_by"])
        .where("tenant_id", "=", tenantId)
        .where("student_id", "=", studentId)
        .orderBy("id", "asc")
        .limit(limit);
      if (after !== undefined) query = query.where("id", ">", after);
      const rows = await query.execute();
      return rows.map((row) => ({
        grade: gradeFromRow(row),
        answer: row.answer_purged_at === null ? row.answer : null,
        answerPurgedAt: row.answer_purged_at,
        submittedBy: row.submitted_by,
        audit: auditFromRow(row),
      }));
    },

    async eraseStudent(studentId, tombstone, unlinkCopy) {
      const record = await inTransaction(db, async (trx) => {
        // A grade of this student being stored now either commits first (and is erased below) or
        // waits, then finds its run marked erased (GradeStore.finishRun) and is not stored.
        await lockInTransaction<Database>(trx, "student", tenantId, studentId);
        await trx
          .updateTable("grade_runs")
          .set({ erased: 1, student_id: null })
          .where("tenant_id", "=", tenantId)
          .where("student_id", "=", studentId)
          .execute();
        const erased = await trx
          .selectFrom("grades")
          .select(["id", "cache_key"])
          .where("tenant_id", "=", tenantId)
          .where("student_id", "=", studentId)
          .execute();
        const gradeIds = erased.map((row) => row.id);
        const erasedIds = new Set(gradeIds);
        const cacheKeys = [
          ...new Set(erased.flatMap((row) => (row.cache_key === null ? [] : [row.cache_key]))),
        ];

        // Other students' grades copied from the erased ones share their cache key (a copy is stored
        // under the key it was found by) and name their source in `cachedFrom`.
        let cachedCopiesUnlinked = 0;
        for (const keys of chunksOf(cacheKeys)) {
          const candidates = await trx
            .selectFrom("grades")
            .select(["id", "grade", "version", "audit"])
            .where("tenant_id", "=", tenantId)
            .where("cache_key", "in", keys)
            .where((where) =>
              where.or([where("student_id", "is", null), where("student_id", "!=", studentId)]),
            )
            // PostgreSQL: a review of a copy waits until it is unlinked (SQLite's transactions are
            // serial already). In id order, as a group decision updates its members.
            .$if(isPostgres(db), (query) => query.orderBy("id").forUpdate())
            .execute();
          for (const row of candidates) {
            const audit = auditFromRow(row);
            if (audit.cachedFrom === null || !erasedIds.has(audit.cachedFrom)) continue;
            const unlinked = unlinkCopy({ grade: gradeFromRow(row), audit });
            await trx
              .updateTable("grades")
              .set({
                cache_key: null,
                grade: JSON.stringify(unlinked.grade),
                audit: JSON.stringify(unlinked.audit),
              })
              .where("tenant_id", "=", tenantId)
              .where("id", "=", row.id)
              .execute();
            cachedCopiesUnlinked++;
          }
        }

        // Their request hashes cover the answer and the student id. Grade ids are unique across tenants.
        let idempotencyKeys = 0;
        for (const ids of chunksOf(gradeIds)) {
          const deleted = await trx
            .deleteFrom("idempotency_keys")
            .where("grade_id", "in", ids)
            .executeTakeFirst();
          idempotencyKeys += Number(deleted.numDeletedRows);
        }

        // Single-flight leases are named `<namespace>:<cache key>`; one whose holder died stays behind.
        // Held ones are left to their holders, who delete them when done.
        if (cacheKeys.length > 0) {
          const keys = new Set(cacheKeys);
          const lapsed = await trx
            .selectFrom("leases")
            .select("name")
            .where("expires_at", "<=", tombstone.erasedAt)
            .execute();
          const names = lapsed
            .map((row) => row.name)
            .filter((name) => keys.has(name.slice(name.lastIndexOf(":") + 1)));
          for (const chunk of chunksOf(names)) {
            await trx.deleteFrom("leases").where("name", "in", chunk).execute();
          }
        }

        // PostgreSQL: the student's grades are locked before the steps touch their job items and jobs, in
        // the order every grade writer locks (grade, item, job: job-item-grades.ts), so that a review of
        // one of them either commits first or waits and then finds it gone.
        if (isPostgres(db) && gradeIds.length > 0) {
          await trx
            .selectFrom("grades")
            .select("id")
            .where("tenant_id", "=", tenantId)
            .where("student_id", "=", studentId)
            .orderBy("id")
            .forUpdate()
            .execute();
        }

        for (const step of erasureSteps) await step(trx, { tenantId, studentId, gradeIds, cacheKeys });

        const deleted = await trx
          .deleteFrom("grades")
          .where("tenant_id", "=", tenantId)
          .where("student_id", "=", studentId)
          .executeTakeFirst();
        const row: Database["student_erasures"] = {
          id: tombstone.id,
          tenant_id: tenantId,
          erased_at: tombstone.erasedAt,
          erased_by: tombstone.erasedBy,
          grades: Number(deleted.numDeletedRows),
          cached_copies_unlinked: cachedCopiesUnlinked,
          idempotency_keys: idempotencyKeys,
        };
        await trx.insertInto("student_erasures").values(row).execute();
        return erasureFromRow(row);
      });
      // After the commit: the erased text must not stay in the WAL file either. A checkpoint that finds
      // another process reading leaves it for the next one (retention runs one every hour).
      await compactDatabase(db);
      return record;
    },

    async pendingAnswers(studentId, limit) {
      const items = await db
        .selectFrom("job_items")
        .select(["job_id", "seq", "state", "submission_id", "answer", "updated_at"])
        .where("tenant_id", "=", tenantId)
        .where("student_id", "=", studentId)
        .where("answer", "!=", "")
        .orderBy("job_id")
        .orderBy("seq")
        .limit(limit)
        .execute();
      const submissions = await db
        .selectFrom("integration_submissions")
        .select(["id", "external_id", "state", "answer", "received_at"])
        .where("tenant_id", "=", tenantId)
        .where("student_id", "=", studentId)
        .where("answer", "!=", "")
        .orderBy("id")
        .limit(limit)
        .execute();
      return [
        ...items.map((row) => ({
          source: "job" as const,
          reference: `${row.job_id}/${row.seq}`,
          state: row.state,
          submissionId: row.submission_id,
          answer: row.answer,
          receivedAt: row.updated_at,
        })),
        ...submissions.map((row) => ({
          source: "integration" as const,
          reference: row.id,
          state: row.state,
          submissionId: row.external_id,
          answer: row.answer,
          receivedAt: row.received_at,
        })),
      ].slice(0, limit);
    },

    async listErasures(limit, before) {
      let query = db
        .selectFrom("student_erasures")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("id", "desc")
        .limit(limit);
      if (before !== undefined) query = query.where("id", "<", before);
      return (await query.execute()).map(erasureFromRow);
    },
  };
}

export function createAnswerRetentionStore(db: Kysely<Database>): AnswerRetentionStore {
  return {
    async pruneLapsedRuns(now) {
      const result = await db.deleteFrom("grade_runs").where("expires_at", "<", now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async purgeAnswers({ before, at, limit, scrub }) {
      return inTransaction(db, async (trx) => {
        // Served by grades_answer_retention (answer_purged_at, created_at).
        const rows = await trx
          .selectFrom("grades")
          .select(["id", "grade", "version", "audit"])
          .where("answer_purged_at", "is", null)
          .where("created_at", "<", before)
          .limit(limit)
          // PostgreSQL: a review waits for the purge of its grade (then finds the version changed), and
          // a purge in another process takes other grades instead of waiting for these.
          .$if(isPostgres(db), (query) => query.forUpdate().skipLocked())
          .execute();
        for (const row of rows) {
          const scrubbed = scrub({ grade: gradeFromRow(row), audit: auditFromRow(row) });
          // The grade's representation changes (its evidence goes), so its version and ETag do too.
          const version = row.version + 1;
          await trx
            .updateTable("grades")
            .set({
              answer: "",
              answer_purged_at: at,
              // The cache key hashes the answer; and a purged grade has no evidence left to serve.
              cache_key: null,
              grade: JSON.stringify({ ...scrubbed.grade, updatedAt: at, version }),
              audit: JSON.stringify(scrubbed.audit),
              updated_at: at,
              version,
            })
            .where("id", "=", row.id)
            .execute();
        }
        for (const ids of chunksOf(rows.map((row) => row.id))) {
          await trx.deleteFrom("idempotency_keys").where("grade_id", "in", ids).execute();
        }
        return rows.length;
      });
    },

    purgeCalibrationAnswers: (options) => purgeCalibrationAnswers(db, options),

    async purgeFailedJobItems({ before, at }) {
      const purged = await db
        .updateTable("job_items")
        // The marker, not the empty text, keeps a retry from grading it: a blank answer is empty too.
        .set({ answer: "", answer_purged_at: at, updated_at: at })
        .where("state", "=", "failed")
        .where("answer_purged_at", "is", null)
        .where("job_id", "in", (eb) => eb.selectFrom("jobs").select("id").where("created_at", "<", before))
        .executeTakeFirst();
      return Number(purged.numUpdatedRows);
    },

    compact: () => compactDatabase(db),
  };
}
