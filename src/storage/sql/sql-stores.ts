import type { Insertable, Kysely } from "kysely";
import { upgradeAuditRecord, type AuditRecord } from "../../grading/audit.js";
import { upgradeStoredGrade, type StoredGrade } from "../../grading/grade.js";
import { reviewGroupOf } from "../../grading/answer-groups.js";
import type {
  GradeListFilter,
  GradeStore,
  GradeWrite,
  IdempotencyClaim,
  IdempotencyStore,
  LeaseStore,
  LeaseTerms,
  RubricStore,
  RubricSummary,
  StoredRubric,
} from "../../grading/ports.js";
import { rubricMaxPoints, type Rubric } from "../../grading/rubric.js";
import { inTransaction, isPostgres, lockInTransaction, shareLockInTransaction } from "./dialect.js";
import { moveJobItemsWithGrade } from "./job-item-grades.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";
import { deleteRubricCalibrationRequirement } from "./calibration-stores.js";

// The queries every grade runs, compiled once (see precompiled-query.ts).
const currentVersionQuery = precompiledQuery<[tenantId: string, id: string]>((db, [tenantId, id]) =>
  db
    .selectFrom("rubrics")
    .select(["id", "current_version"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id),
);
const rubricStateQuery = precompiledQuery<[tenantId: string, id: string]>((db, [tenantId, id]) =>
  db
    .selectFrom("rubrics")
    .select(["current_version", "archived_at"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id),
);
/** The rubric's current version, while `version` of it exists. */
const versionExistsQuery = precompiledQuery<[tenantId: string, id: string, version: string]>(
  (db, [tenantId, id, version]) =>
    db
      .selectFrom("rubric_versions")
      .innerJoin("rubrics", (join) =>
        join
          .onRef("rubrics.tenant_id", "=", "rubric_versions.tenant_id")
          .onRef("rubrics.id", "=", "rubric_versions.rubric_id"),
      )
      .select("rubrics.current_version")
      .where("rubric_versions.tenant_id", "=", tenantId)
      .where("rubric_versions.rubric_id", "=", id)
      .where("rubric_versions.version", "=", version),
);
const rubricVersionQuery = precompiledQuery<[tenantId: string, id: string, version: string]>(
  (db, [tenantId, id, version]) =>
    db
      .selectFrom("rubric_versions")
      .select(["document", "created_at"])
      .where("tenant_id", "=", tenantId)
      .where("rubric_id", "=", id)
      .where("version", "=", version),
);
const gradeByCacheKeyQuery = precompiledQuery<[tenantId: string, cacheKey: string]>(
  (db, [tenantId, cacheKey]) =>
    db
      .selectFrom("grades")
      .select(["grade", "version", "audit"])
      .where("tenant_id", "=", tenantId)
      .where("cache_key", "=", cacheKey)
      .orderBy("id", "desc")
      .limit(1),
);
type GradeRow = Required<Insertable<Database["grades"]>>;
const gradeColumns = [
  "id",
  "tenant_id",
  "submitted_by",
  "submission_id",
  "group_id",
  "review_group",
  "rubric_id",
  "rubric_version",
  "student_id",
  "status",
  "graded_by",
  "cache_key",
  "created_at",
  "updated_at",
  "grade",
  "audit",
  "answer",
  "version",
] as const satisfies readonly (keyof GradeRow)[];
const insertGradeQuery = precompiledQuery<GradeRow[(typeof gradeColumns)[number]][]>((db, values) =>
  db
    .insertInto("grades")
    .values(Object.fromEntries(gradeColumns.map((column, index) => [column, values[index]])) as never),
);
const insertLeaseQuery = precompiledQuery<[name: string, holder: string, expiresAt: string]>(
  (db, [name, holder, expiresAt]) =>
    db
      .insertInto("leases")
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column("name").doNothing()),
);
const releaseLeaseQuery = precompiledQuery<[name: string, holder: string]>((db, [name, holder]) =>
  db.deleteFrom("leases").where("name", "=", name).where("holder", "=", holder),
);

/**
 * Stores written once against Kysely, so every SQL dialect (SQLite, PostgreSQL) shares them and passes
 * the same contract tests (tests/integration/storage-contract.test.ts). Each takes either the database or
 * a transaction (`Transaction` is a `Kysely`): see `openStorage`'s `transaction`. Where a transaction
 * reads and then writes on what it read, it locks first on PostgreSQL (see dialect.ts).
 */

/** Runs `work` atomically: in the caller's transaction when there is one (they do not nest), else in its own. */
/** Runs `work` in the caller's transaction when there is one, else in a new one. */
export function atomically<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : inTransaction(db, work);
}

