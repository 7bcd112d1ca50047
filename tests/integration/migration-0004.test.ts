import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scrubPurgedGrade } from "../../src/grading/answer-purge.js";
import { openStorage } from "../../src/storage/database.js";
import { migrationProvider } from "../../src/storage/sql/migrations.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-migrate-0004-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("upgrading a database made before erasure and retention (0004)", () => {
  it("keeps every grade with its answer, not purged, and can purge and erase them", async () => {
    const path = join(directory, "grader.db");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const before = await new Migrator({ db, provider: migrationProvider }).migrateTo(
      "0003-tenants-and-api-keys",
    );
    expect(before.error).toBeUndefined();
    const at = "2026-01-01T10:00:00.000Z";
    const grade = {
      id: "grd_old",
      rubricId: "r",
      rubricVersion: "v",
      studentId: "s-1",
      criteria: [],
      version: 1,
    };
    const audit = {
      attempts: [{ rawReply: "old reply", problems: [] }],
      flags: [],
      screening: { findings: [], removedCharacters: [], modelScreen: null },
      modelResult: { criteria: [] },
    };
    await sql`insert into grades (id, tenant_id, rubric_id, rubric_version, student_id, status, graded_by, cache_key, created_at, updated_at, grade, audit, answer)
      values ('grd_old', 'default', 'r', 'v', 's-1', 'graded', 'model', 'ck', ${at}, ${at}, ${JSON.stringify(grade)}, ${JSON.stringify(audit)}, 'old answer')`.execute(
      db,
    );
    await db.destroy();

    const storage = await openStorage({ kind: "sqlite", path });
    try {
      expect(await storage.grades.findById("grd_old")).toMatchObject({
        answer: "old answer",
        answerPurgedAt: null,
      });
      expect(await storage.studentDataFor("default").listErasures(10, undefined)).toEqual([]);
      const purged = await storage.answerRetention.purgeAnswers({
        before: "2026-02-01T00:00:00.000Z",
        at: "2026-02-01T00:00:00.000Z",
        limit: 10,
        scrub: scrubPurgedGrade,
      });
      expect(purged).toBe(1);
      const stored = await storage.grades.findById("grd_old");
      expect(stored).toMatchObject({ answer: "", answerPurgedAt: "2026-02-01T00:00:00.000Z" });
      expect(stored?.audit.attempts[0]?.rawReply).toBeNull();
    } finally {
      await storage.close();
    }
  });
});
