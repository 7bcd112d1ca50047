import type { Clock } from "../lib/clock.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import { newId } from "../lib/ids.js";
import { estimateCost, type DaySpend, type ModelPrice } from "./cost.js";
import { AppError } from "./errors.js";
import { worstCaseTokens } from "./estimate.js";
import type { ModelPlan } from "./model-run.js";
import type { GradingModel } from "./ports.js";
import type { LeaseSettings } from "./lease-settings.js";
import type { GradingTelemetry } from "./telemetry.js";

/**
 * Each tenant's daily budget: what a school may spend on model calls per UTC day.
 *
 * - Spend is recorded durably with every grade: the grade store adds the grade's model usage and cost to
 *   the tenant's rows in the same transaction that stores the grade (so it holds across processes sharing
 *   the database, and a grade is never counted without being stored). Each call counts on the UTC day it
 *   was made (sent), the grade on the day it was made: a grade that ran past midnight spent on both days.
 * - A grade whose calls were made but which then ended without being stored (a provider error after some
 *   calls had answered, its client gone, its student erased or its rubric deleted meanwhile, its
 *   idempotency claim taken over, the database failing at the store) was paid for all the same: the
 *   calls that answered (their tokens and cost) are added to the same row in a write of their own,
 *   counting no grade (`BudgetRun.recordSpendWithoutGrade`). Otherwise failing grades and such races
 *   would let a tenant spend past its budget and the usage report under-state the provider's bill. Only
 *   that failure path pays the extra write: a stored grade costs no statement more, and is never counted
 *   twice (also without a daily budget: a grade whose store was reported failed adds nothing when it is
 *   stored). A call that ends without a reply after the provider had begun to answer (aborted, timed out,
 *   cut) is counted (ModelCall.onUnansweredUsage: as reported, else estimated from the prompt sent and the
 *   text streamed); one that ended before is not.
 * - Before a grade's first model call, the grade is refused with `budget_exhausted` (429, Retry-After until
 *   the next UTC midnight) once the day's spend has reached the budget. Nothing is stored then.
 * - A grade that started always finishes, even when it takes the spend past the budget. To bound that
 *   overshoot when many grades arrive at once, every grade in progress holds its worst-case cost (every
 *   planned call repaired, every reply at GRADER_MAX_OUTPUT_TOKENS: the estimate's `max`) in the
 *   database, and a grade is admitted only while spend + the holds of the others is below the budget.
 *   Admissions of a tenant are serialised across every process sharing the database, so the guarantee
 *   holds for any number of API and worker processes: the day's recorded spend ends less than one grade's
 *   worst-case cost past the budget, however many grades arrive at once, wherever.
 * - A hold lives while its grade runs (renewed every third of a lease) and is settled once: deleted in
 *   the transaction that stores the grade, or, for a grade not stored, in the transaction that adds its
 *   spend to the ledger, which adds it only if it deleted the hold (an admission meanwhile sees that spend
 *   in the ledger or in the hold, never in neither; a store reported failed though it committed, or a
 *   settle tried again, counts nothing twice). When that spend cannot be written, the hold is kept
 *   instead, moved to the spend's UTC day until that day ends and recording the spend, so that day's
 *   admissions still count it (at its worst case) and the first admission after adds it to the ledger.
 * - Admissions count every live hold of the tenant, whatever its day: a grade admitted before midnight
 *   and still running spends on the new day.
 * - A process may die mid-grade: after each call that more calls of the grade follow, its usage is
 *   recorded on the hold, on the UTC day the call was made (one statement; never on a one-call grade's
 *   path, whose store settles it), and the hold lapses with the process's other leases
 *   (GRADER_LEASE_SECONDS); the admission that drops it adds that usage to the ledger, each day's on its day. Only calls answered since the last record are lost. A process that only
 *   stalled goes on: the lapsed hold is kept (holding nothing) with the usage moved, for a day, and the
 *   grade's store or settle then counts only the grade's other calls.
 * - Blank answers and answers served from the cache make no model call and are never refused.
 * - A model without a price costs nothing in USD: its grades never exhaust a budget.
 */

/** A tenant's model usage on one UTC day with one model. */
export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  /** `provider:model`, or `none` for grades made without a model (blank answers). */
  model: string;
  grades: number;
  /** Grades copied from an identical earlier answer (no model call). */
  cachedGrades: number;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, from the price table at the time of each grade. */
  costUsd: number;
  /** Model calls of a model without a price: their cost is not in `costUsd`. */
  unpricedCalls: number;
}

