import { migrationProvider } from "../../src/storage/sql/migrations.js";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import type { Rubric } from "../../src/grading/rubric.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import {
  createTestDatabase,
  postgresSkipReason,
  postgresUrl,
  type TestDatabase,
} from "../helpers/postgres.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";

/**
 * Several API processes on one PostgreSQL database: each `openStorage` here has its own pool, as a
 * process would. What SQLite gets from serial transactions must hold under READ COMMITTED.
 */

function rubric(overrides: object = {}): Rubric {
  const validation = validateRubricDocument({ ...scienceRubric, ...overrides });
  if (!validation.ok) throw new Error("invalid test rubric");
  return validation.rubric;
}

async function migrationNames(database: TestDatabase): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.config.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("select name from kysely_migration order by name");
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe.skipIf(postgresUrl)("PostgreSQL processes", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

describe.runIf(postgresUrl)("PostgreSQL processes", () => {
  let database: TestDatabase;
  const opened: Storage[] = [];
  const open = async () => {
    const storage = await openStorage(database.config);
    opened.push(storage);
    return storage;
  };
  beforeEach(async () => {
    database = await createTestDatabase("processes");
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((storage) => storage.close()));
    await database.drop();
  });

  it("migrates an empty database once when several processes start together", async () => {
    const storages = await Promise.all([open(), open(), open(), open()]);
    const names = await migrationNames(database);
    expect(names).toEqual([...new Set(names)]);
    // Every migration ran, once.
    const expected = Object.keys(await migrationProvider.getMigrations()).sort();
    expect([...names].sort()).toEqual(expected);
    for (const storage of storages) await storage.ping();
    // Every process sees the same data.
    await storages[0].tenants.create({ id: "school-b", name: "B", createdAt: "2026-12-01T00:00:00.000Z" });
    expect((await storages[3].tenants.find("school-b"))?.name).toBe("B");
  });

  it("compares ids and times in byte order and keeps costs to double precision (0007)", async () => {
    const storage = await open();
    await storage.tenantSettings.save(
      "default",
      { dailyBudgetUsd: 12.345678901 },
      "2026-12-01T00:00:00.000Z",
    );
    expect((await storage.tenantSettings.find("default"))?.dailyBudgetUsd).toBe(12.345678901);
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ collation_name: string | null }>(
        `select collation_name from information_schema.columns where table_name = 'grades' and column_name = 'id'`,
      );
      expect(rows[0]?.collation_name).toBe("C");
    } finally {
      await client.end();
    }
  });

  it("serialises a group decision and a new member of the group, across processes", async () => {
    const [deciding, grading] = await Promise.all([open(), open()]);
    let releaseDecision!: () => void;
    const decisionMayCommit = new Promise<void>((resolve) => (releaseDecision = resolve));
    let decisionStarted!: () => void;
    const started = new Promise<void>((resolve) => (decisionStarted = resolve));
    const decision = deciding.transaction(async (stores) => {
      expect(await stores.grades.groupMembers("agr_1")).toEqual([]);
      decisionStarted();
      await decisionMayCommit;
      await stores.groupDecisions.save({
        groupId: "agr_1",
        rubricId: "photosynthesis-basics",
        rubricVersion: "v1",
        version: 1,
        reviewer: "Ms Lee",
        reason: "ok",
        keyId: null,
        criteria: [],
        feedback: null,
        decidedAt: "2026-12-01T00:00:00.000Z",
      });
    });
    await started;
    let seen: "pending" | "none" | "decision" = "pending";
    const member = grading.transaction(async (stores) => {
      seen = (await stores.groupDecisions.find("agr_1")) ? "decision" : "none";
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The new member waits for the decision's transaction instead of reading "no decision" meanwhile.
    expect(seen).toBe("pending");
    releaseDecision();
    await decision;
    await member;
    expect(seen).toBe("decision");
  });

  it("lets two processes upload a rubric's first version at once: one creates it, the other finds it", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const now = new Date("2026-12-01T00:00:00Z");
    const first = rubric();
    const results = await Promise.all([a.rubrics.save(first, now), b.rubrics.save(first, now)]);
    expect(results.map((result) => result.change).sort()).toEqual(["created", "unchanged"]);
    const second = rubric({ title: "Revised" });
    const again = await Promise.all([a.rubrics.save(second, now), b.rubrics.save(second, now)]);
    expect(again.map((result) => result.change).sort()).toEqual(["new_version", "unchanged"]);
  });

  it("gives an idempotency key and a named lease to exactly one of many processes", async () => {
    const storages = await Promise.all([open(), open(), open()]);
    const now = new Date();
    const terms = (holder: string) => ({ holder, now, expiresAt: new Date(now.getTime() + 30_000) });
    for (let round = 0; round < 5; round++) {
      const claims = await Promise.all(
        storages.map((storage, index) =>
          storage.idempotency.claim(`key-${round}`, "hash", terms(`p${index}`)),
        ),
      );
      expect(claims.filter((claim) => claim.state === "claimed")).toHaveLength(1);
      const leases = await Promise.all(
        storages.map((storage, index) => storage.leases.acquire(`grade:${round}`, terms(`p${index}`))),
      );
      expect(leases.filter(Boolean)).toHaveLength(1);
    }
  });
});
