import { randomUUID } from "node:crypto";
import { SignJWT, type CryptoKey, type KeyObject } from "jose";
import { systemClock } from "../../lib/clock.js";
import {
  errorSummary,
  exchange,
  failure,
  failureFromStatus,
  isFailure,
  parseJsonText,
  safeErrorCode,
  type OutboundHttpOptions,
  type OutboundResult,
} from "../outbound-http.js";

export const AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

/** What the platform registered for this tool. */
export interface LtiToolRegistration {
  /** The tool's client id on the platform: `iss` and `sub` of the assertion. */
  readonly clientId: string;
  /** The platform's OAuth2 token endpoint: the assertion's `aud`. */
  readonly tokenUrl: string;
  /** The tool's RS256 private key (its public half is in the JWKS the platform knows). */
  readonly privateKey: CryptoKey | KeyObject;
  /** The `kid` of that key in the tool's JWKS. */
  readonly keyId: string;
}

export interface LtiTokenSourceOptions extends OutboundHttpOptions {
  /** Default: the AGS score scope only. */
  readonly scopes?: readonly string[];
  /** A token is replaced this long before it expires. Default 60 s (or half its life, if shorter). */
  readonly refreshMarginMs?: number;
  /** Lifetime of the signed assertion. Default 5 minutes. */
  readonly assertionLifetimeSec?: number;
}

/** Gives AGS access tokens, cached until shortly before they expire. */
export interface LtiTokenSource {
  /** A valid token: the cached one, or a new one (concurrent callers share one request). */
  accessToken(): Promise<OutboundResult<string>>;
  /** Forgets `token` after the platform refused it (401), so the next call fetches a new one. */
  invalidate(token: string): void;
}

interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * OAuth2 client credentials with a signed JWT assertion (RFC 7523, as LTI Advantage requires):
 * `client_assertion` is an RS256 JWT with `iss` = `sub` = client id, `aud` = token URL, a fresh `jti`,
 * `iat` and `exp`. Token endpoint errors: 400/401 with `{error}` are final (`invalid_client`, a wrong key
 * or registration), and 408/429/5xx and network errors are retryable, as for any request.
 */
export function createLtiTokenSource(
  registration: LtiToolRegistration,
  options: LtiTokenSourceOptions = {},
): LtiTokenSource {
  const clock = options.clock ?? systemClock;
  const scopes = options.scopes ?? [AGS_SCORE_SCOPE];
  let cached: CachedToken | undefined;
  let inFlight: Promise<OutboundResult<string>> | undefined;

  const requestToken = async (): Promise<OutboundResult<string>> => {
    const nowSec = Math.floor(clock.now().getTime() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: registration.keyId })
      .setIssuer(registration.clientId)
      .setSubject(registration.clientId)
      .setAudience(registration.tokenUrl)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + (options.assertionLifetimeSec ?? 300))
      .setJti(randomUUID())
      .sign(registration.privateKey);
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: scopes.join(" "),
    });
    const response = await exchange(
      registration.tokenUrl,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
      },
      options,
    );
    if (isFailure(response)) return response;
    const json = parseJsonText(response.text) as Record<string, unknown> | undefined;
    if (response.status !== 200) {
      const oauthError = safeErrorCode(json?.error);
      const classified = failureFromStatus(
        response.status,
        response.headers,
        errorSummary(response.text),
        clock,
      );
      // A 401 from the token endpoint is a bad registration, not a stale token: nothing to refresh.
      return {
        ...classified,
        refreshCredentials: false,
        ...(oauthError === undefined ? {} : { errorCode: oauthError }),
      };
    }
    const token = json?.access_token;
    if (typeof token !== "string" || token === "") {
      return failure("invalid-response", "the token endpoint answered 200 without an access_token", {
        status: 200,
      });
    }
    const expiresInMs = (typeof json?.expires_in === "number" ? json.expires_in : 3600) * 1000;
    const margin = Math.min(options.refreshMarginMs ?? 60_000, expiresInMs / 2);
    cached = { token, refreshAt: clock.now().getTime() + expiresInMs - margin };
    return { ok: true, value: token };
  };

  return {
    accessToken() {
      if (cached !== undefined && clock.now().getTime() < cached.refreshAt) {
        return Promise.resolve({ ok: true, value: cached.token });
      }
      inFlight ??= requestToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
