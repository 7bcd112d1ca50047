import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeListFilter } from "../../src/grading/ports.js";
import { openStorage } from "../../src/storage/database.js";
import type { Database } from "../../src/storage/sql/schema.js";
import { partialGradeIndexes } from "../../src/storage/sql/migrations.js";
import { gradeListQuery } from "../../src/storage/sql/sql-stores.js";
import { createTestDatabase, postgresUrl, type TestDatabase } from "../helpers/postgres.js";

/**
 * The review queue must stay fast however many grades are stored: every page of `GradeStore.list`,
 * under every combination of filters, must be a short range read of an index in `id` order — never a
 * scan of the table, never a sort of every matching row (which read each row's JSON and was linear in
 * the table: 260 ms at 50,000 grades for `?status=needs_review`). SQLite's query plan says which.
 */
const filters: Omit<GradeListFilter, "limit">[] = [
  {},
  { status: "needs_review" },
  { rubricId: "r" },
  { studentId: "s" },
  { status: "needs_review", rubricId: "r" },
  { status: "needs_review", studentId: "s" },
  { rubricId: "r", studentId: "s" },
  { status: "needs_review", rubricId: "r", studentId: "s" },
  { submittedBy: "k" },
  { submissionId: "sub" },
  { groupId: "g" },
  { status: "needs_review", submittedBy: "k" },
];

describe("GradeStore.list query plans on SQLite", () => {
  let directory: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "grader-plan-"));
    const path = join(directory, "grader.db");
    await (await openStorage({ kind: "sqlite", path })).close();
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  const planOf = async (filter: GradeListFilter): Promise<string[]> => {
    const query = gradeListQuery(db, "default", filter).compile();
    const explain = db.getExecutor().compileQuery(query.query, query.queryId);
    const rows = await db.executeQuery<{ detail: string }>({
      ...explain,
      sql: `explain query plan ${query.sql}`,
      parameters: query.parameters,
    });
    return rows.rows.map((row) => row.detail);
  };

  it.each(filters.flatMap((filter) => [filter, { ...filter, before: "grd_0000" }]))(
    "reads a page of %j through an index in id order, without scanning or sorting",
    async (filter) => {
      const plan = await planOf({ ...filter, limit: 51 });
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatch(
        /^SEARCH grades USING INDEX|^SCAN grades USING INDEX sqlite_autoindex_grades_1/,
      );
      expect(plan.join(" ")).not.toMatch(/TEMP B-TREE/);
      if (Object.keys(filter).length > 0) expect(plan[0]).toMatch(/^SEARCH/);
    },
  );

  it("indexes only the grades that have a student, a submitter, a submission or an answer group, and serves those filters from them", async () => {
    const { rows } = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name = 'grades'
    `.execute(db);
    const partial = Object.fromEntries(rows.map((row) => [row.name, row.sql]));
    for (const name of Object.keys(partialGradeIndexes)) {
      expect(partial[name], name).toMatch(
        / where "(student_id|submitted_by|submission_id|group_id)" is not null$/,
      );
    }
    const served: [GradeListFilter, string][] = [
      [{ studentId: "s", limit: 51 }, "grades_tenant_student"],
      [{ status: "needs_review", studentId: "s", limit: 51 }, "grades_tenant_status_student"],
      [{ rubricId: "r", studentId: "s", limit: 51 }, "grades_tenant_rubric_student"],
      [{ status: "graded", rubricId: "r", studentId: "s", limit: 51 }, "grades_tenant_status_rubric_student"],
      [{ submittedBy: "k", limit: 51 }, "grades_tenant_submitted_by"],
      [{ submissionId: "sub", limit: 51 }, "grades_tenant_submission"],
      [{ groupId: "g", limit: 51 }, "grades_tenant_group"],
    ];
    for (const [filter, index] of served) {
      expect((await planOf(filter))[0], JSON.stringify(filter)).toMatch(new RegExp(`USING INDEX ${index} `));
    }
  });
});

describe.skipIf(!postgresUrl)("GradeStore.list query plans on PostgreSQL", () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase("grade_list_plan");
    await (await openStorage(database.config)).close();
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.config.url, max: 1 }) }),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it("serves a student's, a submitter's, a submission's and a group's grades from the partial indexes", async () => {
    const served: [GradeListFilter, string][] = [
      [{ studentId: "s", limit: 51 }, "grades_tenant_student"],
      [{ submittedBy: "k", limit: 51 }, "grades_tenant_submitted_by"],
      [{ submissionId: "sub", limit: 51 }, "grades_tenant_submission"],
      [{ groupId: "g", limit: 51 }, "grades_tenant_group"],
    ];
    await db.connection().execute(async (connection) => {
      // An empty table is read by a sequential scan whatever its indexes; this asks which index fits.
      await sql`set enable_seqscan = off`.execute(connection);
      for (const [filter, index] of served) {
        const query = gradeListQuery(connection, "default", filter).compile();
        const { rows } = await connection.executeQuery<{ "QUERY PLAN": string }>({
          ...query,
          sql: `explain ${query.sql}`,
        });
        const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        expect(plan, JSON.stringify(filter)).toContain(`Index Scan Backward using ${index} on grades`);
      }
    });
  });
});
