import { generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  buildScoreBody,
  postLtiScore,
  scoresUrl,
  type LtiScore,
} from "../../src/integrations/lti/ags-scores.js";
import {
  AGS_SCORE_SCOPE,
  createLtiTokenSource,
  type LtiToolRegistration,
} from "../../src/integrations/lti/ags-token.js";
import type { Clock } from "../../src/lib/clock.js";
import { startFakeLtiPlatformWithTool, type FakeLtiPlatform } from "../helpers/fake-lti-platform.js";
import { readLmsFixture } from "../helpers/lms-fixtures.js";

/** The AGS client against a loopback fake platform that checks the signed assertion against the tool's JWKS. */

const loopback = { allowLoopbackHttp: true, timeoutMs: 2_000 } as const;
const fixtureScore = readLmsFixture<Record<string, unknown>>("lti-ags-score-fullygraded.json");

let platform: FakeLtiPlatform;
let registration: LtiToolRegistration;
let otherKey: CryptoKey;
// The platform checks `exp` against its real clock: the tool's clock starts at the real time and only moves forward.
let nowMs = Date.now();
const clock: Clock = { now: () => new Date(nowMs), sleep: () => Promise.resolve() };

const score: LtiScore = {
  userId: String(fixtureScore.userId),
  scoreGiven: Number(fixtureScore.scoreGiven),
  scoreMaximum: Number(fixtureScore.scoreMaximum),
  comment: String(fixtureScore.comment),
  timestamp: String(fixtureScore.timestamp),
};

beforeAll(async () => {
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const tool = await startFakeLtiPlatformWithTool("tool-key-1");
  platform = tool.platform;
  registration = {
    clientId: platform.clientId,
    tokenUrl: platform.tokenUrl,
    privateKey: tool.privateKey,
    keyId: tool.keyId,
  };
});
afterAll(() => platform.close());
beforeEach(() => {
  platform.scores.length = 0;
  platform.tokenServer.requests.length = 0;
  platform.scoreServer.requests.length = 0;
});

const tokensFor = (options = {}) => createLtiTokenSource(registration, { ...loopback, clock, ...options });

