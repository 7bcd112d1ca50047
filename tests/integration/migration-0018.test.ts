import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrationBackends } from "../helpers/migration-backends.js";

const backends = migrationBackends("migration_0018");

const hourMs = 60 * 60 * 1000;

describe.each(backends)(
  "upgrading a $name database made before job items said their answer was purged (0018)",
  (backend) => {
    it.skipIf(backend.skip)(
      "keeps failed items retention could have emptied from retries, and retries a recent blank one",
      async () => {
        const migrated = await backend.migrateTo("0017-partial-grade-indexes");
        const { db } = migrated;
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

        const storage = await migrated.openStorage();
        const retry = (jobId: string) => storage.jobsFor("default").retryFailed(jobId, undefined, new Date());
        expect(await retry("job_old")).toEqual({ retried: 0, purged: 1 });
        expect(await retry("job_kept")).toEqual({ retried: 1, purged: 0 });
        expect(await retry("job_new")).toEqual({ retried: 1, purged: 0 });
      },
    );
  },
);
