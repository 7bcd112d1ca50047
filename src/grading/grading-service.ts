import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import type { AuditRecord } from "./audit.js";
import { AppError } from "./errors.js";
import { checkRubricWithinBudget, gradeAnswer, type GradingContext } from "./grade-answer.js";
import type { Grade, StoredGrade } from "./grade.js";
import type { Scope } from "./access.js";
import type {
  GradeListFilter,
  GradeStore,
  LeaseStore,
  RubricSummary,
  StoredRubric,
  TenantStores,
} from "./ports.js";
import { applyApproval, applyChange, applyReopen, checkChange, type ReviewChange } from "./review.js";
import type { Rubric } from "./rubric.js";
import { defaultLeaseSettings, type LeaseSettings } from "./lease-settings.js";
import { createSingleFlight } from "./single-flight.js";

/**
 * The application's use cases, in terms of ports only. HTTP handlers, workers and scripts all call
 * these; none of them talks to storage or the model directly.
 */
export interface GradingServiceDependencies extends Omit<GradingContext, "cacheFlights" | "grades"> {
  /** The stores of a tenant: every use case reads and writes only its caller's tenant. */
  storesFor: (tenantId: string) => TenantStores;
  leases: LeaseStore;
  /**
   * Leases of idempotency claims and of single-flight grading: default 30 s, renewed every 10 s, so
   * the work of a process that died holds others up for 30 s at most.
   */
  leaseSettings?: Partial<LeaseSettings>;
  /** Names this service instance (its process) in the leases it holds; random by default. */
  ownerId?: string;
}

export interface GradeCommand {
  rubricId: string;
  /** Pins a version of the rubric; the current one by default. */
  rubricVersion?: string;
  answer: string;
  studentId: string | null;
  /** The client's id of the submission (an LMS's). */
  submissionId?: string;
  samples?: number;
}

/** What a teacher does to one grade (see review.ts). */
export type ReviewAction =
  | { kind: "change"; change: ReviewChange }
  | { kind: "approve"; reviewer: string; reason: string }
  | { kind: "reopen"; reviewer: string; reason: string };

export type AuditView = AuditRecord & {
  answer: string;
  outdated: boolean;
  currentRubricVersion: string | null;
};

export type GradingService = ReturnType<typeof createGradingService>;

/** A change without If-Match is re-read and re-applied this often when other changes keep winning. */
const maxHumanGradeAttempts = 5;

