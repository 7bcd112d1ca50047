import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterEach, beforeEach } from "vitest";
import type { Config } from "../../src/config/config.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { migrationProvider } from "../../src/storage/sql/migrations.js";
import { createTestDatabase, postgresSkipReason, postgresUrl } from "./postgres.js";

/**
 * A test's database, migrated up to a version: data is written as it was then (raw SQL on `db`), then the
 * rest of the migrations run, by Kysely's Migrator or by opening the app's storage. Every connection and
 * storage it opens, and the database, are closed and removed after the test.
 */
export interface MigratedDatabase {
  /** A connection to the database, at the version migrated to. */
  readonly db: Kysely<unknown>;
  /** The rest of the migrations on `db`, through Kysely's Migrator: their error, undefined when none. */
  migrateRest: () => Promise<unknown>;
  /** Closes `db`, then opens the app's storage on the database, which runs the rest of the migrations. */
  openStorage: () => Promise<Storage>;
  /** A new connection (to read the rows as the storage left them). */
  connect: () => Kysely<unknown>;
}

/** A backend an upgrade is tested on; `skip` says why it cannot run here (PostgreSQL without a URL). */
export interface MigrationBackend {
  name: string;
  skip?: string;
  /** A new database, migrated to `version` (a migration's name in migrations.ts). */
  migrateTo: (version: string) => Promise<MigratedDatabase>;
}

interface Database {
  connect: () => Kysely<unknown>;
  config: Config["database"];
  drop?: () => Promise<void>;
}

/**
 * SQLite (a file in a directory of its own for each test) and PostgreSQL (a database named after `name`,
 * dropped after the test), for `describe.each`. Call it at the top of a test file: it registers the hooks
 * that make the directory and close and remove everything a test opened.
 */
export function migrationBackends(name: string): MigrationBackend[] {
  let directory: string;
  /** What to close after the test, last opened first. */
  let closers: (() => Promise<void>)[] = [];
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), `grader-${name.replaceAll("_", "-")}-`));
    closers = [];
  });
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    rmSync(directory, { recursive: true, force: true });
  });

  const connection = (database: Database) => {
    const db = database.connect();
    let open = true;
    const close = async () => {
      if (open) await db.destroy();
      open = false;
    };
    closers.push(close);
    return { db, close };
  };

  const migrated = async (database: Database, version: string): Promise<MigratedDatabase> => {
    if (database.drop) closers.push(database.drop);
    const first = connection(database);
    const migrator = new Migrator({ db: first.db, provider: migrationProvider });
    const { error } = await migrator.migrateTo(version);
    if (error !== undefined) throw new Error(`migrating to ${version} failed`, { cause: error });
    return {
      db: first.db,
      migrateRest: async () => (await migrator.migrateToLatest()).error,
      openStorage: async () => {
        // Closed first: a SQLite file is not shared with a connection at another version.
        await first.close();
        const storage = await openStorage(database.config);
        // Closing twice is nothing: a test may close it itself.
        closers.push(() => storage.close());
        return storage;
      },
      connect: () => connection(database).db,
    };
  };

  return [
    {
      name: "sqlite",
      migrateTo: (version) => {
        const path = join(directory, "grader.db");
        return migrated(
          {
            connect: () =>
              new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) }),
            config: { kind: "sqlite", path },
          },
          version,
        );
      },
    },
    {
      name: "postgres",
      ...(postgresUrl ? {} : { skip: postgresSkipReason }),
      migrateTo: async (version) => {
        const database = await createTestDatabase(name);
        return migrated(
          {
            connect: () =>
              new Kysely<unknown>({
                dialect: new PostgresDialect({
                  pool: new pg.Pool({ connectionString: database.config.url, max: 1 }),
                }),
              }),
            config: database.config,
            drop: () => database.drop(),
          },
          version,
        );
      },
    },
  ];
}
