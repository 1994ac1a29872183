import { decode, getToken, type JWT } from "next-auth/jwt";

// The session of a page render, read straight from the session cookie: the same JWE that
// next-auth's `auth()` decodes (same secret, same cookie name and salt, same expiry check),
// without the rest of `auth()` — which, for a server component, builds a Request, runs the
// whole session endpoint, re-encrypts the token for a Set-Cookie header a server component
// cannot send, and serializes and re-parses the answer as JSON (a second key derivation and
// an encryption per page view; issue 10, "Pages"). The user is still re-read from the
// database on every request (load-session-user.ts), so disabling someone or changing a
// password ends their sessions exactly as before.
//
// Decrypting the same cookie again on every page view (key derivation, a SHA digest for the
// key id, AES-CBC and HMAC through WebCrypto: ~7% of the draft page's CPU) gives the same
// answer every time until the token expires, so the answer is kept per exact token string
// (bounded, least recently used first out) and dropped at the token's `exp`. Only tokens that
// decrypted with our secret are kept; a changed secret empties the cache.

export interface SessionClaims {
  uid: string | undefined;
  sv: number | undefined;
}

const NONE: SessionClaims = Object.freeze({ uid: undefined, sv: undefined });
/** jose's clockTolerance in Auth.js's decode: a token counts until exp + 15 s. */
const CLOCK_TOLERANCE_MS = 15_000;
const MAX_ENTRIES = 2_000;

interface Entry {
  claims: SessionClaims;
  /** Date.now() after which the token no longer decodes (exp + tolerance), ms. */
  until: number;
}
const verified = new Map<string, Entry>();
let cachedFor: string | undefined;

/** Whether Auth.js names the cookie `__Secure-…` for this request (its createActionURL rule). */
export function usesSecureCookies(h: Headers, envObject: Record<string, string | undefined> = process.env): boolean {
  const envUrl = envObject.AUTH_URL ?? envObject.NEXTAUTH_URL;
  if (envUrl) return new URL(envUrl).protocol === "https:";
  const proto = h.get("x-forwarded-proto") ?? "https";
  return (proto.endsWith(":") ? proto : `${proto}:`) === "https:";
}

/** The session's user id and sessionVersion, or nulls when there is no valid session cookie. */
export async function readSessionClaims(h: Headers, secret: string | undefined, envObject?: Record<string, string | undefined>): Promise<SessionClaims> {
  if (!secret) return NONE;
  const secureCookie = usesSecureCookies(h, envObject);
  const salt = secureCookie ? "__Secure-authjs.session-token" : "authjs.session-token";
  // The cookie's value (chunks joined), as auth() finds it; not decoded yet.
  const raw = await getToken({ req: { headers: h }, secret, secureCookie, raw: true });
  if (!raw) return NONE;

  if (cachedFor !== secret) {
    verified.clear();
    cachedFor = secret;
  }
  const key = `${salt}\n${raw}`;
  const hit = verified.get(key);
  if (hit) {
    verified.delete(key);
    if (Date.now() <= hit.until) {
      verified.set(key, hit); // most recently used last
      return hit.claims;
    }
  }

  let token: JWT | null;
  try {
    token = await decode({ token: raw, secret, salt });
  } catch {
    return NONE;
  }
  if (!token) return NONE;
  // As the session callback of server/auth/config.ts maps them.
  const uid = String(token.uid ?? "");
  const claims: SessionClaims = Object.freeze({ uid: uid || undefined, sv: Number(token.sv ?? -1) });
  if (typeof token.exp === "number") {
    verified.set(key, { claims, until: token.exp * 1000 + CLOCK_TOLERANCE_MS });
    if (verified.size > MAX_ENTRIES) verified.delete(verified.keys().next().value!);
  }
  return claims;
}
