import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage } from "../../src/storage/database.js";
import { migrationProvider } from "../../src/storage/sql/migrations.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-migrate-0018-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const hourMs = 60 * 60 * 1000;

describe("upgrading a database made before job items said their answer was purged (0018)", () => {
  it("keeps failed items retention could have emptied from retries, and retries a recent blank one", async () => {
    const path = join(directory, "grader.db");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const before = await new Migrator({ db, provider: migrationProvider }).migrateTo(
      "0017-partial-grade-indexes",
    );
    expect(before.error).toBeUndefined();
    const now = Date.now();
    // Two days old: its empty failed item may be one the purge emptied (the shortest retention is a day).
    // An hour old: no purge can have reached it, so its empty failed item is a blank answer.
    const jobs = [
      { id: "job_old", createdAt: new Date(now - 48 * hourMs).toISOString(), answer: "" },
      { id: "job_kept", createdAt: new Date(now - 48 * hourMs).toISOString(), answer: "kept text" },
      { id: "job_new", createdAt: new Date(now - hourMs).toISOString(), answer: "" },
    ];
    for (const job of jobs) {
      await sql`insert into jobs (id, tenant_id, submitted_by, submitted_role, rubric_id, rubric_version, source, status, total, graded, needs_review, failed, cancelled, last_event_id, created_at, updated_at, finished_at)
        values (${job.id}, 'default', null, 'admin', 'r', 'v', 'api', 'completed', 1, 0, 0, 1, 0, 1, ${job.createdAt}, ${job.createdAt}, ${job.createdAt})`.execute(
        db,
      );
      await sql`insert into job_items (job_id, seq, tenant_id, answer, student_id, submission_id, state, available_at, lease_holder, attempts, deferrals, grade_id, error_code, error_message, event_id, updated_at)
        values (${job.id}, 1, 'default', ${job.answer}, null, null, 'failed', ${job.createdAt}, null, 3, 0, null, 'internal_error', 'gave up', 1, ${job.createdAt})`.execute(
        db,
      );
    }
    await db.destroy();

    const storage = await openStorage({ kind: "sqlite", path });
    try {
      const retry = (jobId: string) => storage.jobsFor("default").retryFailed(jobId, undefined, new Date());
      expect(await retry("job_old")).toEqual({ retried: 0, purged: 1 });
      expect(await retry("job_kept")).toEqual({ retried: 1, purged: 0 });
      expect(await retry("job_new")).toEqual({ retried: 1, purged: 0 });
    } finally {
      await storage.close();
    }
  });
});
