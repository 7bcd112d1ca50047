import {
  createLocalJWKSet,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JSONWebKeySet,
} from "jose";
import { readLmsFixture } from "./lms-fixtures.js";
import { sendJson, startFakeLms, type FakeLmsServer } from "./fake-lms-http.js";

/**
 * A fake LTI 1.3 platform on loopback, shaped like Moodle's (`/moodle/mod/lti/token.php`, line items
 * under `/moodle/mod/lti/services.php/2/lineitems/:id/lineitem?type_id=1` from the fixture):
 * - the token endpoint takes `client_credentials` with a JWT `client_assertion` and checks it against
 *   the tool's registered JWKS: RS256, `iss` = `sub` = client id, `aud` = the token URL, `exp`, and a
 *   `jti` never seen before; it issues bearer tokens for the requested scopes;
 * - `POST {lineitem}/scores?type_id=1` needs a live token with the score scope, the content type
 *   `application/vnd.ims.lis.v1.score+json` and a score body; a timestamp older than the last one for
 *   the same line item and user is refused with 409, as the AGS spec allows.
 * `token` and `scores` behaviours are scripted separately; `revokeTokens()` makes issued tokens fail (401).
 */

export interface ReceivedScore {
  readonly lineItemId: string;
  readonly typeId: string | null;
  readonly token: string;
  readonly body: Record<string, unknown>;
}

export interface FakeLtiPlatform {
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Line item URLs (as a launch's AGS claim would give them). */
  readonly lineItemUrls: readonly string[];
  readonly tokenServer: FakeLmsServer;
  readonly scoreServer: FakeLmsServer;
  readonly scores: ReceivedScore[];
  /** Assertions that were accepted, decoded. */
  readonly assertions: Record<string, unknown>[];
  readonly issuedTokens: string[];
  revokeTokens(): void;
  close(): Promise<void>;
}

export const lineItemsFixture = readLmsFixture<{ id: string; scoreMaximum: number }[]>(
  "lti-ags-lineitems-moodle.json",
);

export const SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

export async function startFakeLtiPlatform(options: {
  clientId: string;
  toolJwks: JSONWebKeySet;
  expiresInSec?: number;
}): Promise<FakeLtiPlatform> {
  const keys = createLocalJWKSet(options.toolJwks);
  const seenJti = new Set<string>();
  const liveTokens = new Map<string, string[]>();
  const issuedTokens: string[] = [];
  const assertions: Record<string, unknown>[] = [];
  const scores: ReceivedScore[] = [];
  const lastTimestamp = new Map<string, number>();
  let tokenUrl = "";

  const tokenServer = await startFakeLms(async (request, response) => {
    if (request.method !== "POST" || request.path !== "/moodle/mod/lti/token.php") {
      return sendJson(response, 404, { error: "not_found" });
    }
    const form = new URLSearchParams(request.body);
    if (form.get("grant_type") !== "client_credentials")
      return sendJson(response, 400, { error: "unsupported_grant_type" });
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return sendJson(response, 400, { error: "invalid_request" });
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get("client_assertion") ?? "", keys, {
        algorithms: ["RS256"],
        issuer: options.clientId,
        subject: options.clientId,
        audience: tokenUrl,
        requiredClaims: ["exp", "iat", "jti"],
      });
      if (protectedHeader.kid === undefined) throw new Error("no kid");
      if (seenJti.has(payload.jti!)) throw new Error("jti replayed");
      seenJti.add(payload.jti!);
      assertions.push({ ...payload, kid: protectedHeader.kid });
    } catch {
      return sendJson(response, 401, { error: "invalid_client" });
    }
    const scopes = (form.get("scope") ?? "").split(" ").filter((scope) => scope !== "");
    const token = `lti-token-${issuedTokens.length + 1}`;
    issuedTokens.push(token);
    liveTokens.set(token, scopes);
    return sendJson(response, 200, {
      access_token: token,
      token_type: "Bearer",
      expires_in: options.expiresInSec ?? 3600,
      scope: scopes.join(" "),
    });
  });
  tokenUrl = `${tokenServer.origin}/moodle/mod/lti/token.php`;

  const scoresPath = /^\/moodle\/mod\/lti\/services\.php\/2\/lineitems\/(\d+)\/lineitem\/scores$/;
  const scoreServer = await startFakeLms((request, response, behaviour) => {
    const match = scoresPath.exec(request.path);
    if (request.method !== "POST" || match === null) return sendJson(response, 404, { error: "not_found" });
    const authorization = request.headers.authorization ?? "";
    const token = authorization.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : "";
    const scopes = liveTokens.get(token);
    if (scopes === undefined) return sendJson(response, 401, { error: "invalid_token" });
    if (!scopes.includes(SCORE_SCOPE)) return sendJson(response, 403, { error: "insufficient_scope" });
    // Moodle finds the tool by type_id: without it, the request fails.
    if (request.query.get("type_id") !== "1") return sendJson(response, 400, { error: "type_id missing" });
    if (request.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json") {
      return sendJson(response, 415, { error: "unsupported media type" });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return sendJson(response, 400, { error: "not json" });
    }
    const valid =
      typeof body.userId === "string" &&
      typeof body.scoreGiven === "number" &&
      typeof body.scoreMaximum === "number" &&
      body.activityProgress === "Completed" &&
      body.gradingProgress === "FullyGraded" &&
      typeof body.timestamp === "string" &&
      !Number.isNaN(Date.parse(body.timestamp));
    if (!valid) return sendJson(response, 400, { error: "invalid score" });
    const key = `${match[1]}/${String(body.userId)}`;
    const timestamp = Date.parse(String(body.timestamp));
    if ((lastTimestamp.get(key) ?? -Infinity) > timestamp) {
      return sendJson(response, 409, { error: "Refusing score with an earlier timestamp" });
    }
    lastTimestamp.set(key, timestamp);
    scores.push({ lineItemId: match[1]!, typeId: request.query.get("type_id"), token, body });
    if (behaviour.kind === "applyThenStatus") return sendJson(response, behaviour.status, { error: "lost" });
    response.writeHead(204);
    response.end();
  });

  const lineItemUrls = lineItemsFixture.map((item) => {
    const url = new URL(item.id);
    return `${scoreServer.origin}${url.pathname}${url.search}`;
  });

  return {
    tokenUrl,
    clientId: options.clientId,
    lineItemUrls,
    tokenServer,
    scoreServer,
    scores,
    assertions,
    issuedTokens,
    revokeTokens: () => liveTokens.clear(),
    close: async () => {
      await tokenServer.close();
      await scoreServer.close();
    },
  };
}

/** A fake platform with the tool registered on it, and the tool's side of that registration. */
export interface RegisteredLtiTool {
  platform: FakeLtiPlatform;
  /** The `kid` the platform knows the tool's key by. */
  keyId: string;
  /** The tool's RS256 private key. */
  privateKey: CryptoKey;
  /** The same key as PKCS #8 PEM: what an admin gives an integration as `credentials.privateKey`. */
  privateKeyPem: string;
}

/**
 * Starts a fake platform that trusts a fresh RS256 key pair of the tool: the public half, as `keyId`,
 * is the JWKS the platform has for client id `grader-tool`. Close `platform` after.
 */
export async function startFakeLtiPlatformWithTool(keyId = "tool-1"): Promise<RegisteredLtiTool> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: "RS256", use: "sig" };
  const privateKeyPem = await exportPKCS8(privateKey);
  const platform = await startFakeLtiPlatform({ clientId: "grader-tool", toolJwks: { keys: [publicJwk] } });
  return { platform, keyId, privateKey, privateKeyPem };
}
