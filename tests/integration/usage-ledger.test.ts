import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../src/grading/audit.js";
import type { StoredGrade } from "../../src/grading/grade.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { createTestDatabase, postgresUrl } from "../helpers/postgres.js";
import { storageBackends } from "../helpers/storage-backends.js";

/**
 * The usage ledger behind the daily budget: written by the grade store in the transaction that stores
 * the grade, so it holds exactly what the stored grades cost, across connections (processes) too.
 */

let directory: string;
let opened: Storage[];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-ledger-"));
  opened = [];
});
afterEach(async () => {
  for (const storage of opened) await storage.close();
  rmSync(directory, { recursive: true, force: true });
});

async function open(): Promise<Storage> {
  const storage = await openStorage({ kind: "sqlite", path: join(directory, "grader.db") });
  opened.push(storage);
  return storage;
}

let counter = 0;
function write(options: {
  day?: string;
  cost?: number | null;
  calls?: number;
  cached?: boolean;
  status?: StoredGrade["status"];
  model?: string;
}) {
  const id = `grd_${String(++counter).padStart(6, "0")}`;
  const at = `${options.day ?? "2026-11-28"}T10:00:00.000Z`;
  const calls = options.calls ?? 1;
  const grade = {
    id,
    rubricId: "r",
    rubricVersion: "v",
    studentId: null,
    status: options.status ?? "graded",
    flags: [],
    criteria: [],
    totalPoints: 0,
    maxPoints: 1,
    feedback: "",
    explanation: "",
    gradedBy: "model",
    model: options.model ?? "openai:test",
    usage: { inputTokens: 100 * calls, outputTokens: 10 * calls },
    cached: options.cached ?? false,
    createdAt: at,
    updatedAt: at,
    version: 1,
    submissionId: null,
    groupId: null,
    review: null,
  } satisfies StoredGrade;
  const amount = options.cost === undefined ? 0.01 * calls : options.cost;
  const audit = {
    model: options.model ?? "openai:test",
    attempts: Array.from({ length: calls }, () => ({})),
    usage: grade.usage,
    cost: { currency: "USD", amount, inputPerMillionTokens: null, outputPerMillionTokens: null },
  } as unknown as AuditRecord;
  return { grade, answer: "a", cacheKey: null, audit };
}

