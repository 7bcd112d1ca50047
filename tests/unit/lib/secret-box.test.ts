import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseSecretKey } from "../../../src/lib/secret-box.js";

describe("the secret box (AES-256-GCM)", () => {
  it("opens what it sealed, and nothing sealed for another record or under another key", () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal("whsec_abc", "integration int_1 secret");
    expect(sealed).not.toContain("whsec_abc");
    expect(box.open(sealed, "integration int_1 secret")).toBe("whsec_abc");
    // A fresh IV each time: the same secret never seals to the same text.
    expect(box.seal("whsec_abc", "integration int_1 secret")).not.toBe(sealed);
    expect(() => box.open(sealed, "integration int_2 secret")).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "integration int_1 secret")).toThrow();
    const [version, iv, tag, ciphertext] = sealed.split(".");
    const flipped = Buffer.from(ciphertext!, "base64url");
    flipped[0]! ^= 1;
    expect(() =>
      box.open([version, iv, tag, flipped.toString("base64url")].join("."), "integration int_1 secret"),
    ).toThrow();
  });

  it("keeps opened secrets without letting one open for another record, past its cache's size", () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = Array.from({ length: 700 }, (_, index) =>
      box.seal(`whsec_${index}`, `int_${index} secret`),
    );
    // Twice over, so that the second round finds some cached and some dropped.
    for (let round = 0; round < 2; round++) {
      sealed.forEach((text, index) => expect(box.open(text, `int_${index} secret`)).toBe(`whsec_${index}`));
    }
    // Opened (and cached) for int_0, the same text is still refused for int_1 and by another key.
    expect(() => box.open(sealed[0]!, "int_1 secret")).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed[0]!, "int_0 secret")).toThrow();
  });

  it("takes its key as 64 hex digits or base64 of 32 bytes", () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretKey(randomBytes(16).toString("base64"))).toBeUndefined();
    expect(parseSecretKey("not a key")).toBeUndefined();
  });
});
