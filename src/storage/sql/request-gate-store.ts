import { sql, type Kysely } from "kysely";
import type { RequestGateStore } from "../../grading/ports.js";
import type { Database } from "./schema.js";

/**
 * Request gates (GCRA) over the `request_gates` table: one row per gate, `next_at_ms` the earliest time
 * the rate allows the next request.
 *
 * Each change is one statement, an insert that updates the existing row on conflict, so it is atomic on
 * both dialects without a transaction: SQLite runs one writer at a time, and PostgreSQL locks the
 * conflicting row and evaluates the update's WHERE clause on its newest version, so two processes can
 * never both take the last slot. The row is created by the first statement that needs it.
 *
 * Every value is cast to bigint: PostgreSQL cannot infer a type for `$1 + $2` on its own.
 */
export function createRequestGateStore(db: Kysely<Database>): RequestGateStore {
  const readNext = async (name: string): Promise<number | undefined> => {
    const row = await db
      .selectFrom("request_gates")
      .select("next_at_ms")
      .where("name", "=", name)
      .executeTakeFirst();
    // int8 comes back from PostgreSQL as a string.
    return row && Number(row.next_at_ms);
  };

  return {
    async take(name, nowMs, intervalMs, toleranceMs) {
      const now = sql`cast(${nowMs} as bigint)`;
      const interval = sql`cast(${intervalMs} as bigint)`;
      const tolerance = sql`cast(${toleranceMs} as bigint)`;
      // A new row is a gate nobody used yet: the request goes, and the next one an interval later.
      const taken = await sql<{ next_at_ms: number | string }>`
        insert into request_gates (name, next_at_ms) values (${name}, ${now} + ${interval})
        on conflict (name) do update
          set next_at_ms = case
            when request_gates.next_at_ms > ${now} then request_gates.next_at_ms
            else ${now}
          end + ${interval}
          where request_gates.next_at_ms - ${now} <= ${tolerance}
        returning next_at_ms`.execute(db);
      if (taken.rows.length > 0) return { granted: true };
      // Refused: the row exists, and its time only ever moves forward, so the wait is positive.
      const next = (await readNext(name)) ?? nowMs;
      return { granted: false, waitMs: Math.max(1, next - nowMs - toleranceMs) };
    },

    async holdUntil(name, untilMs) {
      const until = sql`cast(${Math.ceil(untilMs)} as bigint)`;
      await sql`
        insert into request_gates (name, next_at_ms) values (${name}, ${until})
        on conflict (name) do update
          set next_at_ms = ${until}
          where request_gates.next_at_ms < ${until}`.execute(db);
    },
  };
}
