import {
  sql,
  type ColumnType,
  type ExpressionBuilder,
  type Kysely,
  type Migration,
  type Selectable,
} from "kysely";
import type {
  Calibration,
  CalibrationAnswer,
  CalibrationRequirement,
  CalibrationRequirementStore,
  CalibrationResult,
  CalibrationStore,
} from "../../grading/calibrations.js";
import { inTransaction, isPostgres } from "./dialect.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";

/**
 * Calibrations (grading/calibrations.ts): teachers' points for a rubric version, the job that grades
 * their answers, and the result stored once that job completed.
 */

export type CalibrationTable = {
  id: string;
  tenant_id: string;
  rubric_id: string;
  rubric_version: string;
  job_id: string;
  /** `running` until the result is stored, then `completed`. */
  status: string;
  answer_count: number;
  /** JSON: the teachers' answers with their points, in job order (item seq = index + 1). */
  answers: string;
  /** JSON CalibrationResult; null while running. */
  result: string | null;
  created_by: string | null;
  created_at: string;
  completed_at: string | null;
  /** When retention or an erasure emptied answer texts (0013); null while all are kept. */
  answers_purged_at: ColumnType<string | null, string | null | undefined, string | null>;
};

/** A rubric's own calibration requirement, for all its versions (0013). */
export type RubricCalibrationRequirementTable = {
  tenant_id: string;
  rubric_id: string;
  min_quadratic_kappa: number;
  min_answers: number;
  updated_at: string;
};

export type CalibrationRequirementTable = {
  tenant_id: string;
  min_quadratic_kappa: number;
  min_answers: number;
  updated_at: string;
};

/** A school's choice about graded examples copied from calibration answers (0013). */
export type ExemplarCopyPolicyTable = {
  tenant_id: string;
  /** 1: they go when the answers they were copied from are purged or erased; 0: they stay. */
  purge_copies: number;
  updated_at: string;
};

/** The tables of this file, beside those of schema.ts (Kysely's `withTables`; a type, as it asks). */
export type CalibrationTables = {
  calibrations: CalibrationTable;
  calibration_requirements: CalibrationRequirementTable;
  rubric_calibration_requirements: RubricCalibrationRequirementTable;
  exemplar_copy_policies: ExemplarCopyPolicyTable;
};

type CalibrationDatabase = Database & CalibrationTables;

/** Migration 0012: calibrations. */
export const calibrationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Ids, versions and ISO times compare byte-wise on PostgreSQL as on SQLite (see 0007, 0008).
    const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable("calibrations")
      .addColumn("id", text, (column) => column.primaryKey())
      .addColumn("tenant_id", text, (column) => column.notNull())
      .addColumn("rubric_id", text, (column) => column.notNull())
      .addColumn("rubric_version", text, (column) => column.notNull())
      .addColumn("job_id", text, (column) => column.notNull())
      .addColumn("status", text, (column) => column.notNull())
      .addColumn("answer_count", "integer", (column) => column.notNull())
      .addColumn("answers", "text", (column) => column.notNull())
      .addColumn("result", "text")
      .addColumn("created_by", text)
      .addColumn("created_at", text, (column) => column.notNull())
      .addColumn("completed_at", text)
      .execute();
    // A job held for calibration records who released it and when.
    await db.schema.alterTable("jobs").addColumn("released_by", text).execute();
    await db.schema.alterTable("jobs").addColumn("released_at", text).execute();
    // A tenant's requirement: a passing calibration before batch grading (null row: none).
    await db.schema
      .createTable("calibration_requirements")
      .addColumn("tenant_id", text, (column) => column.primaryKey())
      .addColumn("min_quadratic_kappa", "double precision", (column) => column.notNull())
      .addColumn("min_answers", "integer", (column) => column.notNull())
      .addColumn("updated_at", text, (column) => column.notNull())
      .execute();
    // A rubric's calibrations newest first; the requirement's check reads one version's.
    await db.schema
      .createIndex("calibrations_rubric")
      .on("calibrations")
      .columns(["tenant_id", "rubric_id", "rubric_version", "id"])
      .execute();
  },
};

/**
 * Migration 0013: a rubric's own calibration requirement, jobs released by a calibration, purged
 * calibration answers, and the look-ups the job engine and the release make.
 */
