import { describe, expect, it } from "vitest";
import { canonicalJson, contentVersion, sha256Hex } from "../../../src/lib/hashing.js";

describe("hashing", () => {
  it("is SHA-256 of the UTF-8 text, as every stored cache key and version was made", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // é is two bytes in UTF-8 (c3 a9), not one Latin-1 byte (e9: de2e331d…).
    expect(sha256Hex("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  });

  it("gives equal values one canonical text and one version, whatever their keys' order", () => {
    const one = { b: [2, { d: 1, c: undefined }], a: "x" };
    const other = { a: "x", b: [2, { d: 1 }] };
    expect(canonicalJson(one)).toBe('{"a":"x","b":[2,{"d":1}]}');
    expect(contentVersion(one)).toBe(contentVersion(other));
    expect(contentVersion(one)).toBe(sha256Hex('{"a":"x","b":[2,{"d":1}]}').slice(0, 16));
    expect(contentVersion({ a: "y" })).not.toBe(contentVersion(one));
  });
});
