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
  if (readSubmission(parseJsonText(response.text)) === undefined) {
    return failure(
      "invalid-response",
      "Canvas answered the grade without a submission object (an HTML page or something else in front of Canvas's API?): not confirmed",
      { status: response.status, retryable: true },
    );
  }
  return { ok: true, value: { commentSent, commentAlreadyPresent } };
}
