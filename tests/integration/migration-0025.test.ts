import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0025");

describe.each(backends)("upgrading a $name database to hold usage per day (0025)", (backend) => {
  it.skipIf(backend.skip)("keeps the usage a live hold recorded, to be moved when it lapses", async () => {
    const { db, migrateRest } = await backend.migrateTo("0024-lapsed-budget-holds");
    await sql`insert into budget_holds (id, tenant_id, day, amount_usd, expires_at, model, model_calls,
        input_tokens, output_tokens, cost_usd, unpriced_calls)
      values ('hld_1', 'default', '2026-11-28', 1, '2026-11-28T10:01:00.000Z', 'openai:test', 2, 200, 20, 0.02, 0),
        ('hld_2', 'default', '2026-11-28', 1, '2026-11-28T10:01:00.000Z', 'openai:test', 0, 0, 0, 0, 0)`.execute(
      db,
    );
    expect(await migrateRest()).toBeUndefined();
    const { rows } = await sql<Record<string, unknown>>`select hold_id, day, model_calls, input_tokens
      from budget_hold_usage order by hold_id`.execute(db);
    expect(
      rows.map((row) => ({
        ...row,
        model_calls: Number(row.model_calls),
        input_tokens: Number(row.input_tokens),
      })),
    ).toEqual([{ hold_id: "hld_1", day: "2026-11-28", model_calls: 2, input_tokens: 200 }]);
    // Deleted with its hold.
    await sql`delete from budget_holds where id = 'hld_1'`.execute(db);
    const after = await sql`select hold_id from budget_hold_usage`.execute(db);
    expect(after.rows).toEqual([]);
  });
});
