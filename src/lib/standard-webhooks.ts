import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks (standardwebhooks.com) signatures with node:crypto: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed with the base64-decoded part of a `whsec_…`
 * secret, sent as `webhook-signature: v1,<base64>` (several space-separated signatures are allowed, so
 * that a sender may sign with an old and a new secret while a rotation is under way).
 */

const secretPrefix = "whsec_";
/** The spec's default tolerance: a message whose timestamp is further from now is refused (replays). */
export const defaultToleranceSeconds = 5 * 60;

/** A new `whsec_…` secret: 32 random bytes, base64. */
export function generateWebhookSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a secret: the base64 after `whsec_` (a secret without the prefix is taken as base64 too). */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  return Buffer.from(encoded, "base64");
}

/** The `v1,<base64>` signature of one message. */
export function signWebhook(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  const hmac = createHmac("sha256", secretKey(secret));
  hmac.update(`${messageId}.${timestampSeconds}.`, "utf8");
  hmac.update(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  return `v1,${hmac.digest("base64")}`;
}

/** The three headers of a signed message; several secrets give several signatures. */
export function webhookHeaders(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string | Buffer,
): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets
      .map((secret) => signWebhook(secret, messageId, timestampSeconds, body))
      .join(" "),
  };
}

export type WebhookVerification =
  | { ok: true; messageId: string; timestampSeconds: number }
  | { ok: false; reason: "missing_headers"; missing: WebhookHeaderName[] }
  | { ok: false; reason: "bad_timestamp" | "stale_timestamp" | "bad_signature" };

export type WebhookHeaderName = "webhook-id" | "webhook-timestamp" | "webhook-signature";

/**
 * Checks a message against any of `secrets`: headers present, timestamp within `toleranceSeconds` of
 * `nowSeconds` (either way), and at least one `v1,` signature equal to the expected one. Signatures are
 * compared as fixed-length digests with timingSafeEqual, and every candidate is compared (no early
 * exit), so timing tells nothing about how close a forgery came. Never throws.
 */
export function verifyWebhook(options: {
  secrets: readonly string[];
  headers: { id?: string; timestamp?: string; signature?: string };
  body: Buffer;
  nowSeconds: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  const { id, timestamp, signature } = options.headers;
  const missing = (
    [
      ["webhook-id", id],
      ["webhook-timestamp", timestamp],
      ["webhook-signature", signature],
    ] as const
  )
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing_headers", missing };
  // Whole seconds since the epoch, as the specification writes them ("1.5", "-3" or "1e9" are none).
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  const timestampSeconds = Number(timestamp);
  const tolerance = options.toleranceSeconds ?? defaultToleranceSeconds;
  if (Math.abs(options.nowSeconds - timestampSeconds) > tolerance) {
    return { ok: false, reason: "stale_timestamp" };
  }
  const presented = signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"))
    .filter((digest) => digest.length === 32);
  let matched = false;
  for (const secret of options.secrets) {
    const expected = Buffer.from(signWebhook(secret, id, timestampSeconds, options.body).slice(3), "base64");
    for (const candidate of presented) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? { ok: true, messageId: id, timestampSeconds } : { ok: false, reason: "bad_signature" };
}
