import { sql, type ExpressionBuilder, type Kysely, type Selectable } from "kysely";
import type { Role } from "../../grading/access.js";
import {
  itemIdempotencyKey,
  type ClaimedJobItem,
  type ItemClaim,
  type Job,
  type JobItem,
  type JobQueueStore,
  type JobStore,
} from "../../grading/jobs.js";
import type { GradeStatus } from "../../grading/grade.js";
import { isPostgres, lockInTransaction } from "./dialect.js";
import type { Database, JobItemTable, JobTable } from "./schema.js";
import { atomically, createRubricStore, gradeFromRow } from "./sql-stores.js";

/**
 * Jobs and their items (grading/jobs.ts). Every transition of an item is a compare-and-set on its
 * state and lease holder, so a worker that lost its lease (stalled past it, or presumed dead) writes
 * nothing. A job's counters change in the same transaction as the item they count.
 */

/** Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters (9 columns each). */
const insertChunk = 500;

/**
 * The largest item number and event number a row can hold: `integer` is 4 bytes on PostgreSQL (SQLite's
 * integers are 8). A position the client gave (a results cursor, a Last-Event-ID, up to 15 digits) past it
 * is past every row, and is answered so here: bound as a parameter of an `integer` comparison, PostgreSQL
 * refuses it (22003, out of range for type integer), and a page that SQLite answers empty was a 500.
 */
const maxRowInteger = 2_147_483_647;

function jobFromRow(row: Selectable<JobTable>): Job {
  const graded = Number(row.graded);
  const needsReview = Number(row.needs_review);
  const failed = Number(row.failed);
  const cancelled = Number(row.cancelled);
  const total = Number(row.total);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    rubricId: row.rubric_id,
    rubricVersion: row.rubric_version,
    status: row.status as Job["status"],
    source: row.source as Job["source"],
    counts: {
      total,
      graded,
      needsReview,
      failed,
      cancelled,
      pending: total - graded - needsReview - failed - cancelled,
    },
    submittedBy: row.submitted_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    release: row.released_at
      ? {
          by: row.released_by ?? null,
          at: row.released_at,
          calibrationId: row.released_by_calibration ?? null,
        }
      : null,
  };
}

type ItemRow = Omit<Selectable<JobItemTable>, "answer" | "answer_purged_at">;

function itemFromRow(row: ItemRow): JobItem {
  return {
    jobId: row.job_id,
    seq: Number(row.seq),
    state: row.state as JobItem["state"],
    studentId: row.student_id,
    submissionId: row.submission_id,
    attempts: Number(row.attempts),
    gradeId: row.grade_id,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? "" },
    eventId: row.event_id === null ? null : Number(row.event_id),
    updatedAt: row.updated_at,
  };
}

const itemColumns = [
  "job_items.job_id",
  "job_items.seq",
  "job_items.tenant_id",
  "job_items.student_id",
  "job_items.submission_id",
  "job_items.state",
  "job_items.available_at",
  "job_items.lease_holder",
  "job_items.attempts",
  "job_items.deferrals",
  "job_items.grade_id",
  "job_items.error_code",
  "job_items.error_message",
  "job_items.event_id",
  "job_items.updated_at",
] as const;

