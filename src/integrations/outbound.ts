import { domainToUnicode } from "node:url";
import { retryAfterValueMs } from "../lib/retry-after.js";
import { checkOutboundUrl as checkUrlWithGuard, guardedFetch } from "../lib/ssrf-guard.js";

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

export interface OutboundPolicy {
  /** "loopback": http to a loopback address is allowed (tests and local demos only; GRADER_ALLOW_INSECURE_OUTBOUND). */
  allowInsecure: "loopback" | null;
}

/**
 * Sends through the SSRF guard (src/lib/ssrf-guard.ts): https only; no private, loopback, link-local,
 * CGNAT or metadata address in any spelling, and the address actually connected to is checked (a name
 * that resolves to one is refused at connect time); no redirects (a 3xx is returned as it is); a
 * timeout; the body read and discarded so the connection is reused.
 */
export function createGuardedDeliver(policy: OutboundPolicy): Deliver {
  const options = { allowLoopbackHttp: policy.allowInsecure === "loopback" };
  return async (target, request) => {
    const response = await guardedFetch(
      target,
      { method: request.method, headers: request.headers, body: request.body },
      { ...options, timeoutMs: request.timeoutMs },
    );
    await response.body?.cancel().catch(() => {});
    return { status: response.status, retryAfter: response.headers.get("retry-after") };
  };
}

/**
 * Ports that `fetch` refuses to call (https://fetch.spec.whatwg.org/#port-blocking): a URL on one was
 * accepted when saved, then every attempt failed with "bad port" and was retried for a day.
 */
const fetchBadPorts = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

const refusals: Record<string, string> = {
  "invalid-url": "is not a valid URL",
  scheme: "must be an https URL",
  credentials: "must not carry credentials",
  "invalid-host": "has a host that is not a valid name or address",
};

/**
 * Why a callback URL may not be used, or undefined when it may: the SSRF guard's checks that need no
 * DNS (the scheme, credentials, blocked names, literal addresses in any spelling). Names are checked
 * again where they resolve, at connect time, by the guarded client.
 */
export function checkOutboundUrl(url: string, policy: OutboundPolicy): string | undefined {
  const hidden = hiddenCharacter.exec(url);
  if (hidden) {
    const codePoint = `U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return `must not contain spaces, control or invisible characters (${codePoint} at character ${hidden.index + 1}): URL parsers drop or encode them, so the URL called would not be the URL shown`;
  }
  // `https://lms.example\@evil.test/` calls lms.example (a URL parser reads `\` as `/`), while a reader,
  // and a parser that does not, sees the user `lms.example\` at evil.test.
  const backslash = url.indexOf("\\");
  if (backslash !== -1) {
    return `must not contain a backslash (at character ${backslash + 1}): URL parsers read it as "/", so the URL called would not be the URL shown`;
  }
  const check = checkUrlWithGuard(url, { allowLoopbackHttp: policy.allowInsecure === "loopback" });
  if (check.ok) {
    const written = writtenHost(url);
    // `https:lms.example/…` and `https:/lms.example/…` are read as `https://lms.example/…`.
    if (written === undefined) {
      return `must be written as ${check.url.protocol}//host/…: URL parsers read it as "${check.url.protocol}//${check.url.host}/…", which is not what it shows`;
    }
    // `https://@lms.example/`: an empty user part, which the parser drops.
    if (written.includes("@")) return refusals.credentials!;
    if (!sameHost(written, check.url.hostname)) {
      return `has a host written as "${written}", which URL parsers read as "${check.url.hostname}": write it that way`;
    }
    if (check.url.protocol !== "https:" && policy.allowInsecure !== "loopback") return "must be an https URL";
    if (check.url.port !== "" && fetchBadPorts.has(Number(check.url.port))) {
      return `uses port ${check.url.port}, which HTTP clients refuse to call (the Fetch standard's bad ports)`;
    }
    return undefined;
  }
  return refusals[check.reason] ?? `names an address that may not be called (${check.reason})`;
}

/**
 * Characters a URL parser removes (tab, line breaks, leading and trailing spaces) or that nobody sees
 * (other controls, format characters such as the soft hyphen, zero-width space or BOM, and every kind of
 * space): with them the URL stored and shown is not the URL called (`https://school.example\t.evil.test`
 * reads as the school's host and calls `school.example.evil.test`).
 */
const hiddenCharacter = /[\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * The host as written in an absolute URL (`scheme://` then the host), without its port; undefined when the
 * URL does not start so. An authority with a user part comes back whole, `@` included.
 */
function writtenHost(url: string): string | undefined {
  const start = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url)?.[0].length;
  if (start === undefined) return undefined;
  const authority = url.slice(start).split(/[/?#\\]/, 1)[0] ?? "";
  if (authority.includes("@")) return authority;
  if (authority.startsWith("[")) return authority.slice(0, authority.indexOf("]") + 1);
  return authority.replace(/:[0-9]*$/, "");
}

/**
 * Whether a host was written as the URL parser reads it: the same name in any letter case, or an
 * internationalised name in its Unicode form (`bücher.example` for `xn--bcher-kva.example`). A host
 * that only becomes another through the parser's mapping (fullwidth or ideographic dots, fullwidth
 * letters, percent-escapes, an IPv4 address as one number or in octal or hex, a non-canonical IPv6
 * address) is not: what is shown must be what is called.
 */
function sameHost(written: string, parsed: string): boolean {
  const lower = written.toLowerCase();
  return lower === parsed || lower.normalize("NFC") === domainToUnicode(parsed);
}

/** Milliseconds a `Retry-After` value (seconds or an HTTP date) asks to wait; undefined when it says nothing usable. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  return retryAfterValueMs(value, now.getTime());
}
