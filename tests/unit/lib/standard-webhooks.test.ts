import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
} from "../../../src/lib/standard-webhooks.js";

/** Standard Webhooks signatures, checked against the specification's own test vector. */
const vector = JSON.parse(
  readFileSync(new URL("../../fixtures/lms/standard-webhooks-test-vector.json", import.meta.url), "utf8"),
) as { secret: string; msgId: string; timestamp: number; payload: string; expectedSignature: string };

const verify = (
  signature: string,
  overrides: { nowSeconds?: number; body?: string; secrets?: string[] } = {},
) =>
  verifyWebhook({
    secrets: overrides.secrets ?? [vector.secret],
    headers: { id: vector.msgId, timestamp: String(vector.timestamp), signature },
    body: Buffer.from(overrides.body ?? vector.payload, "utf8"),
    nowSeconds: overrides.nowSeconds ?? vector.timestamp,
  });

describe("Standard Webhooks signatures", () => {
  it("sign the test vector to its expected signature", () => {
    expect(signWebhook(vector.secret, vector.msgId, vector.timestamp, vector.payload)).toBe(
      vector.expectedSignature,
    );
  });

  it("verify the test vector, also among several signatures, and refuse a changed body or another secret", () => {
    expect(verify(vector.expectedSignature)).toEqual({
      ok: true,
      messageId: vector.msgId,
      timestampSeconds: vector.timestamp,
    });
    expect(verify(`v1,${Buffer.alloc(32).toString("base64")} v2,abc ${vector.expectedSignature}`).ok).toBe(
      true,
    );
    expect(verify(vector.expectedSignature, { body: `${vector.payload} ` })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verify(vector.expectedSignature, { secrets: [generateWebhookSecret()] })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    // The previous secret of a rotation still verifies while it is listed.
    expect(verify(vector.expectedSignature, { secrets: [generateWebhookSecret(), vector.secret] }).ok).toBe(
      true,
    );
    expect(verify("v1,not-base64-of-32-bytes").ok).toBe(false);
  });

  it("refuse timestamps more than 5 minutes away, either way", () => {
    expect(verify(vector.expectedSignature, { nowSeconds: vector.timestamp + 300 }).ok).toBe(true);
    expect(verify(vector.expectedSignature, { nowSeconds: vector.timestamp - 300 }).ok).toBe(true);
    expect(verify(vector.expectedSignature, { nowSeconds: vector.timestamp + 301 })).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    expect(verify(vector.expectedSignature, { nowSeconds: vector.timestamp - 301 })).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
  });

  it("refuse a message without its headers", () => {
    expect(
      verifyWebhook({
        secrets: [vector.secret],
        headers: { id: vector.msgId },
        body: Buffer.from(""),
        nowSeconds: 0,
      }),
    ).toEqual({ ok: false, reason: "missing_headers", missing: ["webhook-timestamp", "webhook-signature"] });
  });

  it("tell a timestamp that is not whole seconds from a missing one", () => {
    for (const timestamp of ["1.5", "-3", "1e9", " 17"]) {
      expect(
        verifyWebhook({
          secrets: [vector.secret],
          headers: { id: vector.msgId, timestamp, signature: vector.expectedSignature },
          body: Buffer.from(""),
          nowSeconds: 0,
        }),
      ).toEqual({ ok: false, reason: "bad_timestamp" });
    }
  });

  it("make headers with one signature per secret", () => {
    const secrets = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = webhookHeaders(secrets, "msg_1", 1_700_000_000, "{}");
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const secret of secrets) {
      expect(
        verifyWebhook({
          secrets: [secret],
          headers: { id: "msg_1", timestamp: "1700000000", signature: headers["webhook-signature"] },
          body: Buffer.from("{}"),
          nowSeconds: 1_700_000_000,
        }).ok,
      ).toBe(true);
    }
  });
});
