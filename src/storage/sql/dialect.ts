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

/**
 * The shared form of {@link lockInTransaction}'s lock on the same name: any number of transactions hold
 * it at once, and it excludes only the exclusive one. For what many transactions may do side by side
 * but one must not do under them (grades stored against a rubric version, which its delete must wait
 * for and then see).
 */
export async function shareLockInTransaction<DB>(db: Kysely<DB>, ...parts: string[]): Promise<void> {
  if (!db.isTransaction || !isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock_shared(hashtext(${JSON.stringify(parts)}))`.execute(db);
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back, not wrong. */
const conflictCodes = new Set(["40P01", "40001"]);
/** Runs of a transaction PostgreSQL rolled back as a deadlock's victim, the first one included. */
const maxTransactionRuns = 4;

/**
 * Runs `work` in a transaction, and again from the start when PostgreSQL rolls it back as the victim of a
 * deadlock (or a serialization failure): two transactions that lock the same rows in different orders (a
 * student's erasure and a teacher's group decision, a job item failing while its student is erased) are
 * both correct, and one of them is aborted only so that the other can go on. Nothing was written, so
 * running it again is what a client retrying would do, without the client seeing a 500. `work` must
 * have no effect outside the transaction (every store's transaction is so). SQLite never deadlocks (its
 * transactions take the write lock when they begin): there it runs once.
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (run >= maxTransactionRuns || !isTransactionConflict(error)) throw error;
      // A short, random pause, so that the two transactions do not meet again in the same step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * run));
    }
  }
}

function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && conflictCodes.has(code);
}
