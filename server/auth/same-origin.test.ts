import { describe, expect, it } from "vitest";
import { isCrossSite, isCrossSiteHeaders } from "./same-origin";

const post = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/trpc/drafts.create", { method: "POST", headers });
const fromHeaders = (h: Record<string, string>) => (n: string) => h[n];

describe("same-origin check (CSRF)", () => {
  it("refuses a cross-site POST that names its own host in X-Forwarded-Host when no proxy is trusted", () => {
    const req = post({ host: "portal.example.org", origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(isCrossSite(req, { trustProxy: false, publicOrigin: null })).toBe(true);
    // …and X-Forwarded-Proto is not read either.
    const proto = post({ host: "portal.example.org", origin: "https://portal.example.org", "x-forwarded-proto": "http" });
    expect(isCrossSite(proto, { trustProxy: false, publicOrigin: null })).toBe(false);
  });

  it("uses the configuration's TRUST_PROXY (false by default)", () => {
    const req = post({ host: "127.0.0.1:3000", origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(isCrossSite(req)).toBe(true);
  });

  it("passes a same-origin request, with or without a trusted proxy", () => {
    const direct = post({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" });
    expect(isCrossSite(direct, { trustProxy: false, publicOrigin: null })).toBe(false);
    expect(isCrossSite(direct, { trustProxy: true, publicOrigin: null })).toBe(false);
  });

  it("behind a trusted proxy, passes a proxied same-origin request and refuses a cross-site one", () => {
    // nginx forwards https://xieshen.example.org to 127.0.0.1:3000.
    const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "xieshen.example.org", "x-forwarded-proto": "https" };
    expect(isCrossSite(post({ ...proxied, origin: "https://xieshen.example.org" }), { trustProxy: true, publicOrigin: null })).toBe(false);
    expect(isCrossSite(post({ ...proxied, origin: "https://evil.example" }), { trustProxy: true, publicOrigin: null })).toBe(true);
    // The scheme the proxy reports must match too (an http: page is not the https: site).
    expect(isCrossSite(post({ ...proxied, origin: "http://xieshen.example.org" }), { trustProxy: true, publicOrigin: null })).toBe(true);
    // A proxy that appends: the first value is the one the browser used.
    const chained = { host: "10.0.0.2:3000", "x-forwarded-host": "xieshen.example.org, 10.0.0.1", "x-forwarded-proto": "https, http" };
    expect(isCrossSite(post({ ...chained, origin: "https://xieshen.example.org" }), { trustProxy: true, publicOrigin: null })).toBe(false);
    // Without TRUST_PROXY the same proxied request is refused: set TRUST_PROXY or PUBLIC_URL behind a proxy.
    expect(isCrossSite(post({ ...proxied, origin: "https://xieshen.example.org" }), { trustProxy: false, publicOrigin: null })).toBe(true);
  });

  it("accepts the configured PUBLIC_URL origin whatever the Host header says", () => {
    const req = post({ host: "127.0.0.1:3000", origin: "https://xieshen.example.org" });
    expect(isCrossSite(req, { trustProxy: false, publicOrigin: "https://xieshen.example.org" })).toBe(false);
    expect(isCrossSite(post({ host: "127.0.0.1:3000", origin: "https://evil.example" }), { trustProxy: false, publicOrigin: "https://xieshen.example.org" })).toBe(true);
  });

  it("refuses opaque and malformed origins; allows requests without Origin unless marked cross-site", () => {
    expect(isCrossSiteHeaders(fromHeaders({ host: "a.example", origin: "null" }), { trustProxy: false, publicOrigin: null })).toBe(true);
    expect(isCrossSiteHeaders(fromHeaders({ host: "a.example", origin: "::" }), { trustProxy: false, publicOrigin: null })).toBe(true);
    expect(isCrossSiteHeaders(fromHeaders({ origin: "http://a.example" }), { trustProxy: false, publicOrigin: null })).toBe(true);
    expect(isCrossSiteHeaders(fromHeaders({ host: "a.example" }), { trustProxy: false, publicOrigin: null })).toBe(false);
    expect(isCrossSiteHeaders(fromHeaders({ host: "a.example", "sec-fetch-site": "cross-site" }), { trustProxy: false, publicOrigin: null })).toBe(true);
  });
});