export function createJobStore(db: Kysely<Database>, tenantId: string): JobStore {
  return {
    create({ id, owner, rubricId, rubricVersion, source, now, idempotencyKey }) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        // Under the lock a rubric's delete takes: the delete waits for this job, and then sees it.
        if (!(await createRubricStore(trx, tenantId).holdVersion(rubricId, rubricVersion))) {
          return "rubric_gone" as const;
        }
        const inserted = await trx
          .insertInto("jobs")
          .values({
            id,
            tenant_id: tenantId,
            submitted_by: owner.keyId,
            submitted_role: owner.role,
            rubric_id: rubricId,
            rubric_version: rubricVersion,
            source,
            status: "receiving",
            total: 0,
            graded: 0,
            needs_review: 0,
            failed: 0,
            cancelled: 0,
            last_event_id: 0,
            created_at: at,
            updated_at: at,
            finished_at: null,
            idempotency_key: idempotencyKey ?? null,
          })
          // The unique (tenant, key) index decides between two requests with one key.
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1
          ? ("created" as const)
          : ("key_taken" as const);
      });
    },

    async findByIdempotencyKey(key) {
      const row = await db
        .selectFrom("jobs")
        .select(["id", "status", "request_hash", "created_at", "updated_at"])
        .where("tenant_id", "=", tenantId)
        .where("idempotency_key", "=", key)
        .executeTakeFirst();
      return (
        row && {
          jobId: row.id,
          status: row.status as Job["status"] | "receiving",
          requestHash: row.request_hash,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        }
      );
    },

    async renewReceiving(jobId, now) {
      const renewed = await db
        .updateTable("jobs")
        .set({ updated_at: now.toISOString() })
        .where("id", "=", jobId)
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "receiving")
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) === 1;
    },

    discardIfAbandoned(jobId, before) {
      return atomically(db, async (trx) => {
        const deleted = await trx
          .deleteFrom("jobs")
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "receiving")
          .where("updated_at", "<", before.toISOString())
          .executeTakeFirst();
        // Its items go with it (job_items.job_id cascades on delete).
        return Number(deleted.numDeletedRows) === 1;
      });
    },

    async appendItems(jobId, firstSeq, items, now) {
      const at = now.toISOString();
      for (let start = 0; start < items.length; start += insertChunk) {
        const rows = items.slice(start, start + insertChunk).map((item, index) => ({
          job_id: jobId,
          seq: firstSeq + start + index,
          tenant_id: tenantId,
          answer: item.answer,
          student_id: item.studentId,
          submission_id: item.submissionId,
          state: "receiving",
          available_at: at,
          lease_holder: null,
          attempts: 0,
          deferrals: 0,
          grade_id: null,
          error_code: null,
          error_message: null,
          event_id: null,
          updated_at: at,
        }));
        await db.insertInto("job_items").values(rows).execute();
      }
    },

    async open(jobId, total, now, requestHash, hold) {
      const at = now.toISOString();
      await atomically(db, async (trx) => {
        await trx
          .updateTable("job_items")
          .set({ state: hold ? "held" : "queued", available_at: at, updated_at: at })
          .where("job_id", "=", jobId)
          .where("state", "=", "receiving")
          .execute();
        await trx
          .updateTable("jobs")
          .set({
            status: total === 0 ? "completed" : hold ? "awaiting_calibration" : "queued",
            total,
            updated_at: at,
            finished_at: total === 0 ? at : null,
            request_hash: requestHash ?? null,
          })
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "receiving")
          .execute();
      });
    },

    release(jobId, by, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        const released = await trx
          .updateTable("jobs")
          .set({ status: "queued", released_by: by, released_at: at, updated_at: at })
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "awaiting_calibration")
          .executeTakeFirst();
        if (Number(released.numUpdatedRows) !== 1) return false;
        await trx
          .updateTable("job_items")
          .set({ state: "queued", available_at: at, updated_at: at })
          .where("job_id", "=", jobId)
          .where("state", "=", "held")
          .execute();
        return true;
      });
    },

    releaseForCalibration(rubricId, rubricVersion, calibrationId, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        const held = await trx
          .selectFrom("jobs")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("rubric_id", "=", rubricId)
          .where("rubric_version", "=", rubricVersion)
          .where("status", "=", "awaiting_calibration")
          .execute();
        const released: string[] = [];
        for (const { id } of held) {
          // Guarded by the status, like a teacher's release: whichever comes first releases the job.
          const updated = await trx
            .updateTable("jobs")
            .set({
              status: "queued",
              released_by: null,
              released_by_calibration: calibrationId,
              released_at: at,
              updated_at: at,
            })
            .where("id", "=", id)
            .where("status", "=", "awaiting_calibration")
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) continue;
          await trx
            .updateTable("job_items")
            .set({ state: "queued", available_at: at, updated_at: at })
            .where("job_id", "=", id)
            .where("state", "=", "held")
            .execute();
          released.push(id);
        }
        return released;
      });
    },

    async discard(jobId) {
      await atomically(db, async (trx) => {
        const job = await trx
          .selectFrom("jobs")
          .select("id")
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("status", "=", "receiving")
          .executeTakeFirst();
        if (!job) return;
        await trx.deleteFrom("job_items").where("job_id", "=", jobId).execute();
        await trx.deleteFrom("jobs").where("id", "=", jobId).execute();
      });
    },

    async find(jobId) {
      const row = await db
        .selectFrom("jobs")
        .selectAll()
        .where("id", "=", jobId)
        .where("tenant_id", "=", tenantId)
        .where("status", "!=", "receiving")
        .executeTakeFirst();
      return row && jobFromRow(row);
    },

    async list({ before, limit, submittedBy }) {
      let query = db
        .selectFrom("jobs")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("status", "!=", "receiving");
      if (submittedBy !== undefined) query = query.where("submitted_by", "=", submittedBy);
      if (before !== undefined) query = query.where("id", "<", before);
      const rows = await query.orderBy("id", "desc").limit(limit).execute();
      return rows.map(jobFromRow);
    },

    async results(jobId, afterSeq, limit) {
      if (afterSeq >= maxRowInteger) return [];
      const rows = await db
        .selectFrom("job_items")
        .leftJoin("grades", (join) =>
          join
            .onRef("grades.id", "=", "job_items.grade_id")
            .onRef("grades.tenant_id", "=", "job_items.tenant_id"),
        )
        .select([...itemColumns, "grades.grade", "grades.version"])
        .where("job_items.job_id", "=", jobId)
        .where("job_items.tenant_id", "=", tenantId)
        .where("job_items.seq", ">", afterSeq)
        .orderBy("job_items.seq")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        ...itemFromRow(row),
        grade:
          row.grade === null || row.version === null
            ? null
            : gradeFromRow({ grade: row.grade, version: Number(row.version) }),
      }));
    },

    async events(jobId, afterEventId, limit) {
      if (afterEventId >= maxRowInteger) return [];
      const rows = await db
        .selectFrom("job_items")
        .select(itemColumns)
        .where("job_id", "=", jobId)
        .where("tenant_id", "=", tenantId)
        .where("event_id", ">", afterEventId)
        .orderBy("event_id")
        .limit(limit)
        .execute();
      return rows.map(itemFromRow);
    },

    cancel(jobId, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "job", jobId);
        const job = await trx
          .selectFrom("jobs")
          .select(["status"])
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("status", "!=", "receiving")
          .executeTakeFirst();
        if (!job) return undefined;
        // Read under the job's lock: its last item may have been settled since the caller read it.
        if (job.status === "completed") return "finished" as const;
        // A cancel that committed since the caller read the job (two at once, say) marked it already:
        // marking it again would write a later updated_at over the first cancel's.
        if (job.status === "cancelled") return "cancelled" as const;
        // Only the job's row: its items (up to 100,000) are cancelled afterwards in bounded chunks
        // (`cancelWaitingItems`), so that no one transaction holds the event loop (SQLite writes
        // synchronously) or the job's lock for long. From this commit on no claim starts an item of
        // the job (`notOfCancelledJob`), and the counters stay right: an item counts as cancelled in
        // the transaction that cancels it.
        await trx
          .updateTable("jobs")
          .set({ status: "cancelled", updated_at: at })
          .where("id", "=", jobId)
          .execute();
        return "marked" as const;
      });
    },

    cancelWaitingItems(jobId, afterSeq, limit, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "job", jobId);
        const job = await trx
          .selectFrom("jobs")
          .select(["status", "total"])
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst();
        if (job?.status !== "cancelled") return { cancelled: 0, throughSeq: null };
        // Items are numbered 1 to the job's total: the chunk is the next `limit` of them in upload
        // order, whatever their states, so that its work is bounded however few still wait.
        const total = Number(job.total);
        const throughSeq = Math.min(afterSeq + limit, total);
        const cancelled =
          throughSeq <= afterSeq
            ? 0
            : await cancelWithEvents(trx, jobId, ["queued", "held"], { answer: "" }, at, undefined, {
                afterSeq,
                throughSeq,
              });
        if (cancelled > 0) {
          await trx
            .updateTable("jobs")
            .set((eb) => ({ cancelled: eb("cancelled", "+", cancelled), updated_at: at }))
            .where("id", "=", jobId)
            .execute();
        }
        // Every item ended (none waits, none runs): the job has finished. Its counters say so exactly,
        // kept under this lock by every writer.
        await trx
          .updateTable("jobs")
          .set({ finished_at: at })
          .where("id", "=", jobId)
          .where("finished_at", "is", null)
          .where(everyItemEnded)
          .execute();
        return { cancelled, throughSeq: throughSeq >= total ? null : throughSeq };
      });
    },

    retryFailed(jobId, seqs, now) {
      const at = now.toISOString();
      const named = seqs === undefined ? undefined : seqs.length > 0 ? [...seqs] : [-1];
      return atomically(db, async (trx) => {
        await lockInTransaction(trx, "job", jobId);
        // Read under the job's lock: a cancel may have committed since the caller read the job, and a
        // cancelled job is not restarted.
        const job = await trx
          .selectFrom("jobs")
          .select("status")
          .where("id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst();
        if (job?.status === "cancelled") return "cancelled" as const;
        let purgedQuery = trx
          .selectFrom("job_items")
          .select((eb) => eb.fn.countAll<number | string>().as("count"))
          .where("job_id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("state", "=", "failed")
          .where("answer_purged_at", "is not", null);
        if (named !== undefined) purgedQuery = purgedQuery.where("seq", "in", named);
        const purged = Number((await purgedQuery.executeTakeFirstOrThrow()).count);
        let update = trx
          .updateTable("job_items")
          .set({
            state: "queued",
            available_at: at,
            attempts: 0,
            deferrals: 0,
            error_code: null,
            error_message: null,
            event_id: null,
            updated_at: at,
          })
          .where("job_id", "=", jobId)
          .where("tenant_id", "=", tenantId)
          .where("state", "=", "failed")
          // Retention purged its answer: there is nothing left to grade. An empty answer that was not
          // purged is a blank one, graded 0 by rule.
          .where("answer_purged_at", "is", null);
        if (named !== undefined) update = update.where("seq", "in", named);
        const result = await update.executeTakeFirst();
        const retried = Number(result.numUpdatedRows);
        if (retried > 0) {
          await trx
            .updateTable("jobs")
            .set((eb) => ({
              status: "running",
              failed: eb("failed", "-", retried),
              updated_at: at,
              finished_at: null,
            }))
            .where("id", "=", jobId)
            .execute();
        }
        return { retried, purged };
      });
    },
  };
}

