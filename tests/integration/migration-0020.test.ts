import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrationProvider } from "../../src/storage/sql/migrations.js";
import { createTestDatabase, postgresSkipReason, postgresUrl } from "../helpers/postgres.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-migrate-0020-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const backends: {
  name: string;
  skip?: string;
  open: () => Promise<{ db: Kysely<unknown>; cleanup?: () => Promise<void> }>;
}[] = [
  {
    name: "sqlite",
    open: () =>
      Promise.resolve({
        db: new Kysely<unknown>({
          dialect: new SqliteDialect({ database: new BetterSqlite3(join(directory, "grader.db")) }),
        }),
      }),
  },
  {
    name: "postgres",
    ...(postgresUrl ? {} : { skip: postgresSkipReason }),
    open: async () => {
      const database = await createTestDatabase("migration_0020");
      return {
        db: new Kysely<unknown>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: database.config.url, max: 1 }),
          }),
        }),
        cleanup: () => database.drop(),
      };
    },
  },
];

async function insertAppeal(db: Kysely<unknown>, id: string, criterionId: string, status: string) {
  await sql`insert into appeals (tenant_id, id, grade_id, criterion_id, status, appeal, created_at)
    values ('default', ${id}, 'grd_1', ${criterionId}, ${status}, '{}', '2026-11-28T10:00:00.000Z')`.execute(
    db,
  );
}

describe.each(backends)(
  "upgrading a $name database to one open appeal per criterion (0020)",
  ({ open, skip }) => {
    let db: Kysely<unknown> | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await db?.destroy();
      await cleanup?.();
    });
    const migrator = () => new Migrator({ db: db!, provider: migrationProvider });

    it.skipIf(skip)("keeps the appeals it finds and refuses a second open one from then on", async () => {
      ({ db, cleanup } = await open());
      expect((await migrator().migrateTo("0019-client-ids-composed")).error).toBeUndefined();
      await insertAppeal(db, "apl_1", "inputs", "open");
      await insertAppeal(db, "apl_2", "inputs", "denied");
      await insertAppeal(db, "apl_3", "outputs", "open");
      expect((await migrator().migrateToLatest()).error).toBeUndefined();
      await expect(insertAppeal(db, "apl_4", "inputs", "open")).rejects.toThrow();
      await insertAppeal(db, "apl_5", "inputs", "upheld");
      const { rows } = await sql<{ id: string }>`select id from appeals order by id`.execute(db);
      expect(rows.map((row) => row.id)).toEqual(["apl_1", "apl_2", "apl_3", "apl_5"]);
    });

    it.skipIf(skip)(
      "stops naming the appeals when a criterion has two open ones, changing nothing",
      async () => {
        ({ db, cleanup } = await open());
        expect((await migrator().migrateTo("0019-client-ids-composed")).error).toBeUndefined();
        await insertAppeal(db, "apl_1", "inputs", "open");
        await insertAppeal(db, "apl_2", "inputs", "open");
        const { error } = await migrator().migrateToLatest();
        expect(String(error)).toContain("grade grd_1, criterion inputs: apl_1, apl_2");
        const { rows } = await sql<{ status: string }>`select status from appeals order by id`.execute(db);
        expect(rows).toEqual([{ status: "open" }, { status: "open" }]);
        // Once one of them is resolved, the upgrade goes through.
        await sql`update appeals set status = 'denied' where id = 'apl_2'`.execute(db);
        expect((await migrator().migrateToLatest()).error).toBeUndefined();
      },
    );
  },
);
