import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from "jose";
import { guardedFetch, type SsrfGuardOptions } from "../../lib/ssrf-guard.js";
import type { Problem } from "../../grading/errors.js";
import { wholeNumber } from "../../lib/whole-number.js";
import { eventIdProblem, idToString, readLimitedText } from "../outbound-http.js";

/**
 * Canvas Live Events, `submission_created` (Canvas format: `{ metadata, body }`). Events are thin,
 * unordered and may repeat: the text must be fetched with `fetchCanvasSubmission`, and duplicates are
 * dropped by `dedupeKey` (submission id and attempt).
 */

export interface CanvasSubmissionCreated {
  readonly eventName: "submission_created";
  /** `metadata.event_time` as sent (ISO 8601), when present. */
  readonly eventTime: string | null;
  /** The Canvas host that sent it (`metadata.hostname`), e.g. `school.instructure.com`. */
  readonly hostname: string | null;
  readonly rootAccountId: string | null;
  /**
   * `body.course_id` when the event has it (the published example does not): otherwise the integration's
   * assignment mapping must say which course the assignment is in, since the submissions API needs it.
   */
  readonly courseId: string | null;
  readonly submissionId: string;
  readonly assignmentId: string;
  readonly userId: string;
  /** Canvas counts attempts from 1; `null` when the event has none (e.g. not yet submitted). */
  readonly attempt: number | null;
  readonly submissionType: string | null;
  /** The first 8192 characters of the text, when Canvas included it; never a substitute for fetching. */
  readonly bodyExcerpt: string | null;
  readonly submittedAt: string | null;
  /** `${submissionId}:${attempt}`: the same attempt delivered twice has the same key. */
  readonly dedupeKey: string;
}

export type CanvasLiveEventParse =
  | { readonly ok: true; readonly event: CanvasSubmissionCreated }
  /** Well-formed, but not an event this service acts on: answer 2xx and drop it. */
  | { readonly ok: false; readonly reason: "ignored"; readonly eventName: string }
  | { readonly ok: false; readonly reason: "invalid"; readonly problems: readonly Problem[] };

const maxCanvasAttempt = 1_000_000;
const canvasAttemptError = `must be a whole number from 0 to ${maxCanvasAttempt} (a number, or its decimal digits as a string)`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

/**
 * Reads a Canvas Live Event. Ids become strings (Canvas sends global ids as strings; a number is
 * accepted only when it is a safe integer). Events other than `submission_created` are `ignored`.
 */
export function parseCanvasLiveEvent(payload: unknown): CanvasLiveEventParse {
  if (!isRecord(payload) || !isRecord(payload.metadata) || !isRecord(payload.body)) {
    return {
      ok: false,
      reason: "invalid",
      problems: [{ path: "", message: "expected an object with metadata and body" }],
    };
  }
  const { metadata, body } = payload;
  const eventName = metadata.event_name;
  if (typeof eventName !== "string") {
    // "is missing" said so of an `event_name` sent as a number or a list, too.
    const message = eventName === undefined || eventName === null ? "is missing" : "must be a string";
    return { ok: false, reason: "invalid", problems: [{ path: "metadata.event_name", message }] };
  }
  if (eventName !== "submission_created") return { ok: false, reason: "ignored", eventName };

  const problems: Problem[] = [];
  // Canvas adds fields to its events over time: the ones not read here are ignored, not refused.
  const readId = (field: string, required: boolean): string | undefined => {
    const id = idToString(body[field]);
    const problem =
      id === undefined
        ? required
          ? "must be an id (string or safe integer)"
          : undefined
        : eventIdProblem(id);
    if (problem !== undefined) problems.push({ path: `body.${field}`, message: problem });
    return id;
  };
  const requireId = (field: string): string => readId(field, true) ?? "";
  const submissionId = requireId("submission_id");
  const assignmentId = requireId("assignment_id");
  const userId = requireId("user_id");
  // Optional: a value that is no id at all is left out as before (the mapping names the course), but an
  // id that breaks the id rule ("..") is refused like the others.
  const courseId = readId("course_id", false) ?? null;
  let attempt: number | null = null;
  if (body.attempt !== undefined && body.attempt !== null) {
    // Under the rule of a `submission.created` attempt, but for 0, which Canvas's events took as none.
    const value = wholeNumber(body.attempt, { min: 0, max: maxCanvasAttempt });
    if (value !== undefined) attempt = value;
    else problems.push({ path: "body.attempt", message: canvasAttemptError });
  }
  if (problems.length > 0) return { ok: false, reason: "invalid", problems };
  return {
    ok: true,
    event: {
      eventName,
      eventTime: optionalString(metadata.event_time),
      hostname: optionalString(metadata.hostname),
      rootAccountId: idToString(metadata.root_account_id) ?? null,
      courseId,
      submissionId,
      assignmentId,
      userId,
      attempt,
      submissionType: optionalString(body.submission_type),
      bodyExcerpt: typeof body.body === "string" ? body.body : null,
      submittedAt: optionalString(body.submitted_at),
      dedupeKey: `${submissionId}:${attempt ?? "none"}`,
    },
  };
}