export function createRubricStore(db: Kysely<Database>, tenantId: string): RubricStore {
  const toStored = (row: { document: string; created_at: string }): StoredRubric => ({
    rubric: JSON.parse(row.document) as Rubric,
    createdAt: row.created_at,
  });
  return {
    async save(rubric, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        // Two first uploads of one rubric at once would both insert (see dialect.ts).
        await lockInTransaction(trx, "rubric", tenantId, rubric.id);
        const existing = await trx
          .selectFrom("rubrics")
          .select(["current_version"])
          .where("tenant_id", "=", tenantId)
          .where("id", "=", rubric.id)
          .executeTakeFirst();
        if (existing?.current_version === rubric.version) return { change: "unchanged" as const };
        const summary = {
          current_version: rubric.version,
          title: rubric.title,
          language: rubric.language,
          criteria_count: rubric.criteria.length,
          max_points: rubricMaxPoints(rubric),
          updated_at: at,
        };
        if (existing) {
          await trx
            .updateTable("rubrics")
            .set(summary)
            .where("tenant_id", "=", tenantId)
            .where("id", "=", rubric.id)
            .execute();
        } else {
          await trx
            .insertInto("rubrics")
            .values({ tenant_id: tenantId, id: rubric.id, ...summary, created_at: at })
            .execute();
        }
        // Re-uploading an older version makes it current again; its first upload time is kept.
        await trx
          .insertInto("rubric_versions")
          .values({
            tenant_id: tenantId,
            rubric_id: rubric.id,
            version: rubric.version,
            document: JSON.stringify(rubric),
            created_at: at,
          })
          .onConflict((conflict) => conflict.columns(["tenant_id", "rubric_id", "version"]).doNothing())
          .execute();
        return { change: existing ? ("new_version" as const) : ("created" as const) };
      });
    },

    async findCurrent(id) {
      const row = await db
        .selectFrom("rubrics")
        .innerJoin("rubric_versions", (join) =>
          join
            .onRef("rubric_versions.tenant_id", "=", "rubrics.tenant_id")
            .onRef("rubric_versions.rubric_id", "=", "rubrics.id")
            .onRef("rubric_versions.version", "=", "rubrics.current_version"),
        )
        .select(["rubric_versions.document", "rubric_versions.created_at"])
        .where("rubrics.tenant_id", "=", tenantId)
        .where("rubrics.id", "=", id)
        .executeTakeFirst();
      return row ? toStored(row) : undefined;
    },

    async findVersion(id, version) {
      const { rows } = await db.executeQuery<{ document: string; created_at: string }>(
        rubricVersionQuery(db, [tenantId, id, version]),
      );
      return rows[0] ? toStored(rows[0]) : undefined;
    },

    async currentVersions(ids) {
      if (ids.length === 0) return new Map();
      if (ids.length === 1) {
        // The grading path asks for one rubric at a time.
        const { rows } = await db.executeQuery<{ id: string; current_version: string }>(
          currentVersionQuery(db, [tenantId, ids[0]!]),
        );
        return new Map(rows.map((row) => [row.id, row.current_version]));
      }
      const rows = await db
        .selectFrom("rubrics")
        .select(["id", "current_version"])
        .where("tenant_id", "=", tenantId)
        .where("id", "in", [...ids])
        .execute();
      return new Map(rows.map((row) => [row.id, row.current_version]));
    },

    async list(): Promise<RubricSummary[]> {
      const rows = await db
        .selectFrom("rubrics")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("id")
        .execute();
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        version: row.current_version,
        language: row.language,
        criteriaCount: row.criteria_count,
        maxPoints: row.max_points,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        archivedAt: row.archived_at ?? null,
      }));
    },

    async state(id) {
      const { rows } = await db.executeQuery<{ current_version: string; archived_at: string | null }>(
        rubricStateQuery(db, [tenantId, id]),
      );
      const row = rows[0];
      return row ? { currentVersion: row.current_version, archivedAt: row.archived_at ?? null } : undefined;
    },

    async versions(id) {
      const rows = await db
        .selectFrom("rubric_versions")
        .select(["version", "created_at"])
        .where("tenant_id", "=", tenantId)
        .where("rubric_id", "=", id)
        .orderBy("created_at")
        .orderBy("version")
        .execute();
      return rows.map((row) => ({ version: row.version, createdAt: row.created_at }));
    },

    async setArchived(id, archivedAt) {
      const result = await db
        .updateTable("rubrics")
        .set({ archived_at: archivedAt })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async holdVersion(id, version) {
      // Shared: the grades of one rubric are stored side by side (an exclusive lock made every grade's
      // commit on PostgreSQL wait for the one before); its delete, exclusive, waits for them all.
      await shareLockInTransaction(db, "rubric", tenantId, id);
      const { rows } = await db.executeQuery<{ current_version: string }>(
        versionExistsQuery(db, [tenantId, id, version]),
      );
      return rows[0]?.current_version;
    },

    remove(id) {
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "rubric", tenantId, id);
        const exists = await trx
          .selectFrom("rubrics")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        if (!exists) return "not_found" as const;
        // Grades, and what will make grades or reads them back: a job (an upload, a calibration, an
        // LMS's) pins its rubric version when it is created, and an LMS submission names its rubric
        // before it is queued. Deleted under them, every item failed and the job's export answered 404.
        for (const table of ["grades", "jobs", "integration_submissions"] as const) {
          const used = await trx
            .selectFrom(table)
            .select("rubric_id")
            .where("tenant_id", "=", tenantId)
            .where("rubric_id", "=", id)
            .limit(1)
            .executeTakeFirst();
          if (used) return "in_use" as const;
        }
        await trx
          .deleteFrom("rubric_versions")
          .where("tenant_id", "=", tenantId)
          .where("rubric_id", "=", id)
          .execute();
        await trx.deleteFrom("rubrics").where("tenant_id", "=", tenantId).where("id", "=", id).execute();
        // A rubric uploaded again under this id starts without the old one's calibration requirement.
        await deleteRubricCalibrationRequirement(trx, tenantId, id);
        return "deleted" as const;
      });
    },
  };
}

