import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import type { Config } from "../../src/config/config.js";
import { ImmediateTransactionSqliteDialect, openStorage } from "../../src/storage/database.js";
import { migrationProvider } from "../../src/storage/sql/migrations.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";

const require = createRequire(import.meta.url);

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-migrate-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** The same upgrade on each backend: a dialect for the old schema, then the storage configuration. */
const backends: {
  name: string;
  skip?: string;
  open: () => Promise<{ dialect: Dialect; config: Config["database"]; cleanup?: () => Promise<void> }>;
}[] = [
  {
    name: "sqlite",
    open: () => {
      const path = join(directory, "grader.db");
      return Promise.resolve({
        dialect: new SqliteDialect({ database: new BetterSqlite3(path) }),
        config: { kind: "sqlite", path },
      });
    },
  },
  {
    name: "postgres",
    ...(postgresUrl ? {} : { skip: postgresSkipReason }),
    open: async () => {
      const database: TestDatabase = await createTestDatabase("migrations");
      return {
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: database.config.url, max: 1 }),
        }),
        config: database.config,
        cleanup: () => database.drop(),
      };
    },
  },
];

describe.each(backends)("upgrading a $name database made before tenants", ({ open, skip }) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
  });
  it.skipIf(skip)(
    `keeps every rubric, grade and idempotency key, in the default tenant${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const opened = await open();
      cleanup = opened.cleanup;
      const db = new Kysely<unknown>({ dialect: opened.dialect });
      const migrator = new Migrator({ db, provider: migrationProvider });
      const before = await migrator.migrateTo("0002-list-indexes-versions-and-leases");
      expect(before.error).toBeUndefined();
      const validation = validateRubricDocument(scienceRubric);
      if (!validation.ok) throw new Error("bad rubric");
      const rubric = validation.rubric;
      const at = "2026-11-01T10:00:00.000Z";
      await sql`insert into rubrics (id, current_version, title, language, criteria_count, max_points, created_at, updated_at)
      values (${rubric.id}, ${rubric.version}, ${rubric.title}, 'en', 2, 4, ${at}, ${at})`.execute(db);
      await sql`insert into rubric_versions (rubric_id, version, document, created_at)
      values (${rubric.id}, ${rubric.version}, ${JSON.stringify(rubric)}, ${at})`.execute(db);
      const grade = { id: "grd_old", rubricId: rubric.id, rubricVersion: rubric.version, status: "graded" };
      await sql`insert into grades (id, rubric_id, rubric_version, student_id, status, graded_by, cache_key, created_at, updated_at, grade, audit, answer)
      values ('grd_old', ${rubric.id}, ${rubric.version}, 's-1', 'graded', 'model', 'ck', ${at}, ${at}, ${JSON.stringify(grade)}, '{}', 'old answer')`.execute(
        db,
      );
      await sql`insert into idempotency_keys (key, request_hash, state, grade_id, created_at)
      values ('submission-1', 'hash', 'completed', 'grd_old', ${at})`.execute(db);
      await db.destroy();

      const storage = await openStorage(opened.config);
      try {
        expect((await storage.rubrics.findCurrent(rubric.id))?.rubric.version).toBe(rubric.version);
        expect((await storage.grades.findById("grd_old"))?.answer).toBe("old answer");
        expect(await storage.grades.findByCacheKey("ck")).toBeDefined();
        const lease = { holder: "h", now: new Date(), expiresAt: new Date(Date.now() + 30_000) };
        expect(await storage.idempotency.claim("submission-1", "hash", lease)).toMatchObject({
          state: "completed",
          gradeId: "grd_old",
        });
        expect((await storage.tenants.find("default"))?.id).toBe("default");
        expect(await storage.forTenant("other").rubrics.findCurrent(rubric.id)).toBeUndefined();
      } finally {
        await storage.close();
      }
    },
  );
});

describe("0017 on SQLite, which runs a migration outside a transaction", () => {
  it("finishes when a process was killed halfway through it: an index already dropped, the migration unrecorded", async () => {
    const path = join(directory, "grader.db");
    // Migrated up to 0017 (the kill came during it, so no later migration had run).
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const upTo = await new Migrator({ db, provider: migrationProvider }).migrateTo(
      "0017-partial-grade-indexes",
    );
    expect(upTo.error).toBeUndefined();
    await db.destroy();
    // What a kill between a drop and its create leaves: one index gone, another already partial, and no
    // record that 0017 ran.
    const connection = new BetterSqlite3(path);
    connection.exec(`drop index grades_tenant_group`);
    connection.prepare(`delete from kysely_migration where name = ?`).run("0017-partial-grade-indexes");
    connection.close();

    const storage = await openStorage({ kind: "sqlite", path });
    await storage.close();
    const reopened = new BetterSqlite3(path);
    try {
      const indexes = reopened
        .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'grades'`)
        .all() as { name: string; sql: string }[];
      const byName = new Map(indexes.map((index) => [index.name, index.sql]));
      for (const name of ["grades_tenant_group", "grades_tenant_student", "grades_tenant_submission"]) {
        expect(byName.get(name), name).toMatch(/ where "\w+" is not null$/);
      }
      const ran = reopened
        .prepare(`select name from kysely_migration where name = ?`)
        .get("0017-partial-grade-indexes");
      expect(ran).toBeDefined();
    } finally {
      reopened.close();
    }
  });
});

