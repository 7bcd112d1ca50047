import { quoteShown } from "../lib/code-points.js";
import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import { startHeartbeat } from "../lib/heartbeat.js";
import type { AuditRecord } from "./audit.js";
import { unlinkErasedSource } from "./answer-purge.js";
import { AppError } from "./errors.js";
import {
  abandonAnalysis,
  checkRubricWithinBudget,
  gradeAnswer,
  startAnalysis,
  type GradingContext,
} from "./grade-answer.js";
import type { Grade, StoredGrade } from "./grade.js";
import type { Scope } from "./access.js";
import {
  applyGroupDecision,
  isReviewedIndividually,
  makeDecision,
  type GroupDecision,
  type GroupDecisionRequest,
} from "./answer-groups.js";
import {
  applyAppeal,
  applyResolution,
  checkAppealCriterion,
  refuseAppealAgain,
  refuseWhileAppealed,
  type Appeal,
  type AppealResolution,
} from "./appeals.js";
import type {
  CallPriority,
  GradeListFilter,
  GradeWrite,
  TransactionStores,
  LeaseStore,
  PreparedAnswer,
  RubricSummary,
  StoredRubric,
  TenantStores,
} from "./ports.js";
import {
  applyApproval,
  applyChange,
  applyReopen,
  checkChange,
  isReviewStepDone,
  type ReviewChange,
} from "./review.js";
import type { Rubric } from "./rubric.js";
import { defaultLeaseSettings, type LeaseSettings } from "./lease-settings.js";
import { createSingleFlight, type FlightLease } from "./single-flight.js";

/** A grade of a student being made, on record so that the student's erasure can stop it (GradeStore.startRun). */
interface StudentRun {
  id: string;
  studentId: string;
}

/** A run's record lapses after this if its process died: far longer than any grade runs. */
const runRecordLifetimeMs = 60 * 60 * 1000;

/**
 * The application's use cases, in terms of ports only. HTTP handlers, workers and scripts all call
 * these; none of them talks to storage or the model directly.
 */
export interface GradingServiceDependencies extends Omit<
  GradingContext,
  "cacheFlights" | "grades" | "store"
> {
  /** The stores of a tenant: every use case reads and writes only its caller's tenant. */
  storesFor: (tenantId: string) => TenantStores;
  leases: LeaseStore;
  /**
   * Leases of idempotency claims and of single-flight grading: default 30 s, renewed every 10 s, so
   * the work of a process that died holds others up for 30 s at most.
   */
  leaseSettings?: Partial<LeaseSettings>;
  /**
   * Interactive grades (not a job's) this service makes at once; one more is refused with `server_busy`
   * before anything is claimed or called. Unlimited when absent. While another tenant was refused a grade
   * lately, a tenant may hold at most a fair share of them (see `grade`).
   */
  maxPendingGrades?: number;
  /** Names this service instance (its process) in the leases it holds; random by default. */
  ownerId?: string;
  /**
   * True when the tenant requires calibration and this rubric version has no passing one: its grades
   * are flagged `uncalibrated` (calibrations.ts). Absent: never.
   */
  isUncalibrated?: (scope: Scope, rubricId: string, rubricVersion: string) => Promise<boolean>;
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
  /**
   * Whose grade it is (default interactive): a batch job says `batch`, and its model calls leave the
   * provider's rate to people waiting first. Not part of the idempotency request hash: the same request
   * is the same whoever sends it.
   */
  priority?: CallPriority;
  /**
   * Aborts when whoever asked no longer waits (its client closed the connection): calls not yet sent are
   * not sent, calls in flight are stopped, nothing is stored, and the request's slot is free at once.
   * Not part of the idempotency request hash.
   */
  signal?: AbortSignal;
}

/** What a teacher does to one grade (see review.ts). */
export type ReviewAction =
  | { kind: "change"; change: ReviewChange }
  | { kind: "approve"; reviewer: string; reason: string }
  | { kind: "reopen"; reviewer: string; reason: string };

export type AuditView = AuditRecord & {
  /** The answer as submitted; null once retention purged it (`answerPurgedAt` says when). */
  answer: string | null;
  answerPurgedAt: string | null;
  outdated: boolean;
  currentRubricVersion: string | null;
};

export type GradingService = ReturnType<typeof createGradingService>;

/**
 * How long a tenant refused an interactive grade counts as waiting for one: past the longest Retry-After it
 * is told (7 s) and the round trip of its retry, so that a client that comes back when told finds its share.
 */
const waitingTenantMs = 15_000;

/** A change without If-Match is re-read and re-applied this often when other changes keep winning. */
const maxHumanGradeAttempts = 5;

/**
 * Runs a read-check-write transaction whose write is a compare-and-set on the grade's version, again
 * when the write lost a race (the transaction answered undefined): with If-Match (`expectedVersions`)
 * the client asked for the version it read, so a lost race is `grade_modified` at once; without, the
 * action is checked again against what won (a second appeal on the criterion is then `appeal_open`, not
 * a 412 for a precondition the client never sent), and `grade_modified` only if other changes keep winning.
 */
async function retryingLostRaces<Result>(
  expectedVersions: readonly number[] | undefined,
  attempt: () => Promise<Result | undefined>,
): Promise<Result> {
  for (let attempts = 1; ; attempts++) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (expectedVersions || attempts >= maxHumanGradeAttempts) {
      throw new AppError("grade_modified", {
        message: "The grade was changed by someone else while this change was saved; read it again.",
      });
    }
  }
}