/** A job whose counters say every item has ended: graded, for review, failed or cancelled. */
function everyItemEnded(eb: ExpressionBuilder<Database, "jobs">) {
  return eb(
    eb("graded", "+", eb("needs_review", "+", eb("failed", "+", eb.ref("cancelled")))),
    ">=",
    eb.ref("total"),
  );
}

/**
 * A waiting item whose job is not cancelled. A cancel marks its job first and cancels the job's waiting
 * items afterwards, in chunks (`cancelWaitingItems`): in between they are still `queued`, and a claim
 * (in this process or another, on either engine) must not start them.
 */
function notOfCancelledJob(eb: ExpressionBuilder<Database, "job_items">) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom("jobs")
        .select("jobs.id")
        .whereRef("jobs.id", "=", "job_items.job_id")
        .where("jobs.status", "=", "cancelled"),
    ),
  );
}

export function createJobQueueStore(db: Kysely<Database>): JobQueueStore {
  return {
    claim({ holder, limit, maxRunning, now, leaseUntil }) {
      const at = now.toISOString();
      const until = leaseUntil.toISOString();
      return atomically(db, async (trx) => {
        // One claim at a time in the whole database, so that the count of running items holds.
        await lockInTransaction(trx, "job-queue-claim");
        const free = Math.min(limit, maxRunning - (await countRunning(trx, at)));
        if (free <= 0) return [];
        // Items whose worker died come first (they have waited longest), then queued ones that are due;
        // each read walks the (state, available_at) index in order and stops at `free`.
        const due = (state: "running" | "queued", count: number) =>
          trx
            .selectFrom("job_items")
            .select(["job_id", "seq"])
            .where("state", "=", state)
            .where("available_at", "<=", at)
            .$if(state === "queued", (query) => query.where(notOfCancelledJob))
            .orderBy("available_at")
            .limit(count)
            .execute();
        const orphaned = await due("running", free);
        const picked = [
          ...orphaned,
          ...(orphaned.length < free ? await due("queued", free - orphaned.length) : []),
        ];
        return leaseItems(trx, picked, holder, at, until);
      });
    },

    claimItem({ jobId, seq, holder, maxRunning, now, leaseUntil }) {
      const at = now.toISOString();
      const until = leaseUntil.toISOString();
      return atomically(db, async (trx): Promise<ItemClaim> => {
        // The same lock as `claim`: the count of running items holds whichever engine leases.
        await lockInTransaction(trx, "job-queue-claim");
        const row = await trx
          .selectFrom("job_items")
          .select(["state", "available_at"])
          .where("job_id", "=", jobId)
          .where("seq", "=", seq)
          .executeTakeFirst();
        if (!row || (row.state !== "queued" && row.state !== "running")) return { kind: "done" };
        if (row.available_at > at) {
          return {
            kind: "later",
            at: new Date(row.available_at),
            reason: row.state === "queued" ? "not_due" : "leased",
          };
        }
        const running = await countRunning(trx, at);
        if (running >= maxRunning) return { kind: "later", at: now, reason: "at_capacity" };
        const [item] = await leaseItems(trx, [{ job_id: jobId, seq }], holder, at, until);
        return item ? { kind: "claimed", item } : { kind: "done" };
      });
    },

    async queuedItems(jobId, afterSeq, limit) {
      const rows = await db
        .selectFrom("job_items")
        .select(["job_id", "seq", "available_at"])
        .where("job_id", "=", jobId)
        .where("seq", ">", afterSeq)
        .where("state", "=", "queued")
        .where(notOfCancelledJob)
        .orderBy("seq")
        .limit(limit)
        .execute();
      return rows.map(dispatchableFromRow);
    },

    async overdueItems({ queuedBefore, leaseExpiredBefore, limit }) {
      // Each read walks the (state, available_at) index in order and stops at `limit`.
      const overdue = (state: "running" | "queued", before: Date) =>
        db
          .selectFrom("job_items")
          .select(["job_id", "seq", "available_at"])
          .where("state", "=", state)
          .where("available_at", "<=", before.toISOString())
          .$if(state === "queued", (query) => query.where(notOfCancelledJob))
          .orderBy("available_at")
          .limit(limit)
          .execute();
      const orphaned = await overdue("running", leaseExpiredBefore);
      const stranded = orphaned.length < limit ? await overdue("queued", queuedBefore) : [];
      return [...orphaned, ...stranded].slice(0, limit).map(dispatchableFromRow);
    },

    async renew(items, holder, leaseUntil) {
      const until = leaseUntil.toISOString();
      for (const { jobId, seq } of items) {
        await db
          .updateTable("job_items")
          .set({ available_at: until })
          .where("job_id", "=", jobId)
          .where("seq", "=", seq)
          .where("state", "=", "running")
          .where("lease_holder", "=", holder)
          .execute();
      }
    },

    async storedGrade({ jobId, seq, owner }, now) {
      // The idempotency store keeps a tenant's keys as `<tenant>:<key>` (sql-stores.ts).
      const key = await db
        .selectFrom("idempotency_keys")
        .leftJoin("grades", (join) =>
          join
            .onRef("grades.id", "=", "idempotency_keys.grade_id")
            .on("grades.tenant_id", "=", owner.tenantId),
        )
        .select([
          "idempotency_keys.state",
          "idempotency_keys.lease_expires_at",
          "grades.id as grade_id",
          "grades.status",
        ])
        .where("idempotency_keys.key", "=", `${owner.tenantId}:${itemIdempotencyKey(jobId, seq)}`)
        .executeTakeFirst();
      if (!key) return undefined;
      if (key.state === "in_progress") {
        const live = key.lease_expires_at !== null && key.lease_expires_at > now.toISOString();
        return live ? { kind: "in_progress" as const } : undefined;
      }
      if (key.grade_id === null || key.status === null) return undefined;
      return { kind: "graded" as const, gradeId: key.grade_id, status: key.status as GradeStatus };
    },

    settle({ jobId, seq }, holder, outcome, now) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        // A graded item ends as its grade is now: a teacher may have approved or reopened the grade since
        // it was stored. Read (locked, on PostgreSQL) before the job's lock, in the order a review locks
        // (the grade, then its item, then the job): a review committed meanwhile is seen here, and one that
        // waits for this transaction then finds the item and moves it (job-item-grades.ts).
        const status =
          outcome.kind === "graded"
            ? ((await currentGradeStatus(trx, outcome.gradeId)) ?? outcome.status)
            : undefined;
        // The job's row is the lock: counters and event ids of one job are handed out one at a time.
        await lockInTransaction(trx, "job", jobId);
        const held = await trx
          .selectFrom("job_items")
          .select(["seq"])
          .where("job_id", "=", jobId)
          .where("seq", "=", seq)
          .where("state", "=", "running")
          .where("lease_holder", "=", holder)
          .executeTakeFirst();
        if (!held) return false;
        const item = trx.updateTable("job_items").where("job_id", "=", jobId).where("seq", "=", seq);
        const job = await trx
          .selectFrom("jobs")
          .select(["last_event_id", "status", "total", "graded", "needs_review", "failed", "cancelled"])
          .where("id", "=", jobId)
          .executeTakeFirstOrThrow();
        // A job cancelled while this item ran lets it finish, but never queues it again: an item to be
        // retried ends `cancelled` as the cancel ended the job's waiting items.
        const cancelledRetry = outcome.kind === "retry" && job.status === "cancelled";
        if (outcome.kind === "retry" && !cancelledRetry) {
          await item
            .set((eb) => ({
              state: "queued",
              available_at: outcome.at.toISOString(),
              lease_holder: null,
              attempts: outcome.countsAsAttempt ? eb("attempts", "+", 1) : eb.ref("attempts"),
              deferrals: outcome.countsAsAttempt ? eb.ref("deferrals") : eb("deferrals", "+", 1),
              error_code: outcome.code,
              error_message: outcome.message,
              updated_at: at,
            }))
            .execute();
          return true;
        }
        const eventId = Number(job.last_event_id) + 1;
        // The student was erased while the item ran: it ends as the erasure ended their waiting items.
        const erased = outcome.kind === "failed" && outcome.code === "student_erased";
        const counter =
          cancelledRetry || erased
            ? "cancelled"
            : outcome.kind === "failed"
              ? "failed"
              : status === "needs_review"
                ? "needs_review"
                : "graded";
        await item
          .set((eb) =>
            cancelledRetry || outcome.kind === "retry"
              ? {
                  state: "cancelled",
                  lease_holder: null,
                  answer: "",
                  error_code: null,
                  error_message: null,
                  event_id: eventId,
                  updated_at: at,
                }
              : outcome.kind === "failed"
                ? {
                    state: erased ? "cancelled" : "failed",
                    lease_holder: null,
                    attempts: eb("attempts", "+", 1),
                    error_code: outcome.code,
                    error_message: outcome.message,
                    event_id: eventId,
                    updated_at: at,
                  }
                : {
                    state: status ?? outcome.status,
                    lease_holder: null,
                    grade_id: outcome.gradeId,
                    // The grade holds the answer now (and retention and erasure reach it there).
                    answer: "",
                    error_code: null,
                    error_message: null,
                    event_id: eventId,
                    updated_at: at,
                  },
          )
          .execute();
        const ended =
          Number(job.graded) + Number(job.needs_review) + Number(job.failed) + Number(job.cancelled) + 1;
        const finished = ended >= Number(job.total);
        await trx
          .updateTable("jobs")
          .set((eb) => ({
            [counter]: eb(counter, "+", 1),
            last_event_id: eventId,
            updated_at: at,
            ...(finished
              ? { finished_at: at, ...(job.status === "cancelled" ? {} : { status: "completed" }) }
              : {}),
          }))
          .where("id", "=", jobId)
          .execute();
        return true;
      });
    },

    async nextDueAt() {
      const earliest = async (state: string) =>
        (
          await db
            .selectFrom("job_items")
            .select("available_at")
            .where("state", "=", state)
            // An idle runner would wake every few milliseconds for items no claim takes.
            .$if(state === "queued", (query) => query.where(notOfCancelledJob))
            .orderBy("available_at")
            .limit(1)
            .executeTakeFirst()
        )?.available_at;
      const times = [await earliest("queued"), await earliest("running")].filter(
        (time): time is string => time !== undefined,
      );
      if (times.length === 0) return undefined;
      return new Date(times.sort()[0]!);
    },

    async unfinishedCancellations(limit) {
      const rows = await db
        .selectFrom("jobs")
        .select(["id", "tenant_id"])
        .where("status", "=", "cancelled")
        .where("finished_at", "is", null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("job_items")
              .select("job_items.seq")
              .whereRef("job_items.job_id", "=", "jobs.id")
              .where("job_items.state", "in", ["queued", "held"]),
          ),
        )
        .orderBy("created_at")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ tenantId: row.tenant_id, jobId: row.id }));
    },

    discardAbandoned(olderThan) {
      return atomically(db, async (trx) => {
        const abandoned = await trx
          .selectFrom("jobs")
          .select("id")
          .where("status", "=", "receiving")
          // Not renewed since: an upload renews its job while it runs (job-service.ts).
          .where("updated_at", "<", olderThan.toISOString())
          .execute();
        for (const { id } of abandoned) {
          await trx.deleteFrom("job_items").where("job_id", "=", id).execute();
          await trx.deleteFrom("jobs").where("id", "=", id).execute();
        }
        return abandoned.length;
      });
    },

    joinQueue({ processId, maxInFlight, now, expiresAt }) {
      const at = now.toISOString();
      return atomically(db, async (trx) => {
        // One process joins at a time: two starting at once with different caps would both see none.
        await lockInTransaction(trx, "job-queue-members");
        await trx
          .deleteFrom("leases")
          .where("name", "like", `${queueMemberPrefix}%`)
          .where("expires_at", "<=", at)
          .execute();
        const others = await trx
          .selectFrom("leases")
          .select("holder")
          .where("name", "like", `${queueMemberPrefix}%`)
          .where("name", "!=", queueMember(processId))
          .execute();
        const differing = others.filter((row) => Number(row.holder) !== maxInFlight);
        if (differing.length > 0) {
          return {
            joined: false as const,
            maxInFlight: Number(differing[0]!.holder),
            processes: differing.length,
          };
        }
        await writeQueueMember(trx, processId, maxInFlight, expiresAt);
        return { joined: true as const };
      });
    },

    async renewQueueMembership(processId, maxInFlight, expiresAt) {
      await writeQueueMember(db, processId, maxInFlight, expiresAt);
    },

    async leaveQueue(processId) {
      await db.deleteFrom("leases").where("name", "=", queueMember(processId)).execute();
    },
  };
}

