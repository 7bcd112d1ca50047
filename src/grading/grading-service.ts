import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import type { AuditRecord } from "./audit.js";
import { AppError, type Problem } from "./errors.js";
import { checkRubricWithinBudget, gradeAnswer, type GradingContext } from "./grade-answer.js";
import { totalOf, type Grade, type StoredGrade } from "./grade.js";
import type { Scope } from "./access.js";
import type {
  GradeListFilter,
  GradeStore,
  LeaseStore,
  RubricSummary,
  StoredRubric,
  TenantStores,
} from "./ports.js";
import { describeAllowedPoints, isAllowedPoints, type Rubric } from "./rubric.js";
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
  answer: string;
  studentId: string | null;
  samples?: number;
}

export interface HumanGradeCommand {
  reviewer: string;
  reason: string;
  criteria: { criterionId: string; points: number }[];
}

export type AuditView = AuditRecord & {
  /** The answer as submitted; null once retention purged it (`answerPurgedAt` says when). */
  answer: string | null;
  answerPurgedAt: string | null;
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
    const { rubric } = await requireRubric(scope, command.rubricId);
    const grade = await gradeAnswer(contextFor(grades), {
      rubric,
      answer: command.answer,
      studentId: command.studentId,
      ...(command.samples !== undefined ? { samples: command.samples } : {}),
      tenantId: scope.tenantId,
      submittedBy: scope.keyId,
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

  async function requireRubric(scope: Scope, id: string): Promise<StoredRubric> {
    const { rubrics } = storesFor(scope.tenantId);
    const version = (await rubrics.currentVersions([id])).get(id);
    const key = version === undefined ? undefined : `${scope.tenantId}\u0000${id}\u0000${version}`;
    const cached = key === undefined ? undefined : parsedVersions.get(key);
    if (cached) return cached;
    const stored = version === undefined ? undefined : await rubrics.findVersion(id, version);
    if (!stored) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
    parsedVersions.set(key!, stored);
    if (parsedVersions.size > maxParsedVersions) parsedVersions.delete(parsedVersions.keys().next().value!);
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
        answer: stored.answerPurgedAt === null ? stored.answer : null,
        answerPurgedAt: stored.answerPurgedAt,
        outdated: isOutdated(stored.grade, current),
        currentRubricVersion: current.get(stored.grade.rubricId) ?? null,
      };
    },

    /**
     * Records a teacher's grade. It always wins over the model's: the grade becomes `graded` by
     * `human`, and the model's result stays in the audit record. Points are checked against the rubric
     * version the grade used. Read, check and write happen in one transaction, and the write is a
     * compare-and-set on the grade's version:
     * - with `expectedVersions` (If-Match), a grade whose version is not among them is refused with
     *   `grade_modified` and nothing is written;
     * - without, a change that loses a race to another is re-read and applied on top of it (criteria
     *   it does not name keep the other change's points; both are in the audit record), and refused
     *   with `grade_modified` only if other changes keep winning.
     * Throws `invalid_request` naming each bad criterion, `grade_not_found`, `grade_modified`.
     */
    async recordHumanGrade(
      scope: Scope,
      id: string,
      command: HumanGradeCommand,
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
          const rubricVersion = await stores.rubrics.findVersion(
            stored.grade.rubricId,
            stored.grade.rubricVersion,
          );
          if (!rubricVersion) {
            throw new AppError("rubric_not_found", {
              message: `Rubric version ${stored.grade.rubricVersion} is gone.`,
            });
          }
          const change = applyHumanGrade(stored, rubricVersion.rubric, command, clock.now().toISOString());
          const written = await stores.grades.update(change.grade, change.audit, currentVersion);
          return written ? change.grade : undefined;
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

/**
 * The grade and audit record after a teacher's change, at the next version. Throws `invalid_request`
 * naming each unknown or repeated criterion, points not allowed, and criteria left without points.
 */
function applyHumanGrade(
  stored: { grade: StoredGrade; audit: AuditRecord },
  rubric: Rubric,
  command: HumanGradeCommand,
  now: string,
): { grade: StoredGrade; audit: AuditRecord } {
  const { grade, audit } = stored;
  const criteriaById = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  command.criteria.forEach((change, index) => {
    const criterion = criteriaById.get(change.criterionId);
    if (!criterion) {
      problems.push({
        path: `criteria[${index}].criterionId`,
        message: `the rubric has no criterion "${change.criterionId}"`,
      });
    } else if (seen.has(change.criterionId)) {
      problems.push({
        path: `criteria[${index}].criterionId`,
        message: `"${change.criterionId}" is listed twice`,
      });
    } else if (!isAllowedPoints(criterion, change.points)) {
      problems.push({ path: `criteria[${index}].points`, message: describeAllowedPoints(criterion) });
    }
    seen.add(change.criterionId);
  });
  const changes = new Map(command.criteria.map((change) => [change.criterionId, change.points]));
  const criteria = grade.criteria.map((result) => ({
    ...result,
    points: changes.get(result.criterionId) ?? result.points,
  }));
  criteria.forEach((result) => {
    if (result.points === null) {
      problems.push({
        path: "criteria",
        message: `criterion "${result.criterionId}" has no valid model score: give its points`,
      });
    }
  });
  if (problems.length > 0) {
    throw new AppError("invalid_request", {
      message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
      details: problems,
    });
  }
  return {
    grade: {
      ...grade,
      criteria,
      totalPoints: totalOf(criteria),
      status: "graded",
      gradedBy: "human",
      updatedAt: now,
      version: grade.version + 1,
    },
    audit: {
      ...audit,
      humanChanges: [
        ...audit.humanChanges,
        {
          at: now,
          reviewer: command.reviewer,
          reason: command.reason,
          criteria: command.criteria.map((change) => ({
            criterionId: change.criterionId,
            from: grade.criteria.find((result) => result.criterionId === change.criterionId)?.points ?? null,
            to: change.points,
          })),
        },
      ],
    },
  };
}

function isOutdated(grade: StoredGrade, currentVersions: Map<string, string>): boolean {
  const current = currentVersions.get(grade.rubricId);
  return current !== undefined && current !== grade.rubricVersion;
}