export function createGradingService(dependencies: GradingServiceDependencies) {
  const { storesFor, clock } = dependencies;
  const leaseSettings: LeaseSettings = { ...defaultLeaseSettings, ...dependencies.leaseSettings };
  const ownerId = dependencies.ownerId ?? dependencies.randomToken();
  const newHolder = () => `${ownerId}/${dependencies.newId("lease")}`;
  const leaseExpiry = () => new Date(clock.now().getTime() + leaseSettings.durationMs);
  // This instance's own registry: two services on one database coordinate through leases only.
  const cacheFlights = createSingleFlight({
    leases: dependencies.leases,
    clock,
    ownerId,
    newId: () => dependencies.newId("lease"),
    namespace: "grade-cache",
    settings: leaseSettings,
  });
  const contextFor = (grades: GradeStore): GradingContext => ({ ...dependencies, grades, cacheFlights });

  async function gradeWith(
    scope: Scope,
    grades: GradeStore,
    command: GradeCommand,
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const { rubric } = await requireGradableRubric(scope, command.rubricId, command.rubricVersion);
    const grade = await gradeAnswer(contextFor(grades), {
      rubric,
      answer: command.answer,
      studentId: command.studentId,
      ...(command.samples !== undefined ? { samples: command.samples } : {}),
      tenantId: scope.tenantId,
      submittedBy: scope.keyId,
      submissionId: command.submissionId ?? null,
    });
    return { grade: { ...grade, outdated: false }, replayed: false };
  }

  /** Grades while renewing the claim's lease, so it is only taken over once this process is gone. */
  async function gradeHoldingClaim(
    scope: Scope,
    command: GradeCommand,
    held: { key: string; holder: string },
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const stores = storesFor(scope.tenantId);
    const heartbeat = startHeartbeat(leaseSettings.renewEveryMs, () =>
      stores.idempotency.renew(held.key, held.holder, leaseExpiry()),
    );
    try {
      return await gradeWith(scope, gradesCompletingClaim(stores, held.key, held.holder), command);
    } catch (error) {
      // Nothing was stored as graded: free the key so the client can retry the same request.
      await stores.idempotency.release(held.key, held.holder);
      throw error;
    } finally {
      heartbeat.stop();
    }
  }

  /**
   * The grade store for a request holding an idempotency claim: storing its grade completes the claim
   * in the same transaction, so a crash can never leave a stored grade behind a claim still running.
   */
  function gradesCompletingClaim(tenant: TenantStores, key: string, holder: string): GradeStore {
    return {
      ...tenant.grades,
      insert: (write) =>
        tenant.transaction(async (stores) => {
          await stores.grades.insert(write);
          if (!(await stores.idempotency.complete(key, holder, write.grade.id))) {
            // This request stalled past its lease and another one with the same key took over: the key
            // will answer that one's grade, so this one is rolled back.
            throw new AppError("idempotency_key_in_use", { retryAfterSeconds: 1 });
          }
        }),
    };
  }

  async function withOutdated(scope: Scope, grade: StoredGrade): Promise<Grade> {
    const current = await storesFor(scope.tenantId).rubrics.currentVersions([grade.rubricId]);
    return { ...grade, outdated: isOutdated(grade, current) };
  }

  /**
   * A grade the scope may read: its tenant's, and for a `service` key only what it submitted. Any
   * other answers `grade_not_found`, as if it did not exist.
   */
  async function requireGrade(scope: Scope, id: string) {
    const stored = await storesFor(scope.tenantId).grades.findById(id);
    if (!stored || (scope.role === "service" && stored.submittedBy !== scope.keyId)) {
      throw new AppError("grade_not_found", { message: `No grade with id "${id}".` });
    }
    return stored;
  }

  // Rubric versions never change once stored, so a parsed version can be kept; only which version is
  // current is asked of the database each time (another process may have uploaded a new one).
  const parsedVersions = new Map<string, StoredRubric>();
  const maxParsedVersions = 256;

  /** A parsed rubric version, kept once read (versions never change). */
  async function rubricVersion(scope: Scope, id: string, version: string): Promise<StoredRubric | undefined> {
    const key = `${scope.tenantId}\u0000${id}\u0000${version}`;
    const cached = parsedVersions.get(key);
    if (cached) return cached;
    const stored = await storesFor(scope.tenantId).rubrics.findVersion(id, version);
    if (!stored) return undefined;
    parsedVersions.set(key, stored);
    if (parsedVersions.size > maxParsedVersions) parsedVersions.delete(parsedVersions.keys().next().value!);
    return stored;
  }

  async function requireRubric(scope: Scope, id: string): Promise<StoredRubric> {
    const version = (await storesFor(scope.tenantId).rubrics.currentVersions([id])).get(id);
    const stored = version === undefined ? undefined : await rubricVersion(scope, id, version);
    if (!stored) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
    return stored;
  }

  /**
   * The rubric version a new grade uses: the current one, or the pinned one. Throws `rubric_not_found`
   * (also for an unknown version) and `rubric_archived`.
   */
  async function requireGradableRubric(scope: Scope, id: string, pinned?: string): Promise<StoredRubric> {
    const state = await storesFor(scope.tenantId).rubrics.state(id);
    if (!state) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
    if (state.archivedAt !== null) {
      throw new AppError("rubric_archived", {
        message: `Rubric "${id}" was archived at ${state.archivedAt}: it takes no new grades.`,
      });
    }
    const stored = await rubricVersion(scope, id, pinned ?? state.currentVersion);
    if (!stored) {
      throw new AppError("rubric_not_found", {
        message: `Rubric "${id}" has no version "${pinned}".`,
        details: [{ path: "rubricVersion", message: `rubric "${id}" has no such version` }],
      });
    }
    return stored;
  }

  return {
    /**
     * Stores a validated rubric as a new version unless its content equals the current one. Throws
     * `grade_budget_exceeded` when its grading options would put every grade over the budget.
     */
    async saveRubric(
      scope: Scope,
      rubric: Rubric,
    ): Promise<{ change: "created" | "new_version" | "unchanged"; rubric: Rubric }> {
      checkRubricWithinBudget(dependencies, rubric);
      const { change } = await storesFor(scope.tenantId).rubrics.save(rubric, clock.now());
      return { change, rubric };
    },

    async getRubric(scope: Scope, id: string, version?: string): Promise<StoredRubric> {
      if (version === undefined) return requireRubric(scope, id);
      const stored = await storesFor(scope.tenantId).rubrics.findVersion(id, version);
      if (!stored)
        throw new AppError("rubric_not_found", { message: `Rubric "${id}" has no version "${version}".` });
      return stored;
    },

    listRubrics(scope: Scope): Promise<RubricSummary[]> {
      return storesFor(scope.tenantId).rubrics.list();
    },

    /** Every version of a rubric, oldest first, saying which is current. Throws `rubric_not_found`. */
    async listRubricVersions(
      scope: Scope,
      id: string,
    ): Promise<{ version: string; createdAt: string; current: boolean }[]> {
      const { rubrics } = storesFor(scope.tenantId);
      const state = await rubrics.state(id);
      if (!state) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
      return (await rubrics.versions(id)).map((entry) => ({
        ...entry,
        current: entry.version === state.currentVersion,
      }));
    },

    /** Every criterion id of any version of a rubric, in order of first appearance (for CSV columns). */
    async criterionIdsOf(scope: Scope, id: string): Promise<string[]> {
      const { rubrics } = storesFor(scope.tenantId);
      const ids = new Set<string>();
      for (const entry of await rubrics.versions(id)) {
        const stored = await rubricVersion(scope, id, entry.version);
        for (const criterion of stored?.rubric.criteria ?? []) ids.add(criterion.id);
      }
      return [...ids];
    },

    /** Archives (no new grades; old ones stay readable) or unarchives a rubric. Throws `rubric_not_found`. */
    async setRubricArchived(scope: Scope, id: string, archived: boolean): Promise<void> {
      const done = await storesFor(scope.tenantId).rubrics.setArchived(
        id,
        archived ? clock.now().toISOString() : null,
      );
      if (!done) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
    },

    /** Deletes a rubric that no grade uses. Throws `rubric_not_found`, `rubric_in_use`. */
    async deleteRubric(scope: Scope, id: string): Promise<void> {
      const outcome = await storesFor(scope.tenantId).rubrics.remove(id);
      if (outcome === "not_found")
        throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
      if (outcome === "in_use") {
        throw new AppError("rubric_in_use", {
          message: `Rubric "${id}" has grades: archive it instead of deleting it.`,
        });
      }
      for (const key of parsedVersions.keys()) {
        if (key.startsWith(`${scope.tenantId}\u0000${id}\u0000`)) parsedVersions.delete(key);
      }
    },

    /**
     * Grades an answer against the rubric's current version. With an idempotency key, a repeat of the
     * same request returns the stored grade without a model call; the same key with a different
     * request is refused (`idempotency_key_reused`), and a key whose first request is still running
     * gets `idempotency_key_in_use` with the seconds left on its lease: the claim is renewed while the
     * request runs, so it is taken over once its process died. Identical answers in flight at the same
     * time are graded once (single flight). Throws what `gradeAnswer` throws, and `rubric_not_found`.
     */
    async grade(
      scope: Scope,
      command: GradeCommand,
      idempotencyKey?: string,
    ): Promise<{ grade: Grade; replayed: boolean }> {
      const stores = storesFor(scope.tenantId);
      const { idempotency } = stores;
      const requestHash = sha256Hex(canonicalJson(command));
      let held: { key: string; holder: string } | undefined;
      if (idempotencyKey !== undefined) {
        const now = clock.now();
        const lease = { holder: newHolder(), now, expiresAt: leaseExpiry() };
        const claim = await idempotency.claim(idempotencyKey, requestHash, lease);
        if (claim.state === "claimed") {
          held = { key: idempotencyKey, holder: lease.holder };
        } else {
          if (claim.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
          if (claim.state === "in_progress") {
            const secondsLeft = Math.ceil((claim.leaseExpiresAt.getTime() - now.getTime()) / 1000);
            throw new AppError("idempotency_key_in_use", { retryAfterSeconds: Math.max(1, secondsLeft) });
          }
          const stored = await stores.grades.findById(claim.gradeId);
          if (stored) return { grade: await withOutdated(scope, stored.grade), replayed: true };
        }
      }
      return held ? gradeHoldingClaim(scope, command, held) : gradeWith(scope, stores.grades, command);
    },

    async getGrade(scope: Scope, id: string): Promise<Grade> {
      return withOutdated(scope, (await requireGrade(scope, id)).grade);
    },

    /**
     * A page of grades, newest first, with any combination of filters; `before` is the keyset position
     * (a grade id). `more` says whether older grades match too.
     */
    async listGrades(scope: Scope, filter: GradeListFilter): Promise<{ grades: Grade[]; more: boolean }> {
      const { grades, rubrics } = storesFor(scope.tenantId);
      // A service key lists only what it submitted, whatever the filter asks.
      const scoped =
        scope.role === "service" ? { ...filter, submittedBy: scope.keyId ?? "\u0000none" } : filter;
      // One row beyond the page tells whether there is a next one, so the last page says so.
      const rows = await grades.list({ ...scoped, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      const current = await rubrics.currentVersions([...new Set(page.map((grade) => grade.rubricId))]);
      return {
        grades: page.map((grade) => ({ ...grade, outdated: isOutdated(grade, current) })),
        more: rows.length > filter.limit,
      };
    },

    async getAudit(scope: Scope, id: string): Promise<AuditView> {
      const stored = await requireGrade(scope, id);
      const current = await storesFor(scope.tenantId).rubrics.currentVersions([stored.grade.rubricId]);
      return {
        ...stored.audit,
        answer: stored.answer,
        outdated: isOutdated(stored.grade, current),
        currentRubricVersion: current.get(stored.grade.rubricId) ?? null,
      };
    },

    /**
     * What a teacher does to a grade (review.ts): change points, comments or feedback, approve it as it
     * is, or reopen it. A teacher always wins over the model, whose result stays in the audit record;
     * every action is recorded there with who and why. Read, check and write happen in one
     * transaction, and the write is a compare-and-set on the grade's version:
     * - with `expectedVersions` (If-Match), a grade whose version is not among them is refused with
     *   `grade_modified` and nothing is written;
     * - without, an action that loses a race to another is re-read and applied on top of it (criteria
     *   it does not name keep the other change's points; both are in the audit record), and refused
     *   with `grade_modified` only if other changes keep winning.
     * Throws `invalid_request` naming each bad criterion, `grade_not_found`, `grade_modified`.
     */
    async reviewGrade(
      scope: Scope,
      id: string,
      action: ReviewAction,
      options: { expectedVersions?: readonly number[] } = {},
    ): Promise<Grade> {
      const { expectedVersions } = options;
      for (let attempt = 1; ; attempt++) {
        const updated = await storesFor(scope.tenantId).transaction(async (stores) => {
          const stored = await stores.grades.findById(id);
          if (!stored) throw new AppError("grade_not_found", { message: `No grade with id "${id}".` });
          const currentVersion = stored.grade.version;
          if (expectedVersions && !expectedVersions.includes(currentVersion)) {
            throw new AppError("grade_modified", {
              message: `The grade is at version ${currentVersion} (ETag "${currentVersion}"), not the one If-Match names; read it again.`,
            });
          }
          const context = { now: clock.now().toISOString(), keyId: scope.keyId };
          let reviewed;
          if (action.kind === "change") {
            const rubricVersion = await stores.rubrics.findVersion(
              stored.grade.rubricId,
              stored.grade.rubricVersion,
            );
            if (!rubricVersion) {
              throw new AppError("rubric_not_found", {
                message: `Rubric version ${stored.grade.rubricVersion} is gone.`,
              });
            }
            checkChange(rubricVersion.rubric, action.change);
            reviewed = applyChange(stored, action.change, context);
          } else if (action.kind === "approve") {
            reviewed = applyApproval(stored, action, context);
          } else {
            reviewed = applyReopen(stored, action, context);
          }
          const written = await stores.grades.update(reviewed.grade, reviewed.audit, currentVersion);
          return written ? reviewed.grade : undefined;
        });
        if (updated) return withOutdated(scope, updated);
        if (expectedVersions || attempt >= maxHumanGradeAttempts) {
          throw new AppError("grade_modified", {
            message: "The grade was changed by someone else while this change was saved; read it again.",
          });
        }
      }
    },
  };
}

function isOutdated(grade: StoredGrade, currentVersions: Map<string, string>): boolean {
  const current = currentVersions.get(grade.rubricId);
  return current !== undefined && current !== grade.rubricVersion;
}
