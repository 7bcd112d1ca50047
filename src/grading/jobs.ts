import type { Role, Scope } from "./access.js";
import type { Grade, GradeStatus, StoredGrade } from "./grade.js";

/**
 * Batch jobs: many answers graded against one rubric version, durably. A job's items are persisted
 * before the job is accepted, and every item becomes an ordinary grade (review queue, answer groups,
 * audit and tenant rules apply) through the same use case as `POST /v1/grade`, under an idempotency
 * key of its own, so an item whose grade was stored is never graded twice, whatever crashes.
 */

/**
 * `receiving`: items are still being written (invisible to the queue; discarded if the upload fails).
 * `awaiting_calibration`: held, its items stored but not graded, until a teacher releases it (the tenant
 * requires a passing calibration of the rubric version and none existed when it came).
 * `queued`: nothing started yet. `running`: some item started. `completed`: every item is graded,
 * needs review or failed. `cancelled`: a client cancelled it; what had started still finishes.
 */
export const jobStatuses = [
  "receiving",
  "awaiting_calibration",
  "queued",
  "running",
  "completed",
  "cancelled",
] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * `receiving`: its job is still being uploaded. `held`: its job awaits calibration. `queued`: waiting (or waiting for a retry).
 * `running`: leased by a worker. The rest are final until retried by hand (`failed`), except that a graded
 * item is `graded` or `needs_review` as its grade is now: a teacher's review moves it between the two.
 */
export const jobItemStates = [
  "receiving",
  "held",
  "queued",
  "running",
  "graded",
  "needs_review",
  "failed",
  "cancelled",
] as const;
export type JobItemState = (typeof jobItemStates)[number];

/**
 * How a job came: an upload (JSON or CSV), submissions of an LMS integration (`webhook`), or the
 * answers of a calibration (`calibration`: teachers' points to compare with).
 */
export type JobSource = "json" | "csv" | "webhook" | "calibration";

export interface JobCounts {
  total: number;
  /** Items whose grade is `graded` now (by the model, or decided by a teacher since). */
  graded: number;
  /** Items whose grade needs review now (reopened and appealed ones included). */
  needsReview: number;
  failed: number;
  cancelled: number;
  /** Not final yet (queued or running). */
  pending: number;
}

export interface Job {
  id: string;
  tenantId: string;
  rubricId: string;
  /** The version every item is graded with: pinned when the job was created. */
  rubricVersion: string;
  status: Exclude<JobStatus, "receiving">;
  /** How the job came: an upload, an LMS integration's submissions, or a calibration's answers. */
  source: JobSource;
  counts: JobCounts;
  /** The key that created the job; its items' grades are submitted by it. */
  submittedBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the last item ended (completed) or the job was cancelled. */
  finishedAt: string | null;
  /**
   * Who released a job held in `awaiting_calibration`, and when: a teacher's key (`by`), or a passing
   * calibration of its version (`calibrationId`, `by` null); null for a job never held or not yet released.
   */
  release: { by: string | null; at: string; calibrationId: string | null } | null;
}

/** What a job stores about its creator to grade its items as that caller would have. */
export interface JobOwner {
  tenantId: string;
  role: Role;
  keyId: string | null;
}

export interface NewJobItem {
  answer: string;
  studentId: string | null;
  submissionId: string | null;
}

export interface JobItem {
  jobId: string;
  /** 1-based position in the upload (the CSV's data row number minus one: the header is row 1). */
  seq: number;
  state: Exclude<JobItemState, "receiving">;
  studentId: string | null;
  submissionId: string | null;
  attempts: number;
  gradeId: string | null;
  /** Set on failed items (and on queued items waiting for a retry): the last error's code and message. */
  error: { code: string; message: string } | null;
  /** Position in the job's event stream, set each time the item ends; null while it has not. */
  eventId: number | null;
  updatedAt: string;
}

/** An item with its grade as it is now (a teacher may have changed it since). */
export interface JobItemResult extends JobItem {
  grade: Grade | null;
}

/** An item a worker has leased: everything needed to grade it. */
export interface ClaimedJobItem {
  jobId: string;
  seq: number;
  owner: JobOwner;
  rubricId: string;
  rubricVersion: string;
  answer: string;
  studentId: string | null;
  submissionId: string | null;
  /**
   * Attempts before this one that failed (not counting waits for the provider's rate limit), and
   * takeovers of the item after its worker stopped while grading it (its lease ran out).
   */
  attempts: number;
  /** This claim took the item over from a worker whose lease on it ran out (it died, or stalled). */
  takenOver?: boolean;
  /** Its job was cancelled when it was claimed (a taken-over item is then not graded anew). */
  jobCancelled?: boolean;
  /** Waits for the provider (429, 503) so far: counted apart, they slow the queue down instead of failing it. */
  deferrals: number;
  holder: string;
}

