import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0027");

describe.each(backends)(
  "upgrading a $name database without 0023's usage columns on holds (0027)",
  (backend) => {
    it.skipIf(backend.skip)(
      "still counts the usage holds recorded, and what a lapsed hold moved, once",
      async () => {
        const migrated = await backend.migrateTo("0026-lapsed-budget-holds-kept");
        const { db } = migrated;
        // A live hold with two calls recorded (0023's columns still hold the copy 0025 moved), and a hold that
        // lapsed with one call recorded, which its lapse added to the ledger.
        await sql`insert into budget_holds (id, tenant_id, day, amount_usd, expires_at, model, model_calls,
        input_tokens, output_tokens, cost_usd, unpriced_calls, lapsed_moved)
      values ('hld_live', 'default', '2026-11-28', 1, '2026-11-28T10:01:00.000Z', 'openai:test', 2, 200, 20, 0.02, 0, null),
        ('hld_lapsed', 'default', '2026-11-28', 0, '2026-11-28T09:01:00.000Z', 'openai:test', 0, 0, 0, 0, 0,
          ${JSON.stringify([{ day: "2026-11-28", modelCalls: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.01 }])})`.execute(
          db,
        );
        await sql`insert into budget_hold_usage (hold_id, day, model_calls, input_tokens, output_tokens, cost_usd,
        unpriced_calls)
      values ('hld_live', '2026-11-28', 2, 200, 20, 0.02, 0)`.execute(db);
        await sql`insert into usage_days (tenant_id, day, model, grades, cached_grades, model_calls, input_tokens,
        output_tokens, cost_usd, unpriced_calls)
      values ('default', '2026-11-28', 'openai:test', 0, 0, 1, 100, 10, 0.01, 0)`.execute(db);
        const storage = await migrated.openStorage();
        // The live hold's process died: its lapse adds its two calls.
        await storage.usage.settleLapsedHolds("default", "2026-11-28T10:05:00.000Z");
        // The lapsed hold's grade failed after two calls: only the one its lapse did not add.
        const spend = [
          { day: "2026-11-28", modelCalls: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.02 },
        ];
        expect(
          await storage.usage.settleHold({ id: "hld_lapsed", tenantId: "default" }, "openai:test", spend),
        ).toBe(true);
        const days = await storage.usage.days("default", "2026-11-28", "2026-11-28");
        expect(days).toEqual([
          expect.objectContaining({ grades: 0, modelCalls: 4, inputTokens: 400, outputTokens: 40 }),
        ]);
        expect(days[0]!.costUsd).toBeCloseTo(0.04, 10);
        const after = migrated.connect();
        for (const column of ["model_calls", "input_tokens", "output_tokens", "cost_usd", "unpriced_calls"]) {
          await expect(
            sql`select ${sql.ref(column)} from budget_holds`.execute(after),
            column,
          ).rejects.toThrow(column);
        }
      },
    );
  },
);
