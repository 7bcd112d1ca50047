import { sql, type Kysely, type Migration, type Selectable } from "kysely";
import type {
  Calibration,
  CalibrationRequirementStore,
  CalibrationResult,
  CalibrationStore,
} from "../../grading/calibrations.js";
import { isPostgres } from "./dialect.js";
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
};

export type CalibrationRequirementTable = {
  tenant_id: string;
  min_quadratic_kappa: number;
  min_answers: number;
  updated_at: string;
};

/** The tables of this file, beside those of schema.ts (Kysely's `withTables`; a type, as it asks). */
export type CalibrationTables = {
  calibrations: CalibrationTable;
  calibration_requirements: CalibrationRequirementTable;
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
] as const;

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
        .orderBy("id", "desc")
        .execute();
      return rows.map((row) => fromRow({ ...row, answers: "" }));
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

export function createCalibrationRequirementStore(base: Kysely<Database>): CalibrationRequirementStore {
  const db: Kysely<CalibrationDatabase> = base.withTables<CalibrationTables>();
  return {
    async find(tenantId) {
      const row = await db
        .selectFrom("calibration_requirements")
        .select(["min_quadratic_kappa", "min_answers"])
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row
        ? { minQuadraticKappa: Number(row.min_quadratic_kappa), minAnswers: Number(row.min_answers) }
        : null;
    },

    async save(tenantId, requirement, now) {
      if (requirement === null) {
        await db.deleteFrom("calibration_requirements").where("tenant_id", "=", tenantId).execute();
        return;
      }
      const values = {
        min_quadratic_kappa: requirement.minQuadraticKappa,
        min_answers: requirement.minAnswers,
        updated_at: now.toISOString(),
      };
      await db
        .insertInto("calibration_requirements")
        .values({ tenant_id: tenantId, ...values })
        .onConflict((conflict) => conflict.column("tenant_id").doUpdateSet(values))
        .execute();
    },
  };
}
