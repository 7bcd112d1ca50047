import { scrubPurgedGrade } from "./answer-purge.js";
import type { AnswerRetentionStore } from "./student-data-ports.js";

/**
 * GRADER_RETENTION_DAYS: answers older than that many days are purged, with everything that quotes
 * them (raw model replies, evidence quotes, screening excerpts); the grades keep their points, status
 * and flags, and say that their answer was purged (`answerPurgedAt`). The answers held outside grades
 * go too: those of calibrations (their figures stay) and of job items that failed to grade.
 */

export interface AnswerRetentionDependencies {
  store: AnswerRetentionStore;
  clock: { now(): Date };
  /** Whole days, at least 1. */
  retentionDays: number;
  /**
   * Grades purged per transaction (default 50). Each batch is one short transaction and the event
   * loop gets a turn between batches, so a large purge never holds either for long.
   */
  batchSize?: number;
}

export interface RetentionRun {
  /** Grades created before this time had their answers purged. */
  cutoff: string;
  purgedGrades: number;
  /** Calibrations whose answer texts were emptied (their figures stay). */
  purgedCalibrations: number;
  /** Failed job items whose answers were emptied (they can no longer be retried). */
  purgedJobItems: number;
  batches: number;
  /**
   * Whether purged (and erased) text is also gone from the database files (SQLite: the WAL checkpoint);
   * false when another process was reading, and the next run tries again.
   */
  compacted: boolean;
}

export type AnswerRetention = ReturnType<typeof createAnswerRetention>;

const dayMs = 24 * 60 * 60 * 1000;
const defaultBatchSize = 50;

export function createAnswerRetention(dependencies: AnswerRetentionDependencies) {
  const { store, clock, retentionDays } = dependencies;
  const batchSize = dependencies.batchSize ?? defaultBatchSize;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(`retention: ${retentionDays} is not a whole number of days of at least 1`);
  }

  return {
    retentionDays,

    /**
     * Purges every answer older than the retention period, in batches, until none is left. Safe to run
     * in several processes at once (each batch claims its rows in its own transaction) and to run
     * again after a failure: what a failed batch did not commit is purged by the next run. Rejects
     * with the database's error.
     */
    async purge(): Promise<RetentionRun> {
      const now = clock.now();
      const cutoff = new Date(now.getTime() - retentionDays * dayMs).toISOString();
      const at = now.toISOString();
      let purgedGrades = 0;
      let batches = 0;
      for (;;) {
        const purged = await store.purgeAnswers({
          before: cutoff,
          at,
          limit: batchSize,
          scrub: scrubPurgedGrade,
        });
        batches++;
        purgedGrades += purged;
        if (purged < batchSize) break;
        // Requests waiting for the event loop (and for the database) go first.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Answers held outside grades: teachers' calibration answers, and items that failed to grade.
      const purgedCalibrations = await store.purgeCalibrationAnswers({ before: cutoff, at });
      const purgedJobItems = await store.purgeFailedJobItems({ before: cutoff, at });
      // Also when nothing was purged: it finishes what an erasure's checkpoint could not (readers).
      const compacted = await store.compact();
      return { cutoff, purgedGrades, purgedCalibrations, purgedJobItems, batches, compacted };
    },
  };
}