describe("migrations on SQLite run in one transaction", () => {
  it("leaves nothing of a start-up's migrations when one of them fails halfway, so the next start begins clean", async () => {
    const path = join(directory, "grader.db");
    const failing = {
      getMigrations: async () => ({
        ...(await migrationProvider.getMigrations()),
        "9999-fails-halfway": {
          async up(db: Kysely<unknown>) {
            await db.schema.createTable("half_made").addColumn("id", "text").execute();
            throw new Error("killed here");
          },
        },
      }),
    };
    const db = new Kysely<unknown>({
      dialect: new ImmediateTransactionSqliteDialect({ database: new BetterSqlite3(path) }),
    });
    const { error } = await new Migrator({ db, provider: failing }).migrateToLatest();
    expect(error).toBeInstanceOf(Error);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      db,
    );
    // Only the migrator's own bookkeeping tables: every migration of the run was rolled back.
    expect(tables.rows.map((row) => row.name).sort()).toEqual(["kysely_migration", "kysely_migration_lock"]);
    await db.destroy();

    const storage = await openStorage({ kind: "sqlite", path });
    try {
      expect(await storage.grades.list({ limit: 1 })).toEqual([]);
    } finally {
      await storage.close();
    }
  });
});

describe("a start-up whose migrations cannot run", () => {
  it("says why in the error it stops with, not only that migrations failed", async () => {
    const path = join(directory, "grader.db");
    const storage = await openStorage({ kind: "sqlite", path });
    await storage.close();
    // A file a newer release migrated (then rolled back): the migrator refuses it before any migration
    // runs, so no migration's name can say what went wrong; only the cause can.
    const connection = new BetterSqlite3(path);
    connection
      .prepare(`insert into kysely_migration (name, timestamp) values (?, ?)`)
      .run("9999-from-a-newer-release", new Date().toISOString());
    connection.close();

    const failure = await openStorage({ kind: "sqlite", path }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^database migrations failed: .*9999-from-a-newer-release/);
  });
});

describe("a start-up on a SQLite file that is not a database (truncated, overwritten)", () => {
  it("stops with an error that names the file, and leaves the file as it was", async () => {
    const path = join(directory, "grader.db");
    const garbage = Buffer.from("SQLite format 3\u0000 cut short by a crash, or not a database at all");
    writeFileSync(path, garbage);

    const failure = await openStorage({ kind: "sqlite", path }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      `cannot open the SQLite database ${path}: file is not a database`,
    );
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });
});

describe("a start-up on a SQLite file another process is writing (migrating, erasing) for a while", () => {
  it("waits for that write to end instead of failing with 'database is locked'", async () => {
    const path = join(directory, "grader.db");
    const first = await openStorage({ kind: "sqlite", path });
    await first.close();
    // Another process's long write (a start-up migrating a large file, say), longer than a request waits
    // for the lock (5 s). In a thread of its own: better-sqlite3 waits for a lock synchronously, so this
    // thread could not end it.
    const writer = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const Database = require(workerData.module);
       const db = new Database(workerData.path);
       db.exec("begin immediate");
       db.exec("create table a_long_migration (id text)");
       parentPort.postMessage("locked");
       setTimeout(() => { db.exec("commit"); db.close(); }, 7000);`,
      { eval: true, workerData: { path, module: require.resolve("better-sqlite3") } },
    );
    try {
      await once(writer, "message");
      const storage = await openStorage({ kind: "sqlite", path });
      try {
        expect(await storage.grades.list({ limit: 1 })).toEqual([]);
      } finally {
        await storage.close();
      }
    } finally {
      await writer.terminate();
    }
  }, 30_000);
});
