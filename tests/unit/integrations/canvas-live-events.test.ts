import { createServer } from "node:http";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCanvasJwks,
  parseCanvasLiveEvent,
  verifyCanvasLiveEventJwt,
} from "../../../src/integrations/canvas/live-events.js";
import { closeServer, listenOnLoopback } from "../../helpers/fake-http.js";
import { readLmsFixture } from "../../helpers/lms-fixtures.js";

const fixture = readLmsFixture<{ metadata: Record<string, unknown>; body: Record<string, unknown> }>(
  "canvas-live-event-submission_created.json",
);

describe("parseCanvasLiveEvent", () => {
  it("reads the submission_created fixture, ids as strings", () => {
    const result = parseCanvasLiveEvent(fixture);
    expect(result).toEqual({
      ok: true,
      event: {
        eventName: "submission_created",
        eventTime: "2019-11-01T19:11:21.419Z",
        hostname: "oxana.instructure.com",
        rootAccountId: "21070000000000001",
        courseId: null,
        submissionId: "21070000012345567",
        assignmentId: "21070000001234012",
        userId: "21070000000014012",
        attempt: 12,
        submissionType: "online_text_entry",
        bodyExcerpt: "Test Submission Data",
        submittedAt: "2019-11-01T19:11:21.419Z",
        dedupeKey: "21070000012345567:12",
      },
    });
  });

  it("accepts ids as safe integers, and a course id when the event has one", () => {
    const result = parseCanvasLiveEvent({
      ...fixture,
      body: { ...fixture.body, submission_id: 55, assignment_id: 7, user_id: 9, course_id: 3, attempt: "2" },
    });
    expect(result.ok && result.event).toMatchObject({
      submissionId: "55",
      assignmentId: "7",
      userId: "9",
      courseId: "3",
      attempt: 2,
      dedupeKey: "55:2",
    });
  });

  it("refuses an id that lost precision as a JSON number", () => {
    const result = parseCanvasLiveEvent({
      ...fixture,
      body: { ...fixture.body, user_id: 21070000000014012 },
    });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(!result.ok && result.reason === "invalid" && result.problems).toEqual([
      { path: "body.user_id", message: "must be an id (string or safe integer)" },
    ]);
  });

  it("ignores other events", () => {
    const result = parseCanvasLiveEvent({
      ...fixture,
      metadata: { ...fixture.metadata, event_name: "grade_change" },
    });
    expect(result).toEqual({ ok: false, reason: "ignored", eventName: "grade_change" });
  });

  it.each([null, [], "text", { metadata: {} }, { metadata: {}, body: {} }])("refuses %j", (payload) => {
    expect(parseCanvasLiveEvent(payload)).toMatchObject({ ok: false, reason: "invalid" });
  });

  // Regression: `attempt` went through Number(), so "0x2" was attempt 2, "1e0" attempt 1 and "" attempt 0.
  it.each([
    "0x2",
    "1e0",
    "",
    " 2",
    "2 ",
    "+2",
    "-1",
    "1.5",
    "٢",
    1.5,
    -1,
    1_000_001,
    "1000001",
    true,
    {},
    [],
  ])("refuses the attempt %j, naming body.attempt", (attempt) => {
    const result = parseCanvasLiveEvent({ ...fixture, body: { ...fixture.body, attempt } });
    expect(result).toEqual({
      ok: false,
      reason: "invalid",
      problems: [
        {
          path: "body.attempt",
          message: "must be a whole number from 0 to 1000000 (a number, or its decimal digits as a string)",
        },
      ],
    });
  });

  it.each([
    [12, 12],
    ["12", 12],
    ["012", 12],
    [0, 0],
    ["0", 0],
    [1_000_000, 1_000_000],
    [null, null],
    [undefined, null],
  ])("takes the attempt %j as %j, as before", (attempt, read) => {
    const result = parseCanvasLiveEvent({ ...fixture, body: { ...fixture.body, attempt } });
    expect(result.ok && result.event.attempt).toBe(read);
  });

  it("gives two deliveries of one attempt the same dedupe key and a new attempt a new one", () => {
    const first = parseCanvasLiveEvent(fixture);
    const again = parseCanvasLiveEvent(structuredClone(fixture));
    const next = parseCanvasLiveEvent({ ...fixture, body: { ...fixture.body, attempt: 13 } });
    const key = (result: ReturnType<typeof parseCanvasLiveEvent>) =>
      result.ok ? result.event.dedupeKey : "";
    expect(key(first)).toBe(key(again));
    expect(key(next)).not.toBe(key(first));
  });
});

