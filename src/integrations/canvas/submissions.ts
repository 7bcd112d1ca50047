import {
  errorSummary,
  exchange,
  failure,
  failureFromStatus,
  idToString,
  isFailure,
  joinUrl,
  parseJsonText,
  type HttpExchange,
  type OutboundFailure,
  type OutboundHttpOptions,
  type OutboundResult,
} from "../outbound-http.js";

/** Where a Canvas submission lives, and the token to reach it. */
export interface CanvasSubmissionAddress {
  /** The Canvas root, e.g. `https://school.instructure.com`. */
  readonly baseUrl: string;
  /** A Canvas API access token (developer key or user token), sent as a bearer token. */
  readonly token: string;
  readonly courseId: string;
  readonly assignmentId: string;
  /** A Canvas user id, or `sis_user_id:…` as Canvas allows. */
  readonly userId: string;
}

export interface CanvasSubmissionComment {
  readonly id: string;
  readonly authorId: string | null;
  readonly comment: string;
}

export interface CanvasSubmission {
  readonly submissionId: string;
  readonly assignmentId: string;
  readonly userId: string;
  /** Counted from 1; `null` before anything was submitted. */
  readonly attempt: number | null;
  /** The submitted text as Canvas stores it (HTML for `online_text_entry`); `null` for other types. */
  readonly body: string | null;
  readonly submissionType: string | null;
  readonly workflowState: string | null;
  readonly submittedAt: string | null;
  /** Present only when asked for (`includeComments`). */
  readonly comments?: readonly CanvasSubmissionComment[];
}

/** The REST path of one user's submission to one assignment. */
export function canvasSubmissionUrl(address: CanvasSubmissionAddress): string {
  const segment = encodeURIComponent;
  return joinUrl(
    address.baseUrl,
    `api/v1/courses/${segment(address.courseId)}/assignments/${segment(address.assignmentId)}` +
      `/submissions/${segment(address.userId)}`,
  );
}

export function canvasHeaders(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    // Canvas then sends every id as a string: global ids do not fit in a JavaScript number.
    accept: "application/json+canvas-string-ids",
  };
}

/**
 * Canvas answers throttled requests with `403 Forbidden (Rate Limit Exceeded)` rather than 429; that
 * one 403 is retryable. Everything else follows `failureFromStatus`.
 */
export function canvasFailure(response: HttpExchange, options: OutboundHttpOptions): OutboundFailure {
  const detail = errorSummary(response.text);
  if (response.status === 403 && /rate limit exceeded/i.test(response.text)) {
    return { ...failureFromStatus(429, response.headers, detail, options.clock), status: 403 };
  }
  return failureFromStatus(response.status, response.headers, detail, options.clock);
}

/**
 * `GET /api/v1/courses/:course_id/assignments/:assignment_id/submissions/:user_id`: the submission's
 * text and attempt. With `includeComments`, also its comments (`include[]=submission_comments`).
 * Fails as `not-found` on 404, `invalid-response` when the answer is not a submission, and as
 * classified by `failureFromStatus` otherwise. Never throws.
 */
export async function fetchCanvasSubmission(
  address: CanvasSubmissionAddress,
  options: OutboundHttpOptions & { readonly includeComments?: boolean } = {},
): Promise<OutboundResult<CanvasSubmission>> {
  const url = new URL(canvasSubmissionUrl(address));
  if (options.includeComments === true) url.searchParams.append("include[]", "submission_comments");
  const response = await exchange(url, { method: "GET", headers: canvasHeaders(address.token) }, options);
  if (isFailure(response)) return response;
  if (response.status === 404) {
    return failure("not-found", `Canvas has no such submission (HTTP 404)`, { status: 404 });
  }
  if (response.status !== 200) return canvasFailure(response, options);
  const submission = readSubmission(parseJsonText(response.text));
  if (submission === undefined) {
    return failure("invalid-response", "Canvas answered 200 without a submission object", { status: 200 });
  }
  return { ok: true, value: submission };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** A submission as Canvas's API answers it (parsed JSON); undefined for anything else. */
export function readSubmission(json: unknown): CanvasSubmission | undefined {
  if (!isRecord(json)) return undefined;
  const submissionId = idToString(json.id);
  const assignmentId = idToString(json.assignment_id);
  const userId = idToString(json.user_id);
  if (submissionId === undefined || assignmentId === undefined || userId === undefined) return undefined;
  const attempt =
    typeof json.attempt === "number" && Number.isSafeInteger(json.attempt) ? json.attempt : null;
  const comments = Array.isArray(json.submission_comments)
    ? json.submission_comments.filter(isRecord).map((comment) => ({
        id: idToString(comment.id) ?? "",
        authorId: idToString(comment.author_id) ?? null,
        comment: typeof comment.comment === "string" ? comment.comment : "",
      }))
    : undefined;
  return {
    submissionId,
    assignmentId,
    userId,
    attempt,
    body: stringOrNull(json.body),
    submissionType: stringOrNull(json.submission_type),
    workflowState: stringOrNull(json.workflow_state),
    submittedAt: stringOrNull(json.submitted_at),
    ...(comments === undefined ? {} : { comments }),
  };
}