export const calibrationFollowUpMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable("rubric_calibration_requirements")
      .addColumn("tenant_id", text, (column) => column.notNull())
      .addColumn("rubric_id", text, (column) => column.notNull())
      .addColumn("min_quadratic_kappa", "double precision", (column) => column.notNull())
      .addColumn("min_answers", "integer", (column) => column.notNull())
      .addColumn("updated_at", text, (column) => column.notNull())
      .addPrimaryKeyConstraint("rubric_calibration_requirements_pk", ["tenant_id", "rubric_id"])
      .execute();
    await db.schema
      .createTable("exemplar_copy_policies")
      .addColumn("tenant_id", text, (column) => column.primaryKey())
      .addColumn("purge_copies", "integer", (column) => column.notNull())
      .addColumn("updated_at", text, (column) => column.notNull())
      .execute();
    await db.schema.alterTable("jobs").addColumn("released_by_calibration", text).execute();
    await db.schema.alterTable("calibrations").addColumn("answers_purged_at", text).execute();
    // The job engine asks, as an item ends, whether its job grades a calibration.
    await db.schema
      .createIndex("calibrations_job")
      .on("calibrations")
      .columns(["tenant_id", "job_id"])
      .execute();
    // A passing calibration releases the jobs held for its version.
    await db.schema
      .createIndex("jobs_rubric_version_status")
      .on("jobs")
      .columns(["tenant_id", "rubric_id", "rubric_version", "status"])
      .execute();
  },
};

function fromRow(row: Selectable<CalibrationTable>): Calibration {
  return {
    id: row.id,
    rubricId: row.rubric_id,
    rubricVersion: row.rubric_version,
    jobId: row.job_id,
    status: row.status as Calibration["status"],
    answerCount: Number(row.answer_count),
    createdBy: row.created_by,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    answersPurgedAt: row.answers_purged_at ?? null,
    result: row.result === null ? null : (JSON.parse(row.result) as CalibrationResult),
  };
}

const summaryColumns = [
  "id",
  "tenant_id",
  "rubric_id",
  "rubric_version",
  "job_id",
  "status",
  "answer_count",
  "result",
  "created_by",
  "created_at",
  "completed_at",
  "answers_purged_at",
] as const;

/**
 * A calibration is stored before its job is opened (grading/calibrations.ts): one whose job is still being
 * received is not accepted yet, or never will be (its request's process died; the job is deleted as an
 * abandoned upload). Read as one, it named a job nobody can read, and every read that settled it failed
 * with job_not_found: with a requirement set, every grade and job of its rubric.
 */
function jobAccepted(eb: ExpressionBuilder<CalibrationDatabase, "calibrations">) {
  return eb.exists(
    eb
      .selectFrom("jobs")
      .select("jobs.id")
      .whereRef("jobs.id", "=", "calibrations.job_id")
      .whereRef("jobs.tenant_id", "=", "calibrations.tenant_id")
      .where("jobs.status", "!=", "receiving"),
  );
}

export function createCalibrationStore(base: Kysely<Database>, tenantId: string): CalibrationStore {
  const db: Kysely<CalibrationDatabase> = base.withTables<CalibrationTables>();
  return {
    async create({ id, rubricId, rubricVersion, jobId, answers, createdBy, now }) {
      await db
        .insertInto("calibrations")
        .values({
          id,
          tenant_id: tenantId,
          rubric_id: rubricId,
          rubric_version: rubricVersion,
          job_id: jobId,
          status: "running",
          answer_count: answers.length,
          answers: JSON.stringify(answers),
          result: null,
          created_by: createdBy,
          created_at: now.toISOString(),
          completed_at: null,
        })
        .execute();
    },

    async find(id) {
      const row = await db
        .selectFrom("calibrations")
        .select(summaryColumns)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where(jobAccepted)
        .executeTakeFirst();
      return row && fromRow({ ...row, answers: "" });
    },

    async answers(id) {
      const row = await db
        .selectFrom("calibrations")
        .select("answers")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? (JSON.parse(row.answers) as Awaited<ReturnType<CalibrationStore["answers"]>>) : [];
    },

    async listForRubric(rubricId) {
      const rows = await db
        .selectFrom("calibrations")
        .select(summaryColumns)
        .where("tenant_id", "=", tenantId)
        .where("rubric_id", "=", rubricId)
        .where(jobAccepted)
        .orderBy("id", "desc")
        .execute();
      return rows.map((row) => fromRow({ ...row, answers: "" }));
    },

    async findByJob(jobId) {
      const row = await db
        .selectFrom("calibrations")
        .select(summaryColumns)
        .where("tenant_id", "=", tenantId)
        .where("job_id", "=", jobId)
        .executeTakeFirst();
      return row && fromRow({ ...row, answers: "" });
    },

    async complete(id, result, now) {
      await db
        .updateTable("calibrations")
        .set({ status: "completed", result: JSON.stringify(result), completed_at: now.toISOString() })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "running")
        .execute();
    },
  };
}

