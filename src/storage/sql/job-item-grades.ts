import type { Kysely } from "kysely";
import type { GradeStatus } from "../../grading/grade.js";
import type { Database } from "./schema.js";

/**
 * A job item that ended in a grade is `graded` or `needs_review` as its grade is now, and its job
 * counts it so: a teacher's approval, change, group decision, reopening or appeal moves the item and
 * the job's `graded` / `needsReview` counters with the grade, in the grade's transaction. The queue's
 * own states (`queued`, `running`, `failed`, `cancelled`…) are never touched, so neither is `pending`
 * nor the job's status (an item moves between two ended states: the number of ended items stays).
 *
 * Served by job_items_grade (grade_id): a grade has one item at most (a cached copy is a grade of its
 * own). Locks, on PostgreSQL, in the order every writer takes them: the grade (its caller's update),
 * then the item, then the job's row.
 */
export async function moveJobItemsWithGrade(
  trx: Kysely<Database>,
  tenantId: string,
  gradeId: string,
  status: GradeStatus,
  at: string,
): Promise<void> {
  const from: GradeStatus = status === "graded" ? "needs_review" : "graded";
  const moved = await trx
    .updateTable("job_items")
    .set({ state: status, updated_at: at })
    .where("grade_id", "=", gradeId)
    .where("tenant_id", "=", tenantId)
    .where("state", "=", from)
    .returning("job_id")
    .execute();
  const perJob = new Map<string, number>();
  for (const { job_id } of moved) perJob.set(job_id, (perJob.get(job_id) ?? 0) + 1);
  for (const [jobId, count] of perJob) {
    await trx
      .updateTable("jobs")
      .set((eb) => ({
        [status]: eb(status, "+", count),
        [from]: eb(from, "-", count),
        updated_at: at,
      }))
      .where("id", "=", jobId)
      .where("tenant_id", "=", tenantId)
      .execute();
  }
}
