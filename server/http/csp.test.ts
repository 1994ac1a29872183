import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./csp";

const directive = (policy: string, name: string) =>
  policy.split("; ").find((d) => d.startsWith(`${name} `))?.split(" ").slice(1);

describe("contentSecurityPolicy", () => {
  it("allows scripts only by this response's nonce, with no inline or eval in production", () => {
    const p = contentSecurityPolicy({ nonce: "abc123", host: "127.0.0.1:3200" });
    expect(directive(p, "script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(p).not.toContain("unsafe-eval");
    expect(directive(p, "object-src")).toEqual(["'none'"]);
    expect(directive(p, "base-uri")).toEqual(["'self'"]);
    expect(directive(p, "form-action")).toEqual(["'self'"]);
    expect(directive(p, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(p, "connect-src")).toEqual(["'self'", "ws://127.0.0.1:3200", "wss://127.0.0.1:3200"]);
  });

  it("relaxes eval in development only", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", dev: true }), "script-src")).toContain("'unsafe-eval'");
  });

  it("never writes a malformed Host into the header", () => {
    for (const host of ["evil.example; script-src *", "a b", "x\r\nSet-Cookie: a=b", "", null]) {
      const p = contentSecurityPolicy({ nonce: "n", host });
      expect(directive(p, "connect-src")).toEqual(["'self'"]);
      expect(p.split("; ")).toHaveLength(10);
    }
    expect(directive(contentSecurityPolicy({ nonce: "n", host: "[::1]:3000" }), "connect-src")).toContain("wss://[::1]:3000");
  });

  it("lets forms go to the SSO provider when configured", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", formActions: ["https://sso.example.gov.cn"] }), "form-action")).toEqual([
      "'self'",
      "https://sso.example.gov.cn",
    ]);
  });

  it("makes a fresh, Next-compatible nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(newNonce()).not.toBe(a);
  });
});