/** A school's or a rubric's requirement as stored (the two tables share these columns). */
function requirementFromRow(row: {
  min_quadratic_kappa: number;
  min_answers: number;
}): CalibrationRequirement {
  return { minQuadraticKappa: Number(row.min_quadratic_kappa), minAnswers: Number(row.min_answers) };
}

function requirementColumns(requirement: CalibrationRequirement, now: Date) {
  return {
    min_quadratic_kappa: requirement.minQuadraticKappa,
    min_answers: requirement.minAnswers,
    updated_at: now.toISOString(),
  };
}

/** The school's and the rubric's requirement in one statement: read on every grade's path. */
const bothRequirementsQuery = precompiledQuery<[tenantId: string, rubricId: string]>(
  (base, [tenantId, rubricId]) => {
    const db = base.withTables<CalibrationTables>();
    return db
      .selectFrom("calibration_requirements")
      .select([sql<string>`'tenant'`.as("level"), "min_quadratic_kappa", "min_answers"])
      .where("tenant_id", "=", tenantId)
      .unionAll(
        db
          .selectFrom("rubric_calibration_requirements")
          .select([sql<string>`'rubric'`.as("level"), "min_quadratic_kappa", "min_answers"])
          .where("tenant_id", "=", tenantId)
          .where("rubric_id", "=", rubricId),
      );
  },
);

export function createCalibrationRequirementStore(base: Kysely<Database>): CalibrationRequirementStore {
  const db: Kysely<CalibrationDatabase> = base.withTables<CalibrationTables>();
  return {
    async findBoth(tenantId, rubricId) {
      const { rows } = await base.executeQuery<{
        level: string;
        min_quadratic_kappa: number;
        min_answers: number;
      }>(bothRequirementsQuery(base, [tenantId, rubricId]));
      const rowOf = (level: string) => rows.find((row) => row.level === level);
      const tenant = rowOf("tenant");
      const rubric = rowOf("rubric");
      return {
        tenant: tenant ? requirementFromRow(tenant) : null,
        rubric: rubric ? requirementFromRow(rubric) : null,
      };
    },

    async find(tenantId) {
      const row = await db
        .selectFrom("calibration_requirements")
        .select(["min_quadratic_kappa", "min_answers"])
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row ? requirementFromRow(row) : null;
    },

    async save(tenantId, requirement, now) {
      if (requirement === null) {
        await db.deleteFrom("calibration_requirements").where("tenant_id", "=", tenantId).execute();
        return;
      }
      const values = requirementColumns(requirement, now);
      await db
        .insertInto("calibration_requirements")
        .values({ tenant_id: tenantId, ...values })
        .onConflict((conflict) => conflict.column("tenant_id").doUpdateSet(values))
        .execute();
    },

    async purgesExemplarCopies(tenantId) {
      return purgesExemplarCopies(db, tenantId);
    },

    async setPurgesExemplarCopies(tenantId, purge, now) {
      const values = { purge_copies: purge ? 1 : 0, updated_at: now.toISOString() };
      await db
        .insertInto("exemplar_copy_policies")
        .values({ tenant_id: tenantId, ...values })
        .onConflict((conflict) => conflict.column("tenant_id").doUpdateSet(values))
        .execute();
    },

    async saveForRubric(tenantId, rubricId, requirement, now) {
      if (requirement === null) {
        await db
          .deleteFrom("rubric_calibration_requirements")
          .where("tenant_id", "=", tenantId)
          .where("rubric_id", "=", rubricId)
          .execute();
        return;
      }
      const values = requirementColumns(requirement, now);
      await db
        .insertInto("rubric_calibration_requirements")
        .values({ tenant_id: tenantId, rubric_id: rubricId, ...values })
        .onConflict((conflict) => conflict.columns(["tenant_id", "rubric_id"]).doUpdateSet(values))
        .execute();
    },
  };
}

/**
 * Answer retention reaches calibrations: the answer texts of calibrations created before `before`
 * are emptied (their teachers' points, student ids and stored figures stay). Returns how many
 * calibrations it purged.
 */
