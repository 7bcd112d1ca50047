import { z } from "zod";
import { canonicalJson, sha256Hex } from "../lib/hashing.js";
import type { AuditRecord } from "./audit.js";
import { AppError, type Problem } from "./errors.js";
import type { StoredGrade } from "./grade.js";
import { applyChange, checkCriterionEdits, type CriterionEdit, type Reviewed } from "./review.js";
import type { Rubric } from "./rubric.js";

/**
 * Answer groups (Gradescope's idea): answers to the same rubric version that are the same text once
 * spacing is folded form one group. The review queue lists a group once; a teacher's decision on the
 * group is applied to every member, present and future, except members a teacher graded individually
 * (or with an appeal open). Each member's audit names the group decision its grade came from.
 *
 * Only spacing is folded (runs of white space become one space, none at either end, NFC): case,
 * punctuation, digits and superscripts all stay, since `CO` and `Co`, or `2³` and `23`, are different
 * answers that a teacher may grade differently.
 */

/** The text a group is defined by: the answer as the model sees it, with spacing folded. */
export function groupText(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** The group of an answer: a hash of tenant, rubric, version and folded text (`agr_` + 32 hex digits). */
export function answerGroupId(
  tenantId: string,
  rubricId: string,
  rubricVersion: string,
  text: string,
): string {
  const hash = sha256Hex(canonicalJson({ tenantId, rubricId, rubricVersion, text: groupText(text) }));
  return `agr_${hash.slice(0, 32)}`;
}

export const groupDecisionSchema = z.object({
  groupId: z.string(),
  rubricId: z.string(),
  rubricVersion: z.string(),
  reviewer: z.string(),
  reason: z.string(),
  keyId: z.string().nullable(),
  criteria: z
    .array(z.object({ criterionId: z.string(), points: z.number(), comment: z.string().nullable() }))
    .describe("Points and comment (null: none) for every criterion of the rubric version, for every member."),
  feedback: z
    .string()
    .nullable()
    .describe("Student feedback set by this decision or an earlier one; null keeps each member's."),
  decidedAt: z.string(),
  version: z.number().int().min(1).describe("1 for the group's first decision, +1 for each later one."),
});
export type GroupDecision = z.infer<typeof groupDecisionSchema>;

/**
 * What a teacher sends to decide a group: criteria not named keep the group's current points, and the
 * comments and feedback of the previous decision; a comment of null removes it.
 */
export interface GroupDecisionRequest {
  reviewer: string;
  reason: string;
  criteria: readonly CriterionEdit[];
  feedback?: string;
}

/**
 * True when a teacher acted on this grade by itself (or an appeal on it is open): a group decision
 * then leaves it alone, and the review queue lists it on its own.
 */
export function isReviewedIndividually(grade: Pick<StoredGrade, "review" | "flags">): boolean {
  if (grade.flags.includes("appealed")) return true;
  return grade.review !== null && grade.review.action !== "group";
}

/** The key the review queue groups a pending grade by: its group, or itself when it stands alone. */
export function reviewGroupOf(grade: Pick<StoredGrade, "id" | "groupId" | "review" | "flags">): string {
  return grade.groupId === null || isReviewedIndividually(grade) ? grade.id : grade.groupId;
}

/**
 * The full decision from a teacher's request: every criterion gets points, from the request or else
 * from the group's representative (its oldest member that follows the group), and a comment, from the
 * request (null removes it) or else from the previous decision; feedback too comes from the request or
 * the previous decision. Being whole, the decision leaves every member it applies to, present or future,
 * with the same grade. Throws `invalid_request` naming each bad criterion, or one the request leaves
 * without points where the representative has none.
 */
export function makeDecision(
  rubric: Rubric,
  representative: StoredGrade,
  request: GroupDecisionRequest,
  context: { groupId: string; keyId: string | null; now: string; previous: GroupDecision | null },
): GroupDecision {
  const { previous } = context;
  checkCriterionEdits(rubric, request.criteria);
  const edits = new Map(request.criteria.map((edit) => [edit.criterionId, edit]));
  const problems: Problem[] = [];
  const criteria = rubric.criteria.map((criterion) => {
    const edit = edits.get(criterion.id);
    const current = representative.criteria.find((result) => result.criterionId === criterion.id);
    const points = edit?.points ?? current?.points ?? null;
    if (points === null) {
      problems.push({
        path: "body.criteria",
        message: `criterion "${criterion.id}" has no valid score in this group: give its points`,
      });
    }
    const previousComment =
      previous?.criteria.find((decided) => decided.criterionId === criterion.id)?.comment ?? null;
    const comment = edit?.comment !== undefined ? edit.comment : previousComment;
    return { criterionId: criterion.id, points: points ?? 0, comment };
  });
  if (problems.length > 0) {
    throw new AppError("invalid_request", {
      message: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
      details: problems,
    });
  }
  return {
    groupId: context.groupId,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    reviewer: request.reviewer,
    reason: request.reason,
    keyId: context.keyId,
    criteria,
    feedback: request.feedback ?? previous?.feedback ?? null,
    decidedAt: context.now,
    version: (previous?.version ?? 0) + 1,
  };
}

/**
 * A member's grade under the group's decision, as a change recorded in its audit with the group id and
 * the decision's version in their own fields (who decided, when, and why as the teacher wrote it). The model's result stays in the audit record. The
 * decision's comments are applied as they are, null removing one, so that no member keeps a comment an
 * earlier decision gave and this one took away.
 */
export function applyGroupDecision(
  member: { grade: StoredGrade; audit: AuditRecord },
  decision: GroupDecision,
  now: string,
): Reviewed {
  return applyChange(
    member,
    {
      reviewer: decision.reviewer,
      reason: decision.reason,
      criteria: decision.criteria.map(({ criterionId, points, comment }) => ({
        criterionId,
        points,
        comment,
      })),
      ...(decision.feedback !== null ? { feedback: decision.feedback } : {}),
    },
    {
      now,
      keyId: decision.keyId,
      origin: { action: "group", groupId: decision.groupId, groupDecisionVersion: decision.version },
    },
  );
}
