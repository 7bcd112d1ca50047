import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scrubPurgedGrade, unlinkErasedSource } from "../../src/grading/answer-purge.js";
import type { AuditRecord } from "../../src/grading/audit.js";
import type { StoredGrade } from "../../src/grading/grade.js";
import type { ErasedGrades } from "../../src/grading/student-data-ports.js";
import { createStudentDataService } from "../../src/grading/student-data.js";
import { newId } from "../../src/lib/ids.js";
import type { Storage } from "../../src/storage/database.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { storedGradeFixture } from "../helpers/stored-grades.js";
import { migrationProvider } from "../../src/storage/sql/migrations.js";
import type { Database } from "../../src/storage/sql/schema.js";
import { createGradeStore } from "../../src/storage/sql/sql-stores.js";
import { createStudentDataStore } from "../../src/storage/sql/student-data-stores.js";

/**
 * The students' data stores on every backend (each backend added later joins the list): export pages,
 * erasure with its copies, idempotency records and leases, tombstones, and retention batches.
 * PostgreSQL joins when GRADER_TEST_POSTGRES_URL is set.
 */
const backends = storageBackends("students' data stores", "student_data", "grader.db");

/** A student's grade, full marks on its one criterion, with evidence and feedback to erase. */
function storedGrade(overrides: Partial<StoredGrade> = {}): StoredGrade {
  return storedGradeFixture({
    studentId: "s-1",
    criteria: [
      {
        criterionId: "inputs",
        points: 2,
        maxPoints: 2,
        rationale: "Names them.",
        evidence: ["light and water"],
        confidence: null,
        comment: null,
      },
    ],
    totalPoints: 2,
    feedback: "Well done.",
    ...overrides,
  });
}

function auditOf(grade: StoredGrade, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    gradeId: grade.id,
    rubricId: grade.rubricId,
    rubricVersion: grade.rubricVersion,
    promptVersion: "p",
    model: "openai:test",
    parameters: {},
    strategy: "all-criteria",
    samples: 1,
    attempts: [
      {
        task: "grade-all-criteria",
        sample: 0,
        criterionId: null,
        repair: false,
        startedAt: grade.createdAt,
        latencyMs: 5,
        rawReply: '{"evidence":["light and water"]}',
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1 },
        problems: [],
        providerRetries: [],
      },
    ],
    usage: { inputTokens: 1, outputTokens: 1 },
    cost: { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null },
    flags: [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult: { criteria: grade.criteria, totalPoints: grade.totalPoints, feedback: "", explanation: "" },
    humanChanges: [],
    ...overrides,
  };
}

const lease = (now: string, seconds: number) => ({
  holder: "holder",
  now: new Date(now),
  expiresAt: new Date(new Date(now).getTime() + seconds * 1000),
});

