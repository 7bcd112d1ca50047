import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The token an inbound URL carries for a sender that cannot sign nor set a header (a Canvas Data Services
 * subscription is a bare HTTPS URL): derived from the integration's signing secret, so it is shown when
 * the secret is (at creation and on rotation), changes with it, and stays valid through the old secret's
 * grace period. 43 characters of base64url: nothing in it needs escaping in a query string. The secret
 * cannot be read back from it, so a URL copied into a subscription or a proxy log does not give it away.
 */
export function urlTokenOf(secret: string): string {
  return createHmac("sha256", secret)
    .update("rubric-grader inbound URL token v1", "utf8")
    .digest("base64url");
}

/**
 * Whether `received` equals `expected`, compared in constant time over SHA-256 digests, so that neither
 * the content nor the length of the secret leaks through timing. An empty expected secret never matches
 * (an unset token is no token), nor does an empty received one.
 */
export function sameSecret(received: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  // Both digests are computed whatever the inputs, so a missing token costs what a wrong one does.
  const equal = timingSafeEqual(digest(received), digest(expected));
  return equal && received !== "" && expected !== "";
}

/**
 * Whether `received` is the URL token of any of `secrets` (the current one and those in their grace
 * period). Every secret is compared, with no early exit.
 */
export function matchesUrlToken(received: string | undefined, secrets: readonly string[]): boolean {
  let matched = false;
  for (const secret of secrets) {
    if (sameSecret(received ?? "", urlTokenOf(secret))) matched = true;
  }
  return matched;
}
