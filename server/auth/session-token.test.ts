import { describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { readSessionClaims, usesSecureCookies } from "./session-token";

const SECRET = "x".repeat(40);
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

async function cookieFor(name: string, token: Record<string, unknown>, o: { secret?: string; maxAge?: number } = {}) {
  return `${name}=${await encode({ token, secret: o.secret ?? SECRET, salt: name, maxAge: o.maxAge })}`;
}

describe("readSessionClaims (the page render's session, as next-auth's auth() reads it)", () => {
  it("reads uid and sessionVersion from the session cookie of a plain-http request", async () => {
    const h = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1", sv: 3 }), "x-forwarded-proto": "http" });
    expect(await readSessionClaims(h, SECRET, {})).toEqual({ uid: "u1", sv: 3 });
  });

  it("uses the __Secure- cookie behind https, and only that one", async () => {
    const secure = new Headers({ cookie: await cookieFor(SECURE, { uid: "u1", sv: 0 }), "x-forwarded-proto": "https" });
    expect(await readSessionClaims(secure, SECRET, {})).toEqual({ uid: "u1", sv: 0 });
    const plainOverHttps = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1", sv: 0 }), "x-forwarded-proto": "https" });
    expect(await readSessionClaims(plainOverHttps, SECRET, {})).toEqual({ uid: undefined, sv: undefined });
  });

  it("AUTH_URL decides the cookie name when set", () => {
    const h = new Headers({ "x-forwarded-proto": "http" });
    expect(usesSecureCookies(h, { AUTH_URL: "https://xieshen.example.org" })).toBe(true);
    expect(usesSecureCookies(h, {})).toBe(false);
    expect(usesSecureCookies(new Headers(), {})).toBe(true); // Auth.js assumes https without the header
  });

  it("is signed out for a token of another secret, a cookie under another name (as salt), an expired token, or none", async () => {
    const other = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1", sv: 1 }, { secret: "y".repeat(40) }), "x-forwarded-proto": "http" });
    expect(await readSessionClaims(other, SECRET, {})).toEqual({ uid: undefined, sv: undefined });
    const token = await encode({ token: { uid: "u1", sv: 1 }, secret: SECRET, salt: "another" });
    const wrongSalt = new Headers({ cookie: `${PLAIN}=${token}`, "x-forwarded-proto": "http" });
    expect(await readSessionClaims(wrongSalt, SECRET, {})).toEqual({ uid: undefined, sv: undefined });
    const expired = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1", sv: 1 }, { maxAge: -60 }), "x-forwarded-proto": "http" });
    expect(await readSessionClaims(expired, SECRET, {})).toEqual({ uid: undefined, sv: undefined });
    expect(await readSessionClaims(new Headers({ "x-forwarded-proto": "http" }), SECRET, {})).toEqual({ uid: undefined, sv: undefined });
    expect(await readSessionClaims(new Headers({ cookie: `${PLAIN}=garbage`, "x-forwarded-proto": "http" }), SECRET, {})).toEqual({ uid: undefined, sv: undefined });
  });

  it("is signed out without a secret", async () => {
    const h = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1", sv: 1 }), "x-forwarded-proto": "http" });
    expect(await readSessionClaims(h, undefined, {})).toEqual({ uid: undefined, sv: undefined });
  });

  it("a token without a sessionVersion gets -1 (never a user's), as the session callback maps it", async () => {
    const h = new Headers({ cookie: await cookieFor(PLAIN, { uid: "u1" }), "x-forwarded-proto": "http" });
    expect(await readSessionClaims(h, SECRET, {})).toEqual({ uid: "u1", sv: -1 });
  });
});

describe("readSessionClaims's cache of decrypted tokens", () => {
  it("answers the same token the same way twice, and a tampered copy of it not at all", async () => {
    const cookie = await cookieFor(PLAIN, { uid: "u9", sv: 2 });
    const h = () => new Headers({ cookie, "x-forwarded-proto": "http" });
    expect(await readSessionClaims(h(), SECRET, {})).toEqual({ uid: "u9", sv: 2 });
    expect(await readSessionClaims(h(), SECRET, {})).toEqual({ uid: "u9", sv: 2 });
    const tampered = cookie.slice(0, -3) + (cookie.endsWith("A") ? "BBB" : "AAA");
    expect(await readSessionClaims(new Headers({ cookie: tampered, "x-forwarded-proto": "http" }), SECRET, {})).toEqual({ uid: undefined, sv: undefined });
  });

  it("a cached token still needs the secret it was decrypted with, and the cookie name it was issued under", async () => {
    const cookie = await cookieFor(PLAIN, { uid: "u8", sv: 1 });
    expect(await readSessionClaims(new Headers({ cookie, "x-forwarded-proto": "http" }), SECRET, {})).toEqual({ uid: "u8", sv: 1 });
    expect(await readSessionClaims(new Headers({ cookie, "x-forwarded-proto": "http" }), "z".repeat(40), {})).toEqual({ uid: undefined, sv: undefined });
    // The same value under the __Secure- name (the salt differs): not the cached answer.
    const value = cookie.slice(PLAIN.length + 1);
    expect(await readSessionClaims(new Headers({ cookie: `${SECURE}=${value}`, "x-forwarded-proto": "https" }), SECRET, {})).toEqual({ uid: undefined, sv: undefined });
  });

  it("forgets a token at its expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const cookie = await cookieFor(PLAIN, { uid: "u7", sv: 1 }, { maxAge: 60 });
      const h = () => new Headers({ cookie, "x-forwarded-proto": "http" });
      expect(await readSessionClaims(h(), SECRET, {})).toEqual({ uid: "u7", sv: 1 });
      vi.setSystemTime(Date.now() + 80_000); // past exp + 15 s
      expect(await readSessionClaims(h(), SECRET, {})).toEqual({ uid: undefined, sv: undefined });
    } finally {
      vi.useRealTimers();
    }
  });
});