describe.each(backends)("students' data stores: $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
  });
  afterEach(async () => {
    await storage.close();
    await cleanup();
  });

  async function insert(
    tenantId: string,
    grade: StoredGrade,
    options: { cacheKey?: string; audit?: AuditRecord } = {},
  ) {
    await storage.forTenant(tenantId).grades.insert({
      grade,
      answer: `answer of ${grade.id}`,
      cacheKey: options.cacheKey ?? null,
      audit: options.audit ?? auditOf(grade),
    });
  }

  it("pages a student's grades oldest first, in the tenant only", async () => {
    const mine = Array.from({ length: 5 }, () => storedGrade());
    for (const grade of mine) await insert("default", grade);
    await insert("default", storedGrade({ studentId: "s-2" }));
    await insert("north", storedGrade());
    const store = storage.studentDataFor("default");
    const first = await store.gradesPage("s-1", undefined, 2);
    const second = await store.gradesPage("s-1", first.at(-1)!.grade.id, 2);
    const third = await store.gradesPage("s-1", second.at(-1)!.grade.id, 2);
    expect([...first, ...second, ...third].map((record) => record.grade.id)).toEqual(
      mine.map((grade) => grade.id),
    );
    expect(first[0]).toMatchObject({
      answer: `answer of ${mine[0]!.id}`,
      answerPurgedAt: null,
      submittedBy: null,
    });
    expect(first[0]!.audit.gradeId).toBe(mine[0]!.id);
    expect(await storage.studentDataFor("north").gradesPage("s-2", undefined, 10)).toEqual([]);

    // The use case reads page by page and yields them all.
    const service = createStudentDataService({
      studentDataFor: (tenantId) => storage.studentDataFor(tenantId),
      clock: { now: () => new Date("2026-12-01T00:00:00Z") },
      newId,
      exportPageSize: 2,
    });
    const exported = await service.exportStudent(
      { tenantId: "default", role: "teacher", keyId: null, operator: false },
      "s-1",
    );
    const ids: string[] = [];
    for await (const grade of exported.grades) ids.push(grade.id);
    expect(ids).toEqual(mine.map((grade) => grade.id));
    expect(exported.generatedAt).toBe("2026-12-01T00:00:00.000Z");
  });

  it("erases a student: grades, their idempotency records and lapsed leases; unlinks copies; leaves a tombstone", async () => {
    const original = storedGrade();
    const second = storedGrade();
    const copy = storedGrade({ studentId: "s-2", cached: true });
    const anonymousCopy = storedGrade({ studentId: null, cached: true });
    const unrelated = storedGrade({ studentId: "s-3", cached: true });
    const foreign = storedGrade();
    await insert("default", original, { cacheKey: "key-a" });
    await insert("default", second, { cacheKey: "key-b" });
    await insert("default", copy, {
      cacheKey: "key-a",
      audit: auditOf(copy, { cachedFrom: original.id, attempts: [] }),
    });
    await insert("default", anonymousCopy, {
      cacheKey: "key-a",
      audit: auditOf(anonymousCopy, { cachedFrom: original.id, attempts: [] }),
    });
    // Same key, copied from a grade that is not erased.
    await insert("default", unrelated, {
      cacheKey: "key-a",
      audit: auditOf(unrelated, { cachedFrom: "grd_other" }),
    });
    await insert("north", foreign, { cacheKey: "key-a" });

    const now = "2026-12-01T10:00:00.000Z";
    const idempotency = storage.idempotency;
    await idempotency.claim("submission-1", "hash", lease(now, 30));
    await idempotency.complete("submission-1", "holder", original.id);
    await idempotency.claim("submission-2", "hash", lease(now, 30));
    await idempotency.complete("submission-2", "holder", copy.id);
    await storage.leases.acquire("grade-cache:key-a", {
      ...lease("2026-12-01T09:00:00.000Z", 30),
      holder: "dead",
    });
    await storage.leases.acquire("grade-cache:key-b", { ...lease(now, 60), holder: "alive" });

    const tombstone = await storage
      .studentDataFor("default")
      .eraseStudent("s-1", { id: newId("ers"), erasedAt: now, erasedBy: "key_admin" }, unlinkErasedSource);
    expect(tombstone).toMatchObject({
      tenantId: "default",
      erasedAt: now,
      erasedBy: "key_admin",
      grades: 2,
      cachedCopiesUnlinked: 2,
      idempotencyKeys: 1,
    });

    expect(await storage.grades.findById(original.id)).toBeUndefined();
    expect(await storage.grades.findById(second.id)).toBeUndefined();
    for (const kept of [copy, anonymousCopy]) {
      const stored = (await storage.grades.findById(kept.id))!;
      expect(stored.grade).toEqual(kept);
      expect(stored.audit).toMatchObject({ cachedFrom: null, cachedFromErased: true });
    }
    expect((await storage.grades.findById(unrelated.id))!.audit.cachedFrom).toBe("grd_other");
    // Only the unrelated grade (and the other school's) still serve key-a.
    expect((await storage.grades.findByCacheKey("key-a"))?.grade.id).toBe(unrelated.id);
    expect((await storage.forTenant("north").grades.findById(foreign.id))?.grade).toEqual(foreign);
    // The erased grade's idempotency record is gone; the copy's stays.
    expect(await idempotency.claim("submission-1", "hash", lease(now, 30))).toEqual({ state: "claimed" });
    expect(await idempotency.claim("submission-2", "hash", lease(now, 30))).toMatchObject({
      state: "completed",
    });
    // The dead holder's lease is gone; the live one is left to its holder.
    expect(await storage.leases.renew("grade-cache:key-a", "dead", new Date(now))).toBe(false);
    expect(await storage.leases.renew("grade-cache:key-b", "alive", new Date(now))).toBe(true);

    expect(await storage.studentDataFor("default").listErasures(10, undefined)).toEqual([tombstone]);
    expect(await storage.studentDataFor("north").listErasures(10, undefined)).toEqual([]);
  });

  it("marks a grade in progress of an erased student, keeping no id; its record goes when it ends", async () => {
    const grades = storage.forTenant("default").grades;
    const expiresAt = "2026-06-01T13:00:00.000Z";
    await grades.startRun("run_1", "s-1", expiresAt);
    await grades.startRun("run_2", "s-2", expiresAt);
    await storage.forTenant("north").grades.startRun("run_3", "s-1", expiresAt);
    await storage
      .studentDataFor("default")
      .eraseStudent(
        "s-1",
        { id: newId("ers"), erasedAt: "2026-06-01T12:00:00.000Z", erasedBy: null },
        unlinkErasedSource,
      );
    // Only that student, only in that school.
    expect(await grades.finishRun("run_1", "s-1")).toBe(false);
    expect(await grades.finishRun("run_2", "s-2")).toBe(true);
    expect(await storage.forTenant("north").grades.finishRun("run_3", "s-1")).toBe(true);
    // Finished records are gone; a second finish finds none.
    expect(await grades.finishRun("run_1", "s-1")).toBe(true);
    // A record left by a process that died lapses.
    await grades.startRun("run_4", "s-4", expiresAt);
    expect(await storage.answerRetention.pruneLapsedRuns("2026-06-01T12:59:00.000Z")).toBe(0);
    expect(await storage.answerRetention.pruneLapsedRuns("2026-06-01T13:00:00.001Z")).toBe(1);
  });

  it("serialises a grade being stored with an erasure of its student: it is erased or refused, never kept", async () => {
    const studentId = "race-1";
    const grade = storedGrade({ studentId, createdAt: new Date(Date.now() - 1_000).toISOString() });
    const store = storage.forTenant("default");
    await store.grades.startRun("run_race", studentId, new Date(Date.now() + 3_600_000).toISOString());
    let erasing: Promise<{ grades: number }> | undefined;
    const outcome = await store.transaction(async (stores) => {
      if (!(await stores.grades.finishRun("run_race", studentId))) return "refused";
      // The worst moment: the erasure starts after the run was found unmarked, before the insert.
      erasing = storage
        .studentDataFor("default")
        .eraseStudent(
          studentId,
          { id: newId("ers"), erasedAt: new Date().toISOString(), erasedBy: null },
          unlinkErasedSource,
        );
      erasing.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stores.grades.insert({ grade, answer: "text", cacheKey: null, audit: auditOf(grade) });
      return "stored";
    });
    const tombstone = await erasing!;
    // The erasure waited for the grade's transaction and erased the grade with the rest.
    expect(outcome).toBe("stored");
    expect(tombstone.grades).toBe(1);
    expect(await store.grades.findById(grade.id)).toBeUndefined();
  });

  it("serialises a cached copy being stored with an erasure of its source's student: the copy is unlinked", async () => {
    const source = storedGrade({
      studentId: "race-src",
      createdAt: new Date(Date.now() - 2_000).toISOString(),
    });
    await insert("default", source, { cacheKey: "key-race" });
    const copy = storedGrade({
      studentId: "race-copy",
      createdAt: new Date(Date.now() - 1_000).toISOString(),
    });
    const store = storage.forTenant("default");
    let erasing: Promise<{ cachedCopiesUnlinked: number }> | undefined;
    const held = await store.transaction(async (stores) => {
      if (!(await stores.grades.holdCacheSource(source.id))) return false;
      // The worst moment: the erasure starts after the source was found, before the copy is inserted.
      erasing = storage
        .studentDataFor("default")
        .eraseStudent(
          "race-src",
          { id: newId("ers"), erasedAt: new Date().toISOString(), erasedBy: null },
          unlinkErasedSource,
        );
      erasing.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stores.grades.insert({
        grade: copy,
        answer: "text",
        cacheKey: "key-race",
        audit: auditOf(copy, { cachedFrom: source.id }),
      });
      return true;
    });
    const tombstone = await erasing!;
    // The erasure waited for the copy's transaction and unlinked it with the others.
    expect(held).toBe(true);
    expect(tombstone.cachedCopiesUnlinked).toBe(1);
    expect(await store.grades.findByCacheKey("key-race")).toBeUndefined();
    // Once the source is erased, a copy of it is told so.
    expect(await store.grades.holdCacheSource(source.id)).toBe(false);
    expect(await storage.forTenant("north").grades.holdCacheSource(copy.id)).toBe(false);
    expect(await store.grades.holdCacheSource(copy.id)).toBe(true);
  });

  it("purges answers in batches, oldest beyond the cutoff only, across tenants", async () => {
    const old = Array.from({ length: 5 }, (_, index) =>
      storedGrade({ createdAt: `2026-01-0${index + 1}T00:00:00.000Z`, studentId: `s-${index}` }),
    );
    const recent = storedGrade({ createdAt: "2026-03-01T00:00:00.000Z" });
    for (const [index, grade] of old.entries()) {
      await insert(index % 2 === 0 ? "default" : "north", grade, { cacheKey: `key-${index}` });
    }
    await insert("default", recent, { cacheKey: "key-recent" });
    await storage.idempotency.claim("submission-old", "hash", lease("2026-01-01T00:00:00.000Z", 30));
    await storage.idempotency.complete("submission-old", "holder", old[0]!.id);

    const retention = storage.answerRetention;
    const options = {
      before: "2026-02-01T00:00:00.000Z",
      at: "2026-03-02T00:00:00.000Z",
      scrub: scrubPurgedGrade,
    };
    expect(await retention.purgeAnswers({ ...options, limit: 2 })).toBe(2);
    expect(await retention.purgeAnswers({ ...options, limit: 2 })).toBe(2);
    expect(await retention.purgeAnswers({ ...options, limit: 2 })).toBe(1);
    expect(await retention.purgeAnswers({ ...options, limit: 2 })).toBe(0);
    expect(await retention.compact()).toBe(true);

    for (const [index, grade] of old.entries()) {
      const stored = (await storage
        .forTenant(index % 2 === 0 ? "default" : "north")
        .grades.findById(grade.id))!;
      expect(stored).toMatchObject({ answer: "", answerPurgedAt: options.at });
      expect(stored.grade).toMatchObject({ totalPoints: 2, feedback: "Well done.", version: 2 });
      expect(stored.grade.criteria[0]!.evidence).toEqual([]);
      expect(stored.audit.attempts[0]!.rawReply).toBeNull();
      expect(stored.audit.modelResult.criteria[0]!.evidence).toEqual([]);
    }
    expect(await storage.grades.findByCacheKey("key-0")).toBeUndefined();
    expect((await storage.grades.findById(recent.id))!.answer).toBe(`answer of ${recent.id}`);
    expect((await storage.grades.findByCacheKey("key-recent"))?.grade.id).toBe(recent.id);
    expect(
      await storage.idempotency.claim("submission-old", "hash", lease("2026-03-02T00:00:00.000Z", 30)),
    ).toEqual({ state: "claimed" });
    const exported = await storage.studentDataFor("default").gradesPage("s-0", undefined, 10);
    expect(exported[0]).toMatchObject({ answer: null, answerPurgedAt: options.at });
  });
});