describe("scoresUrl and the score body", () => {
  it("appends /scores to the line item path and keeps its query (Moodle's type_id)", () => {
    const [moodleLineItem] = readLmsFixture<{ id: string }[]>("lti-ags-lineitems-moodle.json");
    expect(scoresUrl(moodleLineItem!.id)).toBe(
      "http://localhost/moodle/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1",
    );
    const claim = readLmsFixture<Record<string, { lineitem: string }>>("lti-ags-claim-endpoint.json");
    expect(scoresUrl(claim["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]!.lineitem)).toBe(
      "https://www.myuniv.example.com/2344/lineitems/1234/lineitem/scores",
    );
  });

  it("builds the fixture's body (without scoringUserId, which is the platform's)", () => {
    const { scoringUserId: _scoringUserId, ...expected } = fixtureScore;
    expect(buildScoreBody(score)).toEqual(expected);
  });

  it.each([
    ["no zone", { timestamp: "2017-04-16T18:54:36.736" }],
    ["not a date", { timestamp: "yesterday" }],
    ["empty", { timestamp: "" }],
    ["scoreGiven below 0", { scoreGiven: -1 }],
    ["scoreMaximum 0", { scoreMaximum: 0 }],
    ["no user", { userId: " " }],
  ])("refuses a score with %s", (_label, change) => {
    expect(typeof buildScoreBody({ ...score, ...change })).toBe("string");
  });
});

describe("createLtiTokenSource", () => {
  it("gets a token with a signed assertion the platform verifies against the tool's JWKS", async () => {
    const tokens = tokensFor();
    const token = await tokens.accessToken();
    expect(token).toEqual({ ok: true, value: platform.issuedTokens.at(-1) });
    const assertion = platform.assertions.at(-1)!;
    expect(assertion).toMatchObject({
      iss: "grader-tool",
      sub: "grader-tool",
      aud: platform.tokenUrl,
      kid: "tool-key-1",
      iat: Math.floor(nowMs / 1000),
      exp: Math.floor(nowMs / 1000) + 300,
    });
    expect(typeof assertion.jti).toBe("string");
    const form = new URLSearchParams(platform.tokenServer.requests.at(-1)?.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe(AGS_SCORE_SCOPE);
  });

  it("caches the token until shortly before it expires, and shares one request among concurrent callers", async () => {
    const tokens = tokensFor({ refreshMarginMs: 60_000 });
    const [first, second] = await Promise.all([tokens.accessToken(), tokens.accessToken()]);
    expect(first).toEqual(second);
    expect(platform.tokenServer.requests).toHaveLength(1);
    nowMs += 3600_000 - 61_000;
    expect(await tokens.accessToken()).toEqual(first);
    expect(platform.tokenServer.requests).toHaveLength(1);
    nowMs += 2_000;
    const renewed = await tokens.accessToken();
    expect(renewed.ok && renewed.value).not.toBe(first.ok && first.value);
    expect(platform.tokenServer.requests).toHaveLength(2);
  });

  it("a token endpoint that refuses the assertion (wrong key) is final, with the OAuth error", async () => {
    const tokens = createLtiTokenSource({ ...registration, privateKey: otherKey }, { ...loopback, clock });
    expect(await tokens.accessToken()).toMatchObject({
      ok: false,
      status: 401,
      errorCode: "invalid_client",
      retryable: false,
      refreshCredentials: false,
    });
  });

  it("a token endpoint failing with 500 is retryable", async () => {
    platform.tokenServer.enqueue({ kind: "status", status: 500 });
    expect(await tokensFor().accessToken()).toMatchObject({ ok: false, status: 500, retryable: true });
  });
});

describe("postLtiScore", () => {
  it("posts the score to {lineitem}/scores?type_id=1 with the AGS content type and a bearer token", async () => {
    const tokens = tokensFor();
    const lineItemUrl = platform.lineItemUrls[1]!;
    const result = await postLtiScore({ lineItemUrl, score, tokens }, loopback);
    expect(result).toEqual({ ok: true, value: { status: 204, tokenRefreshed: false } });
    expect(platform.scores).toHaveLength(1);
    expect(platform.scores[0]).toMatchObject({ lineItemId: "16", typeId: "1" });
    expect(platform.scores[0]?.body).toEqual(buildScoreBody(score));
    expect(platform.scoreServer.requests[0]?.headers["content-type"]).toBe(
      "application/vnd.ims.lis.v1.score+json",
    );
  });

  it("401 then a refreshed token: the score goes through once", async () => {
    const tokens = tokensFor();
    expect((await tokens.accessToken()).ok).toBe(true);
    platform.revokeTokens();
    const tokenRequestsBefore = platform.tokenServer.requests.length;
    const result = await postLtiScore({ lineItemUrl: platform.lineItemUrls[0]!, score, tokens }, loopback);
    expect(result).toEqual({ ok: true, value: { status: 204, tokenRefreshed: true } });
    expect(platform.tokenServer.requests.length).toBe(tokenRequestsBefore + 1);
    expect(platform.scores).toHaveLength(1);
  });

  it("a second 401 is final: refreshed once only", async () => {
    platform.scoreServer.enqueue({ kind: "status", status: 401, times: 2 });
    const result = await postLtiScore(
      { lineItemUrl: platform.lineItemUrls[0]!, score, tokens: tokensFor() },
      loopback,
    );
    expect(result).toMatchObject({ ok: false, status: 401, retryable: false, refreshCredentials: false });
    expect(platform.scoreServer.requests).toHaveLength(2);
  });

  it("500 then 200", async () => {
    const request = { lineItemUrl: platform.lineItemUrls[0]!, score, tokens: tokensFor() };
    platform.scoreServer.enqueue({ kind: "status", status: 500 });
    expect(await postLtiScore(request, loopback)).toMatchObject({ ok: false, status: 500, retryable: true });
    expect((await postLtiScore(request, loopback)).ok).toBe(true);
    expect(platform.scores).toHaveLength(1);
  });

  it("a retry after a lost answer reuses the timestamp, which the platform accepts again", async () => {
    const request = {
      lineItemUrl: platform.lineItemUrls[0]!,
      score: { ...score, userId: "retry-user" },
      tokens: tokensFor(),
    };
    platform.scoreServer.enqueue({ kind: "applyThenStatus", status: 502 });
    expect(await postLtiScore(request, loopback)).toMatchObject({ ok: false, status: 502, retryable: true });
    expect((await postLtiScore(request, loopback)).ok).toBe(true);
    expect(platform.scores.map((received) => received.body.timestamp)).toEqual([
      score.timestamp,
      score.timestamp,
    ]);
  });

  it("429 with Retry-After, and a slow platform", async () => {
    const tokens = tokensFor();
    platform.scoreServer.enqueue(
      { kind: "status", status: 429, retryAfter: "2" },
      { kind: "slow", delayMs: 1_000 },
    );
    const request = { lineItemUrl: platform.lineItemUrls[0]!, score, tokens };
    expect(await postLtiScore(request, loopback)).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(await postLtiScore(request, { ...loopback, timeoutMs: 150 })).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
  });

  it("an older timestamp than the platform has is refused (409), final", async () => {
    const tokens = tokensFor();
    const lineItemUrl = platform.lineItemUrls[1]!;
    const newer = { ...score, userId: "order-user", timestamp: "2026-03-01T12:00:00.000Z" };
    expect((await postLtiScore({ lineItemUrl, score: newer, tokens }, loopback)).ok).toBe(true);
    const older = { ...newer, timestamp: "2026-03-01T11:00:00.000Z" };
    expect(await postLtiScore({ lineItemUrl, score: older, tokens }, loopback)).toMatchObject({
      status: 409,
      retryable: false,
    });
  });

  it("refuses a score without a usable timestamp before asking for a token", async () => {
    const result = await postLtiScore(
      { lineItemUrl: platform.lineItemUrls[0]!, score: { ...score, timestamp: "now" }, tokens: tokensFor() },
      loopback,
    );
    expect(result).toMatchObject({ ok: false, kind: "invalid-request" });
    expect(platform.tokenServer.requests).toHaveLength(0);
  });

  it("refuses a loopback platform without the explicit relaxation", async () => {
    const tokens = createLtiTokenSource(registration, { clock });
    expect(await postLtiScore({ lineItemUrl: platform.lineItemUrls[0]!, score, tokens })).toMatchObject({
      ok: false,
      kind: "blocked",
    });
    expect(platform.tokenServer.requests).toHaveLength(0);
  });
});
