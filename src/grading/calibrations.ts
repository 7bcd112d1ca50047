import { codePointCount, quoteShown } from "../lib/code-points.js";
import { canonicalJson } from "../lib/hashing.js";
import type { Scope } from "./access.js";
import { AppError, formatPath } from "./errors.js";
import type { GradingService } from "./grading-service.js";
import type { JobService } from "./job-service.js";
import { isAllowedPoints, type Rubric } from "./rubric.js";
import { validateRubricDocument } from "./rubric-loading.js";
import type { Clock } from "../lib/clock.js";

/**
 * Calibrations (issue 10, point 6): teachers' points for answers of one rubric version are graded as a
 * job (source `calibration`), and the grader's points are compared with the teachers' per criterion and
 * for the total. The result is computed once, the first time the calibration is read after its job
 * completed, and stored with it: nothing has to run when the job ends, so no crash can lose the result.
 */

/** Fewest answers a calibration takes: agreement on fewer is too uncertain to mean anything. */
export const minCalibrationAnswers = 10;

export interface CalibrationAnswer {
  /** The answer as written; "" once retention or the student's erasure purged it (its points stay). */
  answer: string;
  /** The teacher's points per criterion id: every criterion of the version, within its bounds. */
  points: Record<string, number>;
  /** Whose answer it is, when the teacher says: a student's erasure then reaches it (and its grade). */
  studentId?: string;
}

/** Most answers one request turns into graded examples: each one lengthens every prompt of the version. */
export const maxExemplarsPerRequest = 5;
/**
 * Longest calibration answer that may become a graded example. Shorter than the rubric format's limit
 * (10,000): an example is sent with every grade of the version, so a long one costs on every answer.
 */
export const maxExemplarAnswerChars = 2_000;
/** Most graded examples a rubric holds (the rubric format's limit). */
export const maxRubricExemplars = 10;
/** `Retry-After` of a 409 `calibration_running`: when to look at a calibration still being graded again. */
const calibrationPollSeconds = 5;

/** One metric's value with its bootstrap 95% interval (null where undefined, e.g. constant raters). */
export interface CalibrationEstimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface CalibrationAgreement {
  /** Answers the grader scored (an unusable reply leaves one unscored, and out of the figures). */
  count: number;
  unscored: number;
  quadraticKappa: CalibrationEstimate;
  exactAgreement: CalibrationEstimate;
  adjacentAgreement: CalibrationEstimate;
  meanAbsoluteError: CalibrationEstimate;
  pearson: CalibrationEstimate;
}

export interface CalibrationResult {
  /**
   * Indexes of the answers left out of every figure because their text is a graded example of the
   * version calibrated: the model saw them with the teacher's points, so agreeing on them proves
   * nothing. Absent in results stored before exemplars could be made from calibrations.
   */
  excludedAnswers?: number[];
  total: CalibrationAgreement;
  criteria: Record<string, CalibrationAgreement>;
  /** How the intervals were computed: percentile bootstrap, seeded, so a result is reproducible. */
  bootstrap: { resamples: number; seed: number; level: number };
}

/** The grader's points for one calibration answer: null per criterion when it gave none, null when not graded. */
export type GraderPoints = Record<string, number | null> | null;

export interface Calibration {
  id: string;
  rubricId: string;
  rubricVersion: string;
  jobId: string;
  status: "running" | "completed";
  answerCount: number;
  /** The key that made it (null for a bootstrap key). */
  createdBy: string | null;
  createdAt: string;
  completedAt: string | null;
  /** When retention or an erasure emptied the texts of (some of) its answers; null while they are kept. */
  answersPurgedAt: string | null;
  result: CalibrationResult | null;
}

