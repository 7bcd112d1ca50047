import { AppError, type ErrorCode } from "../grading/errors.js";
import { retryAfterValueMs } from "../lib/retry-after.js";

export type ProviderErrorCode = Extract<ErrorCode, `provider_${string}`>;

/**
 * A failure of the model provider, classified once at the provider edge into the catalog's closed set
 * of provider codes. Anything that is not one of these (a bug, a template error) is not the
 * provider's: it becomes `internal_error` and is never retried.
 */
export class ProviderFailure extends Error {
  /**
   * The provider's own words (its error body's type and message). Never part of `message`, and not an
   * enumerable property, so that no error logged at warn carries them: an OpenAI-compatible server's
   * validation error may quote the request's messages, student answers included. Debug lines only.
   */
  declare readonly providerDetail: string;

  constructor(
    readonly code: ProviderErrorCode,
    readonly retryable: boolean,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    providerDetail = "",
  ) {
    super(message);
    this.name = "ProviderFailure";
    Object.defineProperty(this, "providerDetail", { value: providerDetail, enumerable: false });
  }

  toAppError(retryAfterMs = this.retryAfterMs): AppError {
    return new AppError(this.code, {
      cause: this,
      retryable: this.retryable,
      ...(retryAfterMs !== undefined && this.code === "provider_unavailable"
        ? { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
        : {}),
    });
  }
}

/** What every SDK's HTTP error carries, read defensively: OpenAI, Azure and Anthropic errors alike. */
interface HttpErrorShape {
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  type?: unknown;
  code?: unknown;
  cause?: unknown;
  name?: unknown;
  message?: unknown;
}

/**
 * Classifies an error thrown while calling a provider through LangChain. Returns undefined when the
 * error is not the provider's (then the caller reports `internal_error`).
 * - an HTTP status from the SDK: 429/503/529 → unavailable, 408/504 → timeout, other 5xx → error (all
 *   retryable, with Retry-After when sent); 4xx → error, not retryable (the request or the key is wrong);
 * - an error event in the middle of a stream (no status): overloaded/rate-limit/server → retryable;
 * - timeouts and connection failures (refused, reset, cut mid-stream) → retryable.
 */
export function classifyProviderError(error: unknown): ProviderFailure | undefined {
  if (error instanceof ProviderFailure) return error;
  for (let current: unknown = error, depth = 0; isObject(current) && depth < 4; depth++) {
    const shape = current as HttpErrorShape;
    if (typeof shape.status === "number" && shape.status >= 400) {
      return failureForStatus(shape.status, retryAfterMs(shape.headers), describeBody(shape));
    }
    const streamedType = streamedErrorType(shape);
    if (streamedType !== undefined) return failureForStreamedError(streamedType);
    if (isTimeout(shape)) return new ProviderFailure("provider_timeout", true, "the request timed out");
    if (isConnectionFailure(shape)) {
      return new ProviderFailure("provider_unavailable", true, `connection failed: ${describe(current)}`);
    }
    current = shape.cause;
  }
  return undefined;
}

export function failureForStatus(
  status: number,
  retryAfter: number | undefined,
  detail = "",
): ProviderFailure {
  if (status === 429) {
    return new ProviderFailure("provider_unavailable", true, "rate limited", status, retryAfter, detail);
  }
  if (status === 503 || status === 529) {
    return new ProviderFailure("provider_unavailable", true, "overloaded", status, retryAfter, detail);
  }
  if (status === 408 || status === 504) {
    return new ProviderFailure(
      "provider_timeout",
      true,
      "the provider timed out",
      status,
      retryAfter,
      detail,
    );
  }
  if (status >= 500) {
    return new ProviderFailure("provider_error", true, "server error", status, retryAfter, detail);
  }
  // 400/401/403/404...: retrying cannot help; the configuration or the request is wrong.
  return new ProviderFailure(
    "provider_error",
    false,
    `the provider refused the request (HTTP ${status})`,
    status,
    undefined,
    detail,
  );
}

function failureForStreamedError(type: string): ProviderFailure {
  if (type === "overloaded_error" || type === "rate_limit_error") {
    return new ProviderFailure("provider_unavailable", true, `the stream ended with ${type}`);
  }
  if (type === "api_error" || type === "server_error") {
    return new ProviderFailure("provider_error", true, `the stream ended with ${type}`);
  }
  return new ProviderFailure("provider_error", false, `the stream ended with ${type}`);
}

/** The `error.type` of an error event sent inside a stream (Anthropic's `event: error`, OpenAI's `data: {error}`). */
function streamedErrorType(shape: HttpErrorShape): string | undefined {
  if (shape.status !== undefined && shape.status !== null) return undefined;
  const body = shape.error;
  if (!isObject(body)) return undefined;
  const inner = (body as { error?: unknown; type?: unknown }).error;
  const type = isObject(inner) ? (inner as { type?: unknown }).type : (body as { type?: unknown }).type;
  return typeof type === "string" && type !== "error" ? type : undefined;
}

/**
 * Retry-After as milliseconds: OpenAI's `retry-after-ms`, else `retry-after` in seconds or as an HTTP
 * date. Accepts a Headers-like object with `get` (the SDKs' errors) or a plain record.
 */
export function retryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const get = (name: string): string | null => {
    if (!isObject(headers)) return null;
    // A web Headers object, or the lean transport's (lean-fetch.ts): anything that answers `get`.
    const { get: getHeader } = headers as { get?: unknown };
    if (typeof getHeader === "function") {
      const value: unknown = getHeader.call(headers, name);
      return typeof value === "string" ? value : null;
    }
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === "string" ? value : null;
  };
  const milliseconds = get("retry-after-ms");
  if (milliseconds !== null && milliseconds.trim() !== "" && Number.isFinite(Number(milliseconds))) {
    return Math.max(0, Number(milliseconds));
  }
  return retryAfterValueMs(get("retry-after"), now);
}

function isTimeout(shape: HttpErrorShape): boolean {
  const name = typeof shape.name === "string" ? shape.name : "";
  return name === "TimeoutError" || name === "APIConnectionTimeoutError";
}

const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

function isConnectionFailure(shape: HttpErrorShape): boolean {
  const name = typeof shape.name === "string" ? shape.name : "";
  if (name === "APIConnectionError") return true;
  if (typeof shape.code === "string" && connectionErrorCodes.has(shape.code)) return true;
  // undici reports a body cut off mid-stream as `TypeError: terminated` caused by a socket error.
  return name === "TypeError" && shape.message === "terminated";
}

function describeBody(shape: HttpErrorShape): string {
  const body = shape.error;
  if (!isObject(body)) return "";
  const inner = (body as { error?: unknown }).error;
  const source = isObject(inner) ? inner : body;
  const { type, message } = source as { type?: unknown; message?: unknown };
  return [type, message]
    .filter((part): part is string => typeof part === "string")
    .join(" ")
    .slice(0, 300);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.name}: ${error.message}${cause}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
