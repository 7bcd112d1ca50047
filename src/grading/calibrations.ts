import type { Scope } from "./access.js";
import { AppError } from "./errors.js";
import type { GradingService } from "./grading-service.js";
import type { JobService } from "./job-service.js";
import { isAllowedPoints, type Rubric } from "./rubric.js";
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
  answer: string;
  /** The teacher's points per criterion id: every criterion of the version, within its bounds. */
  points: Record<string, number>;
}

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
}

/** True when the calibration meets the requirement. */
export function meetsRequirement(calibration: Calibration, requirement: CalibrationRequirement): boolean {
  const kappa = calibration.result?.total.quadraticKappa.value;
  return (
    calibration.status === "completed" &&
    calibration.answerCount >= requirement.minAnswers &&
    kappa !== null &&
    kappa !== undefined &&
    kappa >= requirement.minQuadraticKappa
  );
}

export interface CalibrationServiceDependencies {
  calibrationsFor: (tenantId: string) => CalibrationStore;
  requirements: CalibrationRequirementStore;
  jobs: Pick<JobService, "startJob" | "getJob" | "results">;
  grading: Pick<GradingService, "gradableRubric" | "getRubric">;
  clock: Clock;
  newId: (prefix: string) => string;
  /** The metrics (evaluation/), handed in by the composition root: the core does not compute them. */
  computeResult: (
    rubric: Rubric,
    teacher: readonly CalibrationAnswer[],
    grader: readonly GraderPoints[],
  ) => CalibrationResult;
}

/**
 * Checks teachers' points against the rubric version: every criterion present, none unknown, each an
 * allowed value. Throws `invalid_request` naming the answer and the criterion.
 */
export function checkCalibrationAnswers(rubric: Rubric, answers: readonly CalibrationAnswer[]): void {
  if (answers.length < minCalibrationAnswers) {
    throw new AppError("invalid_request", {
      message: `answers: a calibration needs at least ${minCalibrationAnswers} teacher-graded answers, got ${answers.length}.`,
      details: [{ path: "answers", message: `at least ${minCalibrationAnswers} answers` }],
    });
  }
  const criteria = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion]));
  for (const [index, answer] of answers.entries()) {
    for (const [criterionId, points] of Object.entries(answer.points)) {
      const criterion = criteria.get(criterionId);
      const path = `answers[${index}].points.${criterionId}`;
      if (!criterion) {
        throw new AppError("invalid_request", {
          message: `${path}: rubric "${rubric.id}" (version ${rubric.version}) has no criterion "${criterionId}".`,
          details: [{ path, message: "unknown criterion" }],
        });
      }
      if (!isAllowedPoints(criterion, points)) {
        throw new AppError("invalid_request", {
          message: `${path}: ${points} is not a points value criterion "${criterionId}" allows (0..${criterion.maxPoints}${criterion.levels ? ", one of its levels" : ", whole or half points"}).`,
          details: [{ path, message: `outside 0..${criterion.maxPoints} or not an allowed value` }],
        });
      }
    }
    for (const criterion of rubric.criteria) {
      if (!(criterion.id in answer.points)) {
        const path = `answers[${index}].points.${criterion.id}`;
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
  const { calibrationsFor, jobs, clock } = dependencies;

  /**
   * The calibration as it is now. When its job completed and no result is stored yet, computes the
   * result and stores it first (lazily: a crash before the store leaves it to the next read).
   */
  async function settle(scope: Scope, calibration: Calibration): Promise<Calibration> {
    if (calibration.status === "completed") return calibration;
    const job = await jobs.getJob(scope, calibration.jobId);
    if (job.status !== "completed") return calibration;
    const store = calibrationsFor(scope.tenantId);
    const [stored, answers] = await Promise.all([
      dependencies.grading.getRubric(scope, calibration.rubricId, calibration.rubricVersion),
      store.answers(calibration.id),
    ]);
    const grader: GraderPoints[] = answers.map(() => null);
    let afterSeq = 0;
    for (;;) {
      const page = await jobs.results(scope, job.id, afterSeq, 1_000);
      for (const item of page) {
        grader[item.seq - 1] = item.grade
          ? Object.fromEntries(item.grade.criteria.map((result) => [result.criterionId, result.points]))
          : null;
      }
      if (page.length < 1_000) break;
      afterSeq = page.at(-1)!.seq;
    }
    const result = dependencies.computeResult(stored.rubric, answers, grader);
    await store.complete(calibration.id, result, clock.now());
    return (await store.find(calibration.id)) ?? calibration;
  }

  async function requireCalibration(scope: Scope, id: string): Promise<Calibration> {
    const calibration = await calibrationsFor(scope.tenantId).find(id);
    if (!calibration) {
      throw new AppError("calibration_not_found", { message: `No calibration with id "${id}".` });
    }
    return calibration;
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
          await upload.add(
            { answer: answer.answer, studentId: null, submissionId: null },
            `answers[${index}]`,
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
      return settle(scope, await requireCalibration(scope, id));
    },

    getRequirement(scope: Scope): Promise<CalibrationRequirement | null> {
      return dependencies.requirements.find(scope.tenantId);
    },

    /** Sets or (null) removes the tenant's requirement; it applies to jobs created from now on. */
    async setRequirement(scope: Scope, requirement: CalibrationRequirement | null): Promise<void> {
      await dependencies.requirements.save(scope.tenantId, requirement, clock.now());
    },

    /**
     * True when the tenant requires calibration and no calibration of this rubric version meets it
     * (a calibration whose job completed since is settled first). A new version has no calibration
     * of its own until one is made for it.
     */
    async mustAwaitCalibration(scope: Scope, rubricId: string, rubricVersion: string): Promise<boolean> {
      const requirement = await dependencies.requirements.find(scope.tenantId);
      if (!requirement) return false;
      const list = await calibrationsFor(scope.tenantId).listForRubric(rubricId);
      for (const calibration of list) {
        if (calibration.rubricVersion !== rubricVersion) continue;
        if (meetsRequirement(await settle(scope, calibration), requirement)) return false;
      }
      return true;
    },

    /** A rubric's calibrations, newest first, over all its versions. Throws `rubric_not_found`. */
    async listForRubric(scope: Scope, rubricId: string): Promise<Calibration[]> {
      await dependencies.grading.getRubric(scope, rubricId);
      const list = await calibrationsFor(scope.tenantId).listForRubric(rubricId);
      return Promise.all(list.map((calibration) => settle(scope, calibration)));
    },
  };
}
