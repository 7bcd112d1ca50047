import { sql, type Kysely, type Migration } from "kysely";
import type { TenantSettingsStore, UsageDay, UsageLedger } from "../../grading/daily-budget.js";
import type { GradeStore, GradeWrite } from "../../grading/ports.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";
import { lockInTransaction } from "./dialect.js";
import { atomically } from "./sql-stores.js";

/**
 * The usage ledger (each tenant's model usage and cost per UTC day and model), the tenants' settings, and
 * the count behind the review-queue gauge. The ledger is written by the grade store itself: every grade
 * insert adds its usage in the same transaction, whichever use case stores the grade. The calls of a grade
 * that was then not stored are added by `addSpendWithoutGrade`, counting no grade (daily-budget.ts). It
 * holds no personal data, so erasing a student's grades leaves the school's spend as it was.
 */

export type UsageDayTable = {
  tenant_id: string;
  /** `YYYY-MM-DD`, UTC: the day the grade was made (its `createdAt`). */
  day: string;
  /** `provider:model`, `none` for blank answers. */
  model: string;
  grades: number;
  cached_grades: number;
  model_calls: number;
  input_tokens: number;
  output_tokens: number;
  /** USD from the price table when the grade was made. */
  cost_usd: number;
  /** Calls of a model without a price (not in cost_usd). */
  unpriced_calls: number;
};

/** A grade in progress holding its worst-case cost against its tenant's budget (daily-budget.ts). */
export type BudgetHoldTable = {
  id: string;
  tenant_id: string;
  day: string;
  amount_usd: number;
  expires_at: string;
};

export type TenantSettingsTable = {
  tenant_id: string;
  /** The school's own daily budget in USD; null: none (the operator's default applies). */
  daily_budget_usd: number | null;
  updated_at: string;
};

/** The tables of this file, beside those of schema.ts (Kysely's `withTables`; a type, as it asks). */
export type UsageTables = {
  usage_days: UsageDayTable;
  tenant_settings: TenantSettingsTable;
  budget_holds: BudgetHoldTable;
};

type UsageDatabase = Database & UsageTables;

/** Migration 0005: the usage ledger and the tenants' settings. */
export const usageMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("usage_days")
      .addColumn("tenant_id", "text", (column) => column.notNull())
      .addColumn("day", "text", (column) => column.notNull())
      .addColumn("model", "text", (column) => column.notNull())
      .addColumn("grades", "integer", (column) => column.notNull().defaultTo(0))
      .addColumn("cached_grades", "integer", (column) => column.notNull().defaultTo(0))
      .addColumn("model_calls", "integer", (column) => column.notNull().defaultTo(0))
      .addColumn("input_tokens", "integer", (column) => column.notNull().defaultTo(0))
      .addColumn("output_tokens", "integer", (column) => column.notNull().defaultTo(0))
      .addColumn("cost_usd", "real", (column) => column.notNull().defaultTo(0))
      .addColumn("unpriced_calls", "integer", (column) => column.notNull().defaultTo(0))
      // The budget check reads one tenant's day; the usage report a range of its days: both key prefixes.
      .addPrimaryKeyConstraint("usage_days_pk", ["tenant_id", "day", "model"])
      .execute();
    await db.schema
      .createTable("tenant_settings")
      .addColumn("tenant_id", "text", (column) => column.primaryKey())
      .addColumn("daily_budget_usd", "real")
      .addColumn("updated_at", "text", (column) => column.notNull())
      .execute();
  },
};

/** Migration 0014: the holds of grades in progress against the daily budget, shared by every process. */
export const budgetHoldsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("budget_holds")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("tenant_id", "text", (column) => column.notNull())
      .addColumn("day", "text", (column) => column.notNull())
      // 8-byte floats on both dialects (PostgreSQL's `real` is 4 bytes; see migrations.ts).
      .addColumn("amount_usd", "double precision", (column) => column.notNull())
      .addColumn("expires_at", "text", (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex("budget_holds_tenant_day")
      .on("budget_holds")
      .columns(["tenant_id", "day"])
      .execute();
  },
};

function usageTables(db: Kysely<Database>): Kysely<UsageDatabase> {
  return db.withTables<UsageTables>();
}

