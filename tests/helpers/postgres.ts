import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Config } from "../../src/config/config.js";

/**
 * PostgreSQL for the distributed tests: GRADER_TEST_POSTGRES_URL names a server and a user that may
 * create databases (e.g. postgres://postgres@127.0.0.1:54329/postgres; .ci/run starts one). Unset, the
 * PostgreSQL tests are skipped and `npm test` needs nothing installed.
 */
export const postgresUrl = process.env.GRADER_TEST_POSTGRES_URL?.trim() || undefined;

export const postgresSkipReason =
  "GRADER_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:54329/postgres); .ci/run sets it";

export interface TestDatabase {
  /** The storage configuration of the new, empty database. */
  config: Extract<Config["database"], { kind: "postgres" }>;
  /** Drops the database, disconnecting whatever still uses it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the test server, so test files (parallel vitest workers) and tests never share
 * tables. Throws when GRADER_TEST_POSTGRES_URL is unset or the server refuses.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (!postgresUrl) throw new Error(postgresSkipReason);
  const name = `grader_test_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(5).toString("hex")}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: "postgres", url: url.toString(), description: name, poolSize: 5 },
    drop: () =>
      withAdmin(async (client) => {
        // A pool's `end()` resolves before its connections have closed on the server. Forced off while
        // closing, such a connection gets 57P01 (terminating connection due to administrator command),
        // which surfaced as an unhandled error of whichever test file ran then. Closing ones go first.
        for (let waited = 0; waited < 2_000; waited += 50) {
          const { rows } = await client.query<{ sessions: string }>(
            "select count(*) as sessions from pg_stat_activity where datname = $1",
            [name],
          );
          if (Number(rows[0]?.sessions ?? 0) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}

/**
 * The PostgreSQL entry of a contract test's backend list (a fresh database per `open`), or nothing
 * when GRADER_TEST_POSTGRES_URL is unset.
 */
export function postgresBackends<Storage extends { close(): Promise<void> }>(
  label: string,
  openStorage: (database: TestDatabase["config"]) => Promise<Storage>,
): { name: string; open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }> }[] {
  if (!postgresUrl) return [];
  return [
    {
      name: "postgres",
      open: async () => {
        const database = await createTestDatabase(label);
        try {
          return { storage: await openStorage(database.config), cleanup: () => database.drop() };
        } catch (error) {
          await database.drop();
          throw error;
        }
      },
    },
  ];
}
