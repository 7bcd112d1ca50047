/**
 * Outbound HTTP for integrations: one port, `deliver(target, request) → response`, so that tests and
 * later the SSRF-guarded client can stand in for `fetch`, and one policy check, `checkOutboundUrl`,
 * called on every callback URL when it is saved and again before every attempt.
 */

export interface OutboundRequest {
  method: "POST" | "PUT";
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface OutboundResponse {
  status: number;
  /** The `Retry-After` header as sent, or null. */
  retryAfter: string | null;
}

/**
 * Sends one request and resolves with the receiver's status (any status, 3xx included: redirects are
 * never followed). Rejects on a network error, a refused address or the timeout.
 */
export type Deliver = (target: string, request: OutboundRequest) => Promise<OutboundResponse>;

/** `fetch` with no redirects, a timeout, and the body read and discarded (the connection is reused). */
export const fetchDeliver: Deliver = async (target, request) => {
  const response = await fetch(target, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: "manual",
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  await response.body?.cancel().catch(() => {});
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
};

export interface OutboundPolicy {
  /** "loopback": http to a loopback address is allowed (tests and local demos only; GRADER_ALLOW_INSECURE_OUTBOUND). */
  allowInsecure: "loopback" | null;
}

/**
 * Why a callback URL may not be used, or undefined when it may.
 *
 * TODO(src/lib/ssrf-guard.ts): this is the trivial https-only check. The SSRF guard being written in
 * src/lib/ssrf-guard.ts (no private, loopback, link-local, CGNAT or metadata addresses in any notation,
 * names resolved once and the connected address checked) replaces the body of this function, and its
 * guarded client replaces `fetchDeliver`; callers stay as they are.
 */
export function checkOutboundUrl(url: string, policy: OutboundPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a valid URL";
  }
  if (parsed.username || parsed.password) return "must not carry credentials";
  if (parsed.protocol === "https:") return undefined;
  if (
    parsed.protocol === "http:" &&
    policy.allowInsecure === "loopback" &&
    isLoopbackHostname(parsed.hostname)
  ) {
    return undefined;
  }
  return "must be an https URL";
}

function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Milliseconds a `Retry-After` value (seconds or an HTTP date) asks to wait; undefined when it says nothing usable. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
