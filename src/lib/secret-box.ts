import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets at rest (integration signing secrets, LMS tokens): AES-256-GCM under one 32-byte key
 * (GRADER_SECRET_KEY). Sealed text is `v1.<iv>.<tag>.<ciphertext>` in base64url: a fresh 12-byte IV per
 * seal, and the 16-byte tag authenticates the ciphertext and `context` (the record the secret belongs
 * to), so a sealed value copied onto another record does not open there.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws when the text was not sealed with this key and context (tampered, or another key). */
  open(sealed: string, context: string): string;
}

/** The key from its configured text: 32 bytes as 64 hex digits or as base64; undefined otherwise. */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === 32) return key;
  }
  return undefined;
}

/** Opened secrets kept in memory, by sealed text and context (see `open`). */
const OPENED_CACHE_SIZE = 512;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("the secret key must be 32 bytes");
  const keyCopy = Buffer.from(key);
  // Every signed webhook opens its integration's secret: a deadline spike opens the same few secrets
  // thousands of times a second. What one sealed text opens to under one context never changes (a new
  // secret is a new sealed text, with a fresh IV), so the last few hundred are kept, oldest dropped first.
  const opened = new Map<string, string>();
  const openUncached = (sealed: string, context: string): string => {
    const [version, iv, tag, ciphertext] = sealed.split(".");
    if (version !== "v1" || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error("not a sealed secret");
    }
    const decipher = createDecipheriv("aes-256-gcm", keyCopy, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  };
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keyCopy, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ["v1", iv, tag, ciphertext]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed, context) {
      // The context is part of the key: a sealed text opened for one record does not open for another.
      const cacheKey = `${context}\u0000${sealed}`;
      const cached = opened.get(cacheKey);
      if (cached !== undefined) return cached;
      const plaintext = openUncached(sealed, context);
      if (opened.size >= OPENED_CACHE_SIZE) opened.delete(opened.keys().next().value!);
      opened.set(cacheKey, plaintext);
      return plaintext;
    },
  };
}