describe("the usage ledger", () => {
  it("adds each stored grade's calls, tokens and cost to its tenant's UTC day and model", async () => {
    const storage = await open();
    await storage.grades.insert(write({ calls: 2 }));
    await storage.grades.insert(write({ calls: 1 }));
    await storage.grades.insert(write({ calls: 0, cost: 0, cached: true }));
    await storage.grades.insert(write({ calls: 3, cost: null, model: "openai:unpriced" }));
    await storage.grades.insert(write({ day: "2026-11-29" }));
    await storage.forTenant("north").grades.insert(write({ calls: 5 }));

    expect(await storage.usage.spentOn("default", "2026-11-28")).toBeCloseTo(0.03, 12);
    expect(await storage.usage.spentOn("default", "2026-11-29")).toBeCloseTo(0.01, 12);
    expect(await storage.usage.spentOn("north", "2026-11-28")).toBeCloseTo(0.05, 12);
    expect(await storage.usage.spentOn("south", "2026-11-28")).toBe(0);
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
      {
        day: "2026-11-28",
        model: "openai:test",
        grades: 3,
        cachedGrades: 1,
        modelCalls: 3,
        inputTokens: 300,
        outputTokens: 30,
        costUsd: expect.closeTo(0.03, 12),
        unpricedCalls: 0,
      },
      {
        day: "2026-11-28",
        model: "openai:unpriced",
        grades: 1,
        cachedGrades: 0,
        modelCalls: 3,
        inputTokens: 300,
        outputTokens: 30,
        costUsd: 0,
        unpricedCalls: 3,
      },
    ]);
  });

  it("counts a grade only if it is stored: a rolled-back transaction leaves neither", async () => {
    const storage = await open();
    const kept = write({ calls: 2 });
    await storage.transaction(async (stores) => {
      await stores.grades.insert(kept);
    });
    const dropped = write({ calls: 4 });
    await expect(
      storage.transaction(async (stores) => {
        await stores.grades.insert(dropped);
        throw new Error("the idempotency claim was lost");
      }),
    ).rejects.toThrow("the idempotency claim was lost");
    // A grade that cannot be stored (its id is taken) adds nothing either.
    await expect(storage.grades.insert({ ...write({ calls: 8 }), grade: kept.grade })).rejects.toThrow();

    expect(await storage.grades.findById(dropped.grade.id)).toBeUndefined();
    expect(await storage.usage.spentOn("default", "2026-11-28")).toBeCloseTo(0.02, 12);
    expect((await storage.usage.days("default", "2026-11-01", "2026-11-30"))[0]?.grades).toBe(1);
  });

  it("sums exactly what many grades stored at once add, and what two processes sharing the database add", async () => {
    const [first, second] = [await open(), await open()];
    await Promise.all(Array.from({ length: 40 }, () => first.grades.insert(write({}))));
    // Two connections, as two processes would hold. (Not interleaved within one event loop: a connection
    // waiting for SQLite's write lock blocks the thread, so the other could never release it; separate
    // processes wait for each other instead.)
    for (let index = 0; index < 20; index++)
      await (index % 2 === 0 ? first : second).grades.insert(write({}));
    const [row] = await second.usage.days("default", "2026-11-28", "2026-11-28");
    expect(row).toMatchObject({ grades: 60, modelCalls: 60, inputTokens: 6_000 });
    expect(row!.costUsd).toBeCloseTo(0.6, 10);
  });

  it("keeps each school's settings", async () => {
    const storage = await open();
    expect(await storage.tenantSettings.find("north")).toBeUndefined();
    await storage.tenantSettings.save("north", { dailyBudgetUsd: 12.5 }, "2026-11-28T10:00:00.000Z");
    await storage.tenantSettings.save("north", { dailyBudgetUsd: null }, "2026-11-28T11:00:00.000Z");
    await storage.tenantSettings.save("south", { dailyBudgetUsd: 3 }, "2026-11-28T12:00:00.000Z");
    expect(await storage.tenantSettings.find("north")).toEqual({
      dailyBudgetUsd: null,
      updatedAt: "2026-11-28T11:00:00.000Z",
    });
    expect((await storage.tenantSettings.find("south"))?.dailyBudgetUsd).toBe(3);
  });

  it("counts the review queue over every tenant", async () => {
    const storage = await open();
    await storage.grades.insert(write({ status: "needs_review" }));
    await storage.grades.insert(write({}));
    await storage.forTenant("north").grades.insert(write({ status: "needs_review" }));
    expect(await storage.reviewQueueSize()).toBe(2);
  });
});

/** Spend of one call on the day after a hold's admission, kept on its hold when the ledger could not take it. */
const keptSpend = { day: "2026-11-29", modelCalls: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.01 };