/**
 * A process using the job queue is a row of the leases table (no table of its own: it is a lease, kept
 * while the process runs): named by the process, holding its GRADER_MAX_IN_FLIGHT.
 */
const queueMemberPrefix = "job-queue-member:";
const queueMember = (processId: string) => `${queueMemberPrefix}${processId}`;

async function writeQueueMember(
  db: Kysely<Database>,
  processId: string,
  maxInFlight: number,
  expiresAt: Date,
): Promise<void> {
  const row = { holder: String(maxInFlight), expires_at: expiresAt.toISOString() };
  await db
    .insertInto("leases")
    .values({ name: queueMember(processId), ...row })
    .onConflict((conflict) => conflict.column("name").doUpdateSet(row))
    .execute();
}

/** The states of a student's items that their erasure ends `cancelled` (all but `receiving` and `cancelled`). */
const erasedItemStates = ["queued", "held", "failed", "running", "graded", "needs_review"] as const;

/**
 * A student's erasure reaches the job items that name them: items not started are cancelled (their
 * jobs count them so), failed ones are cancelled too (a retry would grade an erased answer), graded ones
 * too (their grades are erased: the job stops counting them graded or needing review, and their results
 * name no grade), and every item loses the student id and the answer. Running items are cancelled as well: the process grading
 * one stores nothing (its grade's student run is gone, `student_erased`) and finds the item settled, and
 * one whose process died would otherwise be taken over when its lease runs out and graded again from
 * the emptied answer, a blank 0 that an LMS would be sent.
 */
