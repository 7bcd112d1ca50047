/**
 * The error catalog: every error a client can see has a stable code, an HTTP status and a message.
 * Codes are part of the API contract (documented in docs/api.md); never reuse or rename one.
 */
export const errorCatalog = {
  invalid_request: { status: 400, message: "The request is invalid." },
  invalid_rubric: { status: 400, message: "The rubric is invalid." },
  answer_too_long: { status: 400, message: "The answer is longer than this service accepts." },
  unauthorized: { status: 401, message: "A valid API key is required: send `Authorization: Bearer <key>`." },
  not_found: { status: 404, message: "No such route." },
  rubric_not_found: { status: 404, message: "No rubric with this id." },
  grade_not_found: { status: 404, message: "No grade with this id." },
  payload_too_large: { status: 413, message: "The request body is larger than this service accepts." },
  unsupported_media_type: { status: 415, message: "Unsupported Content-Type." },
  idempotency_key_in_use: {
    status: 409,
    message: "A request with this Idempotency-Key is still being processed; retry shortly.",
  },
  idempotency_key_reused: {
    status: 422,
    message: "This Idempotency-Key was already used with a different request body.",
  },
  internal_error: { status: 500, message: "Internal error." },
  server_busy: { status: 503, message: "The service is busy analysing other answers; try again shortly." },
  provider_error: { status: 502, message: "The model provider returned an error." },
  provider_unavailable: {
    status: 503,
    message: "The model provider is unavailable or rate-limited; try again later.",
  },
  provider_not_configured: {
    status: 503,
    message: "No model provider is configured: set OPENAI_API_KEY or OPENAI_BASE_URL.",
  },
  provider_timeout: { status: 504, message: "The model provider did not answer in time." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

const appErrorMarker = Symbol.for("rubric-grader.app-error");

export interface AppErrorOptions {
  /** Replaces the catalog message; must be safe to show to a client. */
  message?: string;
  /** Structured, client-safe detail, e.g. a list of `{ path, message }` problems. */
  details?: unknown;
  /** Seconds a client should wait, sent as `Retry-After` (503/429). */
  retryAfterSeconds?: number;
  /** The underlying error, for logs only: never sent to clients. */
  cause?: unknown;
}

/** An error from the catalog. Everything else that reaches the HTTP edge becomes `internal_error`. */
export class AppError extends Error {
  readonly [appErrorMarker] = true;
  readonly status: number;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.message ?? errorCatalog[code].message, { cause: options.cause });
    this.name = "AppError";
    this.status = errorCatalog[code].status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
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

/** Formats a path array as `criteria[2].maxPoints`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let formatted = "";
  for (const segment of path) {
    if (typeof segment === "number") formatted += `[${segment}]`;
    else formatted += formatted === "" ? String(segment) : `.${String(segment)}`;
  }
  return formatted;
}
