import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./hash";

const nodeSha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("sha256Hex", () => {
  it("matches the standard test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("matches node:crypto on Chinese text and every padding boundary", () => {
    for (let len = 0; len < 200; len++) {
      const s = "政协提案意见".repeat(len).slice(0, len) + "x".repeat(len % 7);
      expect(sha256Hex(s)).toBe(nodeSha(s));
    }
    for (let i = 0; i < 20; i++) {
      const bytes = new Uint8Array(randomBytes(i * 37));
      expect(sha256Hex(bytes)).toBe(nodeSha(bytes));
    }
  });
});

describe("canonicalJson", () => {
  it("sorts keys and ignores null / empty noise", () => {
    const a = { type: "p", attrs: { b: 1, a: null }, content: [], marks: [] };
    const b = { attrs: { b: 1 }, type: "p" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"attrs":{"b":1},"type":"p"}');
  });

  it("keeps array order and empty strings", () => {
    expect(canonicalJson([2, 1, ""])).toBe('[2,1,""]');
  });
});
