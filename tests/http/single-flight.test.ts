import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import type { LeaseStore } from "../../src/grading/ports.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import type { TenantStores } from "../../src/grading/ports.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Defect 2 of "Core v2": 50 identical `POST /v1/grade` at the same moment made 15 model calls with 6
 * different results. Each cache key must be graded once (single flight), across processes too when
 * they share a database, so that resubmissions score the same.
 */

const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const body = { rubricId: scienceRubric.id, answer };

/**
 * A model that answers slowly enough for concurrent requests to overlap, and differently on each
 * call (as a sampled model may): any second call shows up as a second result.
 */
function slowVaryingModel(): ScriptedModel {
  const model = createScriptedModel();
  model.fallback = async () => {
    const call = model.calls.length;
    await delay(150);
    return allCriteriaReply(
      { inputs: call % 2 === 0 ? 2 : 1, outputs: call % 3 === 0 ? 2 : 1 },
      { quote: "glucose" },
    );
  };
  return model;
}

let directory: string;
let apps: TestApp[];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-single-flight-"));
  apps = [];
});
afterEach(async () => {
  for (const app of apps) await app.close();
  rmSync(directory, { recursive: true, force: true });
});

/** An app on the shared SQLite file, as a separate process would be: its own runtime and connection. */
async function startApp(model: ScriptedModel, storage?: Storage): Promise<TestApp> {
  const test = await buildTestApp({
    env: { DATABASE_URL: `sqlite:${join(directory, "grader.db")}`, GRADER_LEASE_SECONDS: "2" },
    dependencies: { model },
    ...(storage ? { storage } : {}),
  });
  apps.push(test);
  return test;
}

async function uploadRubric(test: TestApp): Promise<void> {
  const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(upload.statusCode).toBe(201);
}

const grade = (test: TestApp) => test.app.inject({ method: "POST", url: "/v1/grade", payload: body });

