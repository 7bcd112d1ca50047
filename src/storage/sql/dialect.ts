import { PostgresAdapter, sql, type Kysely } from "kysely";

/** Whether `db` (a database or a transaction) runs on PostgreSQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Serialises transactions that touch the same thing across every process sharing a PostgreSQL
 * database: takes a transaction-level advisory lock named by `parts`, released at commit or rollback.
 *
 * Why: on SQLite every transaction begins with the write lock (`BEGIN IMMEDIATE`), so a transaction's
 * reads and writes are never interleaved with another's. PostgreSQL runs READ COMMITTED, where two
 * transactions may both read "no decision yet" or "no such rubric" and then both act on it. Row locks
 * (`FOR UPDATE`) cannot cover rows that do not exist yet (a grade joining a group, a rubric's first
 * upload), hence an advisory lock on the name of the thing. Compare-and-set updates (the `version`
 * column) and single-statement upserts need no lock: PostgreSQL re-checks their WHERE clause on the
 * newest row version.
 *
 * Nothing happens on SQLite, or outside a transaction (the lock would end with the statement). A
 * `hashtext` collision only makes two unrelated transactions wait for each other.
 */
export async function lockInTransaction<DB>(db: Kysely<DB>, ...parts: string[]): Promise<void> {
  if (!db.isTransaction || !isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${JSON.stringify(parts)}))`.execute(db);
}