export function createGradingService(dependencies: GradingServiceDependencies) {
  const { storesFor, clock } = dependencies;
  const leaseSettings: LeaseSettings = { ...defaultLeaseSettings, ...dependencies.leaseSettings };
  const ownerId = dependencies.ownerId ?? dependencies.randomToken();
  const newHolder = () => `${ownerId}/${dependencies.newId("lease")}`;
  const leaseExpiry = () => new Date(clock.now().getTime() + leaseSettings.durationMs);
  /** Interactive grades in progress now (held to `maxPendingGrades`), in all and per tenant. */
  let pendingInteractive = 0;
  const pendingByTenant = new Map<string, number>();
  /** Tenants refused an interactive grade lately, and until when (ms) they count as waiting. */
  const waitingTenants = new Map<string, number>();
  /**
   * The most interactive grades `tenantId` may hold: the whole limit unless another tenant is waiting,
   * else an equal share among the waiting tenants and it (rounded up, so the limit is used in full).
   */
  function pendingShare(limit: number, tenantId: string): number {
    if (waitingTenants.size === 0) return limit;
    const nowMs = clock.now().getTime();
    let othersWaiting = 0;
    for (const [waiting, untilMs] of waitingTenants) {
      if (untilMs <= nowMs) waitingTenants.delete(waiting);
      else if (waiting !== tenantId) othersWaiting++;
    }
    return Math.ceil(limit / (othersWaiting + 1));
  }
  // This instance's own registry: two services on one database coordinate through leases only.
  const cacheFlights = createSingleFlight({
    leases: dependencies.leases,
    clock,
    ownerId,
    newId: () => dependencies.newId("lease"),
    namespace: "grade-cache",
    settings: leaseSettings,
  });
  async function gradeWith(
    scope: Scope,
    command: GradeCommand,
    claim?: { key: string; holder: string },
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const analysis = startAnalysis(dependencies, command.answer);
    let handedOver = false;
    try {
      return await gradeWithAnalysis(scope, command, claim, analysis, () => (handedOver = true));
    } finally {
      if (!handedOver) abandonAnalysis(analysis);
    }
  }

  async function gradeWithAnalysis(
    scope: Scope,
    command: GradeCommand,
    claim: { key: string; holder: string } | undefined,
    analysis: Promise<PreparedAnswer> | undefined,
    handOver: () => void,
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const {
      stored: { rubric },
      currentVersion,
    } = await gradableRubricAndCurrent(scope, command.rubricId, command.rubricVersion, "body.rubricVersion");
    const tenant = storesFor(scope.tenantId);
    const uncalibrated = (await dependencies.isUncalibrated?.(scope, rubric.id, rubric.version)) === true;
    // A student's grade is on record while it is made, so that their erasure meanwhile can stop it.
    const run: StudentRun | null =
      command.studentId === null || command.studentId === undefined
        ? null
        : { id: dependencies.newId("run"), studentId: command.studentId };
    // The rubric's current version as last read: when the grade is stored, it is read again there.
    const seenCurrent = { version: currentVersion };
    const context: GradingContext = {
      ...dependencies,
      grades: tenant.grades,
      cacheFlights,
      store: storingGrade(tenant, claim, uncalibrated, run, seenCurrent),
    };
    if (run) {
      await tenant.grades.startRun(
        run.id,
        run.studentId,
        new Date(clock.now().getTime() + runRecordLifetimeMs).toISOString(),
      );
    }
    let grade;
    try {
      handOver();
      grade = await gradeWithRun(context, scope, command, rubric, analysis);
    } catch (error) {
      // Nothing was stored: the record goes (a record that cannot be deleted now lapses).
      if (run) await tenant.grades.finishRun(run.id, run.studentId).catch(() => false);
      throw error;
    }
    // Outdated already when a version older than the current one was pinned, or a new version was
    // uploaded while the answer was graded: said as reading the grade would say it.
    return { grade: { ...grade, outdated: grade.rubricVersion !== seenCurrent.version }, replayed: false };
  }

  function gradeWithRun(
    context: GradingContext,
    scope: Scope,
    command: GradeCommand,
    rubric: Rubric,
    analysis: Promise<PreparedAnswer> | undefined,
  ) {
    return gradeAnswer(context, {
      ...(analysis ? { analysis } : {}),
      rubric,
      answer: command.answer,
      studentId: command.studentId,
      ...(command.samples !== undefined ? { samples: command.samples } : {}),
      tenantId: scope.tenantId,
      submittedBy: scope.keyId,
      submissionId: command.submissionId ?? null,
      ...(command.priority ? { priority: command.priority } : {}),
      ...(command.signal ? { signal: command.signal } : {}),
    });
  }

  /**
   * The idempotency keys this instance is grading under now (tenant and key → the request's hash). The
   * claim's lease is only for other processes, which cannot see that its holder is alive: here the work in
   * flight is known, whatever the wall clock says. Compared by the clock, a jump forward made this
   * process's own lease look expired, and a retry took the claim over and called the model again while
   * the first attempt still ran (which was then rolled back).
   */
  const claimsHeldHere = new Map<string, { holder: string; requestHash: string }>();
  const claimHereKey = (scope: Scope, key: string) => `${scope.tenantId}\u0000${key}`;

  /** Grades while renewing the claim's lease, so it is only taken over once this process is gone. */
  async function gradeHoldingClaim(
    scope: Scope,
    command: GradeCommand,
    held: { key: string; holder: string },
    requestHash: string,
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const here = claimHereKey(scope, held.key);
    claimsHeldHere.set(here, { holder: held.holder, requestHash });
    try {
      return await gradeRenewingClaim(scope, command, held);
    } finally {
      if (claimsHeldHere.get(here)?.holder === held.holder) claimsHeldHere.delete(here);
    }
  }

  async function gradeRenewingClaim(
    scope: Scope,
    command: GradeCommand,
    held: { key: string; holder: string },
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const stores = storesFor(scope.tenantId);
    const heartbeat = startHeartbeat(leaseSettings.renewEveryMs, () =>
      stores.idempotency.renew(held.key, held.holder, leaseExpiry()),
    );
    try {
      return await gradeWith(scope, command, held);
    } catch (error) {
      // Nothing was stored as graded: free the key so the client can retry the same request. A release
      // that fails too (the full disk that failed the grade cannot take the delete either) must not take
      // the place of the grade's own error: the client would be told about the key, not the cause. The
      // key then lapses with its lease (GRADER_LEASE_SECONDS), and a retry takes it over.
      await stores.idempotency.release(held.key, held.holder).catch(() => {});
      throw error;
    } finally {
      heartbeat.stop();
    }
  }

  /**
   * Stores a new grade in one transaction with what must happen with it: the answer group's decision,
   * when a teacher has made one, is applied (so a member never misses a decision made while it was
   * graded), and a request holding an idempotency claim completes it (so a crash can never leave a
   * stored grade behind a claim still running).
   */
  function storingGrade(
    tenant: TenantStores,
    claim: { key: string; holder: string } | undefined,
    uncalibrated: boolean,
    run: StudentRun | null,
    seenCurrent: { version: string },
  ) {
    return async (made: GradeWrite, lease?: FlightLease): Promise<StoredGrade> => {
      const stored = await tenant.transaction(async (stores) => {
        const write = withCalibrationFlag(made, uncalibrated);
        const { groupId, rubricId, rubricVersion } = write.grade;
        // Taken first, as a delete takes it: the rubric was deleted while this answer was graded (it
        // had no grade then), and a grade stored now would name a version that is gone.
        const currentVersion = await stores.rubrics.holdVersion(rubricId, rubricVersion);
        if (currentVersion === undefined) {
          throw new AppError("rubric_not_found", {
            message: `Rubric ${quoteShown(rubricId)} was deleted while the answer was graded; nothing was stored.`,
          });
        }
        seenCurrent.version = currentVersion;
        // The student was erased while this answer was graded: storing it would bring them back.
        if (run && !(await stores.grades.finishRun(run.id, run.studentId))) {
          throw new AppError("student_erased");
        }
        const copy = await unlinkedIfSourceErased(stores, write);
        const decision = groupId === null ? undefined : await stores.groupDecisions.find(groupId);
        const decided = decision
          ? { ...copy, ...applyGroupDecision(copy, decision, write.grade.createdAt) }
          : copy;
        await stores.grades.insert(decided);
        if (claim && !(await stores.idempotency.complete(claim.key, claim.holder, decided.grade.id))) {
          // This request stalled past its lease and another one with the same key took over: the key
          // will answer that one's grade, so this one is rolled back.
          throw new AppError("idempotency_key_in_use", { retryAfterSeconds: 1 });
        }
        // The grade and the end of its cache flight commit together: one commit, not two.
        if (lease) await stores.leases.release(lease.name, lease.holder);
        return decided.grade;
      });
      if (lease) lease.released = true;
      return stored;
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
      throw new AppError("grade_not_found", { message: `No grade with id ${quoteShown(id)}.` });
    }
    return stored;
  }

  // A rubric version's grading content never changes once stored, so a parsed version can be kept; only
  // which version is current is asked of the database each time (another process may have uploaded a
  // new one). Kept for a minute, not for ever: a school that asked for it has graded examples copied
  // from purged or erased answers taken out of stored versions (calibration-stores.ts), and every
  // process must stop sending them to the model soon after.
  const parsedVersions = new Map<string, { stored: StoredRubric; readAt: number }>();
  const maxParsedVersions = 256;
  const parsedVersionTtlMs = 60_000;

  /** A parsed rubric version, kept for a minute once read. */
  async function rubricVersion(scope: Scope, id: string, version: string): Promise<StoredRubric | undefined> {
    const key = `${scope.tenantId}\u0000${id}\u0000${version}`;
    const now = clock.now().getTime();
    const cached = parsedVersions.get(key);
    if (cached && now - cached.readAt < parsedVersionTtlMs) return cached.stored;
    const stored = await storesFor(scope.tenantId).rubrics.findVersion(id, version);
    if (!stored) return undefined;
    parsedVersions.delete(key);
    parsedVersions.set(key, { stored, readAt: now });
    if (parsedVersions.size > maxParsedVersions) parsedVersions.delete(parsedVersions.keys().next().value!);
    return stored;
  }

  async function requireRubric(scope: Scope, id: string): Promise<StoredRubric> {
    const version = (await storesFor(scope.tenantId).rubrics.currentVersions([id])).get(id);
    const stored = version === undefined ? undefined : await rubricVersion(scope, id, version);
    if (!stored) throw new AppError("rubric_not_found", { message: `No rubric with id ${quoteShown(id)}.` });
    return stored;
  }

  /**
   * The rubric version a new grade uses: the current one, or the pinned one. Throws `rubric_not_found`
   * (also for an unknown version) and `rubric_archived`.
   */
  async function requireGradableRubric(
    scope: Scope,
    id: string,
    pinned?: string,
    versionField?: string,
  ): Promise<StoredRubric> {
    return (await gradableRubricAndCurrent(scope, id, pinned, versionField)).stored;
  }

  /** `requireGradableRubric`, with the rubric's current version as read (the grade's `outdated` compares it). */
  async function gradableRubricAndCurrent(
    scope: Scope,
    id: string,
    pinned?: string,
    /** Where the client sent `pinned`, as an unknown version's problem names it. */
    versionField = "rubricVersion",
  ): Promise<{ stored: StoredRubric; currentVersion: string }> {
    const state = await storesFor(scope.tenantId).rubrics.state(id);
    if (!state) throw new AppError("rubric_not_found", { message: `No rubric with id ${quoteShown(id)}.` });
    if (state.archivedAt !== null) {
      throw new AppError("rubric_archived", {
        message: `Rubric ${quoteShown(id)} was archived at ${state.archivedAt}: it takes no new grades.`,
      });
    }
    const stored = await rubricVersion(scope, id, pinned ?? state.currentVersion);
    if (!stored) {
      throw new AppError("rubric_not_found", {
        message: `Rubric ${quoteShown(id)} has no version ${quoteShown(pinned ?? state.currentVersion)}.`,
        details: [{ path: versionField, message: `rubric ${quoteShown(id)} has no such version` }],
      });
    }
    return { stored, currentVersion: state.currentVersion };
  }

  /** The request an Idempotency-Key stands for. */
  function idempotencyHash(command: GradeCommand): string {
    // Priority says when the calls go, not what is graded: a retry with another priority is the same request.
    const { priority: _priority, signal: _signal, ...gradedRequest } = command;
    return sha256Hex(canonicalJson(gradedRequest));
  }

  /** This process grades under the key now: that attempt is alive whatever the clock says. */
  function refuseIfHeldHere(scope: Scope, idempotencyKey: string, requestHash: string): void {
    const heldHere = claimsHeldHere.get(claimHereKey(scope, idempotencyKey));
    if (!heldHere) return;
    if (heldHere.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
    throw new AppError("idempotency_key_in_use", {
      retryAfterSeconds: Math.max(1, Math.ceil(leaseSettings.renewEveryMs / 1000)),
    });
  }

  function keyInUse(leaseExpiresAt: Date, now: Date): AppError {
    // A holder renews its lease at most one lease ahead of its own clock: more left than that says
    // the clocks disagree (the holder's runs ahead, or this one moved back), not that the holder
    // needs longer. Capped, a retry comes back within a lease instead of hours later.
    const secondsLeft = Math.ceil((leaseExpiresAt.getTime() - now.getTime()) / 1000);
    const longestSeconds = Math.ceil(leaseSettings.durationMs / 1000);
    return new AppError("idempotency_key_in_use", {
      retryAfterSeconds: Math.min(longestSeconds, Math.max(1, secondsLeft)),
    });
  }

  /**
   * What a repeat of an Idempotency-Key's request is answered without grading anything: its stored grade
   * (replayed), or `idempotency_key_in_use` while its first request runs, or `idempotency_key_reused` for
   * another request; nothing is claimed or written. Undefined when answering it would start grading (the
   * key is free, its holder's lease expired, or its grade is gone): the caller decides whether it may.
   */
  async function answerWithoutGrading(
    scope: Scope,
    command: GradeCommand,
    idempotencyKey: string,
  ): Promise<{ grade: Grade; replayed: boolean } | undefined> {
    const stores = storesFor(scope.tenantId);
    const requestHash = idempotencyHash(command);
    refuseIfHeldHere(scope, idempotencyKey, requestHash);
    const found = await stores.idempotency.find(idempotencyKey);
    if (!found) return undefined;
    if (found.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
    if (found.state === "in_progress") {
      const now = clock.now();
      // Expired: its holder died, and this request would take the key over and grade.
      if (found.leaseExpiresAt.getTime() <= now.getTime()) return undefined;
      throw keyInUse(found.leaseExpiresAt, now);
    }
    const stored = await stores.grades.findById(found.gradeId);
    return stored ? { grade: await withOutdated(scope, stored.grade), replayed: true } : undefined;
  }

  /** `grade` once admitted: the idempotency key's claim (or replay), then the grade itself. */
  async function gradeOnce(
    scope: Scope,
    command: GradeCommand,
    idempotencyKey?: string,
  ): Promise<{ grade: Grade; replayed: boolean }> {
    const stores = storesFor(scope.tenantId);
    const { idempotency } = stores;
    if (idempotencyKey === undefined) return gradeWith(scope, command);
    const requestHash = idempotencyHash(command);
    for (;;) {
      refuseIfHeldHere(scope, idempotencyKey, requestHash);
      const now = clock.now();
      const lease = { holder: newHolder(), now, expiresAt: leaseExpiry() };
      const held = { key: idempotencyKey, holder: lease.holder };
      const claim = await idempotency.claim(idempotencyKey, requestHash, lease);
      if (claim.state === "claimed") return gradeHoldingClaim(scope, command, held, requestHash);
      if (claim.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
      if (claim.state === "in_progress") throw keyInUse(claim.leaseExpiresAt, now);
      const stored = await stores.grades.findById(claim.gradeId);
      if (stored) return { grade: await withOutdated(scope, stored.grade), replayed: true };
      // The grade was erased or purged since the key was read: the answer is graded again, holding the
      // key as a first request does. Graded without it, two requests at this moment made two grades.
      if (await idempotency.reclaim(idempotencyKey, claim.gradeId, lease)) {
        return gradeHoldingClaim(scope, command, held, requestHash);
      }
      // Another request re-claimed the key first, or the erasure deleted it: read it again.
    }
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

    /**
     * Throws `grade_budget_exceeded` when the rubric's grading options, with this service's defaults, would
     * put every grade over the per-grade budget (a job is refused at upload rather than failing item by item).
     */
    checkWithinBudget(rubric: Rubric): void {
      checkRubricWithinBudget(dependencies, rubric);
    },

    async getRubric(scope: Scope, id: string, version?: string): Promise<StoredRubric> {
      if (version === undefined) return requireRubric(scope, id);
      const stored = await storesFor(scope.tenantId).rubrics.findVersion(id, version);
      if (!stored)
        throw new AppError("rubric_not_found", {
          message: `Rubric ${quoteShown(id)} has no version ${quoteShown(version)}.`,
        });
      return stored;
    },

    /**
     * The rubric version a new grade would use: the pinned one, or the current one. Throws
     * `rubric_not_found` (also for an unknown version) and `rubric_archived`.
     */
    gradableRubric(scope: Scope, id: string, pinned?: string, versionField?: string): Promise<StoredRubric> {
      return requireGradableRubric(scope, id, pinned, versionField);
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
      if (!state) throw new AppError("rubric_not_found", { message: `No rubric with id ${quoteShown(id)}.` });
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
      if (!done) throw new AppError("rubric_not_found", { message: `No rubric with id ${quoteShown(id)}.` });
    },

    /** Deletes a rubric that no grade, job or LMS submission uses. Throws `rubric_not_found`, `rubric_in_use`. */
    async deleteRubric(scope: Scope, id: string): Promise<void> {
      const outcome = await storesFor(scope.tenantId).rubrics.remove(id);
      if (outcome === "not_found")
        throw new AppError("rubric_not_found", { message: `No rubric with id ${quoteShown(id)}.` });
      if (outcome === "in_use") {
        throw new AppError("rubric_in_use", {
          message: `Rubric ${quoteShown(id)} has grades, jobs or calibrations, or LMS submissions waiting: archive it instead of deleting it.`,
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
     * time are graded once (single flight). Past `maxPendingGrades` (or the tenant's share) a request that
     * would start grading is refused with `server_busy` before anything is claimed; a repeat of a key is
     * still answered as above, from the store. Throws what `gradeAnswer` throws, and `rubric_not_found`.
     */
    async grade(
      scope: Scope,
      command: GradeCommand,
      idempotencyKey?: string,
    ): Promise<{ grade: Grade; replayed: boolean }> {
      // A job's items are bounded by the queue; a person's requests only by this, so that a burst larger
      // than the provider can take is told to come back instead of waiting until its client gives up
      // (and being graded, and paid for, after it has).
      if (command.priority === "batch") return gradeOnce(scope, command, idempotencyKey);
      // One school's burst must not take every slot from the others: a tenant refused a slot counts as
      // waiting for a while, and while one waits, no other may hold more than its share. As the slots of a
      // tenant over its share end, they go to the waiting ones when they come back.
      const limit = dependencies.maxPendingGrades;
      const { tenantId } = scope;
      const held = pendingByTenant.get(tenantId) ?? 0;
      if (limit !== undefined) {
        const share = pendingShare(limit, tenantId);
        if (pendingInteractive >= limit || held >= share) {
          // A repeat of a request whose key completed costs no model call and no slot: it is answered its
          // grade (or 409 while its first request runs) as when the service is not busy. Only a request
          // that would start grading is refused. Regression: a retry of a completed grade got 503.
          if (idempotencyKey !== undefined) {
            const answered = await answerWithoutGrading(scope, command, idempotencyKey);
            if (answered) return answered;
          }
          waitingTenants.set(tenantId, clock.now().getTime() + waitingTenantMs);
          throw new AppError("server_busy", {
            message:
              pendingInteractive >= limit
                ? `The service is grading as many answers as it takes at once (${limit}); try again shortly.`
                : `This school has its share (${share}) of the answers the service grades at once while other schools wait; try again shortly.`,
            // Spread over 3 to 7 seconds: a burst refused at once and told the same second would come back
            // at once, and be refused again, together.
            retryAfterSeconds: 3 + Math.floor(Math.random() * 5),
          });
        }
      }
      pendingInteractive++;
      pendingByTenant.set(tenantId, held + 1);
      try {
        return await gradeOnce(scope, command, idempotencyKey);
      } finally {
        pendingInteractive--;
        const left = (pendingByTenant.get(tenantId) ?? 1) - 1;
        if (left === 0) pendingByTenant.delete(tenantId);
        else pendingByTenant.set(tenantId, left);
      }
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
     * What a teacher does to a grade (review.ts): change points, comments or feedback, approve it as it
     * is, or reopen it. A teacher always wins over the model, whose result stays in the audit record;
     * every action is recorded there with who and why. Read, check and write happen in one
     * transaction, and the write is a compare-and-set on the grade's version:
     * - with `expectedVersions` (If-Match), a grade whose version is not among them is refused with
     *   `grade_modified` and nothing is written;
     * - without, an action that loses a race to another is re-read and applied on top of it (criteria
     *   it does not name keep the other change's points; both are in the audit record), and refused
     *   with `grade_modified` only if other changes keep winning.
     * A grade with an open appeal is decided by resolving the appeal: approving it, or changing its
     * points, is refused with `appeal_open` (comments, feedback and reopening are not). Approving an
     * approved grade, or reopening one in review, answers the grade as it is and writes nothing.
     * Throws `invalid_request` naming each bad criterion, `grade_not_found`, `grade_modified`,
     * `appeal_open`.
     */
    async reviewGrade(
      scope: Scope,
      id: string,
      action: ReviewAction,
      options: { expectedVersions?: readonly number[] } = {},
    ): Promise<Grade> {
      const { expectedVersions } = options;
      const updated = await retryingLostRaces(expectedVersions, () =>
        storesFor(scope.tenantId).transaction(async (stores) => {
          const stored = await stores.grades.findById(id);
          if (!stored)
            throw new AppError("grade_not_found", { message: `No grade with id ${quoteShown(id)}.` });
          const currentVersion = stored.grade.version;
          refuseUnexpectedVersion(currentVersion, expectedVersions);
          const context = { now: clock.now().toISOString(), keyId: scope.keyId };
          let reviewed;
          // Approved already, or in review already: the grade as it is, nothing written.
          if (action.kind !== "change" && isReviewStepDone(stored.grade, action.kind)) return stored.grade;
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
            // Comments and feedback alone leave the grade in review: only new points decide it.
            if (action.change.criteria?.some((edit) => edit.points !== undefined)) {
              refuseWhileAppealed(await stores.appeals.openFor([id]), "change its points");
            }
            reviewed = applyChange(stored, action.change, context);
          } else if (action.kind === "approve") {
            refuseWhileAppealed(await stores.appeals.openFor([id]), "approve the grade");
            reviewed = applyApproval(stored, action, context);
          } else {
            reviewed = applyReopen(stored, action, context);
          }
          const written = await stores.grades.update(reviewed.grade, reviewed.audit, currentVersion);
          return written ? reviewed.grade : undefined;
        }),
      );
      return withOutdated(scope, updated);
    },

    /**
     * A page of the review queue, oldest first: one entry per answer group with grades needing review
     * (with the group's size, how many of its grades are pending, and its oldest pending grade with the
     * answer and evidence), and one per grade that stands alone (no group, reviewed individually, or
     * appealed: then with its open appeals). `after` is the keyset position (`firstGradeId`).
     */
    async reviewQueue(
      scope: Scope,
      filter: { rubricId?: string; after?: string; limit: number },
    ): Promise<{ entries: ReviewQueueEntry[]; more: boolean }> {
      const { grades, appeals, rubrics } = storesFor(scope.tenantId);
      const rows = await grades.reviewQueue({ ...filter, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      const loaded = await Promise.all(page.map((row) => grades.findById(row.firstGradeId)));
      const groupIds = loaded.flatMap((stored) => (stored?.grade.groupId ? [stored.grade.groupId] : []));
      const sizes = await grades.groupSizes([...new Set(groupIds)]);
      const open = await appeals.openFor(page.map((row) => row.firstGradeId));
      const current = await rubrics.currentVersions([
        ...new Set(loaded.flatMap((stored) => (stored ? [stored.grade.rubricId] : []))),
      ]);
      const entries = page.flatMap((row, index): ReviewQueueEntry[] => {
        const stored = loaded[index];
        if (!stored) return [];
        const grouped = row.reviewGroup !== stored.grade.id && stored.grade.groupId === row.reviewGroup;
        return [
          {
            groupId: grouped ? row.reviewGroup : null,
            size: grouped ? (sizes.get(row.reviewGroup) ?? row.pending) : 1,
            pending: row.pending,
            firstGradeId: row.firstGradeId,
            grade: { ...stored.grade, outdated: isOutdated(stored.grade, current) },
            answer: stored.answer,
            appeals: open.filter((appeal) => appeal.gradeId === stored.grade.id),
          },
        ];
      });
      return { entries, more: rows.length > filter.limit };
    },

    /** An answer group: its rubric version, size, pending grades and the teacher's decision if any. */
    async getGroup(scope: Scope, groupId: string): Promise<GroupView> {
      const { grades, groupDecisions } = storesFor(scope.tenantId);
      const members = await grades.groupMembers(groupId);
      if (members.length === 0) {
        throw new AppError("group_not_found", { message: `No answer group with id ${quoteShown(groupId)}.` });
      }
      return groupView(groupId, members, (await groupDecisions.find(groupId)) ?? null);
    },

    /**
     * A teacher's grade for an answer group: stored as the group's decision and applied, in one
     * transaction, to every member except those graded individually or with an appeal open; members
     * graded later get it too (see `storingGrade`). Criteria the request does not name keep the points
     * of the group's oldest member that follows the group; comments and feedback it does not give are
     * the previous decision's. Throws `group_not_found`, `invalid_request`, `group_modified`.
     */
    async decideGroup(
      scope: Scope,
      groupId: string,
      request: GroupDecisionRequest,
      /**
       * The decision versions the teacher saw (If-Match; 0: no decision yet). Another decision made
       * since is not overwritten: `group_modified`, and nothing is written.
       */
      options: { expectedVersions?: readonly number[] } = {},
    ): Promise<GroupView & { applied: string[]; skipped: string[] }> {
      return storesFor(scope.tenantId).transaction(async (stores) => {
        const members = await stores.grades.groupMembers(groupId);
        const first = members[0];
        if (!first)
          throw new AppError("group_not_found", {
            message: `No answer group with id ${quoteShown(groupId)}.`,
          });
        const rubric = await requireVersionIn(stores, first.grade.rubricId, first.grade.rubricVersion);
        const following = members.filter((member) => !isReviewedIndividually(member.grade));
        const previous = await stores.groupDecisions.find(groupId);
        // Read under the group's lock (groupMembers, find): two decisions at once serialise here.
        if (options.expectedVersions && !options.expectedVersions.includes(previous?.version ?? 0)) {
          throw new AppError("group_modified", {
            message: `Answer group ${quoteShown(groupId)} was decided again since you read it (its decision is now version ${previous?.version ?? 0}); read it again.`,
          });
        }
        const now = clock.now().toISOString();
        const decision = makeDecision(rubric, (following[0] ?? first).grade, request, {
          groupId,
          keyId: scope.keyId,
          now,
          previous: previous ?? null,
        });
        await stores.groupDecisions.save(decision);
        const applied: string[] = [];
        const updated = new Map<string, StoredGrade>();
        for (const member of following) {
          const reviewed = applyGroupDecision(member, decision, now);
          if (!(await stores.grades.update(reviewed.grade, reviewed.audit, member.grade.version))) {
            throw new AppError("grade_modified", {
              message: `Grade ${member.grade.id} changed while the group was decided; try again.`,
            });
          }
          applied.push(member.grade.id);
          updated.set(member.grade.id, reviewed.grade);
        }
        const after = members.map((member) => ({
          ...member,
          grade: updated.get(member.grade.id) ?? member.grade,
        }));
        return {
          ...groupView(groupId, after, decision),
          applied,
          skipped: members.filter((member) => !updated.has(member.grade.id)).map((member) => member.grade.id),
        };
      });
    },

    /**
     * Files an appeal on one criterion of a grade: the grade goes back to review on its own, flagged
     * `appealed`, and the appeal is recorded in its audit. A `service` key may appeal only the grades it
     * submitted. With `expectedVersions` (If-Match), a grade whose version is not among them is refused
     * with `grade_modified` and nothing is written. A criterion has at most one open appeal, and once
     * its appeal is resolved it may be appealed again only once its points differ from those at the
     * resolution. Throws `grade_not_found`, `grade_modified`, `invalid_request` (unknown criterion),
     * `appeal_open`, `appeal_already_resolved`.
     */
    async fileAppeal(
      scope: Scope,
      gradeId: string,
      request: { criterionId: string; reason: string; by: string },
      options: { expectedVersions?: readonly number[] } = {},
    ): Promise<{ appeal: Appeal; grade: Grade }> {
      await requireGrade(scope, gradeId);
      const result = await retryingLostRaces(options.expectedVersions, () =>
        storesFor(scope.tenantId).transaction(async (stores) => {
          const stored = await stores.grades.findById(gradeId);
          if (!stored)
            throw new AppError("grade_not_found", { message: `No grade with id ${quoteShown(gradeId)}.` });
          refuseUnexpectedVersion(stored.grade.version, options.expectedVersions);
          const rubric = await requireVersionIn(stores, stored.grade.rubricId, stored.grade.rubricVersion);
          checkAppealCriterion(rubric, request.criterionId);
          const appeals = await stores.appeals.listForGrade(gradeId);
          const alreadyOpen = () =>
            new AppError("appeal_open", {
              message: `An appeal on criterion ${quoteShown(request.criterionId)} of this grade is open already.`,
            });
          if (
            appeals.some((appeal) => appeal.criterionId === request.criterionId && appeal.status === "open")
          ) {
            throw alreadyOpen();
          }
          refuseAppealAgain(stored, appeals, request.criterionId);
          const appeal: Appeal = {
            id: dependencies.newId("apl"),
            gradeId,
            criterionId: request.criterionId,
            reason: request.reason,
            by: request.by,
            keyId: scope.keyId,
            status: "open",
            createdAt: clock.now().toISOString(),
            resolution: null,
          };
          const reviewed = applyAppeal(stored, appeal);
          if (!(await stores.grades.update(reviewed.grade, reviewed.audit, stored.grade.version))) {
            return undefined;
          }
          // Another appeal on the criterion filed at the same moment passed the check above too: the
          // database refuses the second, and throwing rolls back the grade's update.
          if (!(await stores.appeals.insert(appeal))) throw alreadyOpen();
          return { appeal, grade: reviewed.grade };
        }),
      );
      return { appeal: result.appeal, grade: await withOutdated(scope, result.grade) };
    },

    /** A grade's appeals, oldest first, with their resolutions. Throws `grade_not_found`. */
    async listAppeals(scope: Scope, gradeId: string): Promise<Appeal[]> {
      await requireGrade(scope, gradeId);
      return storesFor(scope.tenantId).appeals.listForGrade(gradeId);
    },

    /**
     * Resolves an open appeal: upheld (new points and/or a comment on the criterion) or denied; the
     * resolution is kept with the appeal and recorded in the grade's audit. With `expectedVersions`
     * (If-Match: the grade's versions), a grade whose version is not among them is refused with
     * `grade_modified` and nothing is written. Throws `appeal_not_found`, `appeal_closed`,
     * `grade_modified`, `invalid_request`.
     */
    async resolveAppeal(
      scope: Scope,
      appealId: string,
      resolution: AppealResolution,
      options: { expectedVersions?: readonly number[] } = {},
    ): Promise<{ appeal: Appeal; grade: Grade }> {
      const result = await retryingLostRaces(options.expectedVersions, () =>
        storesFor(scope.tenantId).transaction(async (stores) => {
          const appeal = await stores.appeals.find(appealId);
          if (!appeal)
            throw new AppError("appeal_not_found", { message: `No appeal with id ${quoteShown(appealId)}.` });
          if (appeal.status !== "open") {
            throw new AppError("appeal_closed", {
              message: `Appeal ${quoteShown(appealId)} was ${appeal.status} already.`,
            });
          }
          const stored = await stores.grades.findById(appeal.gradeId);
          if (!stored)
            throw new AppError("appeal_not_found", { message: `No appeal with id ${quoteShown(appealId)}.` });
          refuseUnexpectedVersion(stored.grade.version, options.expectedVersions);
          const rubric = await requireVersionIn(stores, stored.grade.rubricId, stored.grade.rubricVersion);
          const others = (await stores.appeals.openFor([appeal.gradeId])).filter(
            (open) => open.id !== appeal.id,
          );
          const now = clock.now().toISOString();
          const reviewed = applyResolution(stored, rubric, appeal, resolution, {
            now,
            keyId: scope.keyId,
            otherOpenAppeals: others.length,
          });
          if (!(await stores.grades.update(reviewed.grade, reviewed.audit, stored.grade.version))) {
            return undefined;
          }
          const before = stored.grade.criteria.find((result) => result.criterionId === appeal.criterionId);
          const after = reviewed.grade.criteria.find((result) => result.criterionId === appeal.criterionId);
          const resolved: Appeal = {
            ...appeal,
            status: resolution.outcome,
            resolution: {
              outcome: resolution.outcome,
              reviewer: resolution.reviewer,
              reason: resolution.reason,
              keyId: scope.keyId,
              points:
                after?.points !== undefined && after.points !== null && after.points !== before?.points
                  ? { from: before?.points ?? null, to: after.points }
                  : null,
              at: now,
            },
          };
          await stores.appeals.update(resolved);
          return { appeal: resolved, grade: reviewed.grade };
        }),
      );
      return { appeal: result.appeal, grade: await withOutdated(scope, result.grade) };
    },
  };
}

/** One entry of the review queue. */
export interface ReviewQueueEntry {
  /** The answer group, or null for a grade that stands alone. */
  groupId: string | null;
  /** Grades in the group (any status); 1 for a grade that stands alone. */
  size: number;
  /** Grades of the entry that need review. */
  pending: number;
  firstGradeId: string;
  /** The entry's oldest grade needing review, with its evidence. */
  grade: Grade;
  /** That grade's answer as submitted. */
  answer: string;
  /** Open appeals on that grade. */
  appeals: Appeal[];
}

export interface GroupView {
  groupId: string;
  rubricId: string;
  rubricVersion: string;
  size: number;
  pending: number;
  /** Members a group decision does not change (graded individually, or appealed). */
  individuallyReviewed: number;
  decision: GroupDecision | null;
}

function groupView(
  groupId: string,
  members: readonly { grade: StoredGrade }[],
  decision: GroupDecision | null,
): GroupView {
  const first = members[0]!.grade;
  return {
    groupId,
    rubricId: first.rubricId,
    rubricVersion: first.rubricVersion,
    size: members.length,
    pending: members.filter((member) => member.grade.status === "needs_review").length,
    individuallyReviewed: members.filter((member) => isReviewedIndividually(member.grade)).length,
    decision,
  };
}

async function requireVersionIn(
  stores: TransactionStores,
  rubricId: string,
  version: string,
): Promise<Rubric> {
  const found = await stores.rubrics.findVersion(rubricId, version);
  if (!found) throw new AppError("rubric_not_found", { message: `Rubric version ${version} is gone.` });
  return found.rubric;
}

/**
 * Throws `grade_modified` when If-Match named versions (`expectedVersions`) and the grade's is not one of
 * them: a change to a grade read before someone else changed it writes nothing.
 */
function refuseUnexpectedVersion(
  currentVersion: number,
  expectedVersions: readonly number[] | undefined,
): void {
  if (!expectedVersions || expectedVersions.includes(currentVersion)) return;
  throw new AppError("grade_modified", {
    message: `The grade is at version ${currentVersion} (ETag "${currentVersion}"), not the one If-Match names; read it again.`,
  });
}

function isOutdated(grade: StoredGrade, currentVersions: Map<string, string>): boolean {
  const current = currentVersions.get(grade.rubricId);
  return current !== undefined && current !== grade.rubricVersion;
}

/**
 * A copy of a cached grade whose source was erased after the cache was read (the erasure unlinked the
 * copies stored before, not this one): stored as the erasure leaves a copy, no longer naming the erased
 * grade and out of the cache, so no later answer is served a result made from the erased answer.
 */
async function unlinkedIfSourceErased(stores: TransactionStores, write: GradeWrite): Promise<GradeWrite> {
  const source = write.audit.cachedFrom;
  if (source === null || (await stores.grades.holdCacheSource(source))) return write;
  return { ...write, ...unlinkErasedSource(write), cacheKey: null };
}

/**
 * The grade marked `uncalibrated` or not: made for a rubric version its school requires to be
 * calibrated, with no passing calibration yet. A grade copied from the cache carries the flags of the
 * one it copies, so the flag is decided afresh here. Informational: it does not send the grade to review.
 */
function withCalibrationFlag(write: GradeWrite, uncalibrated: boolean): GradeWrite {
  const flags = write.grade.flags.filter((code) => code !== "uncalibrated");
  const auditFlags = write.audit.flags.filter((flag) => flag.code !== "uncalibrated");
  if (!uncalibrated && flags.length === write.grade.flags.length) return write;
  return {
    ...write,
    grade: { ...write.grade, flags: uncalibrated ? [...flags, "uncalibrated"] : flags },
    audit: {
      ...write.audit,
      flags: uncalibrated
        ? [
            ...auditFlags,
            {
              code: "uncalibrated",
              reason: "This school requires a passing calibration of the rubric version, and none existed.",
              requiresReview: false,
            },
          ]
        : auditFlags,
    },
  };
}