/** How a leased item ended, or when it runs again. */
export type ItemOutcome =
  | { kind: "graded"; gradeId: string; status: GradeStatus }
  | { kind: "failed"; code: string; message: string }
  | {
      kind: "retry";
      at: Date;
      /** true: counts as a failed attempt; false: a wait for the provider (rate limit, overload). */
      countsAsAttempt: boolean;
      code: string;
      message: string;
    };

/** The job's tenant-scoped reads and writes (the service's side). Every method is confined to one tenant. */
export interface JobStore {
  /**
   * Stores a job in `receiving`. With an idempotency key already taken by another job of the tenant
   * (a concurrent retry), stores nothing and returns "key_taken"; when the rubric version is gone (the
   * rubric was deleted since it was read), stores nothing and returns "rubric_gone". Ordered with a
   * rubric's delete, which then sees the job.
   */
  create(job: {
    id: string;
    owner: JobOwner;
    rubricId: string;
    rubricVersion: string;
    source: JobSource;
    now: Date;
    idempotencyKey?: string;
  }): Promise<"created" | "key_taken" | "rubric_gone">;
  /**
   * The job made under a client's idempotency key, whatever its status, with its request's hash and when
   * it last changed (a `receiving` job's upload renews that while it runs).
   */
  findByIdempotencyKey(
    key: string,
  ): Promise<
    | { jobId: string; status: JobStatus; requestHash: string | null; createdAt: string; updatedAt: string }
    | undefined
  >;
  /**
   * Renews a `receiving` job's lease (its `updated_at`) while its upload runs. False when the job is no
   * longer receiving (discarded as abandoned by another request).
   */
  renewReceiving(jobId: string, now: Date): Promise<boolean>;
  /**
   * Deletes a `receiving` job with its items when its upload last renewed it before `before` (its process
   * died). True when it was deleted.
   */
  discardIfAbandoned(jobId: string, before: Date): Promise<boolean>;
  /** Appends items to a `receiving` job, numbered from `firstSeq`. */
  appendItems(jobId: string, firstSeq: number, items: readonly NewJobItem[], now: Date): Promise<void>;
  /**
   * Hands a `receiving` job with `total` items to the queue (status `queued`), recording its request's
   * hash; with `hold`, keeps it out of the queue instead (`awaiting_calibration`, items `held`).
   */
  open(jobId: string, total: number, now: Date, requestHash?: string, hold?: boolean): Promise<void>;
  /**
   * Queues a job held in `awaiting_calibration`, recording who released it and when. False when the
   * job is not held (released already, cancelled).
   */
  release(jobId: string, by: string | null, now: Date): Promise<boolean>;
  /**
   * Queues every job of this rubric version held in `awaiting_calibration`, recording the calibration
   * that released them. Returns their ids.
   */
  releaseForCalibration(
    rubricId: string,
    rubricVersion: string,
    calibrationId: string,
    now: Date,
  ): Promise<string[]>;
  /** Deletes a job that is still `receiving`, with its items (an upload that failed). */
  discard(jobId: string): Promise<void>;
  find(jobId: string): Promise<Job | undefined>;
  /** Jobs newest first, before the given id; `submittedBy` confines to one key's jobs. */
  list(filter: { before?: string; limit: number; submittedBy?: string }): Promise<Job[]>;
  /** A page of items in upload order after `afterSeq`, with their grades. */
  results(
    jobId: string,
    afterSeq: number,
    limit: number,
  ): Promise<(JobItem & { grade: StoredGrade | null })[]>;
  /** Items that ended, in the order they ended, after event `afterEventId`. */
  events(jobId: string, afterEventId: number, limit: number): Promise<JobItem[]>;
  /**
   * Marks the job `cancelled`: from then on no claim starts one of its items (they may still read
   * `queued` until `cancelWaitingItems` reaches them). Returns `marked`; `cancelled` (and changes
   * nothing) if it was cancelled already, also since the caller read it; `finished` (and changes nothing)
   * if it has completed, also since the caller read it; undefined if there is no such job.
   */
  cancel(jobId: string, now: Date): Promise<"marked" | "cancelled" | "finished" | undefined>;
  /**
   * One bounded step of a cancel: cancels the waiting (queued or held) items of a cancelled job among
   * the next `limit` after `afterSeq`, counting them and numbering their events, and records the job's
   * end once no item waits or runs. Returns how many it cancelled and the position to go on after, or
   * null when the job's last item was reached. Does nothing for a job that is not cancelled.
   */
  cancelWaitingItems(
    jobId: string,
    afterSeq: number,
    limit: number,
    now: Date,
  ): Promise<{ cancelled: number; throughSeq: number | null }>;
  /**
   * Puts failed items (all, or those listed) back in the queue with fresh attempts, blank ones too;
   * never those whose answer retention or an erasure purged. Returns how many it queued, and how many
   * of the failed items asked for it left out as purged; or `cancelled` (and queues nothing) if the job
   * was cancelled, also since the caller read it.
   */
  retryFailed(
    jobId: string,
    seqs: readonly number[] | undefined,
    now: Date,
  ): Promise<{ retried: number; purged: number } | "cancelled">;
}

