import type { ScoreMismatch } from "../../grading/integrations.js";
import {
  exchange,
  failure,
  isFailure,
  parseJsonText,
  type OutboundHttpOptions,
  type OutboundResult,
} from "../outbound-http.js";
import {
  canvasFailure,
  canvasHeaders,
  canvasSubmissionUrl,
  fetchCanvasSubmission,
  readSubmission,
  type CanvasSubmissionAddress,
} from "./submissions.js";

export interface CanvasGrade extends CanvasSubmissionAddress {
  /** Points, sent as `submission[posted_grade]` in plain decimal (e.g. "13.5"). */
  readonly points: number;
  /**
   * The rubric's maximum the points are out of: a percentage grade Canvas answers with is checked against
   * it (an assignment out of other points shows another percentage). Unset: not checked.
   */
  readonly maxPoints?: number;
  /** Feedback for the student, sent once as `comment[text_comment]`. */
  readonly comment?: string;
  /**
   * Which delivery attempt this is (1 for the first). From the second on, the submission's comments
   * are read first and an identical comment is not sent again: see `postCanvasGrade`.
   */
  readonly deliveryAttempt: number;
}

export interface CanvasGradeReceipt {
  /** The comment went out with this request. */
  readonly commentSent: boolean;
  /** A comment with the same text was already on the submission (an earlier attempt got through). */
  readonly commentAlreadyPresent: boolean;
  /**
   * Canvas answered that it kept another score than the one sent (`canvasScoreMismatch`); undefined when
   * it kept the points sent, or its answer had neither `score` nor `grade` to compare.
   */
  readonly scoreMismatch?: ScoreMismatch;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Points are sent with at most 4 decimals: closer than that is the same number. */
const samePoints = (left: number, right: number) => Math.abs(left - right) < 0.00005;

/** A number as a person reads it in a message (no float noise such as 67.49999999). */
const shown = (value: number) => String(Number(value.toFixed(4)));

/**
 * Whether the submission Canvas answered a graded PUT with kept the points that were sent. Canvas's answer
 * carries `score` (the points it kept, after its late or missing policy's `points_deducted`), `grade` (the
 * score as the assignment's grading type shows it: points, a percentage, a letter, complete/incomplete)
 * and `excused`. A mismatch is: no score kept, a score other than the points sent, a numeric grade other
 * than the points, or a percentage that is not the score out of `maxPoints` (the assignment's points
 * possible differ from the rubric's maximum). A letter or pass/fail grade alone is the grading type's
 * way of showing the score, not a mismatch. Undefined when it kept the points, or when the answer has
 * neither `score` nor `grade`.
 */
export function canvasScoreMismatch(
  sent: { readonly points: number; readonly maxPoints?: number },
  answer: unknown,
): ScoreMismatch | undefined {
  if (!isRecord(answer) || !("score" in answer || "grade" in answer)) return undefined;
  const score = typeof answer.score === "number" && Number.isFinite(answer.score) ? answer.score : null;
  const grade = typeof answer.grade === "string" ? answer.grade : null;
  const deducted =
    typeof answer.points_deducted === "number" && answer.points_deducted > 0 ? answer.points_deducted : null;
  const posted = Number(formatPostedGrade(sent.points) ?? sent.points);
  const reasons: string[] = [];
  if (score === null) {
    reasons.push(
      answer.excused === true ? "Canvas kept no score: the submission is excused" : "Canvas kept no score",
    );
  } else if (!samePoints(score, posted)) {
    reasons.push(`Canvas kept a score of ${shown(score)} where ${shown(posted)} was sent`);
  }
  if (deducted !== null)
    reasons.push(`its late or missing policy deducted ${shown(deducted)} point${deducted === 1 ? "" : "s"}`);
  const gradeText = grade?.trim() ?? "";
  const percent = /^([+-]?\d+(?:\.\d+)?)%$/.exec(gradeText);
  if (/^[+-]?\d+(?:\.\d+)?$/.test(gradeText)) {
    if (!samePoints(Number(gradeText), score ?? posted)) {
      reasons.push(`Canvas shows the grade ${gradeText} where ${shown(score ?? posted)} points were kept`);
    }
  } else if (percent && sent.maxPoints !== undefined && sent.maxPoints > 0) {
    // Canvas shows a percentage of the assignment's points possible, to 2 decimals.
    const meant = ((score ?? posted) / sent.maxPoints) * 100;
    if (Math.abs(Number(percent[1]) - meant) > 0.0051) {
      reasons.push(
        `Canvas shows ${gradeText} where ${shown(Number(meant.toFixed(2)))}% of the rubric's ${shown(sent.maxPoints)} points was meant: the assignment's points possible differ from the rubric's maximum`,
      );
    }
  }
  if (reasons.length === 0) return undefined;
  return {
    sent: { points: posted, maxPoints: sent.maxPoints ?? null },
    kept: { score, grade, pointsDeducted: deducted },
    reason: reasons.join("; "),
  };
}

/**
 * Points as Canvas's `posted_grade` wants them: plain decimal, at most 4 decimals, no exponent.
 * `undefined` for a negative or non-finite number.
 */
export function formatPostedGrade(points: number): string | undefined {
  if (!Number.isFinite(points) || points < 0) return undefined;
  return String(Number(points.toFixed(4)));
}

/** Canvas keeps comment text as sent, give or take line endings and surrounding white space. */
function sameCommentText(left: string, right: string): boolean {
  const normalise = (text: string) => text.replace(/\r\n?/g, "\n").trim();
  return normalise(left) === normalise(right);
}

/**
 * Sets a grade with `PUT /api/v1/courses/:course_id/assignments/:assignment_id/submissions/:user_id`
 * (`submission[posted_grade]`, `comment[text_comment]`).
 *
 * Setting the grade is safe to repeat; adding a comment is not: Canvas appends one per request. An
 * earlier attempt may have reached Canvas even though its answer was lost (timeout, 502 from a proxy,
 * dropped connection). So on every attempt after the first, the submission is read with
 * `include[]=submission_comments` and the comment is left out when one with the same text (line endings
 * and surrounding white space aside) is already there; the grade is sent either way. If that read fails,
 * nothing is sent and its failure is returned (retryable or not as classified), rather than risk a
 * second comment. The residual risk is a same-text comment written by someone else, which is then not
 * repeated: harmless. A 2xx whose body is not the submission is a retryable `invalid-response`: it did
 * not come from Canvas's API, so nothing says the grade is there.
 */
export async function postCanvasGrade(
  grade: CanvasGrade,
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<CanvasGradeReceipt>> {
  const postedGrade = formatPostedGrade(grade.points);
  if (postedGrade === undefined) {
    return failure("invalid-request", "points must be a finite number of at least 0");
  }
  if (!Number.isInteger(grade.deliveryAttempt) || grade.deliveryAttempt < 1) {
    return failure("invalid-request", "deliveryAttempt must be a positive integer");
  }
  const comment = grade.comment !== undefined && grade.comment.trim() !== "" ? grade.comment : undefined;

  let commentAlreadyPresent = false;
  if (comment !== undefined && grade.deliveryAttempt > 1) {
    const current = await fetchCanvasSubmission(grade, { ...options, includeComments: true });
    if (!current.ok) return current;
    commentAlreadyPresent = (current.value.comments ?? []).some((existing) =>
      sameCommentText(existing.comment, comment),
    );
  }

  const form = new URLSearchParams({ "submission[posted_grade]": postedGrade });
  const commentSent = comment !== undefined && !commentAlreadyPresent;
  if (commentSent) form.set("comment[text_comment]", comment);
  const response = await exchange(
    canvasSubmissionUrl(grade),
    {
      method: "PUT",
      headers: { ...canvasHeaders(grade.token), "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    },
    options,
  );
  if (isFailure(response)) return response;
  if (response.status < 200 || response.status >= 300) return canvasFailure(response, options);
  // Canvas answers a graded PUT with the submission. Anything else (an HTML page answered 200 by a proxy,
  // a maintenance or sign-in page in front of Canvas) never reached its API: the grade is not there.
  // Retryable: sending again is safe (the comment is checked before it is added again).
  const answer = parseJsonText(response.text);
  if (readSubmission(answer) === undefined) {
    return failure(
      "invalid-response",
      "Canvas answered the grade without a submission object (an HTML page or something else in front of Canvas's API?): not confirmed",
      { status: response.status, retryable: true },
    );
  }
  const scoreMismatch = canvasScoreMismatch(
    { points: grade.points, ...(grade.maxPoints === undefined ? {} : { maxPoints: grade.maxPoints }) },
    answer,
  );
  return {
    ok: true,
    value: { commentSent, commentAlreadyPresent, ...(scoreMismatch === undefined ? {} : { scoreMismatch }) },
  };
}