/**
 * The model spend of calls of a grade on one UTC day (the day the calls were made, as a stored grade's
 * calls are counted: cost.ts `spendByDay`), with the grade's model: of a grade that was not stored (every
 * attempt made, repairs and aborted calls included), or recorded on its hold while it runs.
 */
export type SpendWithoutGrade = DaySpend;

/** The usage ledger; written by the grade store as grades are stored (see storage/sql/usage-stores.ts). */
export interface UsageLedger {
  /**
   * Adds the spend of a grade that was not stored (per UTC day) to the tenant's days and model, counting no
   * grade: one transaction of its own, outside any grade's. Nothing when the grade `gradeId` is stored: its
   * store committed though it was reported failed, and its transaction counted these calls (a tenant
   * without a daily budget has no hold to settle once). False then. Rejects with the database's error
   * (nothing written then).
   */
  addSpendWithoutGrade(
    tenantId: string,
    model: string,
    spend: readonly SpendWithoutGrade[],
    gradeId?: string,
  ): Promise<boolean>;
  /**
   * Settles a hold once: deletes it and, only if this call deleted it, adds `spend` to the ledger (counting
   * no grade), in one transaction; of a hold that lapsed meanwhile, only what its lapse did not move to the
   * ledger (the calls not recorded on it). False when the hold was gone already: settled before (a grade's
   * store that committed though it was reported failed, or a settle retried), so the spend is never counted
   * twice. Rejects with the database's error (nothing written then).
   */
  settleHold(
    hold: { id: string; tenantId: string },
    model: string,
    spend: readonly SpendWithoutGrade[],
  ): Promise<boolean>;
  /**
   * Adds the usage of a call that answered to a live hold, on the UTC day it was made (`spend.day`): one
   * statement. A hold that lapses (its process died) has this usage moved to the ledger, each day's on that
   * day, by the admission that drops it. On a hold that lapsed already, the usage goes to the ledger at
   * once, and counts as moved for the grade's store or settle; nothing when the hold is gone (its grade's
   * store or settle counted the call).
   */
  recordOnHold(holdId: string, spend: SpendWithoutGrade): Promise<void>;
  /** The tenant's spend in USD on `day` (`YYYY-MM-DD`, UTC), over every model. */
  spentOn(tenantId: string, day: string): Promise<number>;
  /** The tenant's usage per day and model from `from` to `to` (inclusive), oldest day first. */
  days(tenantId: string, from: string, to: string): Promise<UsageDay[]>;
  /**
   * Deletes the tenant's holds that lapsed before `now` (their grade's process died) and adds the usage they
   * recorded to the ledger, as the next admission would: for a usage report, which must not wait for the
   * school's next grade to show calls a dead process paid for. Under the tenant's budget lock.
   */
  settleLapsedHolds(tenantId: string, now: string): Promise<void>;
  /**
   * One admission, serialised with every other admission of the tenant in every process: ends holds
   * that expired before `now` (moving the usage they recorded to the ledger, on its day; each is kept,
   * holding nothing, with what was moved, for its grade's store or settle), reads the day's
   * spend and the sum of the tenant's live holds (of any day: a grade admitted before midnight and still
   * running spends today), asks `decide`, and records `hold` when it answers true. A grade stored meanwhile
   * is counted in the spend or still in its hold (its hold is deleted in the grade's transaction), never
   * in neither.
   */
  admit(
    hold: BudgetHold,
    now: string,
    decide: (spentUsd: number, heldUsd: number) => boolean,
  ): Promise<{ admitted: boolean; spentUsd: number; heldUsd: number }>;
  /**
   * Moves a live hold's expiry later, never earlier; nothing when it is gone. Never earlier: a heartbeat's
   * renewal still in flight when a run kept its hold until midnight (its spend unrecorded) landed after
   * that and let the hold lapse within a lease.
   */
  renewHold(holdId: string, expiresAt: string): Promise<void>;
  /**
   * Keeps a hold for spend the ledger could not take (per UTC day, oldest first): moves it to the last
   * spend's day (later than the admission's for a grade that ran past midnight), makes `spend` the usage
   * it records (moved to the ledger when it lapses, each day's on that day) and its expiry later to
   * `expiresAt` (never earlier, as `renewHold`); nothing when it is gone or lapsed.
   */
  keepHold(holdId: string, spend: readonly SpendWithoutGrade[], expiresAt: string): Promise<void>;
  releaseHold(holdId: string): Promise<void>;
}

