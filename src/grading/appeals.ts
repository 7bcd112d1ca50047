import { quoteShown } from "../lib/code-points.js";
import { z } from "zod";
import type { AuditRecord, HumanChange } from "./audit.js";
import { AppError } from "./errors.js";
import { totalOf, type Flag, type StoredGrade } from "./grade.js";
import { applyChange, checkChange, type Reviewed } from "./review.js";
import { describeAllowedPoints, isAllowedPoints, type Rubric } from "./rubric.js";

/**
 * Appeals: a teacher, or a student through an integration's `service` key, disputes the points of one
 * criterion with a reason. The grade goes back to the review queue (on its own, with its evidence as the
 * model quoted it) until a teacher resolves the appeal: upheld (new points and/or a comment) or denied.
 * Filing and resolving are both recorded in the grade's audit, and the appeal keeps its resolution.
 */

export const appealStatuses = ["open", "upheld", "denied"] as const;
export const maxAppealReasonChars = 4_000;

export const appealSchema = z.object({
  id: z.string(),
  gradeId: z.string(),
  criterionId: z.string(),
  reason: z.string().describe("Why the points are disputed, as the appellant wrote it."),
  by: z.string().describe("Who appealed, as the client named them (a student's or a teacher's name)."),
  keyId: z.string().nullable().describe("The API key the appeal came through."),
  status: z.enum(appealStatuses),
  createdAt: z.string(),
  resolution: z
    .object({
      outcome: z.enum(["upheld", "denied"]),
      reviewer: z.string(),
      reason: z.string(),
      keyId: z.string().nullable(),
      points: z.object({ from: z.number().nullable(), to: z.number() }).nullable(),
      at: z.string(),
    })
    .nullable(),
});
export type Appeal = z.infer<typeof appealSchema>;

export interface AppealResolution {
  outcome: "upheld" | "denied";
  reviewer: string;
  reason: string;
  /** New points for the appealed criterion (upheld only). */
  points?: number;
  /** A comment for the student on the criterion; null removes it. */
  comment?: string | null;
}

/** Throws `invalid_request` unless the rubric version has the criterion. */
export function checkAppealCriterion(rubric: Rubric, criterionId: string): void {
  if (rubric.criteria.some((criterion) => criterion.id === criterionId)) return;
  const message = `the rubric has no criterion ${quoteShown(criterionId)}`;
  throw new AppError("invalid_request", {
    message: `body.criterionId: ${message}`,
    details: [{ path: "body.criterionId", message }],
  });
}

/**
 * Throws `appeal_open` naming the grade's open appeals, if it has any. An appealed grade is decided by
 * resolving its appeals: approving it or changing its points would make it `graded`, out of the review
 * queue, with the appellant still waiting for an answer nobody is shown any more.
 */
export function refuseWhileAppealed(openAppeals: readonly Appeal[], action: string): void {
  if (openAppeals.length === 0) return;
  const named = openAppeals
    .map((appeal) => `${appeal.id} on criterion ${quoteShown(appeal.criterionId)}`)
    .join(", ");
  throw new AppError("appeal_open", {
    message: `The grade has an open appeal (${named}): resolve it (uphold or deny) before you ${action}.`,
    details: openAppeals.map((appeal) => ({ appealId: appeal.id, criterionId: appeal.criterionId })),
  });
}

/**
 * Throws `appeal_already_resolved` when the criterion's latest appeal was resolved and its points now are
 * the points it had at that resolution (nobody changed them since, or changes since brought them back:
 * A → B → A). The appellant had their answer; appealing the same points again would only ask again. Once
 * the points differ, the new points may be appealed. Call it with the grade as stored now, its appeals
 * (any order) and its audit record; open appeals are `appeal_open`'s.
 */
export function refuseAppealAgain(
  stored: { grade: StoredGrade; audit: AuditRecord },
  appeals: readonly Appeal[],
  criterionId: string,
): void {
  const { grade, audit } = stored;
  const resolved = appeals.filter(
    (appeal) => appeal.criterionId === criterionId && appeal.resolution !== null,
  );
  if (resolved.length === 0) return;
  const resolvedIds = new Set(resolved.map((appeal) => appeal.id));
  const changes = audit.humanChanges;
  // The audit's order says which resolution came last; ids and clocks may tie.
  const index = changes.findLastIndex(
    (change) =>
      change.action === "appeal_resolved" && change.appealId !== null && resolvedIds.has(change.appealId),
  );
  const last =
    index >= 0 ? resolved.find((appeal) => appeal.id === changes[index]!.appealId)! : resolved.at(-1)!;
  const resolvedAt = last.resolution!.at;
  const since =
    index >= 0
      ? changes.slice(index + 1)
      : changes.filter((change) => change.at >= resolvedAt && change.appealId !== last.id);
  // The points at the resolution are those the first later change of the criterion's points started from;
  // with no such change they are the points now.
  const firstChange = since
    .flatMap((change) => change.criteria)
    .find((points) => points.criterionId === criterionId);
  const pointsNow = grade.criteria.find((result) => result.criterionId === criterionId)?.points ?? null;
  if (firstChange !== undefined && firstChange.from !== pointsNow) return;
  throw new AppError("appeal_already_resolved", {
    message: `Criterion ${quoteShown(criterionId)} was appealed already and that appeal (${last.id}) was resolved (${last.status}) at ${resolvedAt}; its points are the same as at that resolution, so it may be appealed again only once they differ.`,
    details: [{ appealId: last.id, criterionId, outcome: last.status, resolvedAt }],
  });
}

