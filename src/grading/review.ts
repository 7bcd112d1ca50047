import type { AuditRecord, HumanChange } from "./audit.js";
import { AppError, maxListedProblems, type Problem } from "./errors.js";
import { quoteShown } from "../lib/code-points.js";
import { totalOf, type CriterionResult, type GradeStatus, type StoredGrade } from "./grade.js";
import { describeAllowedPoints, isAllowedPoints, type Rubric } from "./rubric.js";

/**
 * What a teacher does to a grade, as pure functions from the stored grade to the next version and its
 * audit entry. A teacher always wins over the model: the model's result stays in the audit record.
 *
 * - change: new points and/or comments per criterion and/or new student feedback. With points, the grade
 *   becomes `graded` by `human` (every criterion must then have points); comments and feedback alone keep
 *   its status and who graded it.
 * - approve: the grade as it is becomes `graded` (every criterion must have points).
 * - reopen: the grade goes back to `needs_review`.
 * Approving an approved grade, or reopening one in review, changes nothing (`isReviewStepDone`).
 */

export interface CriterionEdit {
  criterionId: string;
  points?: number;
  /** A comment for the student on this criterion; null removes it. */
  comment?: string | null;
}

export interface ReviewChange {
  reviewer: string;
  reason: string;
  criteria?: readonly CriterionEdit[];
  /** New feedback for the student (it may be set at full marks too, where the model leaves it empty). */
  feedback?: string;
}

export interface ReviewContext {
  now: string;
  keyId: string | null;
  /** Set when the change comes from a decision on the answer group or the resolution of an appeal. */
  origin?: {
    action: "group" | "appeal_resolved";
    groupId?: string;
    groupDecisionVersion?: number;
    appealId?: string;
  };
}

export interface Reviewed {
  grade: StoredGrade;
  audit: AuditRecord;
}

export const maxCommentChars = 2_000;
export const maxFeedbackChars = 10_000;

/**
 * Checks a change against the rubric version the grade used: known criteria, each once, allowed points.
 * Throws `invalid_request` listing every problem by path.
 */
export function checkChange(rubric: Rubric, change: ReviewChange): void {
  const problems = criterionEditProblems(rubric, change.criteria ?? []);
  if ((change.criteria ?? []).length === 0 && change.feedback === undefined) {
    problems.push({
      path: "body.criteria",
      message: "give at least one criterion's points or comment, or feedback",
    });
  }
  throwProblems(problems);
}

/** Checks criterion edits against a rubric version; throws `invalid_request` listing every problem. */
export function checkCriterionEdits(rubric: Rubric, edits: readonly CriterionEdit[]): void {
  throwProblems(criterionEditProblems(rubric, edits));
}