/** The SELECT behind `GradeStore.list`, exported so a test can check its query plan on each dialect. */
export function gradeListQuery(db: Kysely<Database>, tenantId: string, filter: GradeListFilter) {
  // The tenant, equality filters, then `id` in index order: every combination has an index (0003).
  let query = db
    .selectFrom("grades")
    .select(["grade", "version"])
    .where("tenant_id", "=", tenantId)
    .orderBy("id", "desc")
    .limit(filter.limit);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.rubricId) query = query.where("rubric_id", "=", filter.rubricId);
  if (filter.studentId) query = query.where("student_id", "=", filter.studentId);
  if (filter.submittedBy) query = query.where("submitted_by", "=", filter.submittedBy);
  if (filter.submissionId) query = query.where("submission_id", "=", filter.submissionId);
  if (filter.rubricVersion) query = query.where("rubric_version", "=", filter.rubricVersion);
  if (filter.gradedBy) query = query.where("graded_by", "=", filter.gradedBy);
  if (filter.groupId) query = query.where("group_id", "=", filter.groupId);
  if (filter.atOrAfter) query = query.where("id", ">=", filter.atOrAfter);
  if (filter.before) query = query.where("id", "<", filter.before);
  return query;
}

/** The grade document with the version column, which is authoritative (rows older than 0002 lack it). */
export function gradeFromRow(row: { grade: string; version: number }): StoredGrade {
  return upgradeStoredGrade({ ...(JSON.parse(row.grade) as StoredGrade), version: row.version });
}

/** The audit record, with the fields added since older records were stored. */
export function auditFromRow(row: { audit: string }): AuditRecord {
  return upgradeAuditRecord(JSON.parse(row.audit) as AuditRecord);
}

