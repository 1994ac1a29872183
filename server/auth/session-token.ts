import { getToken } from "next-auth/jwt";

// The session of a page render, read straight from the session cookie: the same JWE that
// next-auth's `auth()` decodes (same secret, same cookie name and salt, same expiry check),
// without the rest of `auth()` — which, for a server component, builds a Request, runs the
// whole session endpoint, re-encrypts the token for a Set-Cookie header a server component
// cannot send, and serializes and re-parses the answer as JSON (a second key derivation and
// an encryption per page view; issue 10, "Pages"). The user is still re-read from the
// database on every request (load-session-user.ts), so disabling someone or changing a
// password ends their sessions exactly as before.

export interface SessionClaims {
  uid: string | undefined;
  sv: number | undefined;
}

/** Whether Auth.js names the cookie `__Secure-…` for this request (its createActionURL rule). */
export function usesSecureCookies(h: Headers, envObject: Record<string, string | undefined> = process.env): boolean {
  const envUrl = envObject.AUTH_URL ?? envObject.NEXTAUTH_URL;
  if (envUrl) return new URL(envUrl).protocol === "https:";
  const proto = h.get("x-forwarded-proto") ?? "https";
  return (proto.endsWith(":") ? proto : `${proto}:`) === "https:";
}

/** The session's user id and sessionVersion, or nulls when there is no valid session cookie. */
export async function readSessionClaims(h: Headers, secret: string | undefined, envObject?: Record<string, string | undefined>): Promise<SessionClaims> {
  if (!secret) return { uid: undefined, sv: undefined };
  const token = await getToken({ req: { headers: h }, secret, secureCookie: usesSecureCookies(h, envObject) });
  if (!token) return { uid: undefined, sv: undefined };
  // As the session callback of server/auth/config.ts maps them.
  const uid = String(token.uid ?? "");
  return { uid: uid || undefined, sv: Number(token.sv ?? -1) };
}
