import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { Agent, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from "undici";
import {
  classifyIp,
  formatIp,
  isLoopback,
  looksLikeIpv4,
  parseIp,
  type BlockedAddressReason,
} from "./ip-address.js";

/**
 * The guard in front of every request this service makes to a URL that someone else chose (LMS base
 * URLs, callback URLs, JWKS and token endpoints): https only, no credentials in the URL, and never an
 * address that reaches this machine, its network or a cloud metadata endpoint. The check is made twice:
 * on the URL (literal addresses in every spelling a URL parser accepts) and on the address the socket
 * actually connects to (a `lookup` for the connection), so a DNS name that resolves, or re-resolves
 * after a first check (DNS rebinding), to a private address is refused too. Redirects are never
 * followed: a 3xx is a failure.
 */

export interface SsrfGuardOptions {
  /**
   * Tests only: allow loopback addresses (127.0.0.0/8, ::1), and plain `http:` to them, so that tests
   * can talk to fake servers on this machine. Off by default; never set it from configuration that a
   * tenant or a request can influence.
   */
  readonly allowLoopbackHttp?: boolean;
}

export type UrlRefusalReason =
  "invalid-url" | "scheme" | "credentials" | "blocked-host-name" | "invalid-host" | BlockedAddressReason;

const MARK = Symbol.for("rubric-grader.lib.ssrf-blocked");

/** An outbound URL or connection refused by the guard; never worth retrying. */
export class SsrfBlockedError extends Error {
  readonly [MARK] = true;
  readonly code = "ESSRFBLOCKED";

  constructor(
    readonly reason: UrlRefusalReason,
    /** The host name or address refused (no path, query or credentials: those may hold secrets). */
    readonly host: string,
    /** The resolved address that was refused, when the name itself was fine. */
    readonly address?: string,
  ) {
    super(
      address === undefined
        ? `outbound request to ${host} refused: ${reason}`
        : `outbound request to ${host} refused: it resolves to ${address} (${reason})`,
    );
    this.name = "SsrfBlockedError";
  }

  static isInstance(this: void, error: unknown): error is SsrfBlockedError {
    return typeof error === "object" && error !== null && MARK in error;
  }
}

const REDIRECT_MARK = Symbol.for("rubric-grader.lib.redirect-refused");

/** The server answered with a redirect, which outbound requests never follow. */
export class RedirectRefusedError extends Error {
  readonly [REDIRECT_MARK] = true;

  constructor(
    readonly status: number,
    readonly location: string | null,
  ) {
    super(`outbound request answered with redirect ${status}; redirects are not followed`);
    this.name = "RedirectRefusedError";
  }

  static isInstance(this: void, error: unknown): error is RedirectRefusedError {
    return typeof error === "object" && error !== null && REDIRECT_MARK in error;
  }
}

const TIMEOUT_MARK = Symbol.for("rubric-grader.lib.outbound-timeout");

/** No complete answer within the request's time limit (connect, headers and, when read, the body). */
export class OutboundTimeoutError extends Error {
  readonly [TIMEOUT_MARK] = true;

  constructor(readonly timeoutMs: number) {
    super(`outbound request got no answer within ${timeoutMs} ms`);
    this.name = "OutboundTimeoutError";
  }

  static isInstance(this: void, error: unknown): error is OutboundTimeoutError {
    if (typeof error !== "object" || error === null) return false;
    // The body is read after guardedFetch returns; a deadline hit then surfaces as the signal's reason.
    return TIMEOUT_MARK in error || (error as { name?: unknown }).name === "TimeoutError";
  }
}

/** Host names that reach metadata services or this machine whatever DNS says. */
const BLOCKED_HOST_NAMES = new Set([
  "localhost",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

function isBlockedHostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return BLOCKED_HOST_NAMES.has(name) || name.endsWith(".localhost");
}

export type AddressCheck = { ok: true } | { ok: false; reason: BlockedAddressReason };

/** Judges one IP address (any spelling `parseIp` reads); a non-address is refused as "reserved". */
export function checkAddress(address: string, options: SsrfGuardOptions = {}): AddressCheck {
  const parsed = parseIp(address);
  if (parsed === undefined) return { ok: false, reason: "reserved" };
  const classification = classifyIp(parsed);
  if (classification === undefined) return { ok: true };
  if (options.allowLoopbackHttp === true && isLoopback(parsed)) return { ok: true };
  return { ok: false, reason: classification.reason };
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: UrlRefusalReason; host: string };

/**
 * Checks what can be checked without DNS: the scheme (https; http only to loopback under the test
 * relaxation), no user name or password in the URL, no blocked host name, and a literal IP host in any
 * spelling (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]`) must be public.
 * A DNS name passes here; its addresses are checked at connect time by `createGuardedLookup`.
 */
export function checkOutboundUrl(input: string | URL, options: SsrfGuardOptions = {}): UrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: "invalid-url", host: "" };
  }
  const host = url.hostname;
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme", host };
  if (url.username !== "" || url.password !== "") return { ok: false, reason: "credentials", host };
  if (host === "") return { ok: false, reason: "invalid-host", host };
  const literal = parseIp(host);
  if (literal === undefined && looksLikeIpv4(host)) return { ok: false, reason: "invalid-host", host };
  if (literal === undefined && isBlockedHostName(host)) {
    if (!(options.allowLoopbackHttp === true && host.toLowerCase().replace(/\.$/, "") === "localhost")) {
      return { ok: false, reason: "blocked-host-name", host };
    }
  }
  if (literal !== undefined) {
    const check = checkAddress(formatIp(literal), options);
    if (!check.ok) return { ok: false, reason: check.reason, host };
  }
  if (url.protocol === "http:") {
    // Plain http only under the test relaxation, and only to a literal loopback address or localhost.
    const toLoopback =
      literal !== undefined ? isLoopback(literal) : host.toLowerCase().replace(/\.$/, "") === "localhost";
    if (!(options.allowLoopbackHttp === true && toLoopback)) return { ok: false, reason: "scheme", host };
  }
  return { ok: true, url };
}