export async function eraseStudentJobItems(
  trx: Kysely<Database>,
  tenantId: string,
  studentId: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const jobs = await trx
    .selectFrom("job_items")
    .select("job_id")
    .distinct()
    .where("tenant_id", "=", tenantId)
    .where("student_id", "=", studentId)
    .where("state", "in", erasedItemStates)
    .execute();
  // In id order, so that two erasures reaching the same jobs take their locks in one order.
  for (const jobId of jobs.map((row) => row.job_id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    await lockInTransaction(trx, "job", jobId);
    // Counted under the job's lock, which every writer of a job's counters holds (a settle, a retry): on
    // PostgreSQL an item read before it may have been settled or retried since. A claim (queued to
    // running) does not take it and changes no counter. A review moving an item between graded and
    // needs_review waits for the student's grades, locked by the erasure before its steps.
    const states = await trx
      .selectFrom("job_items")
      .select(["state", (eb) => eb.fn.countAll<number | string>().as("count")])
      .where("job_id", "=", jobId)
      .where("student_id", "=", studentId)
      .where("state", "in", erasedItemStates)
      .groupBy("state")
      .execute();
    const counted = (state: string) => Number(states.find((row) => row.state === state)?.count ?? 0);
    // Each ends with an event, as a graded one does: a stream following the job sees it end. Held
    // items too: a release (by hand, or by a calibration that passes) would grade the emptied answer.
    // A failed one already sent its failure, and a graded one its grade: it sends that it is cancelled
    // now. A graded item's grade is erased with the student: the job no longer counts it graded.
    const cancelled = await cancelWithEvents(
      trx,
      jobId,
      erasedItemStates,
      { lease_holder: null, grade_id: null },
      at,
      studentId,
    );
    if (cancelled === 0) continue;
    await trx
      .updateTable("jobs")
      .set((eb) => ({
        cancelled: eb("cancelled", "+", cancelled),
        failed: eb("failed", "-", counted("failed")),
        graded: eb("graded", "-", counted("graded")),
        needs_review: eb("needs_review", "-", counted("needs_review")),
        updated_at: at,
      }))
      .where("id", "=", jobId)
      .execute();
    // The erased items may have been the last ones the job waited for.
    await trx
      .updateTable("jobs")
      .set((eb) => ({
        status: eb.case().when("status", "=", "cancelled").then("cancelled").else("completed").end(),
        finished_at: at,
      }))
      .where("id", "=", jobId)
      .where("finished_at", "is", null)
      .where(everyItemEnded)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("job_items")
              .select("seq")
              .where("job_id", "=", jobId)
              .where("state", "=", "running"),
          ),
        ),
      )
      .execute();
  }
  // An item's claim on its idempotency key outlives a process that died grading it, and its request hash
  // covers the answer and the student id; a claim that ended in a grade goes with that grade.
  const items = await trx
    .selectFrom("job_items")
    .select(["job_id", "seq"])
    .where("tenant_id", "=", tenantId)
    .where("student_id", "=", studentId)
    .execute();
  const keys = items.map((item) => `${tenantId}:${itemIdempotencyKey(item.job_id, Number(item.seq))}`);
  for (let start = 0; start < keys.length; start += 500) {
    await trx
      .deleteFrom("idempotency_keys")
      .where("key", "in", keys.slice(start, start + 500))
      .where("state", "=", "in_progress")
      .execute();
  }
  await trx
    .updateTable("job_items")
    .set((eb) => ({
      student_id: null,
      answer: "",
      // Said, not inferred from the empty text (a blank answer is empty too): nothing is graded from it.
      answer_purged_at: eb.fn.coalesce("answer_purged_at", eb.val(at)),
      updated_at: at,
    }))
    .where("tenant_id", "=", tenantId)
    .where("student_id", "=", studentId)
    .execute();
}

