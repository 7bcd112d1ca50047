import type { Scope } from "./access.js";
import { unlinkErasedSource } from "./answer-purge.js";
import type { AuditRecord } from "./audit.js";
import type { StoredGrade } from "./grade.js";
import type {
  ErasureRecord,
  PendingAnswer,
  StudentDataStore,
  StudentGradeRecord,
} from "./student-data-ports.js";

/**
 * Students' data, the use cases: export everything held about a student (GDPR Art. 15, FERPA
 * inspection) and erase it (GDPR Art. 17), within the caller's tenant. Answer retention is in
 * answer-retention.ts. The decisions behind them are in docs/api.md, "Students' data".
 */

export interface StudentDataDependencies {
  /** A tenant's student data: every use case reads and writes only its caller's tenant. */
  studentDataFor: (tenantId: string) => StudentDataStore;
  clock: { now(): Date };
  newId: (prefix: string) => string;
  /** Grades read per query while an export streams (default 100): what an export holds in memory. */
  exportPageSize?: number;
}

/** One grade in an export: the grade, the answer as submitted (null once purged) and its audit record. */
export type ExportedGrade = StoredGrade & {
  answer: string | null;
  answerPurgedAt: string | null;
  submittedBy: string | null;
  audit: AuditRecord;
};

export interface StudentExport {
  studentId: string;
  generatedAt: string;
  /**
   * The student's grades, oldest first, read a page at a time as they are consumed: a student with
   * thousands of grades never has them all in memory. Each page is its own read, so a grade made or
   * erased while the export is read may or may not appear. Iterate it once. Rejects with the
   * database's error.
   */
  grades: AsyncIterable<ExportedGrade>;
  /** Answers received for the student and not graded yet (job items, integration submissions). */
  pendingAnswers: PendingAnswer[];
}

export type StudentDataService = ReturnType<typeof createStudentDataService>;

const defaultExportPageSize = 100;
/** Answers waiting to be graded are few at any time (a queue drains); this bounds a pathological case. */
const maxPendingAnswers = 10_000;

export function createStudentDataService(dependencies: StudentDataDependencies) {
  const { studentDataFor, clock, newId } = dependencies;
  const pageSize = dependencies.exportPageSize ?? defaultExportPageSize;

  return {
    /**
     * Everything the caller's tenant holds about a student: every grade with its answer and audit
     * record. A student without grades (unknown here, or known only to another tenant) has an empty
     * list: an export never tells whether a student exists elsewhere. The first page is read before
     * this resolves, so a database that fails fails here (and can still be answered with an error);
     * later pages are read as `grades` is iterated.
     */
    async exportStudent(scope: Scope, studentId: string): Promise<StudentExport> {
      const store = studentDataFor(scope.tenantId);
      const generatedAt = clock.now().toISOString();
      const first = await store.gradesPage(studentId, undefined, pageSize);
      async function* grades(): AsyncGenerator<ExportedGrade> {
        let page = first;
        for (;;) {
          for (const record of page) yield exportedGrade(record);
          const last = page.at(-1);
          if (page.length < pageSize || !last) return;
          page = await store.gradesPage(studentId, last.grade.id, pageSize);
        }
      }
      const pendingAnswers = await store.pendingAnswers(studentId, maxPendingAnswers);
      return { studentId, generatedAt, grades: grades(), pendingAnswers };
    },

    /**
     * Erases a student's grades and everything derived from them in the caller's tenant, in one
     * transaction, and returns the tombstone it leaves (no student id in it). Erasing a student with
     * nothing left answers a tombstone with zero counts: the same outcome, and the request is on record.
     * Other students' grades copied from the erased ones stay theirs, unlinked (see unlinkErasedSource).
     * Throws the database's error; nothing is erased then.
     */
    eraseStudent(scope: Scope, studentId: string): Promise<ErasureRecord> {
      return studentDataFor(scope.tenantId).eraseStudent(
        studentId,
        { id: newId("ers"), erasedAt: clock.now().toISOString(), erasedBy: scope.keyId },
        unlinkErasedSource,
      );
    },

    /** The tenant's tombstones, newest first; `before` is the keyset position (an erasure id). */
    async listErasures(
      scope: Scope,
      page: { limit: number; before?: string },
    ): Promise<{ erasures: ErasureRecord[]; more: boolean }> {
      const rows = await studentDataFor(scope.tenantId).listErasures(page.limit + 1, page.before);
      return { erasures: rows.slice(0, page.limit), more: rows.length > page.limit };
    },
  };
}

function exportedGrade(record: StudentGradeRecord): ExportedGrade {
  return {
    ...record.grade,
    answer: record.answer,
    answerPurgedAt: record.answerPurgedAt,
    submittedBy: record.submittedBy,
    audit: record.audit,
  };
}
