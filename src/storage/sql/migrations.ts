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
  "0002-list-indexes-versions-and-leases": {
    async up(db: Kysely<unknown>) {
      // The list reads newest first (id desc) under any combination of status, rubric and student:
      // with an index whose equality columns come first and `id` last, a page is a short range read
      // in index order. Without it SQLite sorted every matching row (JSON included) in a temp B-tree.
      // Status with rubric is served by 0001's grades_status_rubric_id, rubric alone by grades_rubric_id,
      // no filter by the primary key.
      const listIndexes: Record<string, string[]> = {
        grades_status_id: ["status", "id"],
        grades_student_id: ["student_id", "id"],
        grades_status_student_id: ["status", "student_id", "id"],
        grades_rubric_student_id: ["rubric_id", "student_id", "id"],
        grades_status_rubric_student_id: ["status", "rubric_id", "student_id", "id"],
      };
      for (const [name, columns] of Object.entries(listIndexes)) {
        await db.schema.createIndex(name).on("grades").columns(columns).execute();
      }
      await db.schema
        .alterTable("grades")
        .addColumn("version", "integer", (column) => column.notNull().defaultTo(1))
        .execute();
      // Claims made before leases have none: they count as expired, their requests died at the upgrade.
      await db.schema.alterTable("idempotency_keys").addColumn("holder", "text").execute();
      await db.schema.alterTable("idempotency_keys").addColumn("lease_expires_at", "text").execute();
      await db.schema
        .createTable("leases")
        .addColumn("name", "text", (column) => column.primaryKey())
        .addColumn("holder", "text", (column) => column.notNull())
        .addColumn("expires_at", "text", (column) => column.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