/**
 * How a dispatcher's attempt to lease one named item ended (`JobQueueStore.claimItem`): leased; not
 * now (a retry's wait, another worker's live lease, or the in-flight cap is full: try again at `at`);
 * or nothing to do (the item ended, was cancelled, or does not exist).
 */
export type ItemClaim =
  | { kind: "claimed"; item: ClaimedJobItem }
  | { kind: "later"; at: Date; reason: "not_due" | "leased" | "at_capacity" }
  | { kind: "done" };

/** An item a dispatcher should hand to its queue, and when it is due. */
export interface DispatchableItem {
  jobId: string;
  seq: number;
  availableAt: Date;
}

/** The queue's side: claims across tenants, with leases that expire when their process dies. */
export interface JobQueueStore {
  /**
   * Leases up to `limit` runnable items (queued and due, or running with an expired lease), oldest
   * first, keeping the items running under a live lease in the whole database at `maxRunning` at most.
   */
  claim(options: {
    holder: string;
    limit: number;
    maxRunning: number;
    now: Date;
    leaseUntil: Date;
  }): Promise<ClaimedJobItem[]>;
  /**
   * Leases one named item (a distributed queue's message names it) when it is queued and due, or
   * running under an expired lease, and fewer than `maxRunning` items run under a live lease in the
   * whole database. A compare-and-set: two workers handed the same item never both lease it.
   */
  claimItem(options: {
    jobId: string;
    seq: number;
    holder: string;
    maxRunning: number;
    now: Date;
    leaseUntil: Date;
  }): Promise<ItemClaim>;
  /** A job's queued items in upload order after `afterSeq` (to dispatch a job just queued or retried). */
  queuedItems(jobId: string, afterSeq: number, limit: number): Promise<DispatchableItem[]>;
  /**
   * Items that may have been lost by a dispatcher, oldest first: queued and due since before
   * `queuedBefore`, or running under a lease that expired before `leaseExpiredBefore`.
   */
  overdueItems(options: {
    queuedBefore: Date;
    leaseExpiredBefore: Date;
    limit: number;
  }): Promise<DispatchableItem[]>;
  /** Extends the leases this holder still has on these items. */
  renew(items: readonly { jobId: string; seq: number }[], holder: string, leaseUntil: Date): Promise<void>;
  /**
   * The grade already stored under the item's idempotency key (a worker that died after storing it,
   * before settling the item): its id and status now; undefined when none is (or it is gone since).
   * `inProgress` when a grade of it is still being made under a live claim of the key.
   */
  storedGrade(
    item: { jobId: string; seq: number; owner: JobOwner },
    now: Date,
  ): Promise<{ kind: "graded"; gradeId: string; status: GradeStatus } | { kind: "in_progress" } | undefined>;
  /** Records how a leased item ended; false (and nothing written) when the lease was lost to another worker. */
  settle(
    item: { jobId: string; seq: number },
    holder: string,
    outcome: ItemOutcome,
    now: Date,
  ): Promise<boolean>;
  /** When the next item is due (for an idle worker's sleep); undefined when none is waiting. */
  nextDueAt(): Promise<Date | undefined>;
  /**
   * Cancelled jobs (of any tenant) with items still waiting: a process died while it cancelled them
   * chunk by chunk, and its cancel must be finished (`JobStore.cancelWaitingItems`).
   */
  unfinishedCancellations(limit: number): Promise<{ tenantId: string; jobId: string }[]>;
  /** Deletes jobs left in `receiving` since before `olderThan` (their upload's process died). */
  discardAbandoned(olderThan: Date): Promise<number>;
  /**
   * Records that process `processId` uses the queue with the cap `maxInFlight` (GRADER_MAX_IN_FLIGHT)
   * until `expiresAt`, unless processes whose records are live at `now` use another cap: then nothing
   * is written and that cap is answered, with how many processes use it. Records that expired by `now`
   * (their process died) are deleted. One at a time in the whole database, so that two processes
   * starting at once with different caps cannot both join.
   */
  joinQueue(options: {
    processId: string;
    maxInFlight: number;
    now: Date;
    expiresAt: Date;
  }): Promise<{ joined: true } | { joined: false; maxInFlight: number; processes: number }>;
  /** Extends the process's record (writing it again if it lapsed meanwhile). */
  renewQueueMembership(processId: string, maxInFlight: number, expiresAt: Date): Promise<void>;
  /** Deletes the process's record: it stopped, and a cap may change once every process has. */
  leaveQueue(processId: string): Promise<void>;
}

export function scopeOf(owner: JobOwner): Scope {
  return { tenantId: owner.tenantId, role: owner.role, keyId: owner.keyId, operator: false };
}

/** The idempotency key of an item's grade: a space cannot appear in a client's key, so none can collide. */
export function itemIdempotencyKey(jobId: string, seq: number): string {
  return `job ${jobId} ${seq}`;
}
