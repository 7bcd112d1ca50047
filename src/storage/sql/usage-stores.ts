import { sql, type Kysely, type Migration } from "kysely";
import type {
  SpendWithoutGrade,
  TenantSettingsStore,
  UsageDay,
  UsageLedger,
} from "../../grading/daily-budget.js";
import { priceOf, spendByDay, spendNotMoved } from "../../grading/cost.js";
import type { GradeStore, GradeWrite } from "../../grading/ports.js";
import { precompiledQuery } from "./precompiled-query.js";
import type { Database } from "./schema.js";
import { isPostgres, lockInTransaction } from "./dialect.js";
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

/**
 * A grade in progress holding its worst-case cost against its tenant's budget (daily-budget.ts). The usage
 * of its calls that answered and are not in the ledger yet is in budget_hold_usage, per day (0025): moved
 * to the ledger when the hold lapses (its process died), dropped when the grade settles it.
 */
export type BudgetHoldTable = {
  id: string;
  tenant_id: string;
  /** The admission's UTC day; a hold kept for spend the ledger could not take: the day of its last call. */
  day: string;
  amount_usd: number;
  expires_at: string;
  /** `provider:model`; null on holds made before 0023 (they record no usage). */
  model: string | null;
  /**
   * Null while the hold lives. Once it lapsed (0024): the usage it recorded that went to the ledger then,
   * as JSON (a list of spend per day), kept until its grade's store or settle ends it, so that a process
   * that only stalled counts the rest of its calls, not those again.
   */
  lapsed_moved: string | null;
};

/**
 * A hold that lapsed more than a day ago, whose grade was neither stored nor settled yet (0026): moved out of
 * budget_holds (which every admission reads) and kept until its grade's store or settle ends it, however
 * late, so that a process stalled longer than a day counts its recorded calls once. One row per grade
 * whose process died (those never come back): never read on the path of a grade whose hold lived.
 */
export type LapsedBudgetHoldTable = {
  hold_id: string;
  tenant_id: string;
  /** `provider:model`; null on holds made before 0023 (they recorded no usage). */
  model: string | null;
  /** The usage the ledger got from the hold's lapse (and calls recorded after it), as `lapsed_moved`. */
  moved: string;
  /** When the hold lapsed (its last expiry). */
  lapsed_at: string;
};

/**
 * The usage a hold records, per UTC day its calls were made (0025): a grade running past midnight spent on
 * both days, and a hold that lapses moves each day's usage to that day. Deleted with its hold.
 */
export type BudgetHoldUsageTable = {
  hold_id: string;
  /** `YYYY-MM-DD`, UTC: the day the calls were made (sent). */
  day: string;
  model_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  unpriced_calls: number;
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
  budget_hold_usage: BudgetHoldUsageTable;
  lapsed_budget_holds: LapsedBudgetHoldTable;
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

/**
 * Migration 0023: a hold records the usage of its grade's calls that answered before the grade's last one,
 * so that a process that dies mid-grade leaves their spend to be counted when its hold lapses.
 */
export const budgetHoldUsageMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    await db.schema.alterTable("budget_holds").addColumn("model", "text").execute();
    for (const column of ["model_calls", "input_tokens", "output_tokens", "unpriced_calls"]) {
      await db.schema
        .alterTable("budget_holds")
        .addColumn(column, "integer", (definition) => definition.notNull().defaultTo(0))
        .execute();
    }
    await db.schema
      .alterTable("budget_holds")
      .addColumn("cost_usd", "double precision", (definition) => definition.notNull().defaultTo(0))
      .execute();
  },
};

/**
 * Migration 0024: a hold that lapsed is kept, with the usage moved to the ledger when it lapsed, until its
 * grade's store or settle ends it (a process that stalled a whole lease, then stored its grade, counted
 * its recorded calls twice).
 */
export const lapsedHoldMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("budget_holds").addColumn("lapsed_moved", "text").execute();
  },
};

/**
 * Migration 0025: a hold records its calls' usage per UTC day they were made (a dead grade's calls that
 * spanned midnight all counted on the last call's day); the usage holds recorded so far moves there.
 */
export const budgetHoldUsageByDayMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("budget_hold_usage")
      .addColumn("hold_id", "text", (column) =>
        column.notNull().references("budget_holds.id").onDelete("cascade"),
      )
      .addColumn("day", "text", (column) => column.notNull())
      .addColumn("model_calls", "integer", (column) => column.notNull())
      .addColumn("input_tokens", "integer", (column) => column.notNull())
      .addColumn("output_tokens", "integer", (column) => column.notNull())
      .addColumn("cost_usd", "double precision", (column) => column.notNull())
      .addColumn("unpriced_calls", "integer", (column) => column.notNull())
      .addPrimaryKeyConstraint("budget_hold_usage_pk", ["hold_id", "day"])
      .execute();
    await sql`insert into budget_hold_usage
        (hold_id, day, model_calls, input_tokens, output_tokens, cost_usd, unpriced_calls)
      select id, day, model_calls, input_tokens, output_tokens, cost_usd, unpriced_calls
      from budget_holds where model_calls > 0`.execute(db);
  },
};

/**
 * Migration 0026: a lapsed hold outlives the day it was kept in budget_holds, in lapsed_budget_holds, until
 * its grade's store or settle (a process stalled more than a day counted its recorded calls twice).
 */
export const lapsedBudgetHoldsKeptMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("lapsed_budget_holds")
      .addColumn("hold_id", "text", (column) => column.primaryKey())
      .addColumn("tenant_id", "text", (column) => column.notNull())
      .addColumn("model", "text")
      .addColumn("moved", "text", (column) => column.notNull())
      .addColumn("lapsed_at", "text", (column) => column.notNull())
      .execute();
  },
};

/** The usage columns 0023 added to budget_holds, moved to budget_hold_usage by 0025. */
const holdUsageColumnsOf0023 = [
  "model_calls",
  "input_tokens",
  "output_tokens",
  "cost_usd",
  "unpriced_calls",
] as const;

/**
 * Migration 0027: drops the usage columns 0023 added to budget_holds, unused since 0025 moved what they held
 * to budget_hold_usage (the hold's `model` stays: its usage's model).
 */
export const budgetHoldUsageColumnsDropMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite's ALTER TABLE drops one at a time.
    for (const column of holdUsageColumnsOf0023) {
      await db.schema.alterTable("budget_holds").dropColumn(column).execute();
    }
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
 * The grade store of `create`, whose insert also adds the grade's usage to the ledger, and deletes the
 * budget hold the grade settles (`settlesHold`), all in one transaction (the caller's when it is in one): a
 * grade is never stored without its cost, nor counted without being stored, and its hold ends with it
 * (a settle of the same hold afterwards, as for a grade reported failed, finds it gone and adds nothing).
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
        let moved: SpendWithoutGrade[] = [];
        if (write.settlesHold !== undefined) {
          const { rows } = await trx.executeQuery<{ lapsed_moved: string | null }>(
            deleteHoldQuery(trx, [write.settlesHold]),
          );
          // No hold: it lapsed more than a day ago (never on the path of a grade whose hold lived).
          moved = movedUsage(
            rows.length > 0 ? rows[0]?.lapsed_moved : await endLongLapsed(trx, tenantId, write.settlesHold),
          );
        }
        await addUsage(trx, tenantId, write, moved);
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

// The end of a stored grade's hold, in its transaction: on every grade's path with a daily budget. What it
// returns says whether the hold lapsed meanwhile, and which of the grade's calls the ledger has then.
const deleteHoldQuery = precompiledQuery<[holdId: string]>((db, [holdId]) =>
  usageTables(db).deleteFrom("budget_holds").where("id", "=", holdId).returning("lapsed_moved"),
);

/**
 * Ends a hold that lapsed more than a day ago (kept in lapsed_budget_holds), for its grade's store or
 * settle: what its lapse moved to the ledger, or undefined when there is no such hold (settled before).
 */
async function endLongLapsed(
  trx: Kysely<Database>,
  tenantId: string,
  holdId: string,
): Promise<string | undefined> {
  const ended = await usageTables(trx)
    .deleteFrom("lapsed_budget_holds")
    .where("hold_id", "=", holdId)
    .where("tenant_id", "=", tenantId)
    .returning("moved")
    .executeTakeFirst();
  return ended?.moved;
}

/** The usage a lapsed hold's lapse moved to the ledger (none for a live hold, or none found). */
function movedUsage(lapsedMoved: string | null | undefined): SpendWithoutGrade[] {
  return lapsedMoved ? (JSON.parse(lapsedMoved) as SpendWithoutGrade[]) : [];
}

/**
 * The grade counts on the day it was made; each of its calls on the day it was made (sent): one row
 * unless the grade ran past midnight (then a row per day, the calls' cost priced as the grade's was).
 * Less `moved`, the usage of its calls the ledger got when its hold lapsed (usually none).
 */
async function addUsage(
  db: Kysely<Database>,
  tenantId: string,
  write: GradeWrite,
  moved: readonly SpendWithoutGrade[],
): Promise<void> {
  const { grade, audit } = write;
  const day = grade.createdAt.slice(0, 10);
  const calls = audit.attempts.length;
  // Audit records written by other code paths (and tests) may lack a call's time: the grade's day then.
  const onOneDay = audit.attempts.every(
    (attempt) => (attempt.startedAt as string | undefined)?.startsWith(day) ?? true,
  );
  if (onOneDay && moved.length === 0) {
    await db.executeQuery(
      addUsageQuery(db, [
        tenantId,
        day,
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
    return;
  }
  await db.executeQuery(
    addUsageQuery(db, [tenantId, day, audit.model, 1, grade.cached ? 1 : 0, 0, 0, 0, 0, 0]),
  );
  const byDay = onOneDay
    ? [
        {
          day,
          modelCalls: calls,
          inputTokens: audit.usage.inputTokens,
          outputTokens: audit.usage.outputTokens,
          costUsd: audit.cost.amount,
        },
      ]
    : spendByDay(audit.attempts, priceOf(audit.cost), day);
  for (const spend of spendNotMoved(byDay, moved)) {
    await addSpend(db, tenantId, audit.model, spend);
  }
}

/** Adds spend of calls to the ledger, counting no grade. */
async function addSpend(
  db: Kysely<Database>,
  tenantId: string,
  model: string,
  spend: SpendWithoutGrade,
): Promise<void> {
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
}

/**
 * A lapsed hold is kept this long in budget_holds, then in lapsed_budget_holds (which no admission reads)
 * until its grade's store or settle, or {@link longLapsedKeptMs} after it lapsed.
 */
const lapsedHoldKeptMs = 24 * 60 * 60_000;

/**
 * How long lapsed_budget_holds keeps a hold for a grade that may yet be stored or settled. No grade runs
 * this long (its request, model calls and lease end within hours at the longest settings): a hold still
 * there after it belongs to a process that died, and kept for ever it was a row per grade a crash cut.
 */
const longLapsedKeptMs = 30 * 24 * 60 * 60_000;

/**
 * Ends the tenant's holds that lapsed before `now` and adds the usage they recorded to the ledger, on its
 * day. Each is kept, holding nothing, with the usage moved (`lapsed_moved`), for its grade's store or settle,
 * should its process only have stalled: they then count the grade's other calls, not these again. In the
 * caller's transaction, which holds the tenant's budget lock.
 */
async function settleLapsed(trx: Kysely<Database>, tenantId: string, now: string): Promise<void> {
  // A hold that lapsed is a grade whose process died (or stalled a whole lease): the usage of the
  // calls it recorded goes to the ledger, on their day (usually no row: no statement more).
  const lapsed = await usageTables(trx)
    .updateTable("budget_holds")
    .set({ amount_usd: 0, lapsed_moved: "[]" })
    .where("tenant_id", "=", tenantId)
    .where("expires_at", "<", now)
    .where("lapsed_moved", "is", null)
    .returning(["id", "model"])
    .execute();
  if (lapsed.length === 0) return;
  const recorded = await usageTables(trx)
    .selectFrom("budget_hold_usage")
    .selectAll()
    .where(
      "hold_id",
      "in",
      lapsed.map((row) => row.id),
    )
    .orderBy("day")
    .execute();
  for (const row of lapsed) {
    if (row.model === null) continue;
    const moved: SpendWithoutGrade[] = recorded
      .filter((entry) => entry.hold_id === row.id && Number(entry.model_calls) > 0)
      .map((entry) => {
        const calls = Number(entry.model_calls);
        return {
          day: entry.day,
          modelCalls: calls,
          inputTokens: Number(entry.input_tokens),
          outputTokens: Number(entry.output_tokens),
          costUsd: Number(entry.unpriced_calls) === calls ? null : Number(entry.cost_usd),
        };
      });
    if (moved.length === 0) continue;
    // Each day's calls on that day: a grade that ran past midnight spent on both.
    for (const spend of moved) await addSpend(trx, tenantId, row.model, spend);
    await usageTables(trx)
      .updateTable("budget_holds")
      .set({ lapsed_moved: JSON.stringify(moved) })
      .where("id", "=", row.id)
      .execute();
  }
  // Lapsed holds whose process has not come back for a day (it died, or still stalls): out of the holds
  // every admission reads, into lapsed_budget_holds, for a grade's store or settle that may yet come.
  // Deleted first: a store or settle ending the same hold meanwhile waits for this transaction, then
  // finds the hold there (PostgreSQL's row lock; SQLite's write lock).
  const old = await usageTables(trx)
    .deleteFrom("budget_holds")
    .where("tenant_id", "=", tenantId)
    .where("lapsed_moved", "is not", null)
    .where("expires_at", "<", new Date(Date.parse(now) - lapsedHoldKeptMs).toISOString())
    .returning(["id", "model", "lapsed_moved", "expires_at"])
    .execute();
  if (old.length === 0) return;
  await usageTables(trx)
    .insertInto("lapsed_budget_holds")
    .values(
      old.map((row) => ({
        hold_id: row.id,
        tenant_id: tenantId,
        model: row.model,
        moved: row.lapsed_moved ?? "[]",
        lapsed_at: row.expires_at,
      })),
    )
    .execute();
  // Only when holds were moved: a crash's holds arrive here a day after it, so this runs about once per
  // crash, not per admission.
  await usageTables(trx)
    .deleteFrom("lapsed_budget_holds")
    .where("tenant_id", "=", tenantId)
    .where("lapsed_at", "<", new Date(Date.parse(now) - longLapsedKeptMs).toISOString())
    .execute();
}

/**
 * Adds a call's spend to the ledger for a hold that lapsed, kept in budget_holds or, after a day, in
 * lapsed_budget_holds, and adds it to what the lapse moved; nothing when the hold is gone. The hold's row
 * is locked first (PostgreSQL): a store or settle ending it meanwhile waits, then reads what was moved.
 */
async function recordOnLapsed(
  trx: Kysely<Database>,
  holdId: string,
  spend: SpendWithoutGrade,
): Promise<void> {
  const tables = usageTables(trx);
  const locking = isPostgres(trx);
  const lapsed = await tables
    .selectFrom("budget_holds")
    .select(["tenant_id", "model", "lapsed_moved"])
    .where("id", "=", holdId)
    .where("lapsed_moved", "is not", null)
    .$if(locking, (query) => query.forUpdate())
    .executeTakeFirst();
  if (lapsed) {
    if (lapsed.model === null) return;
    await addSpend(trx, lapsed.tenant_id, lapsed.model, spend);
    await tables
      .updateTable("budget_holds")
      .set({ lapsed_moved: JSON.stringify([...movedUsage(lapsed.lapsed_moved), spend]) })
      .where("id", "=", holdId)
      .execute();
    return;
  }
  const kept = await tables
    .selectFrom("lapsed_budget_holds")
    .select(["tenant_id", "model", "moved"])
    .where("hold_id", "=", holdId)
    .$if(locking, (query) => query.forUpdate())
    .executeTakeFirst();
  if (!kept || kept.model === null) return;
  await addSpend(trx, kept.tenant_id, kept.model, spend);
  await tables
    .updateTable("lapsed_budget_holds")
    .set({ moved: JSON.stringify([...movedUsage(kept.moved), spend]) })
    .where("hold_id", "=", holdId)
    .execute();
}

/** Rolls back the spend of a grade found stored after all (UsageLedger.addSpendWithoutGrade). */
class GradeStoredAfterAll extends Error {}

export function createUsageLedger(db: Kysely<Database>): UsageLedger {
  return {
    async addSpendWithoutGrade(tenantId, model, spend, gradeId) {
      // The same upsert as a stored grade's, counting no grade: on its own connection, not in the grade's
      // transaction (which has rolled back, or committed though reported failed: then its grade is here).
      try {
        return await atomically(db, async (trx) => {
          for (const part of spend) await addSpend(trx, tenantId, model, part);
          if (gradeId === undefined) return true;
          // Checked after the upserts: on PostgreSQL a grade's transaction whose commit is still in flight
          // holds the ledger rows it wrote (those of these calls' days), so the upserts wait for it to end,
          // and this check (a statement of its own, READ COMMITTED) then sees its grade if it committed.
          const stored = await trx
            .selectFrom("grades")
            .select("id")
            .where("tenant_id", "=", tenantId)
            .where("id", "=", gradeId)
            .executeTakeFirst();
          if (stored) throw new GradeStoredAfterAll(gradeId);
          return true;
        });
      } catch (error) {
        // Rolled back: the grade's transaction counted these calls.
        if (error instanceof GradeStoredAfterAll) return false;
        throw error;
      }
    },

    settleHold(hold, model, spend) {
      return atomically(db, async (trx) => {
        // Whoever deletes the hold adds the spend: a second settle (or one after the grade's store, which
        // deleted it in its own transaction) finds it gone and adds nothing.
        const deleted = await usageTables(trx)
          .deleteFrom("budget_holds")
          .where("id", "=", hold.id)
          .where("tenant_id", "=", hold.tenantId)
          .returning("lapsed_moved")
          .executeTakeFirst();
        // Or a hold that lapsed more than a day ago, whose process only stalled.
        const moved =
          deleted === undefined ? await endLongLapsed(trx, hold.tenantId, hold.id) : deleted.lapsed_moved;
        if (moved === undefined) return false;
        // A hold that lapsed had the usage it recorded moved to the ledger then: the rest only.
        for (const part of spendNotMoved(spend, movedUsage(moved))) {
          await addSpend(trx, hold.tenantId, model, part);
        }
        return true;
      });
    },

    async recordOnHold(holdId, spend) {
      // After each call of a grade followed by more calls (never on a one-call grade's path): added to the
      // day the call was made, while the hold lives; one statement.
      const integer = (value: number) => sql<number>`cast(${value} as integer)`;
      const recorded = await usageTables(db)
        .insertInto("budget_hold_usage")
        .columns([
          "hold_id",
          "day",
          "model_calls",
          "input_tokens",
          "output_tokens",
          "cost_usd",
          "unpriced_calls",
        ])
        .expression((eb) =>
          eb
            .selectFrom("budget_holds")
            .select([
              "id",
              sql<string>`cast(${spend.day} as text)`.as("day"),
              integer(spend.modelCalls).as("model_calls"),
              integer(spend.inputTokens).as("input_tokens"),
              integer(spend.outputTokens).as("output_tokens"),
              sql<number>`cast(${spend.costUsd ?? 0} as double precision)`.as("cost_usd"),
              integer(spend.costUsd === null ? spend.modelCalls : 0).as("unpriced_calls"),
            ])
            .where("id", "=", holdId)
            .where("lapsed_moved", "is", null)
            // PostgreSQL: the lapse (an update of the hold) waits for this record, then moves it too; or
            // this record waits for the lapse, then finds the hold lapsed. A foreign key's lock on the hold
            // would not make them wait: the lapse would move the usage before this record and miss it.
            .$if(isPostgres(db), (query) => query.forShare()),
        )
        .onConflict((conflict) =>
          conflict.columns(["hold_id", "day"]).doUpdateSet((eb) => ({
            model_calls: eb("budget_hold_usage.model_calls", "+", eb.ref("excluded.model_calls")),
            input_tokens: eb("budget_hold_usage.input_tokens", "+", eb.ref("excluded.input_tokens")),
            output_tokens: eb("budget_hold_usage.output_tokens", "+", eb.ref("excluded.output_tokens")),
            cost_usd: eb("budget_hold_usage.cost_usd", "+", eb.ref("excluded.cost_usd")),
            unpriced_calls: eb("budget_hold_usage.unpriced_calls", "+", eb.ref("excluded.unpriced_calls")),
          })),
        )
        .executeTakeFirst();
      if (Number(recorded.numInsertedOrUpdatedRows ?? 0) > 0) return;
      // No live hold: gone (its grade was stored or settled, which counted this call), or lapsed, its usage
      // moved to the ledger already. A call recorded on a lapsed hold goes to the ledger too, and to what the
      // lapse moved, so that a process that dies now leaves it counted, and one that stalled counts it once.
      await atomically(db, (trx) => recordOnLapsed(trx, holdId, spend));
    },

    async spentOn(tenantId, day) {
      const { rows } = await db.executeQuery<{ spent: number | null }>(spentOnQuery(db, [tenantId, day]));
      return Number(rows[0]?.spent ?? 0);
    },

    settleLapsedHolds(tenantId, now) {
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "budget", tenantId);
        await settleLapsed(trx, tenantId, now);
      });
    },

    admit(hold, now, decide) {
      return atomically(db, async (trx) => {
        // Every admission of the tenant, in every process, one at a time (SQLite: the write lock).
        await lockInTransaction(trx, "budget", hold.tenantId);
        const holds = usageTables(trx);
        await settleLapsed(trx, hold.tenantId, now);
        const { rows } = await trx.executeQuery<{ spent: number | null }>(
          spentOnQuery(trx, [hold.tenantId, hold.day]),
        );
        const spentUsd = Number(rows[0]?.spent ?? 0);
        // Every live hold of the tenant, whatever its day: a grade admitted before midnight and still
        // running makes its next calls today, and a hold kept for unrecorded spend lapses when its day ends.
        const held = await holds
          .selectFrom("budget_holds")
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount_usd"), eb.lit(0)).as("held"))
          .where("tenant_id", "=", hold.tenantId)
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
              model: hold.model,
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
        .where("lapsed_moved", "is", null)
        // Only later (ISO times of one format compare as text): see UsageLedger.renewHold.
        .where("expires_at", "<", expiresAt)
        .execute();
    },

    async keepHold(holdId, spend, expiresAt) {
      const last = spend.at(-1);
      if (!last) return;
      // The whole unrecorded spend, per day, replaces what the hold recorded of it: the ledger gets it when
      // it lapses, each day's calls on that day.
      await atomically(db, async (trx) => {
        const kept = await usageTables(trx)
          .updateTable("budget_holds")
          .set({ day: last.day, expires_at: expiresAt })
          .where("id", "=", holdId)
          .where("lapsed_moved", "is", null)
          // Only later, as renewHold: see UsageLedger.keepHold.
          .where("expires_at", "<", expiresAt)
          .executeTakeFirst();
        if (Number(kept.numUpdatedRows) === 0) return;
        await usageTables(trx).deleteFrom("budget_hold_usage").where("hold_id", "=", holdId).execute();
        await usageTables(trx)
          .insertInto("budget_hold_usage")
          .values(
            spend.map((part) => ({
              hold_id: holdId,
              day: part.day,
              model_calls: part.modelCalls,
              input_tokens: part.inputTokens,
              output_tokens: part.outputTokens,
              cost_usd: part.costUsd ?? 0,
              unpriced_calls: part.costUsd === null ? part.modelCalls : 0,
            })),
          )
          .execute();
      });
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