export function createGradeStore(db: Kysely<Database>, tenantId: string): GradeStore {
  return {
    async insert({ grade, answer, cacheKey, audit, submittedBy }: GradeWrite) {
      const row: GradeRow = {
        id: grade.id,
        tenant_id: tenantId,
        submitted_by: submittedBy ?? null,
        submission_id: grade.submissionId,
        group_id: grade.groupId,
        review_group: reviewGroupOf(grade),
        rubric_id: grade.rubricId,
        rubric_version: grade.rubricVersion,
        student_id: grade.studentId,
        status: grade.status,
        graded_by: grade.gradedBy,
        cache_key: cacheKey,
        created_at: grade.createdAt,
        updated_at: grade.updatedAt,
        grade: JSON.stringify(grade),
        audit: JSON.stringify(audit),
        answer,
        version: grade.version,
      };
      await db.executeQuery(
        insertGradeQuery(
          db,
          gradeColumns.map((column) => row[column]),
        ),
      );
    },

    async startRun(id, studentId, expiresAt) {
      await db
        .insertInto("grade_runs")
        .values({ id, tenant_id: tenantId, student_id: studentId, erased: 0, expires_at: expiresAt })
        .execute();
    },

    async finishRun(id, studentId) {
      return atomically(db, async (trx) => {
        // The same lock as the student's erasure (PostgreSQL; SQLite's transactions are serial).
        await lockInTransaction(trx, "student", tenantId, studentId);
        const run = await trx
          .selectFrom("grade_runs")
          .select("erased")
          .where("id", "=", id)
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst();
        if (!run) return true;
        await trx.deleteFrom("grade_runs").where("id", "=", id).execute();
        return Number(run.erased) === 0;
      });
    },

    async holdCacheSource(id) {
      return atomically(db, async (trx) => {
        const source = await trx
          .selectFrom("grades")
          .select("student_id")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        if (!source) return false;
        if (source.student_id === null) return true;
        // The same lock as the student's erasure (PostgreSQL; SQLite's transactions are serial): an erasure
        // that read the copies before this one was stored has committed once it is held, and is seen below.
        await lockInTransaction(trx, "student", tenantId, source.student_id);
        const still = await trx
          .selectFrom("grades")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        return still !== undefined;
      });
    },

    async findById(id) {
      const row = await db
        .selectFrom("grades")
        .select(["grade", "version", "audit", "answer", "submitted_by", "answer_purged_at"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        grade: gradeFromRow(row),
        audit: auditFromRow(row),
        answer: row.answer,
        submittedBy: row.submitted_by,
        answerPurgedAt: row.answer_purged_at,
      };
    },

    async findByCacheKey(cacheKey) {
      const { rows } = await db.executeQuery<{ grade: string; version: number; audit: string }>(
        gradeByCacheKeyQuery(db, [tenantId, cacheKey]),
      );
      const row = rows[0];
      if (!row) return undefined;
      return { grade: gradeFromRow(row), audit: auditFromRow(row) };
    },

    async findSubmissionGrade({ submissionId, cacheKey, submittedBy }) {
      // Served by grades_tenant_submission (tenant_id, submission_id, id): a submission has few grades.
      const row = await db
        .selectFrom("grades")
        .select(["grade", "version"])
        .where("tenant_id", "=", tenantId)
        .where("submission_id", "=", submissionId)
        .where("cache_key", "=", cacheKey)
        .where("submitted_by", submittedBy === null ? "is" : "=", submittedBy)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return row && gradeFromRow(row);
    },

    async list(filter: GradeListFilter) {
      const rows = await gradeListQuery(db, tenantId, filter).execute();
      return rows.map(gradeFromRow);
    },

    update(grade, audit, expectedVersion) {
      const version = expectedVersion + 1;
      return atomically(db, async (trx) => {
        const result = await trx
          .updateTable("grades")
          .set({
            status: grade.status,
            graded_by: grade.gradedBy,
            review_group: reviewGroupOf(grade),
            updated_at: grade.updatedAt,
            grade: JSON.stringify({ ...grade, version }),
            audit: JSON.stringify(audit),
            version,
          })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", grade.id)
          .where("version", "=", expectedVersion)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        // A job's item and counts say what the grade says now (approved, changed, reopened, appealed).
        await moveJobItemsWithGrade(trx, tenantId, grade.id, grade.status, grade.updatedAt);
        return true;
      });
    },

    async groupMembers(groupId) {
      // In a transaction (a group decision), the group is locked first: a grade joining it meanwhile
      // waits for the decision and then applies it (see createGroupDecisionStore's `find`).
      await lockInTransaction(db, "answer-group", tenantId, groupId);
      const rows = await db
        .selectFrom("grades")
        .select(["grade", "version", "audit"])
        .where("tenant_id", "=", tenantId)
        .where("group_id", "=", groupId)
        .orderBy("id")
        // PostgreSQL, in a decision: every member is locked before the first is updated, so that the
        // decision, like every grade writer, locks grades before job items and jobs (job-item-grades.ts).
        .$if(db.isTransaction && isPostgres(db), (query) => query.forUpdate())
        .execute();
      return rows.map((row) => ({ grade: gradeFromRow(row), audit: auditFromRow(row) }));
    },

    async groupSizes(groupIds) {
      if (groupIds.length === 0) return new Map();
      const rows = await db
        .selectFrom("grades")
        .select((eb) => ["group_id", eb.fn.countAll<number>().as("size")])
        .where("tenant_id", "=", tenantId)
        .where("group_id", "in", [...groupIds])
        .groupBy("group_id")
        .execute();
      return new Map(rows.map((row) => [row.group_id!, Number(row.size)]));
    },

    async reviewQueue(filter) {
      // Pending grades are read in id order through (tenant, status[, rubric], id) in batches, and the
      // first grade of each review group not shown on an earlier page opens an entry: a page costs about
      // the rows it shows, however long the queue (a GROUP BY over every pending grade grew with it).
      const entries = new Map<string, string>();
      const seen = new Set<string>();
      const batchSize = 256;
      let position = filter.after;
      for (;;) {
        let query = db
          .selectFrom("grades")
          .select(["id", "review_group"])
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "needs_review");
        if (filter.rubricId) query = query.where("rubric_id", "=", filter.rubricId);
        if (position !== undefined) query = query.where("id", ">", position);
        const rows = await query.orderBy("id").limit(batchSize).execute();
        for (const row of rows) {
          const group = row.review_group ?? row.id;
          if (seen.has(group)) continue;
          seen.add(group);
          // A group with a pending grade at or before the cursor opened an entry on an earlier page.
          if (filter.after !== undefined && group !== row.id) {
            const earlier = await db
              .selectFrom("grades")
              .select("id")
              .where("tenant_id", "=", tenantId)
              .where("status", "=", "needs_review")
              .where("review_group", "=", group)
              .where("id", "<=", filter.after)
              .limit(1)
              .executeTakeFirst();
            if (earlier) continue;
          }
          entries.set(group, row.id);
          if (entries.size === filter.limit) break;
        }
        if (entries.size === filter.limit || rows.length < batchSize) break;
        position = rows.at(-1)!.id;
      }
      if (entries.size === 0) return [];
      const counts = await db
        .selectFrom("grades")
        .select((eb) => ["review_group", eb.fn.countAll<number>().as("pending")])
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "needs_review")
        .where("review_group", "in", [...entries.keys()])
        .groupBy("review_group")
        .execute();
      const pending = new Map(counts.map((row) => [row.review_group, Number(row.pending)]));
      return [...entries].map(([reviewGroup, firstGradeId]) => ({
        reviewGroup,
        firstGradeId,
        pending: pending.get(reviewGroup) ?? 1,
      }));
    },
  };
}