export async function purgeCalibrationAnswers(
  base: Kysely<Database>,
  options: { before: string; at: string },
): Promise<number> {
  const db: Kysely<CalibrationDatabase> = base.withTables<CalibrationTables>();
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom("calibrations")
      .select(["id", "tenant_id", "rubric_id", "answers"])
      .where("created_at", "<", options.before)
      .where("answers_purged_at", "is", null)
      .execute();
    for (const row of rows) {
      const kept = JSON.parse(row.answers) as CalibrationAnswer[];
      if (await purgesExemplarCopies(trx, row.tenant_id)) {
        await removeExemplarCopies(trx, row.tenant_id, row.rubric_id, kept);
      }
      const answers = kept.map((answer) => ({ ...answer, answer: "" }));
      await trx
        .updateTable("calibrations")
        .set({ answers: JSON.stringify(answers), answers_purged_at: options.at })
        .where("id", "=", row.id)
        .execute();
    }
    return rows.length;
  });
}

/**
 * A student's erasure reaches calibrations: the answers a teacher marked as that student's lose their
 * text and the student id; their points, and every stored figure, stay (they are the teacher's).
 */
export async function eraseStudentCalibrationAnswers(
  trx: Kysely<Database>,
  tenantId: string,
  studentId: string,
  now: Date,
): Promise<void> {
  const db: Kysely<CalibrationDatabase> = trx.withTables<CalibrationTables>();
  // Calibrations are few per school (each is teachers' work): reading their answers is cheap.
  const rows = await db
    .selectFrom("calibrations")
    .select(["id", "rubric_id", "answers"])
    .where("tenant_id", "=", tenantId)
    .execute();
  const purgeCopies = await purgesExemplarCopies(db, tenantId);
  for (const row of rows) {
    const answers = JSON.parse(row.answers) as CalibrationAnswer[];
    const theirs = answers.filter((answer) => answer.studentId === studentId);
    if (theirs.length === 0) continue;
    if (purgeCopies) await removeExemplarCopies(db, tenantId, row.rubric_id, theirs);
    const erased = answers.map((answer) => {
      if (answer.studentId !== studentId) return answer;
      const { studentId: _erased, ...kept } = answer;
      return { ...kept, answer: "" };
    });
    await db
      .updateTable("calibrations")
      .set({ answers: JSON.stringify(erased), answers_purged_at: now.toISOString() })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", row.id)
      .execute();
  }
}

async function purgesExemplarCopies(db: Kysely<CalibrationDatabase>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom("exemplar_copy_policies")
    .select("purge_copies")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return Number(row?.purge_copies ?? 0) === 1;
}

/**
 * Takes the graded examples whose text is one of these answers out of every stored version of the
 * rubric (a school asked for it). The versions keep their ids: the grades made with them still name
 * them, and the examples were never part of what a grade records. Parsed versions are kept for a
 * minute in each process (grading-service.ts), so prompts stop carrying them within a minute.
 */
async function removeExemplarCopies(
  base: Kysely<CalibrationDatabase>,
  tenantId: string,
  rubricId: string,
  answers: readonly CalibrationAnswer[],
): Promise<void> {
  const texts = new Set(answers.flatMap((answer) => (answer.answer === "" ? [] : [answer.answer.trim()])));
  if (texts.size === 0) return;
  const versions = await base
    .selectFrom("rubric_versions")
    .select(["version", "document"])
    .where("tenant_id", "=", tenantId)
    .where("rubric_id", "=", rubricId)
    .execute();
  for (const row of versions) {
    const document = JSON.parse(row.document) as { exemplars?: { answer: string }[] };
    const exemplars = document.exemplars ?? [];
    const left = exemplars.filter((exemplar) => !texts.has(exemplar.answer.trim()));
    if (left.length === exemplars.length) continue;
    const { exemplars: _removed, ...rest } = document;
    await base
      .updateTable("rubric_versions")
      .set({ document: JSON.stringify(left.length > 0 ? { ...rest, exemplars: left } : rest) })
      .where("tenant_id", "=", tenantId)
      .where("rubric_id", "=", rubricId)
      .where("version", "=", row.version)
      .execute();
  }
}

/** Deletes a rubric's own calibration requirement (the rubric is being deleted). */
export async function deleteRubricCalibrationRequirement(
  trx: Kysely<Database>,
  tenantId: string,
  rubricId: string,
): Promise<void> {
  await trx
    .withTables<CalibrationTables>()
    .deleteFrom("rubric_calibration_requirements")
    .where("tenant_id", "=", tenantId)
    .where("rubric_id", "=", rubricId)
    .execute();
}
