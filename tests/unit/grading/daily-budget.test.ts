import { describe, expect, it } from "vitest";
import {
  createDailyBudget,
  lowerBudget,
  nextUtcMidnight,
  utcDay,
  type BudgetHold,
  type GradeAdmission,
  type TenantSettings,
} from "../../../src/grading/daily-budget.js";
import { AppError } from "../../../src/grading/errors.js";
import type { ModelPlan } from "../../../src/grading/model-run.js";
import { silentTelemetry, type GradingTelemetry } from "../../../src/grading/telemetry.js";
import { createScriptedModel } from "../../helpers/scripted-model.js";

/** The daily budget's rules, with an in-memory ledger: refusal, reserve for grades in progress, the UTC day. */

function setup(options: { defaultBudget?: number | null; own?: number | null; now?: string } = {}) {
  let now = new Date(options.now ?? "2026-11-28T18:30:00.000Z");
  const spent = new Map<string, number>();
  const settings = new Map<string, TenantSettings>();
  if (options.own !== undefined) settings.set("north", { dailyBudgetUsd: options.own, updatedAt: null });
  const refusals: string[] = [];
  const reads = { spent: 0 };
  const holds = new Map<string, BudgetHold>();
  /** While closed, a ledger read takes the spend at its call and answers only once opened again. */
  let gate: Promise<void> | undefined;
  const ledgerGate = {
    close(): () => void {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
  const telemetry: GradingTelemetry = {
    ...silentTelemetry,
    gradeRefused: (event) => refusals.push(event.code),
  };
  /** While set, adding the spend of a grade not stored fails with this error. */
  const failures: { spendWithoutGrade?: Error } = {};
  const unrecorded: { spend: unknown; error: unknown }[] = [];
  const budget = createDailyBudget({
    ledger: {
      addSpendWithoutGrade: (tenantId, _model, parts) => {
        if (failures.spendWithoutGrade) return Promise.reject(failures.spendWithoutGrade);
        for (const part of parts) {
          const key = `${tenantId}/${part.day}`;
          spent.set(key, (spent.get(key) ?? 0) + (part.costUsd ?? 0));
        }
        return Promise.resolve(true);
      },
      spentOn: async (tenantId, day) => {
        reads.spent++;
        const amount = spent.get(`${tenantId}/${day}`) ?? 0;
        if (gate) await gate;
        return amount;
      },
      days: () => Promise.resolve([]),
      settleLapsedHolds: () => Promise.resolve(),
      // The database's admission, in memory: one step, after the (possibly slow) read.
      admit: async (hold, at, decide) => {
        reads.spent++;
        if (gate) await gate;
        for (const [id, live] of holds) if (live.expiresAt < at) holds.delete(id);
        const spentUsd = spent.get(`${hold.tenantId}/${hold.day}`) ?? 0;
        let heldUsd = 0;
        for (const live of holds.values()) {
          if (live.tenantId === hold.tenantId) heldUsd += live.amountUsd;
        }
        const admitted = decide(spentUsd, heldUsd);
        if (admitted) holds.set(hold.id, hold);
        return { admitted, spentUsd, heldUsd };
      },
      renewHold: (id, expiresAt) => {
        const live = holds.get(id);
        if (live && live.expiresAt < expiresAt) holds.set(id, { ...live, expiresAt });
        return Promise.resolve();
      },
      keepHold: (id, spend, expiresAt) => {
        const live = holds.get(id);
        if (live && live.expiresAt < expiresAt)
          holds.set(id, { ...live, day: spend.at(-1)?.day ?? live.day, expiresAt });
        return Promise.resolve();
      },
      settleHold: (hold, _model, parts) => {
        if (failures.spendWithoutGrade) return Promise.reject(failures.spendWithoutGrade);
        if (!holds.delete(hold.id)) return Promise.resolve(false);
        for (const part of parts) {
          const key = `${hold.tenantId}/${part.day}`;
          spent.set(key, (spent.get(key) ?? 0) + (part.costUsd ?? 0));
        }
        return Promise.resolve(true);
      },
      recordOnHold: () => Promise.resolve(),
      releaseHold: (id) => {
        holds.delete(id);
        return Promise.resolve();
      },
    },
    settings: {
      find: (tenantId) => Promise.resolve(settings.get(tenantId)),
      save: () => Promise.resolve(),
    },
    clock: { now: () => now, sleep: () => Promise.resolve() },
    defaultDailyBudgetUsd: options.defaultBudget === undefined ? 1 : options.defaultBudget,
    // 1 USD per million tokens either way: a plan of one call of 100,000 input tokens may cost at most
    // 0.2062 USD (worstCaseUsd, below).
    prices: { "openai:scripted-model": { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } },
    maxOutputTokens: 2_000,
    telemetry,
    onSpendNotRecorded: (spend, error) => unrecorded.push({ spend, error }),
  });
  const spend = (tenantId: string, amount: number) => {
    const key = `${tenantId}/${utcDay(now)}`;
    spent.set(key, (spent.get(key) ?? 0) + amount);
  };
  const setNow = (iso: string) => {
    now = new Date(iso);
  };
  return { budget, spend, setNow, refusals, reads, ledgerGate, holds, failures, unrecorded };
}

const plan = {
  calls: [{ request: { task: "grade-all-criteria" } }],
  estimatedInputTokens: 100_000,
} as unknown as ModelPlan;
const admission: GradeAdmission = {
  tenantId: "north",
  model: createScriptedModel(),
  plan,
};
/**
 * The worst case of that plan: the call and its repair, each resending 100,000 tokens, plus the unusable
 * reply and the repair instructions (2,200) as input; two replies at the 2,000-token limit as output.
 */
const worstCaseUsd = (2 * 100_000 + 2_000 + 200 + 2 * 2_000) / 1_000_000;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (AppError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("UTC days", () => {
  it("are named by their date and end at the next midnight, whatever the local time zone", () => {
    expect(utcDay(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12-31");
    expect(nextUtcMidnight(new Date("2026-12-31T23:59:59.999Z")).toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
    expect(nextUtcMidnight(new Date("2028-02-28T00:00:00.000Z")).toISOString()).toBe(
      "2028-02-29T00:00:00.000Z",
    );
  });

  it("a cap of null is no cap; of two caps the lower holds", () => {
    expect(lowerBudget(null, null)).toBeNull();
    expect(lowerBudget(5, null)).toBe(5);
    expect(lowerBudget(null, 2)).toBe(2);
    expect(lowerBudget(5, 2)).toBe(2);
    expect(lowerBudget(0, 2)).toBe(0);
  });
});

describe("the daily budget", () => {
  it("runs the work while the day's spend is below the budget, and refuses it once reached", async () => {
    const { budget, spend, refusals } = setup();
    spend("north", 0.99);
    await expect(budget.run(admission, () => Promise.resolve("graded"))).resolves.toBe("graded");
    spend("north", 0.01);
    let ran = false;
    const error = await refusal(
      budget.run(admission, () => {
        ran = true;
        return Promise.resolve("graded");
      }),
    );
    expect(ran).toBe(false);
    expect(error.code).toBe("budget_exhausted");
    expect(error.status).toBe(429);
    // 18:30 to midnight: 5.5 hours.
    expect(error.retryAfterSeconds).toBe(5.5 * 3600);
    expect(error.message).toBe(
      'The daily budget of 1.00 USD for tenant "north" is spent: 1.00 USD used today (2026-11-28, UTC). New grades are refused until 00:00 UTC (in 5 h 30 min); answers graded before and blank answers are still answered.',
    );
    expect(refusals).toEqual(["budget_exhausted"]);
  });

  it("starts again from 0 on the next UTC day", async () => {
    const { budget, spend, setNow } = setup();
    spend("north", 2);
    await refusal(budget.run(admission, () => Promise.resolve()));
    setNow("2026-11-29T00:00:00.000Z");
    await expect(budget.run(admission, () => Promise.resolve("graded"))).resolves.toBe("graded");
    expect((await budget.status("north")).spentUsd).toBe(0);
  });

  it("holds the worst-case cost of grades in progress, and frees it when they end, even by failing", async () => {
    const { budget, spend } = setup({ defaultBudget: 0.4 });
    let finishFirst!: () => void;
    const first = budget.run(admission, () => new Promise<void>((resolve) => (finishFirst = resolve)));
    const second = budget.run(admission, () => new Promise<void>(() => undefined));
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // 0.4124 USD held by two grades in progress; a third could take the day over 0.4.
    const held = await refusal(budget.run(admission, () => Promise.resolve()));
    expect(held.retryAfterSeconds).toBe(5);
    expect(held.message).toContain("held by grades in progress");
    expect(held.details).toMatchObject({ spentUsd: 0, inProgressUsd: 2 * worstCaseUsd });
    finishFirst();
    await first;
    spend("north", 0.01);
    // The first one's reserve is freed (its real cost is in the ledger now).
    await expect(budget.run(admission, () => Promise.reject(new Error("provider down")))).rejects.toThrow(
      "provider down",
    );
    await expect(budget.run(admission, () => Promise.resolve("ok"))).resolves.toBe("ok");
    void second;
  });

  it("ends a day of concurrent grades less than one grade's worst case past the budget", async () => {
    const { budget, spend } = setup({ defaultBudget: 1 });
    // 20 grades arrive at once; each costs its worst case, recorded when it finishes. Those refused for
    // grades in progress come back together once those have finished, until a round admits none.
    let waiting = 20;
    const admittedPerRound: number[] = [];
    let last: unknown;
    while (waiting > 0) {
      const finishers: (() => void)[] = [];
      const attempts = Array.from({ length: waiting }, () =>
        budget
          .run(admission, async () => {
            await new Promise<void>((resolve) => finishers.push(resolve));
            spend("north", worstCaseUsd);
          })
          .then(
            () => "graded",
            (error: unknown) => error,
          ),
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const finish of finishers) finish();
      const outcomes = await Promise.all(attempts);
      const graded = outcomes.filter((outcome) => outcome === "graded").length;
      admittedPerRound.push(graded);
      last = outcomes.at(-1);
      if (graded === 0) break;
      waiting -= graded;
    }
    // 0, 1, 2, 3 and 4 worst cases held are below 1 USD; a sixth could take the day past it.
    expect(admittedPerRound).toEqual([5, 0]);
    expect(AppError.isInstance(last) && last.retryAfterSeconds).toBe(5.5 * 3600);
    const spent = (await budget.status("north")).spentUsd;
    expect(spent).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThan(1 + worstCaseUsd);
  });

  it("counts a grade stored while the ledger is read, in the ledger or in reserve", async () => {
    // Three grades in progress hold the budget; a fourth asks while the ledger is read slowly, and the
    // three are stored (their cost leaves the reserve for the ledger) before the read answers.
    const { budget, spend, ledgerGate } = setup({ defaultBudget: 2.5 * worstCaseUsd });
    const finishers: (() => void)[] = [];
    const inProgress = [1, 2, 3].map(() =>
      budget.run(admission, async () => {
        await new Promise<void>((resolve) => finishers.push(resolve));
        spend("north", worstCaseUsd);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(finishers).toHaveLength(3);

    const opened = ledgerGate.close();
    let ran = false;
    const fourth = refusal(
      budget.run(admission, () => {
        ran = true;
        return Promise.resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const finish of finishers) finish();
    await Promise.all(inProgress);
    opened();

    const error = await fourth;
    expect(error.code).toBe("budget_exhausted");
    expect(ran).toBe(false);
  });

  it("never refuses without a cap, nor asks the ledger then", async () => {
    const { budget, spend, reads } = setup({ defaultBudget: null });
    spend("north", 1_000);
    await expect(budget.run(admission, () => Promise.resolve("graded"))).resolves.toBe("graded");
    expect(reads.spent).toBe(0);
    expect(await budget.status("north")).toMatchObject({
      budgetUsd: null,
      remainingUsd: null,
      spentUsd: 1_000,
    });
  });

  it("applies the lower of the operator's budget and the school's own", async () => {
    const lower = setup({ defaultBudget: 1, own: 0.5 });
    lower.spend("north", 0.5);
    await refusal(lower.budget.run(admission, () => Promise.resolve()));
    const ownOnly = setup({ defaultBudget: null, own: 0.5 });
    ownOnly.spend("north", 0.6);
    expect(await ownOnly.budget.status("north")).toMatchObject({
      budgetUsd: 0.5,
      spentUsd: 0.6,
      remainingUsd: 0,
      resetsAt: "2026-11-29T00:00:00.000Z",
    });
    // A budget of 0 stops new model grading at once.
    const stopped = setup({ defaultBudget: 1, own: 0 });
    await refusal(stopped.budget.run(admission, () => Promise.resolve()));
  });
});

describe("the spend of a grade that was not stored", () => {
  const spendOfCalls = { day: "2026-11-28", modelCalls: 2, inputTokens: 300, outputTokens: 40, costUsd: 0.3 };
  const refusedAtStore = () => new AppError("student_erased");

  it("is in the ledger when the run's hold is freed: an admission meanwhile sees it in one or the other", async () => {
    // Regression: a grade refused at storing rolled its spend back with it and its hold was freed, so
    // the next admission saw neither and the tenant could spend past its budget by such races.
    const { budget, holds } = setup({ defaultBudget: 0.5 });
    const seenWhileRecording: { holds: number; spentUsd: number }[] = [];
    await expect(
      budget.run(admission, async (run) => {
        seenWhileRecording.push({ holds: holds.size, spentUsd: (await budget.status("north")).spentUsd });
        await run.recordSpendWithoutGrade([spendOfCalls]);
        seenWhileRecording.push({ holds: holds.size, spentUsd: (await budget.status("north")).spentUsd });
        throw refusedAtStore();
      }),
    ).rejects.toMatchObject({ code: "student_erased" });
    // Settled in one step (the ledger's transaction): the hold goes as the spend comes.
    expect(seenWhileRecording).toEqual([
      { holds: 1, spentUsd: 0 },
      { holds: 0, spentUsd: 0.3 },
    ]);
    expect(holds.size).toBe(0);
    expect((await budget.status("north")).spentUsd).toBe(0.3);
    // 0.3 spent and nothing held: the next grade is admitted (0.3 < 0.5).
    await expect(budget.run(admission, () => Promise.resolve("graded"))).resolves.toBe("graded");
  });

  it("is recorded without a cap too: the usage report counts it", async () => {
    const { budget } = setup({ defaultBudget: null });
    await expect(
      budget.run(admission, async (run) => {
        await run.recordSpendWithoutGrade([spendOfCalls]);
        throw refusedAtStore();
      }),
    ).rejects.toMatchObject({ code: "student_erased" });
    expect((await budget.status("north")).spentUsd).toBe(0.3);
  });

  it("when the ledger cannot take it, is reported with its figures and keeps the hold until midnight", async () => {
    const { budget, holds, failures, unrecorded } = setup({ defaultBudget: 0.5 });
    const databaseDown = new Error("database down");
    failures.spendWithoutGrade = databaseDown;
    // The grade's own error is answered, not the ledger's.
    await expect(
      budget.run(admission, async (run) => {
        await run.recordSpendWithoutGrade([spendOfCalls]);
        throw refusedAtStore();
      }),
    ).rejects.toMatchObject({ code: "student_erased" });
    expect(unrecorded).toEqual([
      {
        spend: { tenantId: "north", model: "openai:scripted-model", ...spendOfCalls },
        error: databaseDown,
      },
    ]);
    // Kept at its worst case (at least what the calls cost) until the day ends, not freed.
    expect([...holds.values()]).toEqual([
      expect.objectContaining({ amountUsd: worstCaseUsd, expiresAt: "2026-11-29T00:00:00.000Z" }),
    ]);
  });

  it("when the ledger cannot take it after the grade ran past midnight, keeps the hold on the spend's day", async () => {
    // Regression: the hold kept for the unrecorded spend stayed on the day the grade was admitted, while
    // the calls' spend is the next day's: that day's admissions, which count only its own holds, never saw it.
    const { budget, holds, failures, setNow } = setup({
      defaultBudget: worstCaseUsd,
      now: "2026-11-28T23:59:50.000Z",
    });
    failures.spendWithoutGrade = new Error("database down");
    await expect(
      budget.run(admission, async (run) => {
        setNow("2026-11-29T00:00:10.000Z");
        await run.recordSpendWithoutGrade([{ ...spendOfCalls, day: "2026-11-29" }]);
        throw refusedAtStore();
      }),
    ).rejects.toMatchObject({ code: "student_erased" });
    expect([...holds.values()]).toEqual([
      expect.objectContaining({ day: "2026-11-29", expiresAt: "2026-11-30T00:00:00.000Z" }),
    ]);
    // The day of the spend counts it: its next grade is refused while the kept hold fills the budget.
    const refused = await refusal(budget.run(admission, () => Promise.resolve("graded")));
    expect(refused.code).toBe("budget_exhausted");
    expect(refused.details).toMatchObject({ day: "2026-11-29", spentUsd: 0, inProgressUsd: worstCaseUsd });
  });
});
