import { createPrivateKey } from "node:crypto";

/**
 * Why a PEM text cannot sign LTI client assertions (RS256), or undefined when it can: it must be a
 * PKCS #8 RSA private key (`-----BEGIN PRIVATE KEY-----`), as `jose.importPKCS8` takes it. Checked when
 * the key is saved, so a key that cannot work is refused then, not found out at every passback.
 */
export function rsaPkcs8Problem(pem: string): string | undefined {
  if (!pem.includes("-----BEGIN PRIVATE KEY-----")) {
    return "must be a PKCS #8 PEM private key (-----BEGIN PRIVATE KEY-----)";
  }
  try {
    const key = createPrivateKey({ key: pem, format: "pem" });
    if (key.asymmetricKeyType !== "rsa") {
      return `must be an RSA key for RS256, not ${key.asymmetricKeyType ?? "another kind"}`;
    }
    return undefined;
  } catch {
    return "is not a readable PEM private key";
  }
}