describe("an erasure that fails", () => {
  let directory: string;
  let db: Kysely<Database>;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "grader-erasure-atomic-"));
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(join(directory, "grader.db")) }),
    });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    expect(error).toBeUndefined();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it("changes nothing: grades, copies, idempotency records and tombstones are as before", async () => {
    const grades = createGradeStore(db, "default");
    const original = storedGrade();
    const copy = storedGrade({ studentId: "s-2", cached: true });
    await grades.insert({ grade: original, answer: "mine", cacheKey: "key-a", audit: auditOf(original) });
    const copyAudit = auditOf(copy, { cachedFrom: original.id });
    await grades.insert({ grade: copy, answer: "theirs", cacheKey: "key-a", audit: copyAudit });
    const seen: ErasedGrades[] = [];
    const failingStep = (_trx: Kysely<Database>, erased: ErasedGrades) => {
      seen.push(erased);
      return Promise.reject(new Error("answer groups are down"));
    };
    const store = createStudentDataStore(db, "default", [failingStep]);
    await expect(
      store.eraseStudent(
        "s-1",
        { id: newId("ers"), erasedAt: "2026-12-01T00:00:00.000Z", erasedBy: null },
        unlinkErasedSource,
      ),
    ).rejects.toThrow("answer groups are down");
    expect(seen).toEqual([
      { tenantId: "default", studentId: "s-1", gradeIds: [original.id], cacheKeys: ["key-a"] },
    ]);

    expect((await grades.findById(original.id))?.answer).toBe("mine");
    expect((await grades.findById(copy.id))?.audit).toEqual(copyAudit);
    expect((await grades.findByCacheKey("key-a"))?.grade.id).toBe(copy.id);
    expect(await store.listErasures(10, undefined)).toEqual([]);
  });
});
