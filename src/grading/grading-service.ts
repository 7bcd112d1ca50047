import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import type { AuditRecord } from "./audit.js";
import { AppError, type Problem } from "./errors.js";
import { checkRubricWithinBudget, gradeAnswer, type GradingContext } from "./grade-answer.js";
import { totalOf, type Grade, type StoredGrade } from "./grade.js";
import type {
  GradeListFilter,
  GradeStore,
  IdempotencyStore,
  RubricStore,
  RubricSummary,
  StoredRubric,
} from "./ports.js";
import { describeAllowedPoints, isAllowedPoints, type Rubric } from "./rubric.js";

/**
 * The application's use cases, in terms of ports only. HTTP handlers, workers and scripts all call
 * these; none of them talks to storage or the model directly.
 */
export interface GradingServiceDependencies extends GradingContext {
  rubrics: RubricStore;
  grades: GradeStore;
  idempotency: IdempotencyStore;
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
  answer: string;
  outdated: boolean;
  currentRubricVersion: string | null;
};

export type GradingService = ReturnType<typeof createGradingService>;

export function createGradingService(dependencies: GradingServiceDependencies) {
  const { rubrics, grades, idempotency, clock } = dependencies;

  async function withOutdated(grade: StoredGrade): Promise<Grade> {
    const current = await rubrics.currentVersions([grade.rubricId]);
    return { ...grade, outdated: isOutdated(grade, current) };
  }

  async function requireRubric(id: string): Promise<StoredRubric> {
    const stored = await rubrics.findCurrent(id);
    if (!stored) throw new AppError("rubric_not_found", { message: `No rubric with id "${id}".` });
    return stored;
  }

  return {
    /**
     * Stores a validated rubric as a new version unless its content equals the current one. Throws
     * `grade_budget_exceeded` when its grading options would put every grade over the budget.
     */
    async saveRubric(
      rubric: Rubric,
    ): Promise<{ change: "created" | "new_version" | "unchanged"; rubric: Rubric }> {
      checkRubricWithinBudget(dependencies, rubric);
      const { change } = await rubrics.save(rubric, clock.now());
      return { change, rubric };
    },

    async getRubric(id: string, version?: string): Promise<StoredRubric> {
      if (version === undefined) return requireRubric(id);
      const stored = await rubrics.findVersion(id, version);
      if (!stored)
        throw new AppError("rubric_not_found", { message: `Rubric "${id}" has no version "${version}".` });
      return stored;
    },

    listRubrics(): Promise<RubricSummary[]> {
      return rubrics.list();
    },

    /**
     * Grades an answer against the rubric's current version. With an idempotency key, a repeat of the
     * same request returns the stored grade without a model call; the same key with a different
     * request is refused (422), and a key whose first request is still running gets 409.
     */
    async grade(
      command: GradeCommand,
      idempotencyKey?: string,
    ): Promise<{ grade: Grade; replayed: boolean }> {
      const requestHash = sha256Hex(canonicalJson(command));
      if (idempotencyKey !== undefined) {
        const claim = await idempotency.claim(idempotencyKey, requestHash, clock.now());
        if (claim.state !== "claimed") {
          if (claim.requestHash !== requestHash) throw new AppError("idempotency_key_reused");
          if (claim.state === "in_progress") throw new AppError("idempotency_key_in_use");
          const stored = await grades.findById(claim.gradeId);
          if (stored) return { grade: await withOutdated(stored.grade), replayed: true };
        }
      }
      try {
        const { rubric } = await requireRubric(command.rubricId);
        const grade = await gradeAnswer(dependencies, {
          rubric,
          answer: command.answer,
          studentId: command.studentId,
          ...(command.samples !== undefined ? { samples: command.samples } : {}),
        });
        if (idempotencyKey !== undefined) await idempotency.complete(idempotencyKey, grade.id);
        return { grade: { ...grade, outdated: false }, replayed: false };
      } catch (error) {
        // Nothing was stored as graded: free the key so the client can retry the same request.
        if (idempotencyKey !== undefined) await idempotency.release(idempotencyKey);
        throw error;
      }
    },

    async getGrade(id: string): Promise<Grade> {
      const stored = await grades.findById(id);
      if (!stored) throw new AppError("grade_not_found", { message: `No grade with id "${id}".` });
      return withOutdated(stored.grade);
    },

    /**
     * A page of grades, newest first, with any combination of filters; `before` is the keyset position
     * (a grade id). `more` says whether older grades match too.
     */
    async listGrades(filter: GradeListFilter): Promise<{ grades: Grade[]; more: boolean }> {
      // One row beyond the page tells whether there is a next one, so the last page says so.
      const rows = await grades.list({ ...filter, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      const current = await rubrics.currentVersions([...new Set(page.map((grade) => grade.rubricId))]);
      return {
        grades: page.map((grade) => ({ ...grade, outdated: isOutdated(grade, current) })),
        more: rows.length > filter.limit,
      };
    },

    async getAudit(id: string): Promise<AuditView> {
      const stored = await grades.findById(id);
      if (!stored) throw new AppError("grade_not_found", { message: `No grade with id "${id}".` });
      const current = await rubrics.currentVersions([stored.grade.rubricId]);
      return {
        ...stored.audit,
        answer: stored.answer,
        outdated: isOutdated(stored.grade, current),
        currentRubricVersion: current.get(stored.grade.rubricId) ?? null,
      };
    },

    /**
     * Records a teacher's grade. It always wins: the grade becomes `graded` by `human`, and the model's
     * result stays in the audit record. Points are checked against the rubric version the grade used.
     * Throws `invalid_request` naming each bad criterion, `grade_not_found`.
     */
    async recordHumanGrade(id: string, command: HumanGradeCommand): Promise<Grade> {
      const stored = await grades.findById(id);
      if (!stored) throw new AppError("grade_not_found", { message: `No grade with id "${id}".` });
      const { grade, audit } = stored;
      const version = await rubrics.findVersion(grade.rubricId, grade.rubricVersion);
      if (!version)
        throw new AppError("rubric_not_found", { message: `Rubric version ${grade.rubricVersion} is gone.` });
      const criteriaById = new Map(version.rubric.criteria.map((criterion) => [criterion.id, criterion]));
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
      const now = clock.now().toISOString();
      const updated: StoredGrade = {
        ...grade,
        criteria,
        totalPoints: totalOf(criteria),
        status: "graded",
        gradedBy: "human",
        updatedAt: now,
      };
      const updatedAudit: AuditRecord = {
        ...audit,
        humanChanges: [
          ...audit.humanChanges,
          {
            at: now,
            reviewer: command.reviewer,
            reason: command.reason,
            criteria: command.criteria.map((change) => ({
              criterionId: change.criterionId,
              from:
                grade.criteria.find((result) => result.criterionId === change.criterionId)?.points ?? null,
              to: change.points,
            })),
          },
        ],
      };
      await grades.update(updated, updatedAudit);
      return withOutdated(updated);
    },
  };
}

function isOutdated(grade: StoredGrade, currentVersions: Map<string, string>): boolean {
  const current = currentVersions.get(grade.rubricId);
  return current !== undefined && current !== grade.rubricVersion;
}