/** Resolves a host name to every address DNS gives for it (the default uses the system resolver). */
export type HostResolver = (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

export interface GuardedLookupOptions extends SsrfGuardOptions {
  /** Where names are resolved; tests pass a stub. Defaults to the system resolver. */
  readonly resolve?: HostResolver;
}

/**
 * A `lookup` for `net.connect`/`tls.connect`, so for node's `http.Agent`/`https.Agent` (`{ lookup }`)
 * and undici's `Agent({ connect: { lookup } })`: it resolves the name and refuses (with an
 * `SsrfBlockedError`) when any address it got is not public, so the address the socket connects to is
 * the one that was checked. One bad address fails the whole answer: a name that mixes public and private
 * addresses is the shape of a rebinding attack. Handles both the single-address and the `all: true`
 * (Happy Eyeballs) callback forms.
 */
export function createGuardedLookup(options: GuardedLookupOptions = {}): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (hostname: string, lookupOptions: LookupOptions, callback) => {
    const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
    const refuse = (reason: UrlRefusalReason, address?: string) =>
      callback(new SsrfBlockedError(reason, hostname, address), address ?? "", 0);
    const literal = parseIp(hostname);
    if (literal === undefined && isBlockedHostName(hostname)) {
      const localhostAllowed =
        options.allowLoopbackHttp === true && hostname.toLowerCase().replace(/\.$/, "") === "localhost";
      if (!localhostAllowed) return refuse("blocked-host-name");
    }
    const addressesPromise: Promise<LookupAddress[]> =
      literal !== undefined
        ? Promise.resolve([{ address: formatIp(literal), family: literal.family }])
        : resolve(hostname, family);
    addressesPromise.then(
      (addresses) => {
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          error.code = "ENOTFOUND";
          return callback(error, "", 0);
        }
        for (const { address } of addresses) {
          const check = checkAddress(address, options);
          if (!check.ok) return refuse(check.reason, address);
        }
        if (lookupOptions.all === true) return callback(null, addresses);
        const first = addresses[0]!;
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

export interface GuardedAgentOptions extends GuardedLookupOptions {
  /** Milliseconds allowed to open the TCP/TLS connection. Default 10 s. */
  readonly connectTimeoutMs?: number;
}

/** An undici `Agent` whose every connection goes through `createGuardedLookup`. */
export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  return new Agent({
    connect: { lookup: createGuardedLookup(options), timeout: options.connectTimeoutMs ?? 10_000 },
  });
}

export interface GuardedFetchOptions extends GuardedLookupOptions {
  /** Limit for the whole exchange, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
  /** An agent from `createGuardedAgent` to reuse connections; one per guard setting is shared otherwise. */
  readonly dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const sharedAgents = new Map<string, Agent>();
const agentsByResolver = new WeakMap<HostResolver, Map<string, Agent>>();

function agentFor(options: GuardedFetchOptions): Dispatcher {
  if (options.dispatcher !== undefined) return options.dispatcher;
  const key = options.allowLoopbackHttp === true ? "loopback-allowed" : "strict";
  let agents = sharedAgents;
  if (options.resolve !== undefined) {
    agents = agentsByResolver.get(options.resolve) ?? new Map<string, Agent>();
    agentsByResolver.set(options.resolve, agents);
  }
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = createGuardedAgent({ allowLoopbackHttp: options.allowLoopbackHttp, resolve: options.resolve });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * `fetch` with the guard: the URL is checked first, every connection goes through the guarded lookup,
 * redirects are not followed, and the whole exchange has a deadline (`timeoutMs`, which also bounds
 * reading the body, since the body is read through the same signal).
 *
 * Fails with `SsrfBlockedError` (refused URL or address), `RedirectRefusedError` (any 3xx; its body is
 * discarded), `OutboundTimeoutError` (deadline) or the network error undici gives (`TypeError: fetch
 * failed` with a `cause`). Any other status, 4xx and 5xx included, is returned as a `Response`.
 */
export async function guardedFetch(
  url: string | URL,
  init: RequestInit = {},
  options: GuardedFetchOptions = {},
): Promise<Response> {
  const check = checkOutboundUrl(url, options);
  if (!check.ok) throw new SsrfBlockedError(check.reason, check.host);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  let response: Response;
  try {
    response = await undiciFetch(check.url, {
      ...init,
      redirect: "manual",
      signal,
      dispatcher: agentFor(options),
    });
  } catch (error) {
    const blocked = findCause(error, SsrfBlockedError.isInstance);
    if (blocked !== undefined) throw blocked;
    if (deadline.aborted && !(init.signal?.aborted ?? false)) throw new OutboundTimeoutError(timeoutMs);
    throw error;
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new RedirectRefusedError(response.status, response.headers.get("location"));
  }
  return response;
}

/** The first error in `error`'s `cause` chain (itself included) that `matches`. */
export function findCause<T>(error: unknown, matches: (candidate: unknown) => candidate is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (matches(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