/** The worst-case cost of a grade in progress, held against its tenant's budget for the day. */
export interface BudgetHold {
  id: string;
  tenantId: string;
  /** `YYYY-MM-DD`, UTC: the day the grade was admitted. */
  day: string;
  /** `provider:model`: the model of the usage the hold records. */
  model: string;
  amountUsd: number;
  /** Lapses then unless renewed: a process that died does not hold the budget for long. */
  expiresAt: string;
}

export interface TenantSettings {
  /** The school's own daily budget in USD; null: none of its own (the operator's default applies). */
  dailyBudgetUsd: number | null;
  updatedAt: string | null;
}

/** Per-tenant settings an admin may change. */
export interface TenantSettingsStore {
  find(tenantId: string): Promise<TenantSettings | undefined>;
  save(tenantId: string, settings: { dailyBudgetUsd: number | null }, at: string): Promise<void>;
}

export interface BudgetStatus {
  /** Today, `YYYY-MM-DD` in UTC. */
  day: string;
  /** The budget in force: the lower of the operator's default and the school's own; null: no cap. */
  budgetUsd: number | null;
  spentUsd: number;
  /** null without a cap; never below 0. */
  remainingUsd: number | null;
  /** The next UTC midnight, when the spend starts again from 0. */
  resetsAt: string;
}

/** What a grade's model work may ask of the budget while it runs. */
export interface BudgetRun {
  /**
   * The run's hold (undefined without a cap): the grade's store deletes it in the grade's transaction
   * (`GradeWrite.settlesHold`), so the grade's spend and the end of its hold commit together, once.
   */
  readonly holdId: string | undefined;
  /** Says that the grade was stored with `settlesHold`: its hold is gone, nothing is left to release. */
  settledByStore(): void;
  /**
   * Records on the hold the spend of a call that answered when more calls of the grade follow (a repair,
   * or another planned call still to answer), so that a process dying mid-grade leaves it to be counted.
   * Not after the grade's last call: the settle that follows counts it. One statement, not awaited;
   * never rejects (a failed record only narrows what a crash would leave counted). Nothing without a cap.
   */
  recordCallSpend(spend: SpendWithoutGrade): void;
  /**
   * Records the spend of the run's calls (per UTC day they were made) when their grade was not stored
   * (`work` is about to throw: a provider error, an abort, a refusal at storing): the provider billed them
   * all the same. Call it before `work` ends, with the grade's id once it has one. Counted once: with a
   * hold, it settles the hold once (UsageLedger.settleHold); without, nothing is added when the grade
   * `gradeId` is stored, nor when the run recorded it before. So a grade whose store committed though it
   * was reported failed is not counted twice. Never rejects: when the ledger cannot be written, the failure
   * is reported (`onSpendNotRecorded`) and the run's hold, if any, is kept on the spend's day until that
   * day ends.
   */
  recordSpendWithoutGrade(spend: readonly SpendWithoutGrade[], gradeId?: string): Promise<void>;
}

export interface DailyBudget {
  /**
   * Runs a grade's model work (`work`: its calls and storing the grade) within the tenant's daily
   * budget; with or without a cap, `work` is given the run, to record the spend of a grade not stored.
   * Throws AppError `budget_exhausted` before `work` starts when the day's spend (with the
   * worst-case cost of the grades in progress, in every process) has reached the budget; once `work` started it
   * is never interrupted. Throws what `work` throws, or the ledger's error.
   */
  run<T>(admission: GradeAdmission, work: (run: BudgetRun) => Promise<T>): Promise<T>;
  /** Today's budget, spend and what remains for the tenant. */
  status(tenantId: string): Promise<BudgetStatus>;
  /** The budget in force for a school whose own budget is `own` (null: none of its own). */
  effectiveBudget(own: number | null): number | null;
}

export interface GradeAdmission {
  tenantId: string;
  model: GradingModel;
  plan: ModelPlan;
}