/** A tenant's calibrations (storage/). */
export interface CalibrationStore {
  create(calibration: {
    id: string;
    rubricId: string;
    rubricVersion: string;
    jobId: string;
    answers: readonly CalibrationAnswer[];
    createdBy: string | null;
    now: Date;
  }): Promise<void>;
  find(id: string): Promise<Calibration | undefined>;
  answers(id: string): Promise<CalibrationAnswer[]>;
  /** Newest first. */
  listForRubric(rubricId: string): Promise<Calibration[]>;
  /** The calibration whose answers this job grades, if any. */
  findByJob(jobId: string): Promise<Calibration | undefined>;
  /** Stores the result once: a second writer (two concurrent reads) changes nothing. */
  complete(id: string, result: CalibrationResult, now: Date): Promise<void>;
}

/**
 * A tenant's requirement (issue 10, point 7): batch jobs for a rubric version wait in
 * `awaiting_calibration` until a completed calibration of that version has at least `minAnswers`
 * answers and a total quadratic κ of at least `minQuadraticKappa`.
 */
export interface CalibrationRequirement {
  minQuadraticKappa: number;
  minAnswers: number;
}

export interface CalibrationRequirementStore {
  find(tenantId: string): Promise<CalibrationRequirement | null>;
  /** null removes the requirement. */
  save(tenantId: string, requirement: CalibrationRequirement | null, now: Date): Promise<void>;
  /**
   * The school's requirement and one rubric's own (all its versions), each null when there is none;
   * read together, in one statement on a grade's path.
   */
  findBoth(
    tenantId: string,
    rubricId: string,
  ): Promise<{ tenant: CalibrationRequirement | null; rubric: CalibrationRequirement | null }>;
  /**
   * Whether the school asked that graded examples copied from calibration answers go when those
   * answers are purged (retention) or erased (the student's erasure). Default: no.
   */
  purgesExemplarCopies(tenantId: string): Promise<boolean>;
  setPurgesExemplarCopies(tenantId: string, purge: boolean, now: Date): Promise<void>;
  /** null removes the rubric's own requirement. */
  saveForRubric(
    tenantId: string,
    rubricId: string,
    requirement: CalibrationRequirement | null,
    now: Date,
  ): Promise<void>;
}

/**
 * The requirement a rubric's versions must meet: the school's and the rubric's own together, the
 * stricter value of each field. A rubric can require calibration where the school does not, or ask
 * for more than the school; it can never ask for less (a school's floor holds for every rubric).
 */
export function effectiveRequirement(
  tenant: CalibrationRequirement | null,
  rubric: CalibrationRequirement | null,
): CalibrationRequirement | null {
  if (!tenant) return rubric;
  if (!rubric) return tenant;
  return {
    minQuadraticKappa: Math.max(tenant.minQuadraticKappa, rubric.minQuadraticKappa),
    minAnswers: Math.max(tenant.minAnswers, rubric.minAnswers),
  };
}

/** Answers that count: those not left out as graded examples of the version. */
export function measuredAnswers(calibration: Calibration): number {
  return calibration.answerCount - (calibration.result?.excludedAnswers?.length ?? 0);
}

/** True when the calibration meets the requirement. */
export function meetsRequirement(calibration: Calibration, requirement: CalibrationRequirement): boolean {
  const kappa = calibration.result?.total.quadraticKappa.value;
  return (
    calibration.status === "completed" &&
    measuredAnswers(calibration) >= requirement.minAnswers &&
    kappa !== null &&
    kappa !== undefined &&
    kappa >= requirement.minQuadraticKappa
  );
}

/** The figures a comparison reports (the calibration's own, read from its result). */
export const comparedMetrics = [
  "quadraticKappa",
  "exactAgreement",
  "adjacentAgreement",
  "meanAbsoluteError",
  "pearson",
] as const;
export type ComparedMetric = (typeof comparedMetrics)[number];

/** A figure of the calibration compared with the same figure of the baseline (current − baseline). */
export interface MetricChange {
  current: number | null;
  baseline: number | null;
  difference: number | null;
}

/** A difference measured on the answers both calibrations graded, with its paired bootstrap interval. */
export interface PairedMetricChange extends MetricChange {
  low: number | null;
  high: number | null;
}