/**
 * Idempotency keys are the client's, so two schools may use the same one: stored as `<tenant>:<key>`.
 */
export function createIdempotencyStore(db: Kysely<Database>, tenantId: string): IdempotencyStore {
  const scoped = (key: string) => `${tenantId}:${key}`;
  async function claim(clientKey: string, requestHash: string, lease: LeaseTerms): Promise<IdempotencyClaim> {
    const key = scoped(clientKey);
    const holding = { holder: lease.holder, lease_expires_at: lease.expiresAt.toISOString() };
    const inserted = await db
      .insertInto("idempotency_keys")
      .values({
        key,
        request_hash: requestHash,
        state: "in_progress",
        grade_id: null,
        created_at: lease.now.toISOString(),
        ...holding,
      })
      .onConflict((conflict) => conflict.column("key").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { state: "claimed" };
    const row = await db.selectFrom("idempotency_keys").selectAll().where("key", "=", key).executeTakeFirst();
    // Released between the insert and the read: try again from the start.
    if (!row) return claim(clientKey, requestHash, lease);
    if (row.state === "completed" && row.grade_id) {
      return { state: "completed", requestHash: row.request_hash, gradeId: row.grade_id };
    }
    const now = lease.now.toISOString();
    // A claim without a lease was made before leases existed: its request died at the upgrade.
    const expired = row.lease_expires_at === null || row.lease_expires_at <= now;
    if (row.request_hash === requestHash && expired) {
      // Its holder stopped renewing (the process died): take it over in one conditional statement, so
      // of two requests taking over at once only one wins; the other sees the new lease.
      const taken = await db
        .updateTable("idempotency_keys")
        .set(holding)
        .where("key", "=", key)
        .where("state", "=", "in_progress")
        .where("request_hash", "=", requestHash)
        .where((where) =>
          where.or([where("lease_expires_at", "is", null), where("lease_expires_at", "<=", now)]),
        )
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) > 0) return { state: "claimed" };
      return claim(clientKey, requestHash, lease);
    }
    return {
      state: "in_progress",
      requestHash: row.request_hash,
      leaseExpiresAt: new Date(row.lease_expires_at ?? now),
    };
  }

  return {
    claim,

    async find(clientKey) {
      const row = await db
        .selectFrom("idempotency_keys")
        .select(["state", "request_hash", "grade_id", "lease_expires_at"])
        .where("key", "=", scoped(clientKey))
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.state === "completed" && row.grade_id) {
        return { state: "completed", requestHash: row.request_hash, gradeId: row.grade_id };
      }
      return {
        state: "in_progress",
        requestHash: row.request_hash,
        leaseExpiresAt: new Date(row.lease_expires_at ?? 0),
      };
    },

    async renew(key, holder, expiresAt) {
      const result = await db
        .updateTable("idempotency_keys")
        .set({ lease_expires_at: expiresAt.toISOString() })
        .where("key", "=", scoped(key))
        .where("state", "=", "in_progress")
        .where("holder", "=", holder)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async complete(key, holder, gradeId) {
      const result = await db
        .updateTable("idempotency_keys")
        .set({ state: "completed", grade_id: gradeId, holder: null, lease_expires_at: null })
        .where("key", "=", scoped(key))
        .where("state", "=", "in_progress")
        .where("holder", "=", holder)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async release(key, holder) {
      await db
        .deleteFrom("idempotency_keys")
        .where("key", "=", scoped(key))
        .where("state", "=", "in_progress")
        .where("holder", "=", holder)
        .execute();
    },

    async reclaim(key, gradeId, lease) {
      // One conditional statement: of two requests that found the grade gone, only one gets the key.
      const result = await db
        .updateTable("idempotency_keys")
        .set({
          state: "in_progress",
          grade_id: null,
          holder: lease.holder,
          lease_expires_at: lease.expiresAt.toISOString(),
        })
        .where("key", "=", scoped(key))
        .where("state", "=", "completed")
        .where("grade_id", "=", gradeId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export function createLeaseStore(db: Kysely<Database>): LeaseStore {
  return {
    async acquire(name, lease) {
      const terms = { holder: lease.holder, expires_at: lease.expiresAt.toISOString() };
      const inserted = await db.executeQuery(insertLeaseQuery(db, [name, terms.holder, terms.expires_at]));
      if (Number(inserted.numAffectedRows ?? 0) > 0) return true;
      // Held: take it only when its holder stopped renewing. One statement, so two takers cannot both win.
      const taken = await db
        .updateTable("leases")
        .set(terms)
        .where("name", "=", name)
        .where("expires_at", "<=", lease.now.toISOString())
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) > 0;
    },

    async renew(name, holder, expiresAt) {
      const result = await db
        .updateTable("leases")
        .set({ expires_at: expiresAt.toISOString() })
        .where("name", "=", name)
        .where("holder", "=", holder)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async release(name, holder) {
      await db.executeQuery(releaseLeaseQuery(db, [name, holder]));
    },
  };
}