describe("the daily budget's holds", () => {
  const hold = (index: number, expiresAt = "2026-11-28T10:01:00.000Z") => ({
    id: `hld_${index}`,
    tenantId: "default",
    day: "2026-11-28",
    model: "openai:test",
    amountUsd: 1,
    expiresAt,
  });
  const underTwoAndAHalf = (spent: number, held: number) => spent + held < 2.5;

  it("admit while spend and the others' holds are below the budget; released and lapsed holds stop counting", async () => {
    const [first, second] = [await open(), await open()];
    const now = "2026-11-28T10:00:00.000Z";
    const outcomes = [];
    for (let index = 0; index < 4; index++) {
      outcomes.push(await (index % 2 === 0 ? first : second).usage.admit(hold(index), now, underTwoAndAHalf));
    }
    expect(outcomes.map((outcome) => outcome.admitted)).toEqual([true, true, true, false]);
    expect(outcomes[3]).toMatchObject({ spentUsd: 0, heldUsd: 3 });
    await second.usage.releaseHold("hld_0");
    expect((await first.usage.admit(hold(4), now, underTwoAndAHalf)).admitted).toBe(true);
    // One renewed, the others lapse: a process that died no longer holds the budget.
    await first.usage.renewHold("hld_4", "2026-11-28T10:05:00.000Z");
    const later = await second.usage.admit(
      hold(5, "2026-11-28T10:05:00.000Z"),
      "2026-11-28T10:02:00.000Z",
      underTwoAndAHalf,
    );
    expect(later).toMatchObject({ admitted: true, heldUsd: 1 });
    // Spend stored by grades counts like a hold.
    await first.grades.insert(write({ cost: 1 }));
    const spent = await first.usage.admit(hold(6), "2026-11-28T10:02:00.000Z", underTwoAndAHalf);
    expect(spent).toMatchObject({ admitted: false, spentUsd: 1, heldUsd: 2 });
  });

  it("are renewed only later: a late heartbeat does not undo a hold kept until midnight", async () => {
    // Regression: a run whose unstored spend the ledger could not take keeps its hold until midnight; a
    // heartbeat renewal still in flight then set it back to a lease, and the hold lapsed minutes later.
    const storage = await open();
    const underOneAndAHalf = (spent: number, held: number) => spent + held < 1.5;
    await storage.usage.admit(hold(1), "2026-11-28T10:00:00.000Z", underOneAndAHalf);
    await storage.usage.renewHold("hld_1", "2026-11-29T00:00:00.000Z");
    await storage.usage.renewHold("hld_1", "2026-11-28T10:02:00.000Z");
    const later = await storage.usage.admit(hold(2), "2026-11-28T10:30:00.000Z", underOneAndAHalf);
    expect(later).toMatchObject({ heldUsd: 1 });
  });

  it("are kept on the day of the spend they stand for, until that day ends", async () => {
    // Regression: a hold kept for unrecorded spend stayed on its admission's day; the spend of a grade
    // that ran past midnight is the next day's, whose admissions count only that day's holds.
    const storage = await open();
    const underOneAndAHalf = (spent: number, held: number) => spent + held < 1.5;
    await storage.usage.admit(
      hold(1, "2026-11-29T00:01:00.000Z"),
      "2026-11-28T23:59:50.000Z",
      underOneAndAHalf,
    );
    await storage.usage.keepHold("hld_1", [keptSpend], "2026-11-30T00:00:00.000Z");
    // A late heartbeat does not undo it.
    await storage.usage.renewHold("hld_1", "2026-11-29T00:01:10.000Z");
    const nextDay = { ...hold(2, "2026-11-29T18:01:00.000Z"), day: "2026-11-29" };
    expect(await storage.usage.admit(nextDay, "2026-11-29T18:00:00.000Z", underOneAndAHalf)).toMatchObject({
      heldUsd: 1,
    });
    const dayAfter = { ...hold(3, "2026-11-30T00:01:00.000Z"), day: "2026-11-30" };
    expect(await storage.usage.admit(dayAfter, "2026-11-30T00:00:01.000Z", underOneAndAHalf)).toMatchObject({
      heldUsd: 0,
    });
  });

  it("forget a crash's lapsed holds a month after they lapsed, keeping the calls they moved to the ledger", async () => {
    // Regression: a hold a crash left was kept in lapsed_budget_holds for ever, for a store or settle that
    // never came: a row per grade cut by every crash, for the life of the database.
    const storage = await open();
    const underTen = (spent: number, held: number) => spent + held < 10;
    const dated = (index: number, day: string) => ({
      ...hold(index, `${day}T10:01:00.000Z`),
      day,
    });
    const lapseOn = async (index: number, day: string) => {
      await storage.usage.admit(dated(index, day), `${day}T10:00:00.000Z`, underTen);
      await storage.usage.recordOnHold(`hld_${index}`, {
        day,
        modelCalls: 1,
        inputTokens: 100,
        outputTokens: 10,
        costUsd: 0.01,
      });
      // Nothing renews it (its process died); the next settle after its lease moves its call.
      await storage.usage.settleLapsedHolds("default", `${day}T10:05:00.000Z`);
    };
    const kept = () => {
      const database = new BetterSqlite3(join(directory, "grader.db"), { readonly: true });
      try {
        return (
          database.prepare("select hold_id from lapsed_budget_holds order by hold_id").all() as {
            hold_id: string;
          }[]
        ).map((row) => row.hold_id);
      } finally {
        database.close();
      }
    };
    await lapseOn(1, "2026-10-01");
    await lapseOn(2, "2026-10-02");
    expect(kept()).toEqual(["hld_1"]);
    await lapseOn(3, "2026-10-30");
    // hld_1 lapsed 29 days before: still kept, for a stalled process's store.
    expect(kept()).toEqual(["hld_1", "hld_2"]);
    await lapseOn(4, "2026-10-31");
    expect(kept()).toEqual(["hld_2", "hld_3"]);
    // Its call stays counted on its day.
    expect(await storage.usage.days("default", "2026-10-01", "2026-10-01")).toEqual([
      expect.objectContaining({ day: "2026-10-01", grades: 0, modelCalls: 1, inputTokens: 100 }),
    ]);
  });
});