/** The grade with an appeal filed: back to `needs_review`, flagged `appealed`, the appeal in its audit. */
export function applyAppeal(stored: { grade: StoredGrade; audit: AuditRecord }, appeal: Appeal): Reviewed {
  const { grade, audit } = stored;
  const flag: Flag = {
    code: "appealed",
    criterionId: appeal.criterionId,
    requiresReview: true,
    reason: `Appeal ${appeal.id} on criterion ${quoteShown(appeal.criterionId)} by ${appeal.by}.`,
  };
  const flags = [...audit.flags, flag];
  return {
    grade: {
      ...grade,
      flags: [...new Set([...grade.flags, "appealed" as const])],
      status: "needs_review",
      updatedAt: appeal.createdAt,
      version: grade.version + 1,
    },
    audit: {
      ...audit,
      flags,
      humanChanges: [
        ...audit.humanChanges,
        change(appeal.by, appeal.reason, appeal.keyId, appeal.createdAt, "appealed", appeal.id, {
          status: grade.status !== "needs_review" ? { from: grade.status, to: "needs_review" } : null,
        }),
      ],
    },
  };
}

/**
 * The grade with an appeal resolved. Upheld: the criterion's points and/or comment change (a teacher's
 * points: graded by `human`). Denied: the points stay (a comment may explain why). Once no appeal on the
 * grade is open, the `appealed` flag is cleared and the grade is `graded` again (a teacher has seen it)
 * if every criterion has points. Throws `invalid_request` for points not allowed by the criterion.
 */
export function applyResolution(
  stored: { grade: StoredGrade; audit: AuditRecord },
  rubric: Rubric,
  appeal: Appeal,
  resolution: AppealResolution,
  context: { now: string; keyId: string | null; otherOpenAppeals: number },
): Reviewed {
  const edit = {
    criterionId: appeal.criterionId,
    ...(resolution.outcome === "upheld" && resolution.points !== undefined
      ? { points: resolution.points }
      : {}),
    ...(resolution.comment !== undefined ? { comment: resolution.comment } : {}),
  };
  const criterion = rubric.criteria.find((candidate) => candidate.id === appeal.criterionId);
  if (edit.points !== undefined && criterion && !isAllowedPoints(criterion, edit.points)) {
    // Named as the resolution sends it: the check below would name `body.criteria[0].points`, a field
    // this request does not have.
    const message = describeAllowedPoints(criterion);
    throw new AppError("invalid_request", {
      message: `body.points: ${message}`,
      details: [{ path: "body.points", message }],
    });
  }
  const hasEdit = edit.points !== undefined || edit.comment !== undefined;
  let reviewed: Reviewed;
  if (hasEdit) {
    const request = { reviewer: resolution.reviewer, reason: resolution.reason, criteria: [edit] };
    checkChange(rubric, request);
    reviewed = applyChange(stored, request, {
      now: context.now,
      keyId: context.keyId,
      origin: { action: "appeal_resolved", appealId: appeal.id },
    });
  } else {
    reviewed = {
      grade: {
        ...stored.grade,
        review: { action: "appeal_resolved", by: resolution.reviewer, at: context.now },
        updatedAt: context.now,
        version: stored.grade.version + 1,
      },
      audit: {
        ...stored.audit,
        humanChanges: [
          ...stored.audit.humanChanges,
          change(
            resolution.reviewer,
            resolution.reason,
            context.keyId,
            context.now,
            "appeal_resolved",
            appeal.id,
          ),
        ],
      },
    };
  }
  const { grade, audit } = reviewed;
  // While another appeal is open the grade stays in review, flagged; the last open appeal is resolved
  // by a teacher who has seen the whole grade: it is graded again, unless a criterion still has no points.
  const lastOpenAppeal = context.otherOpenAppeals === 0;
  const status = lastOpenAppeal && totalOf(grade.criteria) !== null ? "graded" : "needs_review";
  const last = audit.humanChanges.at(-1)!;
  return {
    grade: {
      ...grade,
      flags: lastOpenAppeal ? grade.flags.filter((code) => code !== "appealed") : grade.flags,
      status,
    },
    audit: {
      ...audit,
      humanChanges: [
        ...audit.humanChanges.slice(0, -1),
        // The entry records the status the grade really ends with, not the one a points change
        // alone would have given it.
        {
          ...last,
          status: status !== stored.grade.status ? { from: stored.grade.status, to: status } : null,
        },
      ],
    },
  };
}

function change(
  reviewer: string,
  reason: string,
  keyId: string | null,
  at: string,
  action: HumanChange["action"],
  appealId: string,
  extra: Partial<HumanChange> = {},
): HumanChange {
  return {
    at,
    action,
    reviewer,
    keyId,
    reason,
    criteria: [],
    comments: [],
    feedback: null,
    status: null,
    groupId: null,
    groupDecisionVersion: null,
    appealId,
    ...extra,
  };
}
