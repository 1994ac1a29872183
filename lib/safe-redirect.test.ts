import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

// Where the browser would actually go: the returned path resolved against our origin.
const SITE = "https://xieshen.example.org";
const landsOn = (path: string) => new URL(path, SITE).origin;

describe("safeRedirectPath", () => {
  it.each([
    ["backslash", "/\\evil.example"],
    ["backslashes only", "\\\\evil.example"],
    ["tab", "/\t/evil.example"],
    ["newline", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["dot segment to //", "/.//evil.example"],
    ["dot-dot segment to //", "/a/..//evil.example"],
    ["dot segment and backslash", "/./\\evil.example"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["javascript: with spaces", "  JavaScript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["absolute other origin", "https://evil.example/login"],
    ["same host, other scheme", "http://xieshen.example.org/"],
    ["same host, other port", "https://xieshen.example.org:8443/"],
    ["userinfo trick", "https://xieshen.example.org@evil.example/"],
  ])("refuses %s", (_name, target) => {
    expect(safeRedirectPath(target)).toBe("/");
    expect(safeRedirectPath(target, { origin: SITE })).toBe("/");
  });

  it("refuses what a query string decodes %5C, %09 and %2F%2F to", () => {
    // The login page receives callbackUrl already percent-decoded by URLSearchParams.
    for (const raw of ["/%5Cevil.example", "/%09/evil.example", "%2F%2Fevil.example", "/%0A/evil.example"]) {
      const decoded = new URLSearchParams(`callbackUrl=${raw}`).get("callbackUrl");
      expect(safeRedirectPath(decoded), raw).toBe("/");
    }
  });

  it("keeps encoded slashes encoded: a path on this site, not another host", () => {
    const path = safeRedirectPath("/%2F%2Fevil.example");
    expect(path).toBe("/%2F%2Fevil.example");
    expect(landsOn(path)).toBe(SITE);
    expect(landsOn(safeRedirectPath("/%5Cevil.example"))).toBe(SITE);
  });

  it.each([
    ["/", "/"],
    ["/drafts", "/drafts"],
    ["/drafts/ckx1?tab=members", "/drafts/ckx1?tab=members"],
    ["/drafts/ckx1#s-3", "/drafts/ckx1#s-3"],
    ["/drafts?query=%E6%8F%90%E6%A1%88&page=2#top", "/drafts?query=%E6%8F%90%E6%A1%88&page=2#top"],
    ["/admin/users?q=a//b", "/admin/users?q=a//b"],
    ["/drafts/../account", "/account"],
  ])("keeps the path %s", (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
    expect(landsOn(safeRedirectPath(target, { origin: SITE }))).toBe(SITE);
  });

  it("accepts an absolute URL only on the given origin", () => {
    expect(safeRedirectPath(`${SITE}/drafts?x=1`, { origin: SITE })).toBe("/drafts?x=1");
    expect(safeRedirectPath(`${SITE}/drafts`)).toBe("/");
  });

  it("falls back for missing, non-string, overlong or unparseable targets", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath("")).toBe("/");
    expect(safeRedirectPath(["/drafts"])).toBe("/");
    expect(safeRedirectPath(`/${"a".repeat(3000)}`)).toBe("/");
    expect(safeRedirectPath("http://[::1", { origin: SITE })).toBe("/");
    expect(safeRedirectPath("//evil.example", { fallback: "/drafts" })).toBe("/drafts");
  });
});