describe.skipIf(!postgresUrl)("the daily budget's holds on PostgreSQL", () => {
  it("serialise concurrent admissions from several processes: never more admitted than fit", async () => {
    const database = await createTestDatabase("budget_holds");
    const storages = [await openStorage(database.config), await openStorage(database.config)];
    try {
      const now = "2026-11-28T10:00:00.000Z";
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          storages[index % 2]!.usage.admit(
            {
              id: `hld_${index}`,
              tenantId: "default",
              day: "2026-11-28",
              model: "openai:test",
              amountUsd: 1,
              expiresAt: `2026-11-28T11:00:00.000Z`,
            },
            now,
            (spent, held) => spent + held < 2.5,
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.admitted)).toHaveLength(3);
    } finally {
      for (const storage of storages) await storage.close();
      await database.drop();
    }
  });

  it("add a failed store's spend only if its grade is not stored, its commit still in flight", async () => {
    // Regression (no daily budget): a store reported failed while its commit was still on its way; the
    // spend's check found no grade yet, and the commit then counted the same calls again.
    const database = await createTestDatabase("unstored_spend_in_flight");
    const storage = await openStorage(database.config);
    try {
      const stored = write({ calls: 2, cost: 0.02 });
      let inserted!: () => void;
      let commit!: () => void;
      const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
      const committed = new Promise<void>((resolve) => (commit = resolve));
      const storing = storage.transaction(async (stores) => {
        await stores.grades.insert(stored);
        inserted();
        await committed;
      });
      await insertedNow;
      const spend = [{ day: "2026-11-28", modelCalls: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.02 }];
      const adding = storage.usage.addSpendWithoutGrade("default", "openai:test", spend, stored.grade.id);
      // The check runs while the grade's transaction has not committed yet.
      await new Promise((resolve) => setTimeout(resolve, 200));
      commit();
      await storing;
      expect(await adding).toBe(false);
      expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
        expect.objectContaining({ grades: 1, modelCalls: 2, inputTokens: 200 }),
      ]);
    } finally {
      await storage.close();
      await database.drop();
    }
  });

  it("renew a hold only later", async () => {
    const database = await createTestDatabase("budget_hold_renewal");
    const storage = await openStorage(database.config);
    try {
      const hold = {
        id: "hld_1",
        tenantId: "default",
        day: "2026-11-28",
        model: "openai:test",
        amountUsd: 1,
      };
      const underOneAndAHalf = (spent: number, held: number) => spent + held < 1.5;
      const at = (time: string) => `2026-11-28T${time}:00.000Z`;
      await storage.usage.admit({ ...hold, expiresAt: at("10:01") }, at("10:00"), underOneAndAHalf);
      await storage.usage.renewHold("hld_1", "2026-11-29T00:00:00.000Z");
      await storage.usage.renewHold("hld_1", at("10:02"));
      const later = await storage.usage.admit(
        { ...hold, id: "hld_2", expiresAt: at("10:31") },
        at("10:30"),
        underOneAndAHalf,
      );
      expect(later).toMatchObject({ heldUsd: 1 });
    } finally {
      await storage.close();
      await database.drop();
    }
  });

  it("keep a hold on the day of the spend it stands for", async () => {
    const database = await createTestDatabase("budget_hold_kept");
    const storage = await openStorage(database.config);
    try {
      const hold = {
        id: "hld_1",
        tenantId: "default",
        day: "2026-11-28",
        model: "openai:test",
        amountUsd: 1,
      };
      const underOneAndAHalf = (spent: number, held: number) => spent + held < 1.5;
      await storage.usage.admit(
        { ...hold, expiresAt: "2026-11-29T00:01:00.000Z" },
        "2026-11-28T23:59:50.000Z",
        underOneAndAHalf,
      );
      await storage.usage.keepHold("hld_1", [keptSpend], "2026-11-30T00:00:00.000Z");
      await storage.usage.renewHold("hld_1", "2026-11-29T00:01:10.000Z");
      const nextDay = { ...hold, id: "hld_2", day: "2026-11-29", expiresAt: "2026-11-29T18:01:00.000Z" };
      expect(await storage.usage.admit(nextDay, "2026-11-29T18:00:00.000Z", underOneAndAHalf)).toMatchObject({
        heldUsd: 1,
      });
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});

const holdBackends = storageBackends(
  "the daily budget's holds and their spend",
  "budget_hold_spend",
  "grader.db",
);

describe.each(holdBackends)("the daily budget's holds and their spend, on $name", ({ open: openBackend }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ storage, cleanup } = await openBackend());
  });
  afterEach(async () => {
    await storage.close();
    await cleanup();
  });

  const underTen = (spent: number, held: number) => spent + held < 10;
  const heldBy = (id: string, expiresAt: string, day = "2026-11-28") => ({
    id,
    tenantId: "default",
    day,
    model: "openai:test",
    amountUsd: 1,
    expiresAt,
  });
  const oneCall = (day = "2026-11-28") => ({
    day,
    modelCalls: 1,
    inputTokens: 100,
    outputTokens: 10,
    costUsd: 0.01,
  });

  it("moves the usage a lapsed hold recorded to the ledger: the calls of a process that died mid-grade count", async () => {
    // Regression: a process that died after some calls of a grade had answered left only its hold,
    // which lapsed; the calls' spend was counted nowhere.
    await storage.usage.admit(
      heldBy("hld_dead", "2026-11-28T10:01:00.000Z"),
      "2026-11-28T10:00:00.000Z",
      underTen,
    );
    await storage.usage.recordOnHold("hld_dead", oneCall());
    await storage.usage.recordOnHold("hld_dead", oneCall());
    // The process is gone: nothing renews the hold. The next admission after its lease drops it.
    const next = await storage.usage.admit(
      heldBy("hld_next", "2026-11-28T10:06:00.000Z"),
      "2026-11-28T10:05:00.000Z",
      underTen,
    );
    expect(next).toMatchObject({ admitted: true, heldUsd: 0, spentUsd: expect.closeTo(0.02, 10) });
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
      {
        day: "2026-11-28",
        model: "openai:test",
        grades: 0,
        cachedGrades: 0,
        modelCalls: 2,
        inputTokens: 200,
        outputTokens: 20,
        costUsd: expect.closeTo(0.02, 10),
        unpricedCalls: 0,
      },
    ]);
    // Moved once: a later admission finds nothing more.
    await storage.usage.releaseHold("hld_next");
    const later = await storage.usage.admit(
      heldBy("hld_later", "2026-11-28T11:01:00.000Z"),
      "2026-11-28T11:00:00.000Z",
      underTen,
    );
    expect(later.spentUsd).toBeCloseTo(0.02, 10);
  });

  it("settles a hold once: a retried settle, or one after the grade's store ended the hold, adds nothing", async () => {
    const now = "2026-11-28T10:00:00.000Z";
    await storage.usage.admit(heldBy("hld_1", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_1", oneCall());
    const hold = { id: "hld_1", tenantId: "default" };
    const spend = [{ ...oneCall(), modelCalls: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.02 }];
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(true);
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(false);
    expect(await storage.usage.spentOn("default", "2026-11-28")).toBeCloseTo(0.02, 10);

    await storage.usage.admit(heldBy("hld_2", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.grades.insert({ ...write({ cost: 0.01 }), settlesHold: "hld_2" });
    expect(
      await storage.usage.settleHold({ id: "hld_2", tenantId: "default" }, "openai:test", [oneCall()]),
    ).toBe(false);
    // The first hold's spend (recorded usage not counted twice), then the stored grade's: nothing held.
    const next = await storage.usage.admit(heldBy("hld_3", "2026-11-28T10:01:00.000Z"), now, underTen);
    expect(next).toMatchObject({ heldUsd: 0, spentUsd: expect.closeTo(0.03, 10) });
    expect((await storage.usage.days("default", "2026-11-28", "2026-11-28"))[0]).toMatchObject({
      grades: 1,
      modelCalls: 3,
    });
  });

  it("counts a stalled grade's recorded calls once, whether its grade is then stored or settled, after its hold lapsed", async () => {
    // Regression: a live process that stalled a whole lease had its hold dropped, and the calls recorded on
    // it moved to the ledger; its grade's store then added all its calls again, while a settle added none
    // of the calls made after the lapse.
    const now = "2026-11-28T10:00:00.000Z";
    const lapse = () =>
      storage.usage.admit(
        heldBy("hld_next", "2026-11-28T10:06:00.000Z"),
        "2026-11-28T10:05:00.000Z",
        () => false,
      );
    await storage.usage.admit(heldBy("hld_stored", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_stored", oneCall());
    await lapse();
    await storage.grades.insert({ ...write({ calls: 2, cost: 0.02 }), settlesHold: "hld_stored" });
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
      expect.objectContaining({ grades: 1, modelCalls: 2, inputTokens: 200, outputTokens: 20 }),
    ]);

    await storage.usage.admit(heldBy("hld_failed", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_failed", oneCall());
    await lapse();
    const hold = { id: "hld_failed", tenantId: "default" };
    const spend = [{ ...oneCall(), modelCalls: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.02 }];
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(true);
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(false);
    const [day] = await storage.usage.days("default", "2026-11-28", "2026-11-28");
    expect(day).toMatchObject({ grades: 1, modelCalls: 4, inputTokens: 400, outputTokens: 40 });
    expect(day!.costUsd).toBeCloseTo(0.04, 10);
  });

  it("counts a grade's recorded calls once when it is stored or settled more than a day after its hold lapsed", async () => {
    // Regression: a lapsed hold was forgotten a day after it lapsed; a process stalled longer then stored
    // its grade with all its calls, the recorded ones again, or settled it and added none of its calls.
    const now = "2026-11-28T10:00:00.000Z";
    const lapseAndForget = async (held: string) => {
      await storage.usage.settleLapsedHolds("default", "2026-11-28T10:05:00.000Z");
      // The next day, past the day a lapsed hold was kept: another grade's hold lapses then.
      const other = heldBy(`${held}_other`, "2026-11-29T10:01:00.000Z", "2026-11-29");
      await storage.usage.admit(other, "2026-11-29T10:00:00.000Z", underTen);
      await storage.usage.settleLapsedHolds("default", "2026-11-29T10:05:00.000Z");
    };
    await storage.usage.admit(heldBy("hld_stored", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_stored", oneCall());
    await lapseAndForget("hld_stored");
    await storage.grades.insert({ ...write({ calls: 2, cost: 0.02 }), settlesHold: "hld_stored" });
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-29")).toEqual([
      expect.objectContaining({ day: "2026-11-28", grades: 1, modelCalls: 2, inputTokens: 200 }),
    ]);

    await storage.usage.admit(heldBy("hld_failed", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_failed", oneCall());
    await lapseAndForget("hld_failed");
    const hold = { id: "hld_failed", tenantId: "default" };
    const spend = [{ ...oneCall(), modelCalls: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.02 }];
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(true);
    expect(await storage.usage.settleHold(hold, "openai:test", spend)).toBe(false);
    const [day] = await storage.usage.days("default", "2026-11-28", "2026-11-29");
    expect(day).toMatchObject({ day: "2026-11-28", grades: 1, modelCalls: 4, inputTokens: 400 });
    expect(day!.costUsd).toBeCloseTo(0.04, 10);
  });

  it("counts a call recorded just after its hold lapsed, once, whether the process then dies or stores its grade", async () => {
    // Regression: a record landing just after the lapse had moved the hold's usage to the ledger was
    // dropped: the call of a process that then died was counted nowhere.
    const now = "2026-11-28T10:00:00.000Z";
    const lapse = () => storage.usage.settleLapsedHolds("default", "2026-11-28T10:05:00.000Z");
    await storage.usage.admit(heldBy("hld_dead", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_dead", oneCall());
    await lapse();
    await storage.usage.recordOnHold("hld_dead", oneCall());
    // The process died; the usage report settles the lapsed holds again and finds nothing more.
    await lapse();
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
      expect.objectContaining({ grades: 0, modelCalls: 2, inputTokens: 200, outputTokens: 20 }),
    ]);

    await storage.usage.admit(heldBy("hld_stalled", "2026-11-28T10:01:00.000Z"), now, underTen);
    await storage.usage.recordOnHold("hld_stalled", oneCall());
    await lapse();
    await storage.usage.recordOnHold("hld_stalled", oneCall());
    await storage.grades.insert({ ...write({ calls: 3, cost: 0.03 }), settlesHold: "hld_stalled" });
    const [day] = await storage.usage.days("default", "2026-11-28", "2026-11-28");
    expect(day).toMatchObject({ grades: 1, modelCalls: 5, inputTokens: 500, outputTokens: 50 });
    expect(day!.costUsd).toBeCloseTo(0.05, 10);
  });

  it("counts every call recorded while its hold lapses, the two at the same moment", async () => {
    // Each hold lapses a second after the one before; its second call is recorded as it lapses.
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 10, 1) + seconds * 1000).toISOString();
    const holds = Array.from({ length: 20 }, (_, index) => `hld_race_${index}`);
    for (const [index, id] of holds.entries()) {
      await storage.usage.admit(heldBy(id, at(index)), "2026-11-28T10:00:00.000Z", () => true);
      await storage.usage.recordOnHold(id, oneCall());
    }
    for (const [index, id] of holds.entries()) {
      await Promise.all([
        storage.usage.settleLapsedHolds("default", at(index + 0.5)),
        storage.usage.recordOnHold(id, oneCall()),
      ]);
    }
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-28")).toEqual([
      expect.objectContaining({ grades: 0, modelCalls: 40, inputTokens: 4000 }),
    ]);
  });

  it("moves a dead grade's recorded calls that spanned midnight each to the day it was made", async () => {
    // Regression: the hold recorded its calls' usage on one day, the latest call's: a call made at 23:59
    // counted on the next day.
    await storage.usage.admit(
      heldBy("hld_late", "2026-11-29T00:01:00.000Z"),
      "2026-11-28T23:59:50.000Z",
      underTen,
    );
    await storage.usage.recordOnHold("hld_late", oneCall("2026-11-28"));
    await storage.usage.recordOnHold("hld_late", oneCall("2026-11-29"));
    await storage.usage.recordOnHold("hld_late", oneCall("2026-11-29"));
    await storage.usage.admit(
      heldBy("hld_next", "2026-11-29T00:06:00.000Z", "2026-11-29"),
      "2026-11-29T00:05:00.000Z",
      () => false,
    );
    const days = await storage.usage.days("default", "2026-11-28", "2026-11-29");
    expect(days).toEqual([
      expect.objectContaining({ day: "2026-11-28", grades: 0, modelCalls: 1, inputTokens: 100 }),
      expect.objectContaining({ day: "2026-11-29", grades: 0, modelCalls: 2, inputTokens: 200 }),
    ]);
    expect(days[0]!.costUsd).toBeCloseTo(0.01, 10);
    expect(days[1]!.costUsd).toBeCloseTo(0.02, 10);
  });

  it("moves the spend a kept hold stands for each to the day it was made once the hold lapses", async () => {
    await storage.usage.admit(
      heldBy("hld_kept", "2026-11-29T00:01:00.000Z"),
      "2026-11-28T23:59:50.000Z",
      underTen,
    );
    await storage.usage.recordOnHold("hld_kept", oneCall("2026-11-28"));
    // The ledger could not take the grade's spend: the hold stands for all of it until the 29th ends.
    await storage.usage.keepHold(
      "hld_kept",
      [oneCall("2026-11-28"), { ...oneCall("2026-11-29"), modelCalls: 2, inputTokens: 200 }],
      "2026-11-30T00:00:00.000Z",
    );
    await storage.usage.admit(
      heldBy("hld_next", "2026-11-30T00:06:00.000Z", "2026-11-30"),
      "2026-11-30T00:05:00.000Z",
      () => false,
    );
    expect(await storage.usage.days("default", "2026-11-28", "2026-11-30")).toEqual([
      expect.objectContaining({ day: "2026-11-28", modelCalls: 1, inputTokens: 100 }),
      expect.objectContaining({ day: "2026-11-29", modelCalls: 2, inputTokens: 200 }),
    ]);
  });

  it("count a grade admitted before midnight and still running in the next day's admissions", async () => {
    // Regression: an admission counted only the holds of its own day, so a grade admitted at 23:59 that
    // ran on after midnight held nothing against the day it then spent on.
    await storage.usage.admit(
      heldBy("hld_late", "2026-11-29T00:01:00.000Z"),
      "2026-11-28T23:59:50.000Z",
      underTen,
    );
    const nextDay = await storage.usage.admit(
      heldBy("hld_new", "2026-11-29T00:01:10.000Z", "2026-11-29"),
      "2026-11-29T00:00:10.000Z",
      underTen,
    );
    expect(nextDay).toMatchObject({ admitted: true, heldUsd: 1 });
  });

  it("counts each call of a stored grade that ran past midnight on the day it was made", async () => {
    const made = write({ day: "2026-11-29", calls: 2, cost: 0.02 });
    const grade = {
      ...made.grade,
      createdAt: "2026-11-29T00:00:05.000Z",
      updatedAt: "2026-11-29T00:00:05.000Z",
    };
    const call = (startedAt: string) => ({ startedAt, usage: { inputTokens: 100, outputTokens: 10 } });
    const audit = {
      ...made.audit,
      attempts: [call("2026-11-28T23:59:58.000Z"), call("2026-11-29T00:00:01.000Z")],
      cost: { currency: "USD", amount: 0.02, inputPerMillionTokens: 50, outputPerMillionTokens: 500 },
    } as unknown as AuditRecord;
    await storage.grades.insert({ ...made, grade, audit });
    const days = await storage.usage.days("default", "2026-11-28", "2026-11-29");
    expect(days).toEqual([
      expect.objectContaining({
        day: "2026-11-28",
        grades: 0,
        modelCalls: 1,
        inputTokens: 100,
        outputTokens: 10,
      }),
      expect.objectContaining({
        day: "2026-11-29",
        grades: 1,
        modelCalls: 1,
        inputTokens: 100,
        outputTokens: 10,
      }),
    ]);
    expect(days[0]!.costUsd).toBeCloseTo(0.01, 10);
    expect(days[1]!.costUsd).toBeCloseTo(0.01, 10);
  });
});