export interface DailyBudgetDependencies {
  ledger: UsageLedger;
  settings: TenantSettingsStore;
  clock: Clock;
  /** GRADER_DAILY_BUDGET_USD: every school's ceiling; null: none. */
  defaultDailyBudgetUsd: number | null;
  prices: Readonly<Record<string, ModelPrice>>;
  /** GRADER_MAX_OUTPUT_TOKENS, to bound the expected reply of a call. */
  maxOutputTokens: number;
  telemetry: GradingTelemetry;
  /**
   * How long a hold outlives its last renewal, and how often a grade in progress renews it: the hold of a
   * process that died stops holding the budget once it lapses (default: a minute, renewed every 20 s).
   */
  holdLease?: Pick<LeaseSettings, "durationMs" | "renewEveryMs">;
  /**
   * The spend of a grade not stored could not be written to the ledger either (its grade's error is
   * answered all the same): for the operator's log, at error level, so the bill can be reconciled. Gets
   * ids and figures only, never the answer. Must not throw. Default: nothing.
   */
  onSpendNotRecorded?: (
    spend: SpendWithoutGrade & { tenantId: string; model: string },
    error: unknown,
  ) => void;
}

/** When only grades in progress hold the rest of the budget, they finish within seconds. */
const inProgressRetryAfterSeconds = 5;
/** A hold lapses this long after its last renewal; renewed three times as often while the grade runs. */
const defaultHoldLease = { durationMs: 60_000, renewEveryMs: 20_000 };

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The first instant of the UTC day after `at`. */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** The lower of two caps, where null means no cap. */
export function lowerBudget(first: number | null, second: number | null): number | null {
  if (first === null) return second;
  if (second === null) return first;
  return Math.min(first, second);
}

export function createDailyBudget(dependencies: DailyBudgetDependencies): DailyBudget {
  const { ledger, settings, clock, defaultDailyBudgetUsd, prices, maxOutputTokens, telemetry } = dependencies;

  const holdLease = dependencies.holdLease ?? defaultHoldLease;
  const effectiveBudget = (own: number | null) => lowerBudget(defaultDailyBudgetUsd, own);

  async function budgetOf(tenantId: string): Promise<number | null> {
    return effectiveBudget((await settings.find(tenantId))?.dailyBudgetUsd ?? null);
  }

  /** The most the grade can cost (the estimate's `max`); 0 for a model without a price. */
  function worstCaseCost(admission: GradeAdmission): number {
    const price = prices[admission.model.id];
    if (!price) return 0;
    const { plan } = admission;
    const usage = worstCaseTokens(plan.calls.length, plan.estimatedInputTokens, maxOutputTokens);
    return estimateCost(price, usage).amount ?? 0;
  }

  return {
    effectiveBudget,

    async status(tenantId) {
      const now = clock.now();
      const day = utcDay(now);
      const [budgetUsd, spentUsd] = await Promise.all([budgetOf(tenantId), ledger.spentOn(tenantId, day)]);
      return {
        day,
        budgetUsd,
        spentUsd: roundUsd(spentUsd),
        remainingUsd: budgetUsd === null ? null : roundUsd(Math.max(0, budgetUsd - spentUsd)),
        resetsAt: nextUtcMidnight(now).toISOString(),
      };
    },

    async run(admission, work) {
      const { tenantId } = admission;
      const model = admission.model.id;
      const report = (spend: readonly SpendWithoutGrade[], error: unknown) => {
        for (const part of spend) dependencies.onSpendNotRecorded?.({ tenantId, model, ...part }, error);
      };
      const budgetUsd = await budgetOf(tenantId);
      if (budgetUsd === null) {
        /** No hold to settle once: the run's own record, and the grade's row, keep its spend counted once. */
        let recorded = false;
        return work({
          holdId: undefined,
          settledByStore: () => undefined,
          recordCallSpend: () => undefined,
          recordSpendWithoutGrade: async (spend, gradeId) => {
            if (recorded) return;
            try {
              await ledger.addSpendWithoutGrade(tenantId, model, spend, gradeId);
              recorded = true;
            } catch (error) {
              report(spend, error);
            }
          },
        });
      }
      const now = clock.now();
      const expiry = () => new Date(clock.now().getTime() + holdLease.durationMs).toISOString();
      const hold: BudgetHold = {
        id: newId("hld"),
        tenantId,
        day: utcDay(now),
        model,
        amountUsd: worstCaseCost(admission),
        expiresAt: expiry(),
      };
      const decision = await ledger.admit(
        hold,
        now.toISOString(),
        (spentUsd, heldUsd) => spentUsd + heldUsd < budgetUsd,
      );
      if (!decision.admitted) {
        telemetry.gradeRefused({ code: "budget_exhausted" });
        throw exhausted(tenantId, {
          budgetUsd,
          spentUsd: decision.spentUsd,
          inProgressUsd: decision.heldUsd,
          now,
        });
      }
      // Held until the grade is stored (its cost is then in the ledger) or has failed.
      const heartbeat = startHeartbeat(holdLease.renewEveryMs, () => ledger.renewHold(hold.id, expiry()));
      /** The hold is gone: deleted with the grade stored, or settled with the spend of a grade not stored. */
      let settled = false;
      /** Spend the ledger could not take, if any. */
      let unrecorded: readonly SpendWithoutGrade[] | undefined;
      /** Records of calls' spend on the hold still running. */
      const recording = new Set<Promise<void>>();
      try {
        return await work({
          holdId: hold.id,
          settledByStore: () => {
            settled = true;
          },
          recordCallSpend: (spend) => {
            const record = ledger.recordOnHold(hold.id, spend).catch(() => undefined);
            recording.add(record);
            void record.then(() => recording.delete(record));
          },
          recordSpendWithoutGrade: async (spend) => {
            try {
              // Settled by this call, or before it: either way the spend is counted once.
              await ledger.settleHold(hold, model, spend);
              settled = true;
            } catch (error) {
              report(spend, error);
              unrecorded = spend;
            }
          },
        });
      } finally {
        heartbeat.stop();
        // A record still on its way must not land after a kept hold's usage is set (it adds to it).
        if (recording.size > 0) await Promise.all(recording);
        const last = unrecorded?.at(-1);
        if (unrecorded && last) {
          // Paid calls the ledger does not know: deleting the hold would forget them for the rest of the
          // day, so it holds (its worst case, at least their cost) until that day's end, and records their
          // usage, which goes to the ledger when it lapses. On their day, not the admission's: a grade that
          // ran past midnight spent on the next day. If this write fails too, the hold lapses within a lease.
          const endOfDay = nextUtcMidnight(new Date(`${last.day}T00:00:00.000Z`)).toISOString();
          await ledger.keepHold(hold.id, unrecorded, endOfDay).catch(() => undefined);
        } else if (!settled) {
          // A hold that cannot be deleted now lapses on its own within a lease.
          await ledger.releaseHold(hold.id).catch(() => undefined);
        }
      }
    },
  };
}

