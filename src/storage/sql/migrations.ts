import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { isPostgres } from "./dialect.js";
import { calibrationFollowUpMigration, calibrationMigration } from "./calibration-stores.js";
import { composeClientIdsMigration } from "./composed-client-ids.js";
import {
  budgetHoldUsageByDayMigration,
  budgetHoldUsageColumnsDropMigration,
  budgetHoldUsageMigration,
  budgetHoldsMigration,
  lapsedBudgetHoldsKeptMigration,
  lapsedHoldMigration,
  usageMigration,
} from "./usage-stores.js";

/**
 * Migrations, in order, written with Kysely's schema builder so each runs on SQLite and PostgreSQL.
 * Never edit a released migration: add a new one. On PostgreSQL a new text column that is compared or
 * sorted needs `collate "C"` (see 0007), and `real` there is 4 bytes: use `double precision` for money.
 *
 * Several processes may start together: Kysely's Migrator runs them under a lock (on PostgreSQL an
 * advisory lock, all pending migrations in one transaction), so each migration runs once.
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
  "0003-tenants-and-api-keys": {
    async up(db: Kysely<unknown>) {
      // Every rubric, grade, claim and key belongs to a tenant (a school). What existed before belongs to
      // the default tenant, whose bootstrap admin keys are GRADER_API_KEYS.
      await db.schema
        .createTable("tenants")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("name", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .execute();
      await db
        .insertInto("tenants" as never)
        .values({ id: "default", name: "Default school", created_at: new Date(0).toISOString() })
        .execute();
      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("tenant_id", "text", (column) => column.notNull().references("tenants.id"))
        .addColumn("role", "text", (column) => column.notNull())
        .addColumn("name", "text", (column) => column.notNull())
        // SHA-256 of the key: keys are long random strings, so a fast hash cannot be reversed.
        .addColumn("key_hash", "text", (column) => column.notNull().unique())
        .addColumn("key_prefix", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("revoked_at", "text")
        .execute();
      await db.schema.createIndex("api_keys_tenant").on("api_keys").columns(["tenant_id", "id"]).execute();

      // Rubric ids are unique per tenant: the keys become (tenant_id, id). SQLite cannot change a primary
      // key, so both tables are rebuilt and their rows copied (the same steps work on PostgreSQL).
      await db.schema
        .createTable("rubrics_with_tenant")
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("id", "text", (column) => column.notNull())
        .addColumn("current_version", "text", (column) => column.notNull())
        .addColumn("title", "text", (column) => column.notNull())
        .addColumn("language", "text", (column) => column.notNull())
        .addColumn("criteria_count", "integer", (column) => column.notNull())
        .addColumn("max_points", "real", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addColumn("updated_at", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("rubrics_tenant_pk", ["tenant_id", "id"])
        .execute();
      await db.schema
        .createTable("rubric_versions_with_tenant")
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("rubric_id", "text", (column) => column.notNull())
        .addColumn("version", "text", (column) => column.notNull())
        .addColumn("document", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("rubric_versions_tenant_pk", ["tenant_id", "rubric_id", "version"])
        .addForeignKeyConstraint(
          "rubric_versions_rubric_fk",
          ["tenant_id", "rubric_id"],
          "rubrics_with_tenant",
          ["tenant_id", "id"],
        )
        .execute();
      await sql`insert into rubrics_with_tenant (tenant_id, id, current_version, title, language, criteria_count, max_points, created_at, updated_at)
        select 'default', id, current_version, title, language, criteria_count, max_points, created_at, updated_at from rubrics`.execute(
        db,
      );
      await sql`insert into rubric_versions_with_tenant (tenant_id, rubric_id, version, document, created_at)
        select 'default', rubric_id, version, document, created_at from rubric_versions`.execute(db);
      await db.schema.dropTable("rubric_versions").execute();
      await db.schema.dropTable("rubrics").execute();
      await db.schema.alterTable("rubrics_with_tenant").renameTo("rubrics").execute();
      await db.schema.alterTable("rubric_versions_with_tenant").renameTo("rubric_versions").execute();

      await db.schema
        .alterTable("grades")
        .addColumn("tenant_id", "text", (column) => column.notNull().defaultTo("default"))
        .execute();
      // Which API key submitted the grade: a `service` key reads only the grades it submitted.
      await db.schema.alterTable("grades").addColumn("submitted_by", "text").execute();
      // Every list index now starts with the tenant; the equality columns follow and `id` comes last
      // (see 0002), plus the submitting key for service keys' lists.
      for (const name of [
        "grades_status_rubric_id",
        "grades_rubric_id",
        "grades_cache_key",
        "grades_status_id",
        "grades_student_id",
        "grades_status_student_id",
        "grades_rubric_student_id",
        "grades_status_rubric_student_id",
      ]) {
        await db.schema.dropIndex(name).execute();
      }
      const tenantIndexes: Record<string, string[]> = {
        grades_tenant_id: ["tenant_id", "id"],
        grades_tenant_status: ["tenant_id", "status", "id"],
        grades_tenant_rubric: ["tenant_id", "rubric_id", "id"],
        grades_tenant_student: ["tenant_id", "student_id", "id"],
        grades_tenant_status_rubric: ["tenant_id", "status", "rubric_id", "id"],
        grades_tenant_status_student: ["tenant_id", "status", "student_id", "id"],
        grades_tenant_rubric_student: ["tenant_id", "rubric_id", "student_id", "id"],
        grades_tenant_status_rubric_student: ["tenant_id", "status", "rubric_id", "student_id", "id"],
        grades_tenant_cache_key: ["tenant_id", "cache_key", "id"],
        grades_tenant_submitted_by: ["tenant_id", "submitted_by", "id"],
      };
      for (const [name, columns] of Object.entries(tenantIndexes)) {
        await db.schema.createIndex(name).on("grades").columns(columns).execute();
      }
      // Idempotency keys are now per tenant: the service prefixes them with the tenant id.
      await sql`update idempotency_keys set key = 'default:' || key`.execute(db);
    },
  },
  "0004-student-erasure-and-answer-retention": {
    async up(db: Kysely<unknown>) {
      // Retention empties `answer` (it stays NOT NULL: SQLite cannot relax that without rebuilding the
      // table) and says when here. The index finds the next batch to purge without scanning the table.
      await db.schema.alterTable("grades").addColumn("answer_purged_at", "text").execute();
      await db.schema
        .createIndex("grades_answer_retention")
        .on("grades")
        .columns(["answer_purged_at", "created_at"])
        .execute();
      // Erasure and retention delete the idempotency records of the grades they remove or purge.
      await db.schema
        .createIndex("idempotency_keys_grade")
        .on("idempotency_keys")
        .columns(["grade_id"])
        .execute();
      // Tombstones of erasures: no student id, not even a hash of one.
      await db.schema
        .createTable("student_erasures")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("erased_at", "text", (column) => column.notNull())
        .addColumn("erased_by", "text")
        .addColumn("grades", "integer", (column) => column.notNull())
        .addColumn("cached_copies_unlinked", "integer", (column) => column.notNull())
        .addColumn("idempotency_keys", "integer", (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex("student_erasures_tenant")
        .on("student_erasures")
        .columns(["tenant_id", "id"])
        .execute();
    },
  },
  "0005-usage-and-tenant-settings": usageMigration,
  "0006-review-workflow": {
    async up(db: Kysely<unknown>) {
      // The client's id of a submission (an LMS's), and the answer group, filtered on like the others.
      await db.schema.alterTable("grades").addColumn("submission_id", "text").execute();
      await db.schema.alterTable("grades").addColumn("group_id", "text").execute();
      // What the review queue groups pending grades by: the answer group, or the grade's own id when
      // it stands alone (no group, reviewed individually, appealed). Old grades stand alone.
      await db.schema.alterTable("grades").addColumn("review_group", "text").execute();
      await sql`UPDATE grades SET review_group = id`.execute(db);
      const indexes: Record<string, string[]> = {
        grades_tenant_submission: ["tenant_id", "submission_id", "id"],
        grades_tenant_rubric_version: ["tenant_id", "rubric_id", "rubric_version", "id"],
        grades_tenant_graded_by: ["tenant_id", "graded_by", "id"],
        grades_tenant_group: ["tenant_id", "group_id", "id"],
        // The review queue groups pending grades by review group.
        grades_tenant_status_review_group: ["tenant_id", "status", "review_group", "id"],
      };
      for (const [name, columns] of Object.entries(indexes)) {
        await db.schema.createIndex(name).on("grades").columns(columns).execute();
      }
      // A teacher's decision on an answer group; groups themselves need no row (their id is derived).
      await db.schema
        .createTable("group_decisions")
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("group_id", "text", (column) => column.notNull())
        .addColumn("rubric_id", "text", (column) => column.notNull())
        .addColumn("rubric_version", "text", (column) => column.notNull())
        .addColumn("decision", "text", (column) => column.notNull())
        .addColumn("decided_at", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("group_decisions_pk", ["tenant_id", "group_id"])
        .execute();
      await db.schema
        .createTable("appeals")
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("id", "text", (column) => column.notNull())
        .addColumn("grade_id", "text", (column) => column.notNull())
        .addColumn("criterion_id", "text", (column) => column.notNull())
        .addColumn("status", "text", (column) => column.notNull())
        .addColumn("appeal", "text", (column) => column.notNull())
        .addColumn("created_at", "text", (column) => column.notNull())
        .addPrimaryKeyConstraint("appeals_pk", ["tenant_id", "id"])
        .execute();
      await db.schema
        .createIndex("appeals_grade")
        .on("appeals")
        .columns(["tenant_id", "grade_id", "id"])
        .execute();
      await db.schema
        .createIndex("appeals_status")
        .on("appeals")
        .columns(["tenant_id", "status", "id"])
        .execute();
      // An archived rubric takes no new grades; its old ones stay readable.
      await db.schema.alterTable("rubrics").addColumn("archived_at", "text").execute();
    },
  },
  "0007-postgres-types": {
    // Nothing on SQLite. On PostgreSQL, the types that 0001–0006 named mean less than on SQLite:
    // - text compares by the database's locale, which need not be byte order: ids (time-ordered cursors)
    //   and ISO times (leases, retention) must compare as on SQLite, so every text column is "C";
    // - `real` is a 4-byte float (about 7 digits): costs and points become `double precision`, as
    //   SQLite's REAL is; token counts summed over a school's day may pass 2^31 and become `bigint`.
    async up(db: Kysely<unknown>) {
      if (!isPostgres(db)) return;
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and data_type = 'text' and table_name not like 'kysely%'
        order by table_name, ordinal_position`.execute(db);
      const changes = new Map<string, ReturnType<typeof sql>[]>();
      const change = (table: string, clause: ReturnType<typeof sql>) =>
        changes.set(table, [...(changes.get(table) ?? []), clause]);
      for (const row of rows) {
        change(row.table_name, sql`alter column ${sql.ref(row.column_name)} type text collate "C"`);
      }
      for (const [table, column] of [
        ["rubrics", "max_points"],
        ["usage_days", "cost_usd"],
        ["tenant_settings", "daily_budget_usd"],
      ] as const) {
        change(table, sql`alter column ${sql.ref(column)} type double precision`);
      }
      for (const column of ["input_tokens", "output_tokens"]) {
        change("usage_days", sql`alter column ${sql.ref(column)} type bigint`);
      }
      // One statement per table: each table (and its indexes) is rewritten once.
      for (const [table, clauses] of changes) {
        await sql`alter table ${sql.table(table)} ${sql.join(clauses)}`.execute(db);
      }
    },
  },
  "0008-jobs-and-request-gates": {
    async up(db: Kysely<unknown>) {
      // Ids and ISO times compare byte-wise on PostgreSQL as on SQLite (see 0007).
      const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable("jobs")
        .addColumn("id", text, (column) => column.primaryKey())
        .addColumn("tenant_id", text, (column) => column.notNull())
        .addColumn("submitted_by", text)
        .addColumn("submitted_role", text, (column) => column.notNull())
        .addColumn("rubric_id", text, (column) => column.notNull())
        .addColumn("rubric_version", text, (column) => column.notNull())
        .addColumn("source", text, (column) => column.notNull())
        .addColumn("status", text, (column) => column.notNull())
        .addColumn("total", "integer", (column) => column.notNull())
        .addColumn("graded", "integer", (column) => column.notNull())
        .addColumn("needs_review", "integer", (column) => column.notNull())
        .addColumn("failed", "integer", (column) => column.notNull())
        .addColumn("cancelled", "integer", (column) => column.notNull())
        // The last event id handed out: items that end are numbered 1, 2, … for the event stream.
        .addColumn("last_event_id", "integer", (column) => column.notNull())
        .addColumn("created_at", text, (column) => column.notNull())
        .addColumn("updated_at", text, (column) => column.notNull())
        .addColumn("finished_at", text)
        .execute();
      await db.schema.createIndex("jobs_tenant").on("jobs").columns(["tenant_id", "id"]).execute();
      await db.schema
        .createIndex("jobs_tenant_submitted_by")
        .on("jobs")
        .columns(["tenant_id", "submitted_by", "id"])
        .execute();
      await db.schema.createIndex("jobs_status").on("jobs").columns(["status", "created_at"]).execute();
      await db.schema
        .createTable("job_items")
        .addColumn("job_id", text, (column) => column.notNull().references("jobs.id").onDelete("cascade"))
        .addColumn("seq", "integer", (column) => column.notNull())
        .addColumn("tenant_id", text, (column) => column.notNull())
        .addColumn("answer", "text", (column) => column.notNull())
        .addColumn("student_id", text)
        .addColumn("submission_id", text)
        .addColumn("state", text, (column) => column.notNull())
        // Queued: when it may run. Running: when its lease expires (then it may run again).
        .addColumn("available_at", text, (column) => column.notNull())
        .addColumn("lease_holder", text)
        .addColumn("attempts", "integer", (column) => column.notNull())
        .addColumn("deferrals", "integer", (column) => column.notNull())
        .addColumn("grade_id", text)
        .addColumn("error_code", text)
        .addColumn("error_message", "text")
        .addColumn("event_id", "integer")
        .addColumn("updated_at", text, (column) => column.notNull())
        .addPrimaryKeyConstraint("job_items_pk", ["job_id", "seq"])
        .execute();
      // The queue's claim reads runnable items in due order; the event stream reads ended items in order.
      await db.schema
        .createIndex("job_items_state_available")
        .on("job_items")
        .columns(["state", "available_at"])
        .execute();
      await db.schema
        .createIndex("job_items_job_event")
        .on("job_items")
        .columns(["job_id", "event_id"])
        .execute();
      // The provider's request rate (GCRA): the theoretical arrival time of the next request, in ms.
      await db.schema
        .createTable("request_gates")
        .addColumn("name", text, (column) => column.primaryKey())
        .addColumn("next_at_ms", "bigint", (column) => column.notNull())
        .execute();
    },
  },
  "0009-job-idempotency-keys": {
    async up(db: Kysely<unknown>) {
      // A client's Idempotency-Key on POST /v1/jobs, with the hash of what it sent: a retried upload
      // answers the job it made instead of making a second one.
      const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
      await db.schema.alterTable("jobs").addColumn("idempotency_key", text).execute();
      await db.schema.alterTable("jobs").addColumn("request_hash", text).execute();
      await db.schema
        .createIndex("jobs_tenant_idempotency_key")
        .unique()
        .on("jobs")
        .columns(["tenant_id", "idempotency_key"])
        .execute();
    },
  },
  "0010-integrations-and-outbox": {
    async up(db: Kysely<unknown>) {
      // Ids, ISO times and message ids compare byte-wise on PostgreSQL as on SQLite (see 0007).
      const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable("integrations")
        .addColumn("id", text, (column) => column.primaryKey())
        .addColumn("tenant_id", text, (column) => column.notNull())
        .addColumn("type", text, (column) => column.notNull())
        .addColumn("name", "text", (column) => column.notNull())
        .addColumn("enabled", "integer", (column) => column.notNull())
        .addColumn("assignments", "text", (column) => column.notNull())
        .addColumn("default_rubric", "text")
        .addColumn("hold_for_review", "integer", (column) => column.notNull())
        .addColumn("callback_url", "text")
        .addColumn("sealed_secret", "text", (column) => column.notNull())
        .addColumn("sealed_previous_secret", "text")
        .addColumn("previous_secret_expires_at", text)
        .addColumn("sealed_credentials", "text")
        .addColumn("created_at", text, (column) => column.notNull())
        .addColumn("updated_at", text, (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex("integrations_tenant")
        .on("integrations")
        .columns(["tenant_id", "id"])
        .execute();
      await db.schema
        .createTable("webhook_messages")
        .addColumn("integration_id", text, (column) => column.notNull())
        .addColumn("message_id", text, (column) => column.notNull())
        .addColumn("submission_id", text)
        .addColumn("received_at", text, (column) => column.notNull())
        .addPrimaryKeyConstraint("webhook_messages_pk", ["integration_id", "message_id"])
        .execute();
      await db.schema
        .createTable("integration_submissions")
        .addColumn("id", text, (column) => column.primaryKey())
        .addColumn("tenant_id", text, (column) => column.notNull())
        .addColumn("integration_id", text, (column) => column.notNull())
        .addColumn("external_id", text, (column) => column.notNull())
        .addColumn("attempt", "integer", (column) => column.notNull())
        .addColumn("student_id", text)
        .addColumn("assignment_id", text)
        .addColumn("rubric_id", text, (column) => column.notNull())
        .addColumn("rubric_version", text, (column) => column.notNull())
        .addColumn("answer", "text", (column) => column.notNull())
        .addColumn("answer_hash", text, (column) => column.notNull())
        .addColumn("state", text, (column) => column.notNull())
        .addColumn("same_as", text)
        .addColumn("job_id", text)
        .addColumn("job_seq", "integer")
        .addColumn("available_at", text, (column) => column.notNull())
        .addColumn("lease_holder", text)
        .addColumn("released_version", "integer")
        .addColumn("error", "text")
        .addColumn("received_at", text, (column) => column.notNull())
        .addColumn("updated_at", text, (column) => column.notNull())
        .addUniqueConstraint("integration_submissions_attempt", ["integration_id", "external_id", "attempt"])
        .execute();
      await db.schema
        .createIndex("integration_submissions_state")
        .on("integration_submissions")
        .columns(["state", "available_at"])
        .execute();
      await db.schema
        .createIndex("integration_submissions_job")
        .on("integration_submissions")
        .columns(["job_id", "job_seq"])
        .execute();
      await db.schema
        .createTable("outbox_deliveries")
        .addColumn("id", text, (column) => column.primaryKey())
        .addColumn("tenant_id", text, (column) => column.notNull())
        .addColumn("integration_id", text, (column) => column.notNull())
        .addColumn("submission_id", text, (column) => column.notNull())
        .addColumn("grade_id", text, (column) => column.notNull())
        .addColumn("grade_version", "integer", (column) => column.notNull())
        .addColumn("message_id", text, (column) => column.notNull())
        .addColumn("target_kind", text, (column) => column.notNull())
        .addColumn("target_url", "text", (column) => column.notNull())
        .addColumn("payload", "text", (column) => column.notNull())
        .addColumn("status", text, (column) => column.notNull())
        .addColumn("attempts", "integer", (column) => column.notNull())
        .addColumn("next_attempt_at", text)
        .addColumn("lease_holder", text)
        .addColumn("last_error", "text")
        .addColumn("history", "text", (column) => column.notNull())
        .addColumn("created_at", text, (column) => column.notNull())
        .addColumn("updated_at", text, (column) => column.notNull())
        .addColumn("delivered_at", text)
        // One release of a grade version per integration, whatever crashes or runs twice.
        .addUniqueConstraint("outbox_deliveries_message", ["integration_id", "message_id"])
        .execute();
      await db.schema
        .createIndex("outbox_deliveries_due")
        .on("outbox_deliveries")
        .columns(["status", "next_attempt_at"])
        .execute();
      await db.schema
        .createIndex("outbox_deliveries_submission")
        .on("outbox_deliveries")
        .columns(["submission_id", "created_at"])
        .execute();
      // The release scan reads grades changed lately and finds their job item and submission.
      await db.schema.createIndex("grades_updated_at").on("grades").columns(["updated_at"]).execute();
      await db.schema.createIndex("job_items_grade").on("job_items").columns(["grade_id"]).execute();
    },
  },
  "0011-lms-credentials": {
    async up(db: Kysely<unknown>) {
      // Canvas and Moodle integrations: where the LMS is (its tokens go in sealed_credentials), and per
      // submission where it is in the LMS and how often its text was fetched.
      await db.schema.alterTable("integrations").addColumn("lms_settings", "text").execute();
      await db.schema.alterTable("integration_submissions").addColumn("lms_reference", "text").execute();
      await db.schema
        .alterTable("integration_submissions")
        .addColumn("fetch_attempts", "integer", (column) => column.notNull().defaultTo(0))
        .execute();
    },
  },
  "0012-calibrations": calibrationMigration,
  "0013-submission-list-and-webhook-id-pruning": {
    async up(db: Kysely<unknown>) {
      // GET /v1/submissions pages a tenant's submissions newest first by id.
      await db.schema
        .createIndex("integration_submissions_tenant")
        .on("integration_submissions")
        .columns(["tenant_id", "id"])
        .execute();
      // Inbound webhook ids older than GRADER_WEBHOOK_ID_RETENTION_HOURS are pruned oldest first.
      await db.schema
        .createIndex("webhook_messages_received")
        .on("webhook_messages")
        .columns(["received_at"])
        .execute();
    },
  },
  "0014-grade-runs": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("grade_runs")
        .addColumn("id", "text", (column) => column.primaryKey())
        .addColumn("tenant_id", "text", (column) => column.notNull())
        .addColumn("student_id", "text")
        .addColumn("erased", "integer", (column) => column.notNull().defaultTo(0))
        .addColumn("expires_at", "text", (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex("grade_runs_tenant_student")
        .on("grade_runs")
        .columns(["tenant_id", "student_id"])
        .execute();
      await db.schema.createIndex("grade_runs_expiry").on("grade_runs").column("expires_at").execute();
    },
  },
  "0015-budget-holds": budgetHoldsMigration,
  "0016-calibration-requirements-and-purge": calibrationFollowUpMigration,
  "0017-partial-grade-indexes": {
    async up(db: Kysely<unknown>) {
      // Indexes on a column that is often null (an answer sent without a student id, by no API key, from
      // no LMS submission, or blank: no answer group) hold only the rows that have a value: every grade
      // was inserting a row into each of them, a tenth of a grade's database time on SQLite. Lists
      // filter these columns only by equality, which implies "is not null", so the same queries use them.
      // SQLite runs a migration outside a transaction (Kysely's migrator): a process killed between a drop
      // and its create leaves the migration unrecorded and the index gone, so a rerun must not need it.
      for (const [name, columns] of Object.entries(partialGradeIndexes)) {
        const nullable = columns.find((column) => nullableGradeColumns.has(column))!;
        await db.schema.dropIndex(name).ifExists().execute();
        await db.schema
          .createIndex(name)
          .on("grades")
          .columns(columns)
          .where(sql.ref(nullable), "is not", null)
          .execute();
      }
    },
  },
  "0018-job-item-answer-purge-marker": {
    async up(db: Kysely<unknown>) {
      // Until now an empty answer on a failed item meant "purged by retention", and a retry left it out;
      // but a blank answer (which the service takes, and grades 0 by rule) is empty too, so a blank item
      // that failed could never be retried. The purge (and an erasure) now says so here.
      // An ISO time, compared byte-wise on PostgreSQL as on SQLite (see 0007).
      const text = isPostgres(db) ? sql`text collate "C"` : sql`text`;
      await db.schema.alterTable("job_items").addColumn("answer_purged_at", text).execute();
      // Items emptied before this migration carry no marker, and a purged item is not told from a blank
      // one by its text. Marked purged are those the purge could have emptied: failed items with an empty
      // answer in jobs created at least a day before now, the shortest retention (GRADER_RETENTION_DAYS
      // is at least 1, and the purge takes only items of jobs created before its cutoff), less an hour
      // for the clocks of other processes that ran it. Leaving a blank item unretryable (as it was before)
      // is the safe side: marking a purged one retryable would grade an emptied answer as a blank 0 and
      // send that to an LMS. Failed items of younger jobs cannot have been purged: they are blank and
      // retried like any other. Erasure cancels the items it empties, and a cancelled item is never
      // retried, so those need no marker.
      const at = new Date();
      const couldBePurgedBefore = new Date(at.getTime() - 23 * 60 * 60 * 1000).toISOString();
      await sql`update job_items set answer_purged_at = ${at.toISOString()}
        where state = 'failed' and answer = '' and job_id in (
          select id from jobs where created_at < ${couldBePurgedBefore})`.execute(db);
    },
  },
  "0019-client-ids-composed": composeClientIdsMigration,
  "0020-one-open-appeal-per-criterion": {
    async up(db: Kysely<unknown>) {
      // One open appeal per criterion of a grade, kept by the database as well as by the service's check:
      // two appeals filed at the same moment both pass the check on PostgreSQL (READ COMMITTED), and the
      // index now refuses the second (the store answers it as taken). A database that holds two open
      // appeals on one criterion already cannot take the index; which to keep is a teacher's decision, so
      // the migration stops naming them (nothing is changed) rather than resolve one of them itself.
      const { rows } = await sql<{ tenant_id: string; grade_id: string; criterion_id: string; id: string }>`
        select tenant_id, grade_id, criterion_id, id from appeals as appeal
        where status = 'open' and exists (
          select 1 from appeals as other
          where other.status = 'open' and other.tenant_id = appeal.tenant_id
            and other.grade_id = appeal.grade_id and other.criterion_id = appeal.criterion_id
            and other.id <> appeal.id)
        order by tenant_id, grade_id, criterion_id, id`.execute(db);
      if (rows.length > 0) {
        const byCriterion = new Map<string, string[]>();
        for (const row of rows) {
          const criterion = `tenant ${row.tenant_id}, grade ${row.grade_id}, criterion ${row.criterion_id}`;
          byCriterion.set(criterion, [...(byCriterion.get(criterion) ?? []), row.id]);
        }
        const named = [...byCriterion]
          .map(([criterion, ids]) => `${criterion}: ${ids.join(", ")}`)
          .join("; ");
        throw new Error(
          `Some criteria have more than one open appeal (${named}). Resolve all but one of each with the version running now (POST /v1/appeals/:id/resolve), then start this version again.`,
        );
      }
      await db.schema
        .createIndex("appeals_one_open_per_criterion")
        .unique()
        .on("appeals")
        .columns(["tenant_id", "grade_id", "criterion_id"])
        .where(sql.ref("status"), "=", "open")
        .execute();
    },
  },
  "0021-superseded-deliveries": {
    async up(db: Kysely<unknown>) {
      // A delivery a later grade replaced before it was sent was stored `dead` with an error starting
      // `superseded:` (the only writer of that prefix): it becomes `superseded`, its own state, so it is no
      // longer listed or counted among the passbacks given up. Its history's last line said `dead` for the
      // same reason: it says `superseded` too. Nothing else changes; the status column has no check.
      const rows = await sql<{ id: string; history: string }>`select id, history from outbox_deliveries
        where status = 'dead' and last_error like 'superseded:%'`.execute(db);
      for (const row of rows.rows) {
        const history = JSON.parse(row.history) as { outcome?: string; error?: string | null }[];
        const last = history.at(-1);
        if (last?.outcome === "dead" && last.error?.startsWith("superseded:") === true) {
          last.outcome = "superseded";
        }
        await sql`update outbox_deliveries set status = 'superseded', history = ${JSON.stringify(history)}
          where id = ${row.id} and status = 'dead'`.execute(db);
      }
      // A delivery given up before a newer grade for the same place was released (a newer version of its
      // grade; for an LMS, the grade of a later attempt of the same LMS submission) could never be sent
      // again (a retry by hand requeues only the newest): superseded too, as a release now makes it.
      const given = await sql<{
        id: string;
        submission_id: string;
        grade_version: number | string;
        target_kind: string;
        history: string;
        integration_id: string | null;
        external_id: string | null;
        attempt: number | string | null;
      }>`select d.id, d.submission_id, d.grade_version, d.target_kind, d.history,
          s.integration_id, s.external_id, s.attempt
        from outbox_deliveries d left join integration_submissions s on s.id = d.submission_id
        where d.status = 'dead'`.execute(db);
      const at = new Date().toISOString();
      for (const row of given.rows) {
        const version = Number(row.grade_version);
        const acrossAttempts = row.target_kind !== "webhook" && row.integration_id !== null;
        const later = acrossAttempts
          ? await sql`select o.id from outbox_deliveries o join integration_submissions p on p.id = o.submission_id
              where o.id <> ${row.id} and o.target_kind <> 'webhook' and p.integration_id = ${row.integration_id}
                and p.external_id = ${row.external_id} and (p.attempt > ${Number(row.attempt ?? 0)}
                  or (p.attempt = ${Number(row.attempt ?? 0)} and o.grade_version > ${version}))
              limit 1`.execute(db)
          : await sql`select o.id from outbox_deliveries o
              where o.submission_id = ${row.submission_id} and o.grade_version > ${version} limit 1`.execute(
              db,
            );
        if (later.rows.length === 0) continue;
        const error =
          "superseded: a newer grade for the same place was released after it was given up, and is sent instead";
        const history = [
          ...(JSON.parse(row.history) as unknown[]),
          { at, httpStatus: null, outcome: "superseded", error, durationMs: 0 },
        ].slice(-100);
        await sql`update outbox_deliveries set status = 'superseded', last_error = ${error},
            history = ${JSON.stringify(history)}, updated_at = ${at}
          where id = ${row.id} and status = 'dead'`.execute(db);
      }
    },
  },
  "0022-delivery-score-mismatch": {
    async up(db: Kysely<unknown>) {
      // A passback the LMS took while keeping another score than the one sent (Canvas's late policy, its
      // grading type, an assignment out of other points): JSON, null for every delivery before this one.
      await db.schema.alterTable("outbox_deliveries").addColumn("score_mismatch", "text").execute();
    },
  },
  "0023-budget-hold-usage": budgetHoldUsageMigration,
  "0024-lapsed-budget-holds": lapsedHoldMigration,
  "0025-budget-hold-usage-by-day": budgetHoldUsageByDayMigration,
  "0026-lapsed-budget-holds-kept": lapsedBudgetHoldsKeptMigration,
  "0027-budget-hold-usage-columns-dropped": budgetHoldUsageColumnsDropMigration,
};

const nullableGradeColumns = new Set(["student_id", "submitted_by", "submission_id", "group_id"]);
/** The grade indexes made partial by 0017, each on the rows whose nullable column has a value. */
export const partialGradeIndexes: Record<string, string[]> = {
  grades_tenant_student: ["tenant_id", "student_id", "id"],
  grades_tenant_status_student: ["tenant_id", "status", "student_id", "id"],
  grades_tenant_rubric_student: ["tenant_id", "rubric_id", "student_id", "id"],
  grades_tenant_status_rubric_student: ["tenant_id", "status", "rubric_id", "student_id", "id"],
  grades_tenant_submitted_by: ["tenant_id", "submitted_by", "id"],
  grades_tenant_submission: ["tenant_id", "submission_id", "id"],
  grades_tenant_group: ["tenant_id", "group_id", "id"],
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
