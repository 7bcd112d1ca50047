import type { Kysely, Migration, MigrationProvider } from "kysely";

/**
 * Migrations, in order, written with Kysely's schema builder so each runs on SQLite and PostgreSQL.
 * Never edit a released migration: add a new one.
 */
const migrations: Record<string, Migration> = {
  "0001-rubrics-and-grades": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("rubrics")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("current_version", "text", (column) => column.notNull())
        .addColumn("title", "text", (column) => column.notNull())
        .addColumn("language", "text", (column) => column.notNull())
        .addColumn("criteria_count", "integer", (column) => column.notNull())
        .addColumn("max_points", "real", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("updated_at", "text", (column) => column.notNull())
        .execute();
      await db.schema
        .createTable("rubric_versions")
        .addColumn("rubric_id", "text", (column) => column.notNull().references("rubrics.id"))
        .addColumn("version", "text", (column) => column.notNull())
        .addColumn("document", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("rubric_versions_pk", ["rubric_id", "version"])
        .execute();
      await db.schema
        .createTable("grades")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("rubric_id", "text", (column) => column.notNull())
        .addColumn("rubric_version", "text", (column) => column.notNull())
        .addColumn("student_id", "text")
        .addColumn("status", "text", (column) => column.notNull())
        .addColumn("graded_by", "text", (column) => column.notNull())
        .addColumn("cache_key", "text")
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("updated_at", "text", (column) => column.notNull())
        .addColumn("grade", "text", (column) => column.notNull())
        .addColumn("audit", "text", (column) => column.notNull())
        .addColumn("answer", "text", (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex("grades_status_rubric_id")
        .on("grades")
        .columns(["status", "rubric_id", "id"])
        .execute();
      await db.schema.createIndex("grades_rubric_id").on("grades").columns(["rubric_id", "id"]).execute();
      await db.schema.createIndex("grades_cache_key").on("grades").columns(["cache_key", "id"]).execute();
      await db.schema
        .createTable("idempotency_keys")
        .addColumn("key", "text", (column) => column.primaryKey())
        .addColumn("request_hash", "text", (column) => column.notNull())
        .addColumn("state", "text", (column) => column.notNull())
        .addColumn("grade_id", "text")
        .addColumn("created_at", "text", (column) => column.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
