import type { Dispatcher, RequestInit, Response } from "undici";
import { clientIdSchema } from "../grading/client-ids.js";
import { systemClock, type Clock } from "../lib/clock.js";
import { retryAfterValueMs } from "../lib/retry-after.js";
import {
  guardedFetch,
  OutboundTimeoutError,
  RedirectRefusedError,
  SsrfBlockedError,
  type HostResolver,
} from "../lib/ssrf-guard.js";

/**
 * One shape for every outcome of a request to an LMS, so that the outbox (built elsewhere) can decide
 * what to do next without knowing which LMS it talked to:
 * - network errors, timeouts, 408, 429 and 5xx are `retryable` (with `retryAfterMs` when the server
 *   said when, through `Retry-After`);
 * - 401 sets `refreshCredentials`: get a fresh token once and try again; a second 401 is final;
 * - every other 4xx, a refused URL (SSRF guard), a redirect, and an LMS error the LMS reports in a
 *   200 body are final unless clearly transient.
 * Messages never carry tokens or student text.
 */

export type OutboundFailureKind =
  /** The SSRF guard refused the URL or the address it resolved to. */
  | "blocked"
  /** The LMS answered with a 3xx, which is never followed. */
  | "redirect"
  | "timeout"
  | "network"
  /** An HTTP status that is not a success. */
  | "http"
  /** The LMS reported an error in a successful HTTP answer (a Moodle `exception`, an OAuth `error`). */
  | "lms-error"
  /** The answer was not what the API documents (not JSON, missing fields, too large). */
  | "invalid-response"
  /** Nothing was sent: the caller's input was unusable (a bad score, a missing timestamp). */
  | "invalid-request"
  /** The LMS has no such submission. */
  | "not-found";

export interface OutboundFailure {
  readonly ok: false;
  readonly kind: OutboundFailureKind;
  /** Worth another attempt later (the outbox applies backoff with jitter, or `retryAfterMs`). */
  readonly retryable: boolean;
  /** 401 (or an LMS's "invalid token"): refresh the credentials once, then try again. */
  readonly refreshCredentials: boolean;
  readonly status?: number;
  /** From `Retry-After` (seconds or an HTTP date), in milliseconds from now. */
  readonly retryAfterMs?: number;
  /** The LMS's own error code, e.g. Moodle's `errorcode` or OAuth's `error`. */
  readonly errorCode?: string;
  readonly message: string;
}

export type OutboundResult<T> = { readonly ok: true; readonly value: T } | OutboundFailure;

export interface OutboundHttpOptions {
  /** Deadline for one request, connect to last body byte. Default 10 s. */
  readonly timeoutMs?: number;
  /** Tests only: see `SsrfGuardOptions.allowLoopbackHttp`. */
  readonly allowLoopbackHttp?: boolean;
  /** Tests only: a DNS stub. */
  readonly resolve?: HostResolver;
  /** A guarded agent to share connections (`createGuardedAgent`). */
  readonly dispatcher?: Dispatcher;
  /** For `Retry-After` dates and token expiry. */
  readonly clock?: Clock;
  /** Larger answers are refused as `invalid-response`. Default 5 MiB. */
  readonly maxResponseBytes?: number;
}

export interface HttpExchange {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export function failure(
  kind: OutboundFailureKind,
  message: string,
  extra: Partial<Omit<OutboundFailure, "ok" | "kind" | "message">> = {},
): OutboundFailure {
  return { ok: false, kind, retryable: false, refreshCredentials: false, message, ...extra };
}

/**
 * Milliseconds to wait according to a `Retry-After` value: delta-seconds or an HTTP date (a date in the
 * past gives 0). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  return retryAfterValueMs(value, now.getTime());
}

/** Classifies an HTTP status that is not a success (see the module comment for the rules). */
export function failureFromStatus(
  status: number,
  headers: Headers,
  detail: string,
  clock: Clock = systemClock,
): OutboundFailure {
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), clock.now());
  const message = `HTTP ${status}${detail === "" ? "" : `: ${detail}`}`;
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 401) return failure("http", message, { status, refreshCredentials: true });
  if (status === 408 || status === 429 || status >= 500) {
    return failure("http", message, { status, retryable: true, ...withRetryAfter });
  }
  return failure("http", message, { status });
}

