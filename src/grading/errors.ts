import { quoteShown, showUnseen } from "../lib/code-points.js";

/**
 * The error catalog: every error a client can see has a stable code, an HTTP status and a message.
 * Codes are part of the API contract (documented in docs/api.md); never reuse or rename one.
 */
/**
 * Problems a refused request lists; the rest are counted. One problem per item of a body of 60,000 wrong
 * items (780 KB) made a 10 MB answer; a rubric document of thousands of wrong keys answered 500 KB of
 * located problems for a 76 KB body, each location a walk through the document on the event loop.
 */
export const maxListedProblems = 100;

export const errorCatalog = {
  invalid_request: { status: 400, retryable: false, message: "The request is invalid." },
  invalid_rubric: { status: 400, retryable: false, message: "The rubric is invalid." },
  answer_too_long: {
    status: 400,
    retryable: false,
    message: "The answer is longer than this service accepts.",
  },
  grade_budget_exceeded: {
    status: 400,
    retryable: false,
    message: "Grading this answer would take more model calls or input tokens than one grade may use.",
  },
  unauthorized: {
    status: 401,
    retryable: false,
    message: "A valid API key is required: send `Authorization: Bearer <key>`.",
  },
  forbidden: {
    status: 403,
    retryable: false,
    message: "This API key's role may not do this.",
  },
  not_found: { status: 404, retryable: false, message: "No such route." },
  rubric_not_found: { status: 404, retryable: false, message: "No rubric with this id." },
  grade_not_found: { status: 404, retryable: false, message: "No grade with this id." },
  key_not_found: { status: 404, retryable: false, message: "No API key with this id." },
  group_not_found: { status: 404, retryable: false, message: "No answer group with this id." },
  appeal_not_found: { status: 404, retryable: false, message: "No appeal with this id." },
  job_not_found: { status: 404, retryable: false, message: "No job with this id." },
  calibration_not_found: { status: 404, retryable: false, message: "No calibration with this id." },
  integration_not_found: { status: 404, retryable: false, message: "No integration with this id." },
  submission_not_found: { status: 404, retryable: false, message: "No submission with this id." },
  integration_disabled: {
    status: 410,
    retryable: false,
    message: "The integration is disabled: it takes no events until an admin enables it again.",
  },
  invalid_signature: {
    status: 401,
    retryable: false,
    message:
      "The webhook signature is missing, does not match, or its timestamp is more than 5 minutes from now (Standard Webhooks).",
  },
  stale_event: {
    status: 422,
    retryable: false,
    message:
      "The event is dated outside what the service accepts: older than it remembers event ids (a replay), or ahead of its clock.",
  },
  assignment_not_mapped: {
    status: 422,
    retryable: false,
    message:
      "The event names no rubric and its assignment is not mapped to one (and the integration has no default).",
  },
  integrations_not_configured: {
    status: 503,
    retryable: false,
    message:
      "Integrations need GRADER_SECRET_KEY (32 bytes, base64 or hex) to store their secrets; see the README.",
  },
  submission_fetch_not_failed: {
    status: 409,
    retryable: false,
    message: "Only a submission that failed before it was graded can be tried again.",
  },
  job_not_held: {
    status: 409,
    retryable: false,
    message: "The job is not awaiting calibration: there is nothing to release.",
  },
  calibration_running: {
    status: 409,
    retryable: true,
    message: "The calibration is still being graded: its figures and answers are not ready to use.",
  },
  job_finished: {
    status: 409,
    retryable: false,
    message: "The job has finished: nothing is left to cancel or retry.",
  },
  answers_purged: {
    status: 409,
    retryable: false,
    message: "The failed items asked for lost their answers to retention: there is nothing left to grade.",
  },
  tenant_exists: { status: 409, retryable: false, message: "A tenant with this id exists already." },
  method_not_allowed: {
    status: 405,
    retryable: false,
    message: "This path does not take this method; the Allow header lists those it takes.",
  },
  rubric_archived: {
    status: 409,
    retryable: false,
    message: "The rubric is archived: it takes no new grades (its grades stay readable).",
  },
  rubric_in_use: {
    status: 409,
    retryable: false,
    message:
      "The rubric has grades, jobs or waiting LMS submissions, so it cannot be deleted; archive it instead.",
  },
  appeal_open: {
    status: 409,
    retryable: false,
    message:
      "An appeal on the grade is open (on this criterion, when filing another): it must be resolved first.",
  },
  appeal_closed: {
    status: 409,
    retryable: false,
    message: "The appeal was resolved already.",
  },
  appeal_already_resolved: {
    status: 409,
    retryable: false,
    message:
      "The criterion's earlier appeal was resolved and its points are the same as at that resolution: it may be appealed again only once they differ.",
  },
  idempotency_key_in_use: {
    status: 409,
    retryable: true,
    message: "A request with this Idempotency-Key is still being processed; retry shortly.",
  },
  group_modified: {
    status: 412,
    retryable: false,
    message:
      "The answer group was decided again since you read it (If-Match does not match its ETag); read it again.",
  },
  grade_modified: {
    status: 412,
    retryable: false,
    message: "The grade was changed since you read it (If-Match does not match its ETag); read it again.",
  },
  not_acceptable: {
    status: 406,
    retryable: false,
    message: "The route cannot answer in a media type the Accept header allows.",
  },
  payload_too_large: {
    status: 413,
    retryable: false,
    message: "The request body is larger than this service accepts.",
  },
  unsupported_media_type: { status: 415, retryable: false, message: "Unsupported Content-Type." },
  idempotency_key_reused: {
    status: 422,
    retryable: false,
    message: "This Idempotency-Key was already used with a different request body.",
  },
  budget_exhausted: {
    status: 429,
    retryable: true,
    message: "The school's daily budget for model calls is spent; Retry-After says when grading resumes.",
  },
  too_many_streams: {
    status: 429,
    retryable: true,
    message: "This API key has as many event streams open as it may; close one, or try again later.",
  },
  too_many_failed_attempts: {
    status: 429,
    retryable: true,
    message:
      "Too many requests from this address presented a wrong API key; Retry-After says when it may try again.",
  },
  student_erased: {
    status: 409,
    retryable: false,
    message: "The student's data was erased while this answer was being graded; the grade was not stored.",
  },
  internal_error: { status: 500, retryable: false, message: "Internal error." },
  server_busy: {
    status: 503,
    retryable: true,
    message: "The service is busy analysing other answers; try again shortly.",
  },
  storage_unavailable: {
    status: 503,
    retryable: true,
    message:
      "The service cannot store data right now, so nothing of this request was stored; try again later.",
  },
  provider_error: { status: 502, retryable: true, message: "The model provider returned an error." },
  provider_unavailable: {
    status: 503,
    retryable: true,
    message: "The model provider is unavailable or rate-limited; try again later.",
  },
  provider_not_configured: {
    status: 503,
    retryable: false,
    message: "No model provider is configured: set GRADER_MODEL and the provider's key (see the README).",
  },
  provider_timeout: { status: 504, retryable: true, message: "The model provider did not answer in time." },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

const appErrorMarker = Symbol.for("rubric-grader.app-error");

export interface AppErrorOptions {
  /** Replaces the catalog message; must be safe to show to a client. */
  message?: string;
  /** Structured, client-safe detail, e.g. a list of `{ path, message }` problems. */
  details?: unknown;
  /** Seconds a client should wait, sent as `Retry-After` (409/429/503). */
  retryAfterSeconds?: number;
  /** Overrides the catalog's `retryable` (a provider's 400 is a `provider_error` that retrying cannot fix). */
  retryable?: boolean;
  /** The underlying error, for logs only: never sent to clients. */
  cause?: unknown;
}

/** An error from the catalog. Everything else that reaches the HTTP edge becomes `internal_error`. */
export class AppError extends Error {
  readonly [appErrorMarker] = true;
  readonly status: number;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;
  /** Whether the same request may succeed if tried again (workers and clients decide retries by it). */
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.message ?? errorCatalog[code].message, { cause: options.cause });
    this.name = "AppError";
    this.status = errorCatalog[code].status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.retryable = options.retryable ?? errorCatalog[code].retryable;
  }

  /** Works across module copies (a plain `instanceof` does not). */
  static isInstance(error: unknown): error is AppError {
    return typeof error === "object" && error !== null && appErrorMarker in error;
  }
}

/** One problem in a request or a document, located by a path such as `criteria[2].maxPoints`. */
export interface Problem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * A key written bare in a path: letters, digits, marks, `_`, `-`, not starting with a digit or `-`. Any
 * other is quoted: one with a "." or "/" would read as two keys, one of digits as an index.
 */
const BARE_KEY = /^[\p{L}\p{M}_$][\p{L}\p{M}\p{N}_$-]*$/u;

/** Formats a path array as `criteria[2].maxPoints`, `assignments["a/b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = "";
  for (const segment of path) {
    if (typeof segment === "number") formatted += `[${segment}]`;
    // Any other key is quoted, with a character a reader cannot see escaped: `points["inputs\u200b"]`,
    // `assignments["a/b"]`, `assignments["7"]`.
    else if (!BARE_KEY.test(String(segment)) || showUnseen(String(segment)) !== String(segment)) {
      formatted += `[${quoteShown(String(segment))}]`;
    } else formatted += formatted === "" ? String(segment) : `.${String(segment)}`;
  }
  return formatted;
}