/**
 * Cancels the job's items in `states` (of one student, if named; with seq in `seqs`, if given) and numbers them for the event stream, in upload order, after the
 * job's last event: an item cancelled ends like one graded or failed, with one `event: item`, which
 * every process's stream reads from the database before the job's end. Moves the job's `last_event_id`
 * on; its counters are the caller's. Call holding the job's lock (`lockInTransaction(trx, "job", id)`),
 * as every writer of event ids does. Returns how many items it cancelled.
 */
async function cancelWithEvents(
  trx: Kysely<Database>,
  jobId: string,
  states: readonly string[],
  also: { answer?: string; lease_holder?: null; grade_id?: null },
  at: string,
  studentId?: string,
  seqs?: { afterSeq: number; throughSeq: number },
): Promise<number> {
  const job = await trx
    .selectFrom("jobs")
    .select("last_event_id")
    .where("id", "=", jobId)
    .executeTakeFirstOrThrow();
  const lastEventId = Number(job.last_event_id);
  // One statement for any number of items (a job has up to 100,000): each takes its rank in upload
  // order among those cancelled. The state is checked on the row updated too: on PostgreSQL a claim
  // committed meanwhile (the claim does not take the job's lock) makes the row's new state count.
  const ranked = trx
    .selectFrom("job_items")
    .select(["seq", sql<number>`row_number() over (order by seq)`.as("rank")])
    .where("job_id", "=", jobId)
    .where("state", "in", states)
    .$if(studentId !== undefined, (query) => query.where("student_id", "=", studentId!))
    .$if(seqs !== undefined, (query) =>
      query.where("seq", ">", seqs!.afterSeq).where("seq", "<=", seqs!.throughSeq),
    )
    .as("ranked");
  const result = await trx
    .updateTable("job_items")
    .from(ranked)
    .set({
      ...also,
      state: "cancelled",
      event_id: sql<number>`${lastEventId} + ranked.rank`,
      updated_at: at,
    })
    .where("job_items.job_id", "=", jobId)
    .whereRef("job_items.seq", "=", "ranked.seq")
    .where("job_items.state", "in", states)
    .$if(studentId !== undefined, (query) => query.where("job_items.student_id", "=", studentId!))
    // No range on seq here (`ranked` has it): with one, SQLite walked the range and scanned `ranked` for
    // each row, 1,000 × 1,000 steps (50 ms) per chunk, instead of looking each ranked row up by key.
    .executeTakeFirst();
  const cancelled = Number(result.numUpdatedRows);
  if (cancelled === 0) return 0;
  // The highest id handed out (ranks skipped by a row left out above are not reused, nor needed).
  const highest = await trx
    .selectFrom("job_items")
    .select((eb) => eb.fn.max("event_id").as("event_id"))
    .where("job_id", "=", jobId)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("jobs")
    .set({ last_event_id: Math.max(lastEventId, Number(highest.event_id ?? 0)) })
    .where("id", "=", jobId)
    .execute();
  return cancelled;
}