describe("verifyCanvasLiveEventJwt", () => {
  let jwks: JSONWebKeySet;
  let sign: (claims: Record<string, unknown>, expiresIn?: string) => Promise<string>;
  let otherSign: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    const canvasKey = await generateKeyPair("RS256");
    const otherKey = await generateKeyPair("RS256");
    jwks = {
      keys: [{ ...(await exportJWK(canvasKey.publicKey)), kid: "canvas-2026", alg: "RS256", use: "sig" }],
    };
    sign = (claims, expiresIn = "5m") =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "canvas-2026" })
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(canvasKey.privateKey);
    otherSign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "canvas-2026" })
        .setExpirationTime("5m")
        .sign(otherKey.privateKey);
  });

  it("verifies a signed event, whose claims then parse as the event", async () => {
    const token = await sign(fixture);
    const verified = await verifyCanvasLiveEventJwt(token, { keys: createLocalJWKSet(jwks) });
    expect(verified.ok).toBe(true);
    const parsed = parseCanvasLiveEvent(verified.ok ? verified.payload : undefined);
    expect(parsed.ok && parsed.event.submissionId).toBe("21070000012345567");
  });

  it("refuses a token signed by another key", async () => {
    const token = await otherSign(fixture);
    expect(await verifyCanvasLiveEventJwt(token, { keys: createLocalJWKSet(jwks) })).toEqual({
      ok: false,
      reason: "invalid-signature",
    });
  });

  it("refuses an expired token", async () => {
    const token = await sign(fixture, "5m");
    const later = new Date(Date.now() + 60 * 60 * 1000);
    expect(
      await verifyCanvasLiveEventJwt(token, { keys: createLocalJWKSet(jwks), currentDate: later }),
    ).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses an unsigned (alg none) or HMAC token", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode(fixture)}.`;
    expect(await verifyCanvasLiveEventJwt(unsigned, { keys: createLocalJWKSet(jwks) })).toMatchObject({
      ok: false,
    });
    const hmac = await new SignJWT(fixture)
      .setProtectedHeader({ alg: "HS256", kid: "canvas-2026" })
      .sign(new TextEncoder().encode("a-guessable-secret-of-32-bytes!!"));
    expect(await verifyCanvasLiveEventJwt(hmac, { keys: createLocalJWKSet(jwks) })).toEqual({
      ok: false,
      reason: "invalid-signature",
    });
  });

  it("checks the issuer when one is expected", async () => {
    const token = await sign({ ...fixture, iss: "https://someone-else.example" });
    expect(
      await verifyCanvasLiveEventJwt(token, {
        keys: createLocalJWKSet(jwks),
        issuer: "https://canvas.example",
      }),
    ).toEqual({ ok: false, reason: "claims" });
  });

  it("with a hostname, takes only events whose signed metadata.hostname is that Canvas", async () => {
    // Instructure's key set signs every school's events: the fixture's school is oxana.instructure.com.
    const keys = createLocalJWKSet(jwks);
    const token = await sign(fixture);
    expect(await verifyCanvasLiveEventJwt(token, { keys, hostname: "OXANA.instructure.com" })).toMatchObject({
      ok: true,
    });
    expect(await verifyCanvasLiveEventJwt(token, { keys, hostname: "school.instructure.com" })).toEqual({
      ok: false,
      reason: "wrong-host",
    });
    const noHost = await sign({ ...fixture, metadata: { ...fixture.metadata, hostname: undefined } });
    expect(await verifyCanvasLiveEventJwt(noHost, { keys, hostname: "oxana.instructure.com" })).toEqual({
      ok: false,
      reason: "wrong-host",
    });
  });

  describe("with keys fetched through the SSRF guard", () => {
    const shuttingDown = new AbortController();
    const server = createServer((request, response) => {
      fetched++;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(jwks));
    });
    let fetched = 0;
    let jwksUrl = "";

    beforeAll(async () => {
      jwksUrl = `http://127.0.0.1:${await listenOnLoopback(server, 0)}/api/lti/security/jwks`;
    });
    afterAll(() => closeServer(server, shuttingDown));

    it("fetches the key set (loopback only under the test relaxation)", async () => {
      const token = await sign(fixture);
      const verified = await verifyCanvasLiveEventJwt(token, {
        keys: createCanvasJwks(jwksUrl, { allowLoopbackHttp: true }),
      });
      expect(verified.ok).toBe(true);
      expect(fetched).toBe(1);
    });

    it("stops reading a key set larger than any real one: keys unavailable, not the process's memory", async () => {
      // Regression: the whole answer was read into memory, however large. The URL is a school admin's
      // setting, and any event posted to the integration makes the service fetch it, so one school could
      // make the process that serves every school hold gigabytes.
      const total = 64 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, "x");
      let sent = 0;
      const huge = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"keys":[],"padding":"');
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once("drain", pump);
          }
          response.end('"}');
        };
        pump();
      });
      const hugeShutdown = new AbortController();
      const url = `http://127.0.0.1:${await listenOnLoopback(huge, 0)}/jwks`;
      try {
        const token = await sign(fixture);
        expect(
          await verifyCanvasLiveEventJwt(token, { keys: createCanvasJwks(url, { allowLoopbackHttp: true }) }),
        ).toEqual({ ok: false, reason: "keys-unavailable" });
        expect(sent).toBeLessThan(total / 2);
      } finally {
        await closeServer(huge, hugeShutdown);
      }
    });

    it("refuses to fetch keys from loopback by default: keys unavailable, not a bad signature", async () => {
      const before = fetched;
      const token = await sign(fixture);
      expect(await verifyCanvasLiveEventJwt(token, { keys: createCanvasJwks(jwksUrl) })).toEqual({
        ok: false,
        reason: "keys-unavailable",
      });
      expect(fetched).toBe(before);
    });
  });
});