/** Canvas's global ids are the shard's id times 10^13 plus the id on that shard. */
const canvasShardFactor = 10_000_000_000_000n;

/**
 * The id on its shard of a Canvas global id (`21070000001234012` → `1234012`), which is what Canvas's
 * pages show (`/courses/567/assignments/1234012`) while its Live Events send the global one; `undefined`
 * when `id` is not a global id (fewer than 14 digits).
 */
export function canvasLocalId(id: string): string | undefined {
  if (!/^[1-9][0-9]{13,}$/.test(id)) return undefined;
  const local = BigInt(id) % canvasShardFactor;
  return local === 0n ? undefined : local.toString();
}

/** The largest key set read: Instructure's is a few kilobytes. */
const maxJwksBytes = 256 * 1024;

/**
 * A key set for `verifyCanvasLiveEventJwt` fetched from Canvas's JWKS URL through the SSRF guard
 * (no redirects, private addresses refused), cached and refreshed by `jose` when a new `kid` shows up.
 */
export function createCanvasJwks(
  jwksUrl: string,
  options: SsrfGuardOptions & { readonly timeoutMs?: number } = {},
): JWTVerifyGetKey {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: timeoutMs,
    [customFetch]: async (url, init) => {
      const response = await guardedFetch(
        url,
        { method: init.method, headers: init.headers, signal: init.signal },
        { allowLoopbackHttp: options.allowLoopbackHttp, timeoutMs },
      );
      // jose would read the whole answer into memory. The URL is a school admin's setting and any event
      // posted to the integration fetches it: without a bound, one school could make the process that
      // serves every school hold gigabytes. A key set is a few kilobytes.
      const text = await readLimitedText(response, maxJwksBytes);
      if (text === undefined) {
        throw new Error(`the key set is larger than ${maxJwksBytes} bytes: not a JWKS`);
      }
      return new Response(text, {
        status: response.status,
        headers: { "content-type": response.headers.get("content-type") ?? "application/json" },
      });
    },
  });
}

export interface CanvasJwtOptions {
  /** Canvas's keys: `createCanvasJwks(url)`, or `createLocalJWKSet(jwks)` from `jose`. */
  readonly keys: JWTVerifyGetKey;
  /** Expected `iss`, when the deployment documents one. */
  readonly issuer?: string;
  /** Expected `aud`, when configured. */
  readonly audience?: string;
  /**
   * The Canvas host the event must come from: the signed `metadata.hostname`, compared without case.
   * Instructure signs every school's Live Events with one shared key set, so a signature alone says
   * "some Canvas", not "this school's Canvas".
   */
  readonly hostname?: string;
  /** Seconds of clock skew accepted on `exp`/`nbf`/`iat`. Default 60. */
  readonly clockToleranceSec?: number;
  /** For tests: the time the token is judged at. */
  readonly currentDate?: Date;
}

export type CanvasJwtVerification =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly reason: "invalid-signature" | "expired" | "claims" | "wrong-host" | "keys-unavailable";
    };

/**
 * Verifies a signed Live Event (a JWT whose claims are the event) against Canvas's keys. Only
 * asymmetric algorithms are accepted (`RS256`, `ES256`, …), never `none` or HMAC. With `hostname`, a
 * token whose signed `metadata.hostname` names another Canvas (or none) is `wrong-host`. The claims are
 * returned for `parseCanvasLiveEvent`. Never throws.
 */
export async function verifyCanvasLiveEventJwt(
  token: string,
  options: CanvasJwtOptions,
): Promise<CanvasJwtVerification> {
  try {
    const { payload } = await jwtVerify(token.trim(), options.keys, {
      algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSec ?? 60,
      currentDate: options.currentDate,
    });
    if (options.hostname !== undefined && !sameHost(signedHostname(payload), options.hostname)) {
      return { ok: false, reason: "wrong-host" };
    }
    return { ok: true, payload };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_JWT_EXPIRED") return { ok: false, reason: "expired" };
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return { ok: false, reason: "claims" };
    // Fetching the key set failed (guard refusal, network, timeout, not a JWKS): not the token's fault.
    const joseError = typeof code === "string" && /^ERR_J(OSE|WS|WT|WK|WE)/.test(code);
    if (!joseError || ["ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID", "ERR_JOSE_GENERIC"].includes(code)) {
      return { ok: false, reason: "keys-unavailable" };
    }
    return { ok: false, reason: "invalid-signature" };
  }
}

function signedHostname(payload: Record<string, unknown>): string | undefined {
  const metadata = payload.metadata;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const hostname = (metadata as Record<string, unknown>).hostname;
  return typeof hostname === "string" ? hostname : undefined;
}

/** DNS names are case-insensitive; a trailing dot names the same host. */
function sameHost(received: string | undefined, expected: string): boolean {
  if (received === undefined || received === "" || expected === "") return false;
  const normal = (host: string) => host.toLowerCase().replace(/\.$/, "");
  return normal(received) === normal(expected);
}