/** The status of a grade as it is now; undefined if it is gone (its student was erased meanwhile). */
async function currentGradeStatus(trx: Kysely<Database>, gradeId: string): Promise<GradeStatus | undefined> {
  const row = await trx
    .selectFrom("grades")
    .select("status")
    .where("id", "=", gradeId)
    .$if(isPostgres(trx), (query) => query.forUpdate())
    .executeTakeFirst();
  return row?.status as GradeStatus | undefined;
}

function dispatchableFromRow(row: { job_id: string; seq: number | string; available_at: string }) {
  return { jobId: row.job_id, seq: Number(row.seq), availableAt: new Date(row.available_at) };
}

/** Items running under a live lease in the whole database. */
async function countRunning(trx: Kysely<Database>, at: string): Promise<number> {
  const running = await trx
    .selectFrom("job_items")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("state", "=", "running")
    .where("available_at", ">", at)
    .executeTakeFirstOrThrow();
  return Number(running.count);
}

/**
 * Leases the picked items that are still runnable (queued and due, or running under an expired
 * lease), marks their jobs running, and returns them with what grading needs. Inside the claim lock.
 */
async function leaseItems(
  trx: Kysely<Database>,
  picked: readonly { job_id: string; seq: number }[],
  holder: string,
  at: string,
  until: string,
): Promise<ClaimedJobItem[]> {
  if (picked.length === 0) return [];
  const claimed: ClaimedJobItem[] = [];
  const jobIds = new Set<string>();
  const returned = [
    "job_id",
    "seq",
    "answer",
    "student_id",
    "submission_id",
    "attempts",
    "deferrals",
  ] as const;
  for (const { job_id, seq } of picked) {
    const due = () =>
      trx
        .updateTable("job_items")
        .where("job_id", "=", job_id)
        .where("seq", "=", seq)
        .where("available_at", "<=", at);
    // A running item whose lease ran out: its worker stopped while grading it (died, or stalled past
    // its lease). Taking it over counts an attempt, so that an item that kills every process grading
    // it (out of memory, a native crash) ends once its attempts are spent instead of running forever.
    const takenOver = await due()
      .set((eb) => ({
        lease_holder: holder,
        available_at: until,
        attempts: eb("attempts", "+", 1),
        updated_at: at,
      }))
      .where("state", "=", "running")
      .returning(returned)
      .executeTakeFirst();
    const row =
      takenOver ??
      (await due()
        .set({ state: "running", lease_holder: holder, available_at: until, updated_at: at })
        .where("state", "=", "queued")
        // Checked in the statement that leases it: a cancel committed since the item was picked wins.
        .where(notOfCancelledJob)
        .returning(returned)
        .executeTakeFirst());
    if (!row) continue;
    jobIds.add(row.job_id);
    claimed.push({
      jobId: row.job_id,
      seq: Number(row.seq),
      answer: row.answer,
      studentId: row.student_id,
      submissionId: row.submission_id,
      attempts: Number(row.attempts),
      deferrals: Number(row.deferrals),
      ...(takenOver ? { takenOver: true } : {}),
      holder,
      // Filled from the job below.
      owner: { tenantId: "", role: "service", keyId: null },
      rubricId: "",
      rubricVersion: "",
    });
  }
  if (jobIds.size === 0) return [];
  const jobs = await trx
    .selectFrom("jobs")
    .select(["id", "tenant_id", "submitted_by", "submitted_role", "rubric_id", "rubric_version", "status"])
    .where("id", "in", [...jobIds])
    .execute();
  await trx
    .updateTable("jobs")
    .set({ status: "running", updated_at: at })
    .where("id", "in", [...jobIds])
    .where("status", "=", "queued")
    .execute();
  const byId = new Map(jobs.map((job) => [job.id, job]));
  return claimed.flatMap((item) => {
    const job = byId.get(item.jobId);
    if (!job) return [];
    return [
      {
        ...item,
        owner: { tenantId: job.tenant_id, role: job.submitted_role as Role, keyId: job.submitted_by },
        rubricId: job.rubric_id,
        rubricVersion: job.rubric_version,
        ...(job.status === "cancelled" ? { jobCancelled: true } : {}),
      },
    ];
  });
}
