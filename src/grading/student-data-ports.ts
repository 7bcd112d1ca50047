import type { AuditRecord } from "./audit.js";
import type { StoredGrade } from "./grade.js";

/**
 * Ports of students' data: export (GDPR Art. 15, FERPA inspection), erasure (GDPR Art. 17) and answer
 * retention. Kept apart from ports.ts so that they merge cleanly with other work on the grading ports.
 */

/** One grade as a student's export shows it: the grade, who submitted it, the answer and the audit record. */
export interface StudentGradeRecord {
  grade: StoredGrade;
  /** The answer exactly as submitted; null once retention purged it (then `answerPurgedAt` says when). */
  answer: string | null;
  answerPurgedAt: string | null;
  /** The API key that submitted it (null for the bootstrap keys and unauthenticated loopback use). */
  submittedBy: string | null;
  audit: AuditRecord;
}

/**
 * A tombstone: that a student's data was erased, when, by which key and how much. It holds no student
 * id, not even a hash of one (see docs/api.md, "Students' data").
 */
export interface ErasureRecord {
  id: string;
  tenantId: string;
  erasedAt: string;
  /** The stored API key that asked for it; null for a bootstrap key or unauthenticated loopback use. */
  erasedBy: string | null;
  /** The student's grades deleted, with their answers and audit records. */
  grades: number;
  /** Other students' grades that had been copied from them (cache hits), cut off from the cache. */
  cachedCopiesUnlinked: number;
  /** Idempotency records that pointed at the deleted grades. */
  idempotencyKeys: number;
}

/** What an erasure step sees: what is being erased, inside the erasure's transaction. */
export interface ErasedGrades {
  tenantId: string;
  /** The student being erased (for what holds the id without a grade yet: a job's items). */
  studentId: string;
  /** Ids of the student's grades being deleted. */
  gradeIds: readonly string[];
  /** The distinct cache keys of those grades (hashes that name the answer text). */
  cacheKeys: readonly string[];
}

/**
 * Rewrites an other student's grade that was copied from an erased one (a cache hit), keeping what is
 * that student's own. Pure; runs inside the erasure's transaction.
 */
export type UnlinkCopy = (copy: { grade: StoredGrade; audit: AuditRecord }) => {
  grade: StoredGrade;
  audit: AuditRecord;
};

/** The student data of one tenant (a school): every read and write is confined to it. */
export interface StudentDataStore {
  /**
   * Up to `limit` of the student's grades, oldest first, after the grade id `after` (a keyset
   * position): read through an index whatever the number of grades.
   */
  gradesPage(studentId: string, after: string | undefined, limit: number): Promise<StudentGradeRecord[]>;
  /**
   * Erases the student in one transaction: deletes their grades (answers, audit records with raw
   * replies) and the idempotency records pointing at them; rewrites other students' grades copied from
   * them with `unlinkCopy` and takes those out of the cache; deletes lapsed single-flight leases named
   * by their cache keys; runs the registered erasure steps; stores `tombstone` with the counts.
   * Afterwards nothing of the erased rows stays in the database file (SQLite: secure_delete and a WAL
   * checkpoint). Returns the tombstone as stored. Throws the database's error (nothing is changed then).
   */
  eraseStudent(
    studentId: string,
    tombstone: Pick<ErasureRecord, "id" | "erasedAt" | "erasedBy">,
    unlinkCopy: UnlinkCopy,
  ): Promise<ErasureRecord>;
  /** The tenant's tombstones, newest first, before the erasure id `before`. */
  listErasures(limit: number, before: string | undefined): Promise<ErasureRecord[]>;
  /**
   * Answers of the student held outside grades because they are not graded yet: job items waiting,
   * running or failed, and integration submissions not yet handed to the queue (at most `limit`).
   */
  pendingAnswers(studentId: string, limit: number): Promise<PendingAnswer[]>;
}

/** An answer received for a student and not graded yet (so in no grade of the export). */
export interface PendingAnswer {
  source: "job" | "integration";
  /** `job_…/<seq>` for a job item, the submission id for an integration. */
  reference: string;
  state: string;
  submissionId: string | null;
  answer: string;
  receivedAt: string;
}

/** Scrubs a grade whose answer is purged: keeps points and status, drops quotes of the answer. Pure. */
export type ScrubPurgedGrade = (record: { grade: StoredGrade; audit: AuditRecord }) => {
  grade: StoredGrade;
  audit: AuditRecord;
};

/** Answer retention across every tenant (one policy for the installation). */
export interface AnswerRetentionStore {
  /**
   * In one short transaction, purges the answers of up to `limit` grades created before `before` whose
   * answer is not purged yet: the answer text is emptied and `answerPurgedAt` set to `at`, grade and
   * audit are rewritten with `scrub`, the cache key is dropped (it hashes the answer) and so are the
   * idempotency records of those grades (their request hash covers the answer). Returns how many grades
   * it purged: fewer than `limit` means none are left.
   */
  purgeAnswers(options: {
    before: string;
    at: string;
    limit: number;
    scrub: ScrubPurgedGrade;
  }): Promise<number>;
  /**
   * Empties the answer texts kept in calibrations created before `before` (their points and figures
   * stay), stamping them with `at`. Returns how many calibrations it purged.
   */
  purgeCalibrationAnswers(options: { before: string; at: string }): Promise<number>;
  /**
   * Empties the answers of failed job items of jobs created before `before` and marks them purged
   * (blank ones too): a failed item keeps its answer for a retry, which it then no longer gets. Returns
   * how many items it purged.
   */
  purgeFailedJobItems(options: { before: string; at: string }): Promise<number>;
  /**
   * Makes purged and erased content unrecoverable from the database files once a run is done
   * (SQLite: a WAL checkpoint that truncates the log). Returns false when it could not complete
   * (another process was reading); the next run tries again.
   */
  compact(): Promise<boolean>;
  /**
   * Deletes the records of grades in progress (GradeStore.startRun) that lapsed before `now`: left by a
   * process that died. Returns how many.
   */
  pruneLapsedRuns(now: string): Promise<number>;
}