function criterionEditProblems(rubric: Rubric, edits: readonly CriterionEdit[]): Problem[] {
  const criteriaById = new Map(rubric.criteria.map((criterion) => [criterion.id, criterion]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  edits.forEach((edit, index) => {
    const criterion = criteriaById.get(edit.criterionId);
    if (!criterion) {
      problems.push({
        path: `body.criteria[${index}].criterionId`,
        // Quoted with what a reader cannot see escaped: a bidi override in it would reorder the message.
        message: `the rubric has no criterion ${quoteShown(edit.criterionId)}`,
      });
    } else if (seen.has(edit.criterionId)) {
      problems.push({
        path: `body.criteria[${index}].criterionId`,
        message: `${quoteShown(edit.criterionId)} is listed twice`,
      });
    } else if (edit.points !== undefined && !isAllowedPoints(criterion, edit.points)) {
      problems.push({ path: `body.criteria[${index}].points`, message: describeAllowedPoints(criterion) });
    }
    if (edit.points === undefined && edit.comment === undefined) {
      problems.push({ path: `body.criteria[${index}]`, message: "give points, a comment, or both" });
    }
    seen.add(edit.criterionId);
  });
  return problems;
}

/** The grade after a teacher's change, at the next version. Call `checkChange` first. */
export function applyChange(
  stored: { grade: StoredGrade; audit: AuditRecord },
  change: ReviewChange,
  context: ReviewContext,
): Reviewed {
  const { grade, audit } = stored;
  const edits = new Map((change.criteria ?? []).map((edit) => [edit.criterionId, edit]));
  const criteria: CriterionResult[] = grade.criteria.map((result) => {
    const edit = edits.get(result.criterionId);
    if (!edit) return result;
    return {
      ...result,
      ...(edit.points !== undefined ? { points: edit.points } : {}),
      ...(edit.comment !== undefined ? { comment: edit.comment } : {}),
    };
  });
  const pointsGiven = (change.criteria ?? []).some((edit) => edit.points !== undefined);
  // An appeal's resolution names one criterion and cannot give another's points: it decides the status
  // itself and keeps the grade in review while a criterion has none, so only other changes require all.
  if (pointsGiven && context.origin?.action !== "appeal_resolved")
    requireAllPoints(criteria, "body.criteria");
  const status: GradeStatus = pointsGiven ? "graded" : grade.status;
  const action = context.origin?.action ?? "changed";
  const next: StoredGrade = {
    ...grade,
    criteria,
    totalPoints: totalOf(criteria),
    feedback: change.feedback ?? grade.feedback,
    status,
    gradedBy: pointsGiven ? "human" : grade.gradedBy,
    review: { action, by: change.reviewer, at: context.now },
    updatedAt: context.now,
    version: grade.version + 1,
  };
  return {
    grade: next,
    audit: withChange(audit, {
      ...baseChange(change.reviewer, change.reason, context, action),
      // Points that changed: a group decision names every criterion, most of them unchanged.
      criteria: (change.criteria ?? []).flatMap((edit) => {
        const from = grade.criteria.find((result) => result.criterionId === edit.criterionId)?.points ?? null;
        return edit.points === undefined || edit.points === from
          ? []
          : [{ criterionId: edit.criterionId, from, to: edit.points }];
      }),
      comments: criteria.flatMap((result, index) => {
        const before = grade.criteria[index]!.comment;
        return result.comment !== before
          ? [{ criterionId: result.criterionId, from: before, to: result.comment }]
          : [];
      }),
      feedback:
        change.feedback !== undefined && change.feedback !== grade.feedback
          ? { from: grade.feedback, to: change.feedback }
          : null,
      status: status !== grade.status ? { from: grade.status, to: status } : null,
    }),
  };
}

/**
 * True when approving (or reopening) the grade would change nothing: it is `graded` by an approval and
 * nothing since, or it is in review already. Such a step is answered with the grade as it is, at the same
 * version and without an audit entry: a retried request or a second click is not a second decision.
 */
export function isReviewStepDone(
  grade: Pick<StoredGrade, "status" | "review">,
  step: "approve" | "reopen",
): boolean {
  return step === "approve"
    ? grade.status === "graded" && grade.review?.action === "approved"
    : grade.status === "needs_review";
}

/** The grade approved as it is. Throws `invalid_request` when a criterion has no points. */
export function applyApproval(
  stored: { grade: StoredGrade; audit: AuditRecord },
  request: { reviewer: string; reason: string },
  context: ReviewContext,
): Reviewed {
  const { grade, audit } = stored;
  // An approval's body has no criteria: the problem is the grade's own, fixed by giving points (PATCH).
  requireAllPoints(grade.criteria, "criteria");
  return {
    grade: {
      ...grade,
      status: "graded",
      review: { action: "approved", by: request.reviewer, at: context.now },
      updatedAt: context.now,
      version: grade.version + 1,
    },
    audit: withChange(audit, {
      ...baseChange(request.reviewer, request.reason, context, "approved"),
      status: grade.status !== "graded" ? { from: grade.status, to: "graded" } : null,
    }),
  };
}

/** The grade sent back to review. */
export function applyReopen(
  stored: { grade: StoredGrade; audit: AuditRecord },
  request: { reviewer: string; reason: string },
  context: ReviewContext,
): Reviewed {
  const { grade, audit } = stored;
  return {
    grade: {
      ...grade,
      status: "needs_review",
      review: { action: "reopened", by: request.reviewer, at: context.now },
      updatedAt: context.now,
      version: grade.version + 1,
    },
    audit: withChange(audit, {
      ...baseChange(request.reviewer, request.reason, context, "reopened"),
      status: grade.status !== "needs_review" ? { from: grade.status, to: "needs_review" } : null,
    }),
  };
}

function baseChange(
  reviewer: string,
  reason: string,
  context: ReviewContext,
  action: HumanChange["action"],
): HumanChange {
  return {
    at: context.now,
    action,
    reviewer,
    keyId: context.keyId,
    reason,
    criteria: [],
    comments: [],
    feedback: null,
    status: null,
    groupId: context.origin?.groupId ?? null,
    groupDecisionVersion: context.origin?.groupDecisionVersion ?? null,
    appealId: context.origin?.appealId ?? null,
  };
}

function withChange(audit: AuditRecord, change: HumanChange): AuditRecord {
  return { ...audit, humanChanges: [...audit.humanChanges, change] };
}

function requireAllPoints(criteria: readonly CriterionResult[], field: string): void {
  throwProblems(
    criteria.flatMap((result) =>
      result.points === null
        ? [
            {
              path: field,
              message: `criterion "${result.criterionId}" has no valid model score: give its points`,
            },
          ]
        : [],
    ),
  );
}

/**
 * The first `maxListedProblems`, and how many more, as every other refused request lists them: a change
 * naming 50,000 unknown criteria (under 1 MiB) answered 100,000 problems, tens of megabytes.
 */
function throwProblems(allProblems: Problem[]): void {
  if (allProblems.length === 0) return;
  const problems = allProblems.slice(0, maxListedProblems);
  const more = allProblems.length - problems.length;
  throw new AppError("invalid_request", {
    message:
      problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ") +
      (more > 0 ? `; and ${more} more problems (the first ${maxListedProblems} are listed)` : ""),
    details: problems,
  });
}