export interface AgreementChange {
  /** Each calibration's figure on its own answers: comparable only as far as the answers are alike. */
  differences: Record<ComparedMetric, MetricChange>;
  /**
   * On the answers both calibrations have (same text, same teacher's points), scored by both graders
   * and not a graded example of either version; null when there are none.
   */
  paired: { count: number; metrics: Record<ComparedMetric, PairedMetricChange> } | null;
}

/** One side of a comparison: what was graded and how. */
export interface ComparedCalibration {
  rubric: Rubric;
  teacher: readonly CalibrationAnswer[];
  grader: readonly GraderPoints[];
  result: CalibrationResult;
}

export interface CalibrationComparison {
  calibrationId: string;
  rubricVersion: string;
  baseline: { calibrationId: string; rubricVersion: string };
  total: AgreementChange;
  /** The criteria both versions have. */
  criteria: Record<string, AgreementChange>;
  bootstrap: { resamples: number; seed: number; level: number };
}

export interface CalibrationServiceDependencies {
  calibrationsFor: (tenantId: string) => CalibrationStore;
  requirements: CalibrationRequirementStore;
  jobs: Pick<JobService, "startJob" | "getJob" | "results" | "releaseForCalibration">;
  grading: Pick<GradingService, "gradableRubric" | "getRubric" | "saveRubric" | "listRubricVersions">;
  clock: Clock;
  newId: (prefix: string) => string;
  /** The metrics (evaluation/), handed in by the composition root: the core does not compute them. */
  computeResult: (
    rubric: Rubric,
    teacher: readonly CalibrationAnswer[],
    grader: readonly GraderPoints[],
  ) => CalibrationResult;
  /** Paired comparison of two calibrations (evaluation/), current − baseline. */
  computeComparison: (
    current: ComparedCalibration,
    baseline: ComparedCalibration,
  ) => Pick<CalibrationComparison, "total" | "criteria" | "bootstrap">;
  /** Told of each job a passing calibration released (for the log). */
  onReleasedByCalibration?: (event: { calibrationId: string; jobIds: readonly string[] }) => void;
}

/** How an answer's text is compared with a graded example's: outer whitespace never matters. */
function exemplarKey(answer: string): string {
  return answer.trim();
}

/**
 * Whether `later` is `earlier` with graded examples appended: the same document but for its version and
 * examples, and `earlier`'s examples first, unchanged.
 */
function addsExamplesTo(earlier: Rubric, later: Rubric): boolean {
  const { version: _earlierVersion, exemplars: before = [], ...earlierRest } = earlier;
  const { version: _laterVersion, exemplars: after = [], ...laterRest } = later;
  return (
    canonicalJson(earlierRest) === canonicalJson(laterRest) &&
    after.length > before.length &&
    canonicalJson(after.slice(0, before.length)) === canonicalJson(before)
  );
}

/**
 * Checks teachers' points against the rubric version: every criterion present, none unknown, each an
 * allowed value. Throws `invalid_request` naming the answer and the criterion.
 */
export function checkCalibrationAnswers(rubric: Rubric, answers: readonly CalibrationAnswer[]): void {
  if (answers.length < minCalibrationAnswers) {
    throw new AppError("invalid_request", {
      message: `body.answers: a calibration needs at least ${minCalibrationAnswers} teacher-graded answers, got ${answers.length}.`,
      details: [{ path: "body.answers", message: `at least ${minCalibrationAnswers} answers` }],
    });
  }
  const criteria = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion]));
  for (const [index, answer] of answers.entries()) {
    for (const [criterionId, points] of Object.entries(answer.points)) {
      const criterion = criteria.get(criterionId);
      const path = formatPath(["body", "answers", index, "points", criterionId]);
      if (!criterion) {
        throw new AppError("invalid_request", {
          message: `${path}: rubric ${quoteShown(rubric.id)} (version ${rubric.version}) has no criterion ${quoteShown(criterionId)}.`,
          details: [{ path, message: "unknown criterion" }],
        });
      }
      if (!isAllowedPoints(criterion, points)) {
        throw new AppError("invalid_request", {
          message: `${path}: ${points} is not a points value criterion ${quoteShown(criterionId)} allows (0..${criterion.maxPoints}${criterion.levels ? ", one of its levels" : ", whole or half points"}).`,
          details: [{ path, message: `outside 0..${criterion.maxPoints} or not an allowed value` }],
        });
      }
    }
    for (const criterion of rubric.criteria) {
      // Own keys only: `"constructor" in {}` is true, so a criterion of that id was never missing.
      if (!Object.hasOwn(answer.points, criterion.id)) {
        const path = formatPath(["body", "answers", index, "points", criterion.id]);
        throw new AppError("invalid_request", {
          message: `${path}: the teacher's points for criterion "${criterion.id}" are missing.`,
          details: [{ path, message: "missing" }],
        });
      }
    }
  }
}