// On every grade's path: compiled once (see precompiled-query.ts).
const spentOnQuery = precompiledQuery<[tenantId: string, day: string]>((db, [tenantId, day]) =>
  usageTables(db)
    .selectFrom("usage_days")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("cost_usd"), eb.lit(0)).as("spent"))
    .where("tenant_id", "=", tenantId)
    .where("day", "=", day),
);
const settingsQuery = precompiledQuery<[tenantId: string]>((db, [tenantId]) =>
  usageTables(db)
    .selectFrom("tenant_settings")
    .select(["daily_budget_usd", "updated_at"])
    .where("tenant_id", "=", tenantId),
);

/**
 * The grade store of `create`, whose insert also adds the grade's usage to the ledger, both in one
 * transaction (the caller's when it is in one): a grade is never stored without its cost, nor counted
 * without being stored.
 */
export function recordingUsage(
  db: Kysely<Database>,
  tenantId: string,
  create: (db: Kysely<Database>, tenantId: string) => GradeStore,
): GradeStore {
  return {
    ...create(db, tenantId),
    insert: (write) =>
      atomically(db, async (trx) => {
        await create(trx, tenantId).insert(write);
        await addUsage(trx, tenantId, write);
      }),
  };
}

// On every grade's path too: an upsert Kysely would otherwise build and compile per grade.
const addUsageQuery = precompiledQuery<
  [
    tenantId: string,
    day: string,
    model: string,
    grades: number,
    cachedGrades: number,
    modelCalls: number,
    inputTokens: number,
    outputTokens: number,
    costUsd: number,
    unpricedCalls: number,
  ]
>(
  (
    db,
    [
      tenantId,
      day,
      model,
      grades,
      cachedGrades,
      modelCalls,
      inputTokens,
      outputTokens,
      costUsd,
      unpricedCalls,
    ],
  ) =>
    usageTables(db)
      .insertInto("usage_days")
      .values({
        tenant_id: tenantId,
        day,
        model,
        // Placeholders stand for the numbers until the query is run (precompiled-query.ts).
        grades: grades as unknown as number,
        cached_grades: cachedGrades as unknown as number,
        model_calls: modelCalls as unknown as number,
        input_tokens: inputTokens as unknown as number,
        output_tokens: outputTokens as unknown as number,
        cost_usd: costUsd as unknown as number,
        unpriced_calls: unpricedCalls as unknown as number,
      })
      .onConflict((conflict) =>
        conflict.columns(["tenant_id", "day", "model"]).doUpdateSet((eb) => ({
          grades: eb("usage_days.grades", "+", eb.ref("excluded.grades")),
          cached_grades: eb("usage_days.cached_grades", "+", eb.ref("excluded.cached_grades")),
          model_calls: eb("usage_days.model_calls", "+", eb.ref("excluded.model_calls")),
          input_tokens: eb("usage_days.input_tokens", "+", eb.ref("excluded.input_tokens")),
          output_tokens: eb("usage_days.output_tokens", "+", eb.ref("excluded.output_tokens")),
          cost_usd: eb("usage_days.cost_usd", "+", eb.ref("excluded.cost_usd")),
          unpriced_calls: eb("usage_days.unpriced_calls", "+", eb.ref("excluded.unpriced_calls")),
        })),
      ),
);

async function addUsage(db: Kysely<Database>, tenantId: string, write: GradeWrite): Promise<void> {
  const { grade, audit } = write;
  const calls = audit.attempts.length;
  await db.executeQuery(
    addUsageQuery(db, [
      tenantId,
      grade.createdAt.slice(0, 10),
      audit.model,
      1,
      grade.cached ? 1 : 0,
      calls,
      audit.usage.inputTokens,
      audit.usage.outputTokens,
      audit.cost.amount ?? 0,
      audit.cost.amount === null ? calls : 0,
    ]),
  );
}

