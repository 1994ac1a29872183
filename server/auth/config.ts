import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db/client";
import { env, oidcEnabled } from "../env";
import { verifyPassword } from "./password";
import { loginThrottleState, recordLoginFailure, recordLoginSuccess } from "./throttle";
import { requestMeta } from "./request-meta";
import { recordAuditEvent } from "../services/audit/record-audit-event";

// next-auth v5 with JWT sessions. The token carries the user id and sessionVersion; every
// request re-reads the user (server/auth/session.ts) and refuses a disabled user or an
// older sessionVersion, so disabling someone or changing a password ends their sessions.

export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
  /** What the limiter says is left of the window (Retry-After and the message use it). */
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

const ZCredentials = z.object({
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});

declare module "next-auth" {
  interface Session {
    uid: string;
    sv: number;
    /** When this session signed in (seconds since the epoch): signing within 5 minutes needs no password. */
    authTime?: number;
  }
}

/** People sign in with their username or their e-mail, in any case. */
export function whereLogin(login: string) {
  const l = login.trim().toLowerCase();
  return l.includes("@") ? { email: l } : { username: l };
}

/** The Credentials provider's check (exported for the throttle tests, which call it with an address). */
export async function authorizeCredentials(raw: unknown, request: Request) {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentials();
  const { login, password } = parsed.data;
  const meta = requestMeta(request.headers);
  const state = await loginThrottleState(login, meta.ip);
  if (state.blocked) throw new TooManyAttempts(state.retryAfterSeconds);
  // Failures on this account from other addresses slow every attempt down — the same for
  // known and unknown names, before the password is checked, so the wait reveals nothing.
  if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));

  const db = getDb();
  const user = await db.user.findFirst({ where: whereLogin(login) });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user || user.disabled) {
    await recordLoginFailure(login, meta.ip);
    throw new InvalidCredentials();
  }
  await recordLoginSuccess(login, meta.ip);
  await db.$transaction((tx) =>
    recordAuditEvent({ tx, actorId: user.id, type: "auth.login", target: { type: "User", id: user.id }, data: { method: "password" }, meta }),
  );
  return { id: user.id, name: user.name, sv: user.sessionVersion };
}

function providers(): NextAuthConfig["providers"] {
  const list: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { login: {}, password: {} },
      authorize: (credentials, request) => authorizeCredentials(credentials, request),
    }),
  ];
  const e = env();
  if (oidcEnabled(e)) {
    list.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oidc",
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
    });
  }
  return list;
}

/** SSO accounts are matched to people the secretariat created (by e-mail, then username); no self-registration. */
async function userForOidcProfile(profile: { email?: string | null; preferred_username?: string | null }) {
  const db = getDb();
  const email = profile.email?.toLowerCase();
  const username = profile.preferred_username?.toLowerCase();
  const user =
    (email ? await db.user.findUnique({ where: { email } }) : null) ??
    (username ? await db.user.findUnique({ where: { username } }) : null);
  return user && !user.disabled ? user : null;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  logger: {
    // A wrong password or a throttled attempt is an expected answer (401/429), not a server
    // error: without this, every one prints a stack trace to the log.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth][error]", error);
    },
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: providers(),
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider === "oidc") return Boolean(profile && (await userForOidcProfile(profile)));
      return true;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "oidc" && profile) {
        const u = await userForOidcProfile(profile);
        if (!u) return null;
        token.uid = u.id;
        token.sv = u.sessionVersion;
        token.name = u.name;
        token.authTime = Math.floor(Date.now() / 1000);
      } else if (user) {
        token.uid = user.id;
        token.sv = (user as { sv?: number }).sv ?? 0;
        token.authTime = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      session.uid = String(token.uid ?? "");
      session.sv = Number(token.sv ?? -1);
      if (typeof token.authTime === "number") session.authTime = token.authTime;
      return session;
    },
  },
}));