export type CalibrationService = ReturnType<typeof createCalibrationService>;

export function createCalibrationService(dependencies: CalibrationServiceDependencies) {
  const { calibrationsFor, jobs, clock, requirements } = dependencies;

  /** The grader's points for each answer, in answer order (null where no grade exists). */
  async function graderPointsOf(scope: Scope, calibration: Calibration): Promise<GraderPoints[]> {
    const grader: GraderPoints[] = Array.from({ length: calibration.answerCount }, () => null);
    let afterSeq = 0;
    for (;;) {
      const page = await jobs.results(scope, calibration.jobId, afterSeq, 1_000);
      for (const item of page) {
        grader[item.seq - 1] = item.grade
          ? Object.fromEntries(item.grade.criteria.map((result) => [result.criterionId, result.points]))
          : null;
      }
      if (page.length < 1_000) break;
      afterSeq = page.at(-1)!.seq;
    }
    return grader;
  }

  /** Indexes of the answers whose text is a graded example of the rubric version. */
  function exemplarIndexes(rubric: Rubric, answers: readonly CalibrationAnswer[]): number[] {
    const examples = new Set((rubric.exemplars ?? []).map((exemplar) => exemplarKey(exemplar.answer)));
    return answers.flatMap((answer, index) =>
      answer.answer !== "" && examples.has(exemplarKey(answer.answer)) ? [index] : [],
    );
  }

  /** Each task under one key after the one before it ends (however it ended). */
  const queues = new Map<string, Promise<unknown>>();
  function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = queues.get(key) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  }

  /**
   * The version graded examples of a calibration are added to: the calibrated one, or the rubric's current
   * version when that is the calibrated one with examples added since (from another calibration of the same
   * version, or an earlier request). Built on the calibrated version alone, the second set of examples made
   * a version without the first set, and the first set's points and feedback were gone from the rubric.
   */
  async function exemplarBase(scope: Scope, calibration: Calibration): Promise<Rubric> {
    // Gradable: an archived rubric takes no new version this way.
    const { rubric: calibrated } = await dependencies.grading.gradableRubric(
      scope,
      calibration.rubricId,
      calibration.rubricVersion,
    );
    const { rubric: current } = await dependencies.grading.gradableRubric(scope, calibration.rubricId);
    return current.version !== calibrated.version && addsExamplesTo(calibrated, current)
      ? current
      : calibrated;
  }

  async function addExemplarsTo(
    scope: Scope,
    calibration: Calibration,
    picks: readonly { index: number; feedback?: string }[],
  ): Promise<{ calibration: Calibration; rubric: Rubric; previousVersion: string; added: number }> {
    const id = calibration.id;
    const rubric = await exemplarBase(scope, calibration);
    const existing = rubric.exemplars ?? [];
    if (existing.length + picks.length > maxRubricExemplars) {
      throw new AppError("invalid_request", {
        message: `body.answers: version ${rubric.version} of rubric ${quoteShown(rubric.id)} has ${existing.length} graded examples; ${picks.length} more would exceed the limit of ${maxRubricExemplars}.`,
        details: [{ path: "body.answers", message: `at most ${maxRubricExemplars - existing.length} more` }],
      });
    }
    const answers = await calibrationsFor(scope.tenantId).answers(calibration.id);
    const taken = new Set(existing.map((exemplar) => exemplarKey(exemplar.answer)));
    const added = picks.map((pick, position) => {
      const path = `body.answers[${position}].index`;
      const fail = (message: string, detail: string): never => {
        throw new AppError("invalid_request", {
          message: `${path}: ${message}`,
          details: [{ path, message: detail }],
        });
      };
      const answer = answers[pick.index];
      if (!answer) {
        return fail(
          `calibration ${quoteShown(id)} has answers 0..${answers.length - 1}, not ${pick.index}.`,
          "no such answer",
        );
      }
      if (answer.answer === "") {
        return fail(
          `answer ${pick.index} of calibration ${quoteShown(id)} was purged (retention or erasure); it cannot become an example.`,
          "answer purged",
        );
      }
      // Characters as the rubric's limits count them (an emoji is one), not UTF-16 units.
      const characters = codePointCount(answer.answer);
      if (characters > maxExemplarAnswerChars) {
        return fail(
          `answer ${pick.index} has ${characters} characters; a graded example takes at most ${maxExemplarAnswerChars} (it is sent with every grade).`,
          `longer than ${maxExemplarAnswerChars} characters`,
        );
      }
      const key = exemplarKey(answer.answer);
      if (taken.has(key)) {
        return fail(
          `answer ${pick.index} is already a graded example of this version (or picked twice).`,
          "already an example",
        );
      }
      taken.add(key);
      return {
        answer: answer.answer,
        points: answer.points,
        ...(pick.feedback !== undefined ? { feedback: pick.feedback } : {}),
      };
    });
    const { version: previousVersion, ...document } = rubric;
    const validation = validateRubricDocument({ ...document, exemplars: [...existing, ...added] });
    if (!validation.ok) {
      const problem = validation.problems[0]!;
      throw new AppError("invalid_request", {
        message: `The new rubric version would be invalid: ${problem.path || "(document)"}: ${problem.message}`,
        details: validation.problems,
      });
    }
    const saved = await dependencies.grading.saveRubric(scope, validation.rubric);
    return { calibration, rubric: saved.rubric, previousVersion, added: added.length };
  }

  async function requirementFor(scope: Scope, rubricId: string): Promise<CalibrationRequirement | null> {
    const { tenant, rubric } = await requirements.findBoth(scope.tenantId, rubricId);
    return effectiveRequirement(tenant, rubric);
  }

  /**
   * The calibration as it is now. When its job completed and no result is stored yet, computes the
   * result and stores it first (lazily: a crash before the store leaves it to the next read). The
   * calibration that lands passing releases the jobs held for its version (again when it is next read
   * by id, `releaseHeld`, if a process died in between: releasing is a no-op for jobs no longer held).
   */
  async function settle(
    scope: Scope,
    calibration: Calibration,
    options: { releaseHeld?: boolean } = {},
  ): Promise<Calibration> {
    if (calibration.status === "completed") {
      // Stored completed by a process that died (or failed to release) before releasing the jobs held
      // for its version: read by itself, it releases them now (a no-op when none is held).
      if (options.releaseHeld) await releaseIfPassing(scope, calibration);
      return calibration;
    }
    const job = await jobs.getJob(scope, calibration.jobId);
    if (job.status !== "completed") return calibration;
    const store = calibrationsFor(scope.tenantId);
    const [stored, answers, grader] = await Promise.all([
      dependencies.grading.getRubric(scope, calibration.rubricId, calibration.rubricVersion),
      store.answers(calibration.id),
      graderPointsOf(scope, calibration),
    ]);
    // An answer shown to the model as a graded example would grade its own example: left out.
    const excluded = exemplarIndexes(stored.rubric, answers);
    const left = new Set(excluded);
    const measured = (index: number) => !left.has(index);
    const result = dependencies.computeResult(
      stored.rubric,
      answers.filter((_, index) => measured(index)),
      grader.filter((_, index) => measured(index)),
    );
    await store.complete(calibration.id, { excludedAnswers: excluded, ...result }, clock.now());
    const settled = (await store.find(calibration.id)) ?? calibration;
    await releaseIfPassing(scope, settled);
    return settled;
  }

  async function releaseIfPassing(scope: Scope, calibration: Calibration): Promise<void> {
    const requirement = await requirementFor(scope, calibration.rubricId);
    if (!requirement || !meetsRequirement(calibration, requirement)) return;
    const jobIds = await jobs.releaseForCalibration(scope, {
      rubricId: calibration.rubricId,
      rubricVersion: calibration.rubricVersion,
      calibrationId: calibration.id,
    });
    if (jobIds.length > 0) dependencies.onReleasedByCalibration?.({ calibrationId: calibration.id, jobIds });
  }

  /**
   * A calibration of the version meeting the requirement (its id), false when one is required and
   * none meets it, true when nothing is required. Calibrations whose job completed since are settled.
   */
  async function passingCalibrationOf(
    scope: Scope,
    rubricId: string,
    rubricVersion: string,
  ): Promise<string | boolean> {
    const requirement = await requirementFor(scope, rubricId);
    if (!requirement) return true;
    const list = await calibrationsFor(scope.tenantId).listForRubric(rubricId);
    for (const calibration of list) {
      if (calibration.rubricVersion !== rubricVersion) continue;
      const settled = await settle(scope, calibration);
      if (meetsRequirement(settled, requirement)) return settled.id;
    }
    return false;
  }

  async function requireCalibration(scope: Scope, id: string): Promise<Calibration> {
    const calibration = await calibrationsFor(scope.tenantId).find(id);
    if (!calibration) {
      throw new AppError("calibration_not_found", { message: `No calibration with id ${quoteShown(id)}.` });
    }
    return calibration;
  }

  async function requireCompleted(scope: Scope, id: string): Promise<Calibration> {
    const calibration = await settle(scope, await requireCalibration(scope, id));
    if (calibration.status !== "completed" || !calibration.result) {
      throw new AppError("calibration_running", {
        message: `Calibration ${quoteShown(id)} is still being graded (job ${calibration.jobId}); try again once it completed.`,
        // Its job may also wait for a dead process's leases to run out: a client is told when to look again.
        retryAfterSeconds: calibrationPollSeconds,
      });
    }
    return calibration;
  }

  /**
   * The calibration a comparison measures against by default: the newest completed one of the
   * version uploaded just before this one.
   */
  async function previousVersionCalibration(scope: Scope, current: Calibration): Promise<Calibration> {
    const versions = await dependencies.grading.listRubricVersions(scope, current.rubricId);
    const position = versions.findIndex((entry) => entry.version === current.rubricVersion);
    const previous = position > 0 ? versions[position - 1]!.version : undefined;
    if (previous !== undefined) {
      for (const candidate of await calibrationsFor(scope.tenantId).listForRubric(current.rubricId)) {
        if (candidate.rubricVersion !== previous) continue;
        const settled = await settle(scope, candidate);
        if (settled.status === "completed" && settled.result) return settled;
      }
    }
    throw new AppError("calibration_not_found", {
      message:
        previous === undefined
          ? `Rubric ${quoteShown(current.rubricId)} has no version before ${current.rubricVersion}: name a calibration to compare with (?baseline=).`
          : `No completed calibration of the previous version ${previous} of rubric ${quoteShown(current.rubricId)}: name one to compare with (?baseline=).`,
      details: [{ path: "querystring.baseline", message: "no calibration to compare with" }],
    });
  }

  async function comparedSide(scope: Scope, calibration: Calibration): Promise<ComparedCalibration> {
    const [stored, teacher, grader] = await Promise.all([
      dependencies.grading.getRubric(scope, calibration.rubricId, calibration.rubricVersion),
      calibrationsFor(scope.tenantId).answers(calibration.id),
      graderPointsOf(scope, calibration),
    ]);
    return { rubric: stored.rubric, teacher, grader, result: calibration.result! };
  }

  return {
    /**
     * Stores teachers' points for a rubric version and queues its answers as a job. Throws
     * `rubric_not_found`, `rubric_archived`, `invalid_request` (fewer than 10 answers, unknown
     * criterion, points out of bounds) and what a job upload throws (`answer_too_long`).
     */
    async create(
      scope: Scope,
      request: { rubricId: string; rubricVersion?: string; answers: readonly CalibrationAnswer[] },
    ): Promise<Calibration> {
      const { rubric } = await dependencies.grading.gradableRubric(
        scope,
        request.rubricId,
        request.rubricVersion,
        "body.rubricVersion",
      );
      checkCalibrationAnswers(rubric, request.answers);
      const upload = await jobs.startJob(scope, {
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        source: "calibration",
      });
      const id = dependencies.newId("cal");
      try {
        for (const [index, answer] of request.answers.entries()) {
          // The student id goes with the item, so the grade is the student's (their erasure reaches it).
          await upload.add(
            { answer: answer.answer, studentId: answer.studentId ?? null, submissionId: null },
            `body.answers[${index}]`,
          );
        }
        // Stored before the job is queued: a completed job always has its calibration to read.
        await calibrationsFor(scope.tenantId).create({
          id,
          rubricId: rubric.id,
          rubricVersion: rubric.version,
          jobId: upload.jobId,
          answers: request.answers,
          createdBy: scope.keyId,
          now: clock.now(),
        });
        await upload.finish();
      } catch (error) {
        await upload.abort();
        throw error;
      }
      return requireCalibration(scope, id);
    },

    /** Throws `calibration_not_found`. */
    async get(scope: Scope, id: string): Promise<Calibration> {
      return settle(scope, await requireCalibration(scope, id), { releaseHeld: true });
    },

    /**
     * Settles the calibration whose answers this job grades, if any: called by the job engine when an
     * item ends, so a passing calibration releases the jobs held for its version without anyone
     * reading it. Nothing happens while the job still runs.
     */
    async settleForJob(scope: Scope, jobId: string): Promise<void> {
      const calibration = await calibrationsFor(scope.tenantId).findByJob(jobId);
      if (calibration) await settle(scope, calibration);
    },

    getRequirement(scope: Scope): Promise<CalibrationRequirement | null> {
      return requirements.find(scope.tenantId);
    },

    /** Whether graded examples copied from calibration answers go when those answers are purged or erased. */
    purgesExemplarCopies(scope: Scope): Promise<boolean> {
      return requirements.purgesExemplarCopies(scope.tenantId);
    },

    async setPurgesExemplarCopies(scope: Scope, purge: boolean): Promise<void> {
      await requirements.setPurgesExemplarCopies(scope.tenantId, purge, clock.now());
    },

    /** Sets or (null) removes the tenant's requirement; it applies to jobs created from now on. */
    async setRequirement(scope: Scope, requirement: CalibrationRequirement | null): Promise<void> {
      await requirements.save(scope.tenantId, requirement, clock.now());
    },

    /**
     * A rubric's own requirement, the school's, and the one its versions must meet (the stricter of
     * both per field). Throws `rubric_not_found`.
     */
    async getRubricRequirement(
      scope: Scope,
      rubricId: string,
    ): Promise<{
      rubric: CalibrationRequirement | null;
      tenant: CalibrationRequirement | null;
      effective: CalibrationRequirement | null;
    }> {
      await dependencies.grading.getRubric(scope, rubricId);
      const { tenant, rubric } = await requirements.findBoth(scope.tenantId, rubricId);
      return { rubric, tenant, effective: effectiveRequirement(tenant, rubric) };
    },

    /** Sets or (null) removes a rubric's own requirement. Throws `rubric_not_found`. */
    async setRubricRequirement(
      scope: Scope,
      rubricId: string,
      requirement: CalibrationRequirement | null,
    ): Promise<void> {
      await dependencies.grading.getRubric(scope, rubricId);
      await requirements.saveForRubric(scope.tenantId, rubricId, requirement, clock.now());
    },

    /**
     * True when the school or the rubric requires calibration and no calibration of this rubric version
     * meets the requirement (a calibration whose job completed since is settled first). A new version
     * has no calibration of its own until one is made for it.
     */
    async mustAwaitCalibration(scope: Scope, rubricId: string, rubricVersion: string): Promise<boolean> {
      return (await passingCalibrationOf(scope, rubricId, rubricVersion)) === false;
    },

    /**
     * The id of a calibration of this version that meets the requirement, null when there is none or
     * nothing is required.
     */
    async passingCalibration(scope: Scope, rubricId: string, rubricVersion: string): Promise<string | null> {
      const found = await passingCalibrationOf(scope, rubricId, rubricVersion);
      return typeof found === "string" ? found : null;
    },

    /** A rubric's calibrations, newest first, over all its versions. Throws `rubric_not_found`. */
    async listForRubric(scope: Scope, rubricId: string): Promise<Calibration[]> {
      await dependencies.grading.getRubric(scope, rubricId);
      const list = await calibrationsFor(scope.tenantId).listForRubric(rubricId);
      return Promise.all(list.map((calibration) => settle(scope, calibration)));
    },

    /**
     * Turns answers of a completed calibration into graded examples of its rubric: a new version, the
     * calibrated one plus these examples with the teacher's points (and optional feedback), which
     * becomes the current version. Throws `calibration_not_found`, `calibration_running`,
     * `rubric_archived`, `invalid_request` (too many, too long, purged, repeated or already an example:
     * naming `answers[i]`).
     */
    async addExemplars(
      scope: Scope,
      id: string,
      picks: readonly { index: number; feedback?: string }[],
    ): Promise<{ calibration: Calibration; rubric: Rubric; previousVersion: string; added: number }> {
      const calibration = await requireCompleted(scope, id);
      if (picks.length === 0 || picks.length > maxExemplarsPerRequest) {
        throw new AppError("invalid_request", {
          message: `body.answers: pick 1 to ${maxExemplarsPerRequest} answers to make graded examples of, got ${picks.length}.`,
          details: [{ path: "body.answers", message: `1 to ${maxExemplarsPerRequest} answers` }],
        });
      }
      // One request of a rubric at a time in this process: two at once both read the same version, and
      // the second one's new version left out the first one's examples.
      return serialized(`${scope.tenantId}\u0000${calibration.rubricId}`, () =>
        addExemplarsTo(scope, calibration, picks),
      );
    },
    /**
     * The calibration's figures against a baseline calibration of the same rubric (by default the
     * newest completed one of the previous version): each figure's difference, and on the answers both
     * share a paired bootstrap interval. Throws `calibration_not_found` (also for a missing baseline),
     * `calibration_running`, `invalid_request` (a baseline of another rubric).
     */
    async compare(scope: Scope, id: string, baselineId?: string): Promise<CalibrationComparison> {
      const current = await requireCompleted(scope, id);
      const baseline =
        baselineId === undefined
          ? await previousVersionCalibration(scope, current)
          : await requireCompleted(scope, baselineId);
      if (baseline.rubricId !== current.rubricId || baseline.id === current.id) {
        throw new AppError("invalid_request", {
          message: `querystring.baseline: calibration ${quoteShown(baseline.id)} ${baseline.id === current.id ? "is the calibration itself" : `is of rubric ${quoteShown(baseline.rubricId)}, not ${quoteShown(current.rubricId)}`}.`,
          details: [{ path: "querystring.baseline", message: "another calibration of the same rubric" }],
        });
      }
      const [currentSide, baselineSide] = await Promise.all([
        comparedSide(scope, current),
        comparedSide(scope, baseline),
      ]);
      return {
        calibrationId: current.id,
        rubricVersion: current.rubricVersion,
        baseline: { calibrationId: baseline.id, rubricVersion: baseline.rubricVersion },
        ...dependencies.computeComparison(currentSide, baselineSide),
      };
    },
  };
}