export function createUsageLedger(db: Kysely<Database>): UsageLedger {
  return {
    async addSpendWithoutGrade(tenantId, model, spend) {
      // The same upsert as a stored grade's, counting no grade: on its own connection, not in the grade's
      // transaction (which has rolled back).
      await db.executeQuery(
        addUsageQuery(db, [
          tenantId,
          spend.day,
          model,
          0,
          0,
          spend.modelCalls,
          spend.inputTokens,
          spend.outputTokens,
          spend.costUsd ?? 0,
          spend.costUsd === null ? spend.modelCalls : 0,
        ]),
      );
    },

    async spentOn(tenantId, day) {
      const { rows } = await db.executeQuery<{ spent: number | null }>(spentOnQuery(db, [tenantId, day]));
      return Number(rows[0]?.spent ?? 0);
    },

    admit(hold, now, decide) {
      return atomically(db, async (trx) => {
        // Every admission of the tenant, in every process, one at a time (SQLite: the write lock).
        await lockInTransaction(trx, "budget", hold.tenantId);
        const holds = usageTables(trx);
        await holds
          .deleteFrom("budget_holds")
          .where("tenant_id", "=", hold.tenantId)
          .where("expires_at", "<", now)
          .execute();
        const { rows } = await trx.executeQuery<{ spent: number | null }>(
          spentOnQuery(trx, [hold.tenantId, hold.day]),
        );
        const spentUsd = Number(rows[0]?.spent ?? 0);
        const held = await holds
          .selectFrom("budget_holds")
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount_usd"), eb.lit(0)).as("held"))
          .where("tenant_id", "=", hold.tenantId)
          .where("day", "=", hold.day)
          .executeTakeFirst();
        const heldUsd = Number(held?.held ?? 0);
        const admitted = decide(spentUsd, heldUsd);
        if (admitted) {
          await holds
            .insertInto("budget_holds")
            .values({
              id: hold.id,
              tenant_id: hold.tenantId,
              day: hold.day,
              amount_usd: hold.amountUsd,
              expires_at: hold.expiresAt,
            })
            .execute();
        }
        return { admitted, spentUsd, heldUsd };
      });
    },

    async renewHold(holdId, expiresAt) {
      await usageTables(db)
        .updateTable("budget_holds")
        .set({ expires_at: expiresAt })
        .where("id", "=", holdId)
        // Only later (ISO times of one format compare as text): see UsageLedger.renewHold.
        .where("expires_at", "<", expiresAt)
        .execute();
    },

    async keepHold(holdId, day, expiresAt) {
      await usageTables(db)
        .updateTable("budget_holds")
        .set({ day, expires_at: expiresAt })
        .where("id", "=", holdId)
        // Only later, as renewHold: see UsageLedger.keepHold.
        .where("expires_at", "<", expiresAt)
        .execute();
    },

    async releaseHold(holdId) {
      await usageTables(db).deleteFrom("budget_holds").where("id", "=", holdId).execute();
    },

    async days(tenantId, from, to): Promise<UsageDay[]> {
      const rows = await usageTables(db)
        .selectFrom("usage_days")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("day", ">=", from)
        .where("day", "<=", to)
        .orderBy("day")
        .orderBy("model")
        .execute();
      return rows.map((row) => ({
        day: row.day,
        model: row.model,
        grades: Number(row.grades),
        cachedGrades: Number(row.cached_grades),
        modelCalls: Number(row.model_calls),
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        costUsd: Number(row.cost_usd),
        unpricedCalls: Number(row.unpriced_calls),
      }));
    },
  };
}

export function createTenantSettingsStore(db: Kysely<Database>): TenantSettingsStore {
  return {
    async find(tenantId) {
      const { rows } = await db.executeQuery<{ daily_budget_usd: number | null; updated_at: string }>(
        settingsQuery(db, [tenantId]),
      );
      const row = rows[0];
      return row ? { dailyBudgetUsd: row.daily_budget_usd, updatedAt: row.updated_at } : undefined;
    },

    async save(tenantId, settings, at) {
      await usageTables(db)
        .insertInto("tenant_settings")
        .values({ tenant_id: tenantId, daily_budget_usd: settings.dailyBudgetUsd, updated_at: at })
        .onConflict((conflict) =>
          conflict
            .column("tenant_id")
            .doUpdateSet({ daily_budget_usd: settings.dailyBudgetUsd, updated_at: at }),
        )
        .execute();
    },
  };
}

/**
 * Grades waiting for a person, over every tenant: one number for the review-queue gauge (a gauge per
 * tenant would make one series per school). A plain count would scan an index of every grade (50 ms at
 * 200,000 grades, on the event loop at every scrape); instead the tenants that have grades are walked in
 * the (tenant, status) index, one seek each (a loose index scan), and only the queue's entries are counted:
 * about 3 ms for a queue of 20,000. Standard SQL, for PostgreSQL too.
 */
export async function countGradesNeedingReview(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ count: number | string }>`
    with recursive tenant(id) as (
      select min(tenant_id) from grades
      union all
      select (select min(tenant_id) from grades where tenant_id > tenant.id) from tenant where tenant.id is not null
    )
    select count(*) as count from grades
    where tenant_id in (select id from tenant where id is not null) and status = 'needs_review'`.execute(db);
  return Number(rows[0]?.count ?? 0);
}