function exhausted(
  tenantId: string,
  figures: { budgetUsd: number; spentUsd: number; inProgressUsd: number; now: Date },
): AppError {
  const { budgetUsd, spentUsd, inProgressUsd, now } = figures;
  const day = utcDay(now);
  const resetsAt = nextUtcMidnight(now);
  const secondsToReset = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
  const details = {
    tenantId,
    day,
    budgetUsd,
    spentUsd: roundUsd(spentUsd),
    inProgressUsd: roundUsd(inProgressUsd),
    resetsAt: resetsAt.toISOString(),
  };
  const spent = spentUsd >= budgetUsd;
  const message = spent
    ? `The daily budget of ${formatUsd(budgetUsd)} for tenant "${tenantId}" is spent: ${formatUsd(spentUsd)} used today (${day}, UTC). New grades are refused until 00:00 UTC (in ${formatDuration(secondsToReset)}); answers graded before and blank answers are still answered.`
    : `The daily budget of ${formatUsd(budgetUsd)} for tenant "${tenantId}" is nearly spent: ${formatUsd(spentUsd)} used today (${day}, UTC) and up to ${formatUsd(inProgressUsd)} held by grades in progress (their worst-case cost). Retry when they have finished.`;
  return new AppError("budget_exhausted", {
    message,
    details,
    retryAfterSeconds: spent ? secondsToReset : inProgressRetryAfterSeconds,
  });
}

/**
 * Whether a `budget_exhausted` refusal is only for now: the day's spend is under the budget, and grades in
 * progress hold the rest (their worst case). A job item refused so waits for them, as it waits for a busy
 * provider; it fails only when the budget is spent.
 */
export function isHeldByGradesInProgress(error: AppError): boolean {
  if (error.code !== "budget_exhausted") return false;
  const details = error.details as { budgetUsd?: unknown; spentUsd?: unknown } | undefined;
  return (
    typeof details?.budgetUsd === "number" &&
    typeof details.spentUsd === "number" &&
    details.spentUsd < details.budgetUsd
  );
}

/** USD rounded to 1e-8, as costs are (cost.ts): sums of stored costs drift in the last float bits. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 1e8) / 1e8;
}

function formatUsd(amount: number): string {
  return `${amount >= 1 || amount === 0 ? amount.toFixed(2) : amount.toPrecision(3)} USD`;
}

function formatDuration(seconds: number): string {
  const totalMinutes = Math.ceil(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
