import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterEach, beforeEach } from "vitest";
import type { Config } from "../../src/config/config.js";
import { createTestDatabase, postgresSkipReason, postgresUrl } from "./postgres.js";

/** A database an upgrade is tested on, as it is: a new connection each time, and its storage configuration. */
export interface MigrationDatabase {
  connect: () => Kysely<unknown>;
  config: Config["database"];
  cleanup?: () => Promise<void>;
}

/** A backend an upgrade is tested on; `skip` says why it cannot run here (PostgreSQL without a URL). */
export interface MigrationBackend {
  name: string;
  skip?: string;
  open: () => Promise<MigrationDatabase>;
}

/**
 * SQLite (a file in a directory of its own for each test) and PostgreSQL (a database named after `name`,
 * dropped by `cleanup`), for `describe.each`. Call it at the top of a test file: it registers the hooks
 * that make and remove the directory.
 */
export function migrationBackends(name: string): MigrationBackend[] {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), `grader-${name}-`));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));
  return [
    {
      name: "sqlite",
      open: () => {
        const path = join(directory, "grader.db");
        return Promise.resolve({
          connect: () =>
            new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) }),
          config: { kind: "sqlite", path },
        });
      },
    },
    {
      name: "postgres",
      ...(postgresUrl ? {} : { skip: postgresSkipReason }),
      open: async () => {
        const database = await createTestDatabase(name);
        return {
          connect: () =>
            new Kysely<unknown>({
              dialect: new PostgresDialect({
                pool: new pg.Pool({ connectionString: database.config.url, max: 1 }),
              }),
            }),
          config: database.config,
          cleanup: () => database.drop(),
        };
      },
    },
  ];
}