/** Classifies what `guardedFetch` (or reading its body) threw. */
export function failureFromError(error: unknown): OutboundFailure {
  if (SsrfBlockedError.isInstance(error)) {
    return failure("blocked", error.message, { errorCode: error.reason });
  }
  if (RedirectRefusedError.isInstance(error)) {
    return failure("redirect", error.message, { status: error.status });
  }
  if (OutboundTimeoutError.isInstance(error)) {
    return failure("timeout", "no answer within the time limit", { retryable: true });
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  return failure("network", code === undefined ? "network error" : `network error (${code})`, {
    retryable: true,
    ...(code === undefined ? {} : { errorCode: code }),
  });
}

/**
 * Sends one request through the SSRF guard and reads the whole answer (up to `maxResponseBytes`).
 * Returns the exchange for any status that is not a redirect; a refusal, timeout or network error comes
 * back as an `OutboundFailure`. Never throws.
 */
export async function exchange(
  url: string | URL,
  init: RequestInit,
  options: OutboundHttpOptions = {},
): Promise<HttpExchange | OutboundFailure> {
  try {
    const response = await guardedFetch(url, init, {
      timeoutMs: options.timeoutMs,
      allowLoopbackHttp: options.allowLoopbackHttp,
      resolve: options.resolve,
      dispatcher: options.dispatcher,
    });
    const text = await readLimitedText(response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    if (text === undefined) return failure("invalid-response", "the answer is larger than allowed");
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    return failureFromError(error);
  }
}

export function isFailure(value: HttpExchange | OutboundFailure): value is OutboundFailure {
  return "ok" in value;
}

/**
 * A response's body as text, read up to `maxBytes`: undefined (and the rest not read, the connection
 * closed) when it is longer.
 */
export async function readLimitedText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return "";
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON text, `undefined` when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Longest LMS error message kept in a delivery's error and the logs. */
const maxSummaryChars = 120;

/**
 * What of an LMS's error answer may go into a delivery's or a submission's error (shown to admins and
 * teachers) and the warn logs: the LMS's own message from a JSON body (Canvas's `errors[0].message`,
 * `errors[0]` when a string, `message`, OAuth's `error_description`, else its `error`), cleaned by
 * `safeLmsText`; "" for any other body (an HTML error page, plain text). Never the body itself: an LMS may
 * echo what it was sent (a student's text, the feedback) or a token, and an error page may carry anything.
 */
export function errorSummary(text: string): string {
  const json = parseJsonText(text);
  if (typeof json !== "object" || json === null || Array.isArray(json)) return "";
  const record = json as Record<string, unknown>;
  const errors = Array.isArray(record.errors) ? (record.errors as unknown[]) : [];
  const first = errors[0];
  const candidates = [
    typeof first === "object" && first !== null ? (first as Record<string, unknown>).message : first,
    record.message,
    record.error_description,
    record.error,
  ];
  const message = candidates.find(
    (value): value is string => typeof value === "string" && value.trim() !== "",
  );
  return message === undefined ? "" : safeLmsText(message);
}

/**
 * An LMS's error message made fit for one line of a log or a stored error: control and invisible
 * characters (line breaks, bidi overrides, zero-width) gone, spaces folded, anything that looks like a
 * token (a run of 24 or more token characters) replaced by "[…]", and at most 120 characters.
 */
export function safeLmsText(text: string, length = maxSummaryChars): string {
  const line = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/[\p{Cf}]/gu, "")
    .replace(/[A-Za-z0-9_~+/=.-]{24,}/g, "[…]")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...line];
  return chars.length > length ? `${chars.slice(0, length).join("")}…` : line;
}

/** An LMS's error code (Moodle's `errorcode`, OAuth's `error`) when it looks like one; undefined otherwise. */
export function safeErrorCode(value: unknown): string | undefined {
  return typeof value === "string" && /^[A-Za-z0-9_.:-]{1,64}$/.test(value) ? value : undefined;
}

/** An id that may arrive as a string or a number, as a string; numbers beyond 2^53 are refused (precision lost). */
export function idToString(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** Joins a base URL (which may carry a path, e.g. `https://school.example/moodle/`) and a path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * Why an LMS event's id (as `idToString` made it) cannot be stored, or undefined: it becomes a student's or
 * a submission's id, so it is held to the rule of every id a client gives (`clientIdSchema`: visible, at
 * most 200 characters, no control character, not "." or ".."; the last would also walk up a path of the
 * LMS's API), checked in the canonical form it is stored in (lms-events.ts).
 */
export function eventIdProblem(id: string): string | undefined {
  const checked = clientIdSchema.safeParse(id);
  return checked.success ? undefined : checked.error.issues[0]?.message;
}