describe("single flight for identical answers", () => {
  it("grades 50 identical requests at the same moment with one model call, and all score the same", async () => {
    const model = slowVaryingModel();
    const test = await startApp(model);
    await uploadRubric(test);

    const responses = await Promise.all(Array.from({ length: 50 }, () => grade(test)));

    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(200));
    expect(model.calls).toHaveLength(1);
    const grades = responses.map((response) => response.json());
    expect(new Set(grades.map((graded) => graded.id)).size).toBe(50);
    const points = grades.map((graded) =>
      graded.criteria.map((criterion: { points: number }) => criterion.points),
    );
    expect(new Set(points.map((each) => JSON.stringify(each))).size).toBe(1);
    expect(grades.filter((graded) => graded.cached)).toHaveLength(49);
    const list = await test.app.inject({ method: "GET", url: "/v1/grades?limit=100" });
    expect(list.json().grades).toHaveLength(50);
  });

  it("grades once across two runtimes on one SQLite file, as two processes would", async () => {
    const firstModel = slowVaryingModel();
    const secondModel = slowVaryingModel();
    const first = await startApp(firstModel);
    const second = await startApp(secondModel);
    await uploadRubric(first);

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => grade(index % 2 === 0 ? first : second)),
    );

    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(200));
    expect(firstModel.calls.length + secondModel.calls.length).toBe(1);
    const totals = new Set(responses.map((response) => response.json().totalPoints));
    expect(totals.size).toBe(1);
  });

  it("lets a waiting request take over when the leader fails, so only the leader's request fails", async () => {
    const model = createScriptedModel();
    model.enqueue(async () => {
      await delay(150);
      throw new AppError("provider_unavailable");
    });
    model.fallback = async () => {
      await delay(50);
      return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    };
    const test = await startApp(model);
    await uploadRubric(test);

    const responses = await Promise.all(Array.from({ length: 5 }, () => grade(test)));

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 503]);
    // The failed leader's call, then one call by the follower that took over; the rest copy its result.
    expect(model.calls).toHaveLength(2);
    const succeeded = responses
      .filter((response) => response.statusCode === 200)
      .map((response) => response.json());
    expect(succeeded.map((graded) => graded.totalPoints)).toEqual([3, 3, 3, 3]);
    expect(succeeded.filter((graded) => !graded.cached)).toHaveLength(1);
  });

  it("grades again for the next request when the leader's result is not reusable (output_invalid)", async () => {
    const model = createScriptedModel();
    const unusable = async () => {
      await delay(100);
      return "not json";
    };
    model.enqueue(unusable, unusable);
    model.fallback = allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" });
    const test = await startApp(model);
    await uploadRubric(test);

    const responses = await Promise.all([grade(test), grade(test), grade(test)]);

    const grades = responses.map((response) => response.json());
    expect(grades.filter((graded) => graded.flags.includes("output_invalid"))).toHaveLength(1);
    const usable = grades.filter((graded) => !graded.flags.includes("output_invalid"));
    expect(usable.map((graded) => graded.totalPoints)).toEqual([4, 4]);
    // Reply and repair of the unusable result, then one call whose result the last request copies.
    expect(model.calls).toHaveLength(3);
  });

  it("gives the flight's lease up in the transaction that stores the grade, not in a commit of its own", async () => {
    const storage = await openStorage({ kind: "sqlite", path: join(directory, "grader.db") });
    const real = storage.leases;
    const taken: string[] = [];
    let separateReleases = 0;
    const leases: LeaseStore = {
      ...real,
      async acquire(name, terms) {
        taken.push(name);
        return real.acquire(name, terms);
      },
      async release(name, holder) {
        separateReleases++;
        return real.release(name, holder);
      },
    };
    try {
      const model = createScriptedModel({
        fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
      });
      const test = await startApp(model, { ...storage, leases });
      await uploadRubric(test);
      expect((await grade(test)).statusCode).toBe(200);

      expect(taken).toHaveLength(1);
      expect(separateReleases).toBe(0);
      // Released all the same: anyone else can take it at once.
      const now = new Date();
      expect(
        await real.acquire(taken[0]!, { holder: "other", now, expiresAt: new Date(now.getTime() + 1_000) }),
      ).toBe(true);
    } finally {
      for (const app of apps.splice(0)) await app.close();
      await storage.close();
    }
  });

  it("looks a new answer up in the cache once, under the flight's lease, and an answer graded before too", async () => {
    const storage = await openStorage({ kind: "sqlite", path: join(directory, "grader.db") });
    const events: string[] = [];
    const withLookups = <Stores extends TenantStores>(stores: Stores): Stores => ({
      ...stores,
      grades: {
        ...stores.grades,
        async findByCacheKey(cacheKey) {
          events.push("lookup");
          return stores.grades.findByCacheKey(cacheKey);
        },
      },
    });
    const leases: LeaseStore = {
      ...storage.leases,
      async acquire(name, terms) {
        events.push("lease");
        return storage.leases.acquire(name, terms);
      },
    };
    try {
      const model = createScriptedModel({
        fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
      });
      const test = await startApp(model, {
        ...withLookups(storage),
        forTenant: (tenantId) => withLookups(storage.forTenant(tenantId)),
        leases,
      });
      await uploadRubric(test);
      expect((await grade(test)).statusCode).toBe(200);
      // One look, once the lease is held: a look before it would find nothing a look under it would not.
      expect(events).toEqual(["lease", "lookup"]);

      events.length = 0;
      const again = await grade(test);
      expect(again.statusCode).toBe(200);
      expect(events).toEqual(["lease", "lookup"]);
      expect(model.calls).toHaveLength(1);
    } finally {
      for (const app of apps.splice(0)) await app.close();
      await storage.close();
    }
  });

  describe("a lease left by a process that died", () => {
    /** Plants a dead process's lease on the first cache key a request asks for, as if it had crashed. */
    async function storageWithDeadLease(expiresInMs: number) {
      const storage = await openStorage({ kind: "sqlite", path: join(directory, "grader.db") });
      const real = storage.leases;
      const attempts: string[] = [];
      let planted = false;
      const leases: LeaseStore = {
        ...real,
        async acquire(name, terms) {
          if (!planted) {
            planted = true;
            const now = new Date();
            await real.acquire(name, {
              holder: "dead-process/lease_1",
              now: new Date(now.getTime() - 60_000),
              expiresAt: new Date(now.getTime() + expiresInMs),
            });
          }
          attempts.push(terms.holder);
          return real.acquire(name, terms);
        },
      };
      return { storage: { ...storage, leases }, attempts, close: () => storage.close() };
    }

    it("does not block a request once it has expired", async () => {
      const planted = await storageWithDeadLease(-1_000);
      try {
        const model = createScriptedModel({
          fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
        });
        const test = await startApp(model, planted.storage);
        await uploadRubric(test);
        const response = await grade(test);
        expect(response.statusCode).toBe(200);
        expect(model.calls).toHaveLength(1);
        expect(planted.attempts).toHaveLength(1);
      } finally {
        for (const app of apps.splice(0)) await app.close();
        await planted.close();
      }
    });

    it("holds a request only until it expires, then the request grades", async () => {
      const planted = await storageWithDeadLease(1_000);
      try {
        const model = createScriptedModel({
          fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
        });
        const test = await startApp(model, planted.storage);
        await uploadRubric(test);
        const response = await grade(test);
        expect(response.statusCode).toBe(200);
        expect(response.json().totalPoints).toBe(3);
        expect(model.calls).toHaveLength(1);
        // It waited (polled) while the dead lease was valid, then took it over.
        expect(planted.attempts.length).toBeGreaterThan(1);
      } finally {
        for (const app of apps.splice(0)) await app.close();
        await planted.close();
      }
    });
  });
});
