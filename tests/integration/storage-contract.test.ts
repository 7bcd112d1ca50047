import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Appeal } from "../../src/grading/appeals.js";
import type { AuditRecord } from "../../src/grading/audit.js";
import type { StoredGrade } from "../../src/grading/grade.js";
import { validateRubricDocument } from "../../src/grading/rubric-loading.js";
import type { Rubric } from "../../src/grading/rubric.js";
import type { Storage } from "../../src/storage/database.js";
import { scienceRubric } from "../helpers/rubric-fixtures.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { storedGradeFixture as storedGrade } from "../helpers/stored-grades.js";

/**
 * One contract, every storage backend: each backend joins this list and must pass the same tests, so
 * callers never branch on which one is configured. PostgreSQL joins when GRADER_TEST_POSTGRES_URL is
 * set (a fresh database per test).
 */
const backends = storageBackends("storage contract", "contract", join("nested", "grader.db"));

function rubric(overrides: object = {}): Rubric {
  const validation = validateRubricDocument({ ...scienceRubric, ...overrides });
  if (!validation.ok) throw new Error("invalid test rubric");
  return validation.rubric;
}

const ids = (list: StoredGrade[]) => list.map((grade) => grade.id);

function audit(gradeId: string): AuditRecord {
  return {
    gradeId,
    rubricId: "photosynthesis-basics",
    rubricVersion: "v1",
    promptVersion: "p",
    model: "openai:test",
    parameters: {},
    strategy: "all-criteria",
    samples: 1,
    attempts: [],
    usage: { inputTokens: 1, outputTokens: 1 },
    cost: { currency: "USD", amount: null, inputPerMillionTokens: null, outputPerMillionTokens: null },
    flags: [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult: { criteria: [], totalPoints: 1, feedback: "", explanation: "" },
    humanChanges: [],
  };
}

describe.each(backends)("storage contract: $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
  });
  afterEach(async () => {
    await storage.close();
    await cleanup();
  });

  it("versions rubrics: created, unchanged, new version, an old version made current again", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const first = rubric();
    const second = rubric({ title: "Revised" });
    expect(await storage.rubrics.save(first, now)).toEqual({ change: "created" });
    expect(await storage.rubrics.save(first, now)).toEqual({ change: "unchanged" });
    expect(await storage.rubrics.save(second, now)).toEqual({ change: "new_version" });
    expect((await storage.rubrics.findCurrent(first.id))?.rubric.version).toBe(second.version);
    expect(await storage.rubrics.save(first, now)).toEqual({ change: "new_version" });
    expect((await storage.rubrics.findCurrent(first.id))?.rubric).toEqual(first);
    expect((await storage.rubrics.findVersion(first.id, second.version))?.rubric).toEqual(second);
    expect(await storage.rubrics.findVersion(first.id, "nope")).toBeUndefined();
    expect(await storage.rubrics.findCurrent("nope")).toBeUndefined();
    expect(await storage.rubrics.currentVersions([first.id, "nope"])).toEqual(
      new Map([[first.id, first.version]]),
    );
    expect(await storage.rubrics.list()).toEqual([
      expect.objectContaining({
        id: first.id,
        version: first.version,
        criteriaCount: 2,
        maxPoints: 4,
        title: first.title,
      }),
    ]);
  });

  it("stores, finds, lists (newest first, filtered, paged) and updates grades", async () => {
    const grades = [
      storedGrade({ status: "graded" }),
      storedGrade({ status: "needs_review", flags: ["evidence_unverified"] }),
      storedGrade({ status: "needs_review", rubricId: "other" }),
    ];
    for (const [index, grade] of grades.entries()) {
      await storage.grades.insert({
        grade,
        answer: `answer ${index}`,
        cacheKey: index === 0 ? "key-0" : null,
        audit: audit(grade.id),
      });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await storage.grades.findById(grades[1]!.id)).toEqual({
      grade: grades[1],
      answer: "answer 1",
      audit: audit(grades[1]!.id),
      submittedBy: null,
      answerPurgedAt: null,
    });
    expect(await storage.grades.findById("missing")).toBeUndefined();
    expect(ids(await storage.grades.list({ limit: 10 }))).toEqual([
      grades[2]!.id,
      grades[1]!.id,
      grades[0]!.id,
    ]);
    expect(ids(await storage.grades.list({ limit: 10, status: "needs_review" }))).toEqual([
      grades[2]!.id,
      grades[1]!.id,
    ]);
    expect(
      ids(
        await storage.grades.list({ limit: 10, status: "needs_review", rubricId: "photosynthesis-basics" }),
      ),
    ).toEqual([grades[1]!.id]);
    expect(ids(await storage.grades.list({ limit: 1, before: grades[2]!.id }))).toEqual([grades[1]!.id]);
    expect((await storage.grades.findByCacheKey("key-0"))?.grade.id).toBe(grades[0]!.id);
    expect(await storage.grades.findByCacheKey("key-1")).toBeUndefined();

    const updated = {
      ...grades[1]!,
      status: "graded" as const,
      gradedBy: "human" as const,
      updatedAt: "2026-11-29T00:00:00.000Z",
      version: 2,
    };
    const humanAudit = {
      ...audit(updated.id),
      humanChanges: [
        {
          at: "x",
          action: "changed" as const,
          reviewer: "r",
          keyId: null,
          reason: "y",
          criteria: [],
          comments: [],
          feedback: null,
          status: null,
          groupId: null,
          groupDecisionVersion: null,
          appealId: null,
        },
      ],
    };
    expect(await storage.grades.update(updated, humanAudit, 1)).toBe(true);
    const reread = await storage.grades.findById(updated.id);
    expect(reread?.grade).toEqual(updated);
    expect(reread?.audit.humanChanges).toHaveLength(1);
    expect(ids(await storage.grades.list({ limit: 10, status: "needs_review" }))).toEqual([grades[2]!.id]);
    expect((await storage.grades.list({ limit: 10 })).find((grade) => grade.id === updated.id)).toEqual(
      updated,
    );
  });

  it("updates a grade only while its version is the expected one (compare-and-set)", async () => {
    const grade = storedGrade();
    await storage.grades.insert({ grade, answer: "a", cacheKey: null, audit: audit(grade.id) });
    const change = (totalPoints: number) => ({ ...grade, totalPoints, gradedBy: "human" as const });
    // Two reviewers read version 1: the first write wins, the second changes nothing.
    expect(await storage.grades.update(change(2), audit(grade.id), 1)).toBe(true);
    expect(await storage.grades.update(change(0), audit(grade.id), 1)).toBe(false);
    let stored = await storage.grades.findById(grade.id);
    expect(stored?.grade).toMatchObject({ totalPoints: 2, version: 2 });
    // The stored version counts, whatever the written document says.
    expect(await storage.grades.update({ ...change(1), version: 99 }, audit(grade.id), 2)).toBe(true);
    stored = await storage.grades.findById(grade.id);
    expect(stored?.grade).toMatchObject({ totalPoints: 1, version: 3 });
    expect((await storage.grades.list({ limit: 1 }))[0]?.version).toBe(3);
    expect(await storage.grades.update({ ...change(1), id: "missing" }, audit("missing"), 1)).toBe(false);
  });

  it("lists newest first under every combination of status, rubric and student, paged by keyset", async () => {
    const combinations = [
      { status: "graded", rubricId: "r1", studentId: "s1" },
      { status: "needs_review", rubricId: "r1", studentId: "s2" },
      { status: "needs_review", rubricId: "r2", studentId: "s1" },
      { status: "graded", rubricId: "r2", studentId: "s2" },
      { status: "needs_review", rubricId: "r1", studentId: "s1" },
      { status: "graded", rubricId: "r1", studentId: null },
    ] as const;
    const inserted: StoredGrade[] = [];
    for (const [index, fields] of [...combinations, ...combinations].entries()) {
      const grade = storedGrade({ ...fields, id: `grd_${String(index).padStart(4, "0")}` });
      await storage.grades.insert({ grade, answer: "a", cacheKey: null, audit: audit(grade.id) });
      inserted.push(grade);
    }
    const newestFirst = [...inserted].reverse();
    const filters = [
      {},
      { status: "needs_review" },
      { rubricId: "r1" },
      { studentId: "s1" },
      { status: "graded", rubricId: "r1" },
      { status: "needs_review", studentId: "s1" },
      { rubricId: "r2", studentId: "s2" },
      { status: "needs_review", rubricId: "r1", studentId: "s1" },
      { studentId: "nobody" },
    ] as const;
    for (const filter of filters) {
      const expected = newestFirst
        .filter((grade) =>
          Object.entries(filter).every(([key, value]) => grade[key as keyof StoredGrade] === value),
        )
        .map((grade) => grade.id);
      expect(ids(await storage.grades.list({ ...filter, limit: 100 })), JSON.stringify(filter)).toEqual(
        expected,
      );
      // Page by page, two at a time, from the last id of each page: the same grades, none twice.
      const paged: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await storage.grades.list({ ...filter, limit: 2, ...(before ? { before } : {}) });
        paged.push(...ids(page));
        if (page.length < 2) break;
        before = page.at(-1)!.id;
      }
      expect(paged, JSON.stringify(filter)).toEqual(expected);
    }
  });

  it("claims idempotency keys under a lease, completes and releases them only for their holder", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const lease = (holder: string, from = 0) => ({ holder, now: at(from), expiresAt: at(from + 30) });
    expect(await storage.idempotency.claim("k", "hash-a", lease("A"))).toEqual({ state: "claimed" });
    expect(await storage.idempotency.claim("k", "hash-a", lease("B", 5))).toEqual({
      state: "in_progress",
      requestHash: "hash-a",
      leaseExpiresAt: at(30),
    });
    // Renewing moves the expiry; only the holder can.
    expect(await storage.idempotency.renew("k", "B", at(100))).toBe(false);
    expect(await storage.idempotency.renew("k", "A", at(40))).toBe(true);
    expect(await storage.idempotency.claim("k", "hash-a", lease("B", 35))).toMatchObject({
      state: "in_progress",
      leaseExpiresAt: at(40),
    });
    expect(await storage.idempotency.complete("k", "B", "grd_other")).toBe(false);
    await storage.idempotency.release("k", "B");
    expect(await storage.idempotency.complete("k", "A", "grd_1")).toBe(true);
    expect(await storage.idempotency.claim("k", "hash-b", lease("C"))).toEqual({
      state: "completed",
      requestHash: "hash-a",
      gradeId: "grd_1",
    });
    await storage.idempotency.release("k", "A");
    // A completed key is never released, renewed or taken over, however old.
    expect(await storage.idempotency.renew("k", "A", at(500))).toBe(false);
    expect((await storage.idempotency.claim("k", "hash-a", lease("C", 10_000))).state).toBe("completed");

    expect(await storage.idempotency.claim("j", "hash-a", lease("A"))).toEqual({ state: "claimed" });
    await storage.idempotency.release("j", "A");
    expect(await storage.idempotency.claim("j", "hash-a", lease("B"))).toEqual({ state: "claimed" });
  });

  it("reads what an idempotency key says without claiming it or writing anything", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const lease = (holder: string) => ({ holder, now, expiresAt: new Date(now.getTime() + 30_000) });
    expect(await storage.idempotency.find("k")).toBeUndefined();
    // Still free after it was read: a read takes nothing.
    expect(await storage.idempotency.claim("k", "hash-a", lease("A"))).toEqual({ state: "claimed" });
    expect(await storage.idempotency.find("k")).toEqual({
      state: "in_progress",
      requestHash: "hash-a",
      leaseExpiresAt: new Date(now.getTime() + 30_000),
    });
    expect(await storage.idempotency.complete("k", "A", "grd_1")).toBe(true);
    expect(await storage.idempotency.find("k")).toEqual({
      state: "completed",
      requestHash: "hash-a",
      gradeId: "grd_1",
    });
    // Another school's key of the same name is its own.
    expect(await storage.forTenant("north").idempotency.find("k")).toBeUndefined();
  });

  it("re-claims a completed key whose grade is gone for one request only", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const lease = (holder: string, from = 0) => ({ holder, now: at(from), expiresAt: at(from + 30) });
    expect(await storage.idempotency.claim("k", "hash-a", lease("A"))).toEqual({ state: "claimed" });
    // Not completed yet: nothing to re-claim.
    expect(await storage.idempotency.reclaim("k", "grd_1", lease("B"))).toBe(false);
    expect(await storage.idempotency.complete("k", "A", "grd_1")).toBe(true);
    // Another grade than the key's (it was graded again meanwhile), or an unknown key: refused.
    expect(await storage.idempotency.reclaim("k", "grd_other", lease("B"))).toBe(false);
    expect(await storage.idempotency.reclaim("unknown", "grd_1", lease("B"))).toBe(false);
    // Of two requests that found grd_1 gone, the first gets the key and the second sees it in progress.
    expect(await storage.idempotency.reclaim("k", "grd_1", lease("B", 1))).toBe(true);
    expect(await storage.idempotency.reclaim("k", "grd_1", lease("C", 1))).toBe(false);
    expect(await storage.idempotency.claim("k", "hash-a", lease("C", 2))).toEqual({
      state: "in_progress",
      requestHash: "hash-a",
      leaseExpiresAt: at(31),
    });
    // Held as any claim: renewed, completed with the new grade, only by its holder.
    expect(await storage.idempotency.renew("k", "B", at(40))).toBe(true);
    expect(await storage.idempotency.complete("k", "C", "grd_c")).toBe(false);
    expect(await storage.idempotency.complete("k", "B", "grd_2")).toBe(true);
    expect(await storage.idempotency.claim("k", "hash-a", lease("D", 3))).toEqual({
      state: "completed",
      requestHash: "hash-a",
      gradeId: "grd_2",
    });
    // Another school's key of the same name is its own.
    expect(await storage.forTenant("north").idempotency.reclaim("k", "grd_2", lease("E"))).toBe(false);
  });

  it("lets a claim whose lease expired be taken over by the same request, never by another", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const lease = (holder: string, from: number) => ({ holder, now: at(from), expiresAt: at(from + 30) });
    expect(await storage.idempotency.claim("k", "hash-a", lease("dead", 0))).toEqual({ state: "claimed" });
    expect((await storage.idempotency.claim("k", "hash-a", lease("B", 29))).state).toBe("in_progress");
    expect(await storage.idempotency.claim("k", "hash-b", lease("C", 31))).toMatchObject({
      state: "in_progress",
      requestHash: "hash-a",
    });
    expect(await storage.idempotency.claim("k", "hash-a", lease("B", 31))).toEqual({ state: "claimed" });
    // The dead holder lost it: it can neither renew nor complete, and its release frees nothing.
    expect(await storage.idempotency.renew("k", "dead", at(100))).toBe(false);
    expect(await storage.idempotency.complete("k", "dead", "grd_dead")).toBe(false);
    await storage.idempotency.release("k", "dead");
    expect(await storage.idempotency.claim("k", "hash-a", lease("D", 32))).toMatchObject({
      state: "in_progress",
      leaseExpiresAt: at(61),
    });
    expect(await storage.idempotency.complete("k", "B", "grd_b")).toBe(true);
    expect(await storage.idempotency.claim("k", "hash-a", lease("D", 33))).toMatchObject({
      state: "completed",
      gradeId: "grd_b",
    });
  });

  it("reads a school's and a rubric's calibration requirements together, each only its own", async () => {
    const requirements = storage.calibrationRequirements;
    const now = new Date("2026-12-01T10:00:00.000Z");
    expect(await requirements.findBoth("north", "r1")).toEqual({ tenant: null, rubric: null });
    await requirements.saveForRubric("north", "r1", { minQuadraticKappa: 0.8, minAnswers: 30 }, now);
    expect(await requirements.findBoth("north", "r1")).toEqual({
      tenant: null,
      rubric: { minQuadraticKappa: 0.8, minAnswers: 30 },
    });
    await requirements.save("north", { minQuadraticKappa: 0.6, minAnswers: 20 }, now);
    await requirements.saveForRubric("south", "r1", { minQuadraticKappa: 0.9, minAnswers: 40 }, now);
    expect(await requirements.findBoth("north", "r1")).toEqual({
      tenant: { minQuadraticKappa: 0.6, minAnswers: 20 },
      rubric: { minQuadraticKappa: 0.8, minAnswers: 30 },
    });
    // Another rubric of the school, and the other school: neither sees the rubric's own.
    expect(await requirements.findBoth("north", "r2")).toEqual({
      tenant: { minQuadraticKappa: 0.6, minAnswers: 20 },
      rubric: null,
    });
    expect(await requirements.findBoth("south", "r2")).toEqual({ tenant: null, rubric: null });
  });

  it("grants a named lease to one holder at a time until it expires or is released", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const terms = (holder: string, from: number) => ({ holder, now: at(from), expiresAt: at(from + 30) });
    expect(await storage.leases.acquire("grade-cache:x", terms("A", 0))).toBe(true);
    expect(await storage.leases.acquire("grade-cache:x", terms("B", 10))).toBe(false);
    expect(await storage.leases.acquire("grade-cache:y", terms("B", 10))).toBe(true);
    expect(await storage.leases.renew("grade-cache:x", "B", at(100))).toBe(false);
    expect(await storage.leases.renew("grade-cache:x", "A", at(50))).toBe(true);
    expect(await storage.leases.acquire("grade-cache:x", terms("B", 45))).toBe(false);
    // A holder that stopped renewing (its process died) loses the lease when it expires.
    expect(await storage.leases.acquire("grade-cache:x", terms("B", 50))).toBe(true);
    expect(await storage.leases.renew("grade-cache:x", "A", at(200))).toBe(false);
    await storage.leases.release("grade-cache:x", "A");
    expect(await storage.leases.acquire("grade-cache:x", terms("C", 51))).toBe(false);
    await storage.leases.release("grade-cache:x", "B");
    expect(await storage.leases.acquire("grade-cache:x", terms("C", 52))).toBe(true);
  });

  it("commits every write of a transaction together, or none when it throws", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const lease = { holder: "A", now, expiresAt: new Date(now.getTime() + 30_000) };
    const kept = storedGrade();
    await storage.idempotency.claim("kept", "hash", lease);
    const result = await storage.transaction(async (stores) => {
      await stores.grades.insert({ grade: kept, answer: "a", cacheKey: null, audit: audit(kept.id) });
      await stores.rubrics.save(rubric(), now);
      return stores.idempotency.complete("kept", "A", kept.id);
    });
    expect(result).toBe(true);
    expect((await storage.grades.findById(kept.id))?.grade).toEqual(kept);
    expect((await storage.idempotency.claim("kept", "hash", lease)).state).toBe("completed");
    expect(await storage.rubrics.findCurrent(rubric().id)).toBeDefined();

    const dropped = storedGrade();
    await storage.idempotency.claim("dropped", "hash", lease);
    const failure = new Error("fails after the writes");
    await expect(
      storage.transaction(async (stores) => {
        await stores.grades.insert({ grade: dropped, answer: "a", cacheKey: null, audit: audit(dropped.id) });
        await stores.idempotency.complete("dropped", "A", dropped.id);
        await stores.rubrics.save(rubric({ title: "Never saved" }), now);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await storage.grades.findById(dropped.id)).toBeUndefined();
    expect((await storage.idempotency.claim("dropped", "hash", lease)).state).toBe("in_progress");
    expect((await storage.rubrics.findCurrent(rubric().id))?.rubric.title).toBe(rubric().title);
    // The stores outside still work after a rollback.
    expect(await storage.grades.list({ limit: 10 })).toHaveLength(1);
  });

  it("keeps one open appeal per criterion of a grade: a second open one is not stored, resolved ones do not count", async () => {
    const appeal = (id: string, criterionId: string, status: Appeal["status"] = "open"): Appeal => ({
      id,
      gradeId: "grd_1",
      criterionId,
      reason: "r",
      by: "student",
      keyId: null,
      status,
      createdAt: "2026-11-28T10:00:00.000Z",
      resolution:
        status === "open"
          ? null
          : {
              outcome: status,
              reviewer: "t",
              reason: "r",
              keyId: null,
              points: null,
              at: "2026-11-28T11:00:00.000Z",
            },
    });
    expect(await storage.appeals.insert(appeal("apl_1", "inputs"))).toBe(true);
    expect(await storage.appeals.insert(appeal("apl_2", "inputs"))).toBe(false);
    expect(await storage.appeals.find("apl_2")).toBeUndefined();
    expect(await storage.appeals.insert(appeal("apl_3", "outputs"))).toBe(true);
    // Another school's grade of the same id is another grade.
    expect(await storage.forTenant("north").appeals.insert(appeal("apl_4", "inputs"))).toBe(true);
    // Once resolved, the criterion may take an open appeal again, and keeps its resolved ones.
    await storage.appeals.update(appeal("apl_1", "inputs", "denied"));
    expect(await storage.appeals.insert(appeal("apl_5", "inputs"))).toBe(true);
    expect(await storage.appeals.insert(appeal("apl_6", "inputs", "upheld"))).toBe(true);
    expect((await storage.appeals.listForGrade("grd_1")).map((filed) => [filed.id, filed.status])).toEqual([
      ["apl_1", "denied"],
      ["apl_3", "open"],
      ["apl_5", "open"],
      ["apl_6", "upheld"],
    ]);
  });

  it("keeps tenants apart: the same ids in two schools are two things, and one never sees the other's", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const lease = { holder: "A", now, expiresAt: new Date(now.getTime() + 30_000) };
    expect(
      await storage.tenants.create({ id: "north", name: "North School", createdAt: now.toISOString() }),
    ).toBe(true);
    expect(await storage.tenants.create({ id: "north", name: "Again", createdAt: now.toISOString() })).toBe(
      false,
    );
    const north = storage.forTenant("north");
    const south = storage.forTenant("south");
    await north.rubrics.save(rubric({ title: "North's" }), now);
    await south.rubrics.save(rubric({ title: "South's" }), now);
    expect((await north.rubrics.findCurrent(rubric().id))?.rubric.title).toBe("North's");
    expect((await south.rubrics.findCurrent(rubric().id))?.rubric.title).toBe("South's");
    expect(await storage.rubrics.findCurrent(rubric().id)).toBeUndefined();
    expect((await north.rubrics.list()).map((summary) => summary.title)).toEqual(["North's"]);

    const northGrade = storedGrade();
    await north.grades.insert({
      grade: northGrade,
      answer: "north answer",
      cacheKey: "shared-key",
      audit: audit(northGrade.id),
      submittedBy: "key_north",
    });
    expect((await north.grades.findById(northGrade.id))?.submittedBy).toBe("key_north");
    expect(await south.grades.findById(northGrade.id)).toBeUndefined();
    expect(await south.grades.findByCacheKey("shared-key")).toBeUndefined();
    expect(await south.grades.list({ limit: 10 })).toEqual([]);
    expect(await south.grades.update(northGrade, audit(northGrade.id), 1)).toBe(false);
    expect(ids(await north.grades.list({ limit: 10, submittedBy: "key_north" }))).toEqual([northGrade.id]);
    expect(await north.grades.list({ limit: 10, submittedBy: "key_other" })).toEqual([]);

    // Two schools may use the same Idempotency-Key.
    expect((await north.idempotency.claim("same", "hash-n", lease)).state).toBe("claimed");
    expect((await south.idempotency.claim("same", "hash-s", lease)).state).toBe("claimed");
  });

  it("stores API keys by hash, per tenant, and revokes them", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const record = {
      id: "key_1",
      tenantId: "default",
      role: "teacher" as const,
      name: "Ms Smith",
      keyHash: "a".repeat(64),
      keyPrefix: "rg_abcdef",
      createdAt: now.toISOString(),
      revokedAt: null,
    };
    await storage.apiKeys.insert(record);
    expect(await storage.apiKeys.findByHash("a".repeat(64))).toEqual(record);
    expect(await storage.apiKeys.findByHash("b".repeat(64))).toBeUndefined();
    expect(await storage.apiKeys.list("default")).toEqual([record]);
    expect(await storage.apiKeys.list("north")).toEqual([]);
    expect(await storage.apiKeys.revoke("north", "key_1", now.toISOString())).toBe(false);
    expect(await storage.apiKeys.revoke("default", "key_1", now.toISOString())).toBe(true);
    expect(await storage.apiKeys.revoke("default", "key_1", now.toISOString())).toBe(false);
    expect((await storage.apiKeys.findByHash("a".repeat(64)))?.revokedAt).toBe(now.toISOString());
  });
});
