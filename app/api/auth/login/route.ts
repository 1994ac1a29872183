import { AuthError } from "next-auth";
import { cookies } from "next/headers";
import { z } from "zod";
import { signIn, whereLogin, type TooManyAttempts } from "@/server/auth/config";
import { throttledMessages } from "@/server/auth/throttle-message";
import { isCrossSite } from "@/server/auth/same-origin";
import { BodyTooLargeError, bodyTooLargeMessages, readJsonLimited } from "@/server/http/read-body";
import { getDb } from "@/server/db/client";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";

// Password sign-in as JSON: 200 signed in; 401 wrong login or password (the same answer for
// unknown usernames); 429 too many failures for this account or address. Throttling itself
// lives in the Credentials provider, so next-auth's own callback URL is throttled too.

const ZBody = z.object({ login: z.string().max(200), password: z.string().max(200) });
/** A sign-in is two short strings; counted while reading, so chunked bodies stop here too. */
const MAX_BODY_BYTES = 16 * 1024;

const MESSAGES = {
  invalid: { zh: "用户名或密码错误。", en: "Wrong username or password." },
};

export async function POST(req: Request) {
  if (isCrossSite(req)) return Response.json({ code: "CROSS_SITE_REQUEST" }, { status: 403 });
  let json: unknown;
  try {
    json = await readJsonLimited(req, MAX_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    const m = bodyTooLargeMessages(MAX_BODY_BYTES);
    return Response.json({ code: "PAYLOAD_TOO_LARGE", message: m.zh, messageEn: m.en }, { status: 413 });
  }
  const body = ZBody.safeParse(json);
  if (!body.success) return Response.json({ code: "invalid_credentials", message: MESSAGES.invalid.zh }, { status: 400 });
  try {
    await signIn("credentials", { login: body.data.login, password: body.data.password, redirect: false });
  } catch (e) {
    if (e instanceof AuthError && e.type === "CredentialsSignin") {
      const code = (e as AuthError & { code?: string }).code;
      if (code === "rate_limited") {
        // The time actually left in the limiter's window, in the header and in the words.
        const seconds = Math.max(1, (e as TooManyAttempts).retryAfterSeconds);
        return Response.json(
          { code, ...throttledMessages(seconds) },
          { status: 429, headers: { "Retry-After": String(seconds) } },
        );
      }
      return Response.json({ code: "invalid_credentials", message: MESSAGES.invalid.zh, messageEn: MESSAGES.invalid.en }, { status: 401 });
    }
    throw e;
  }
  const user = await getDb().user.findFirst({ where: whereLogin(body.data.login), select: { locale: true } });
  (await cookies()).set(LOCALE_COOKIE, toLocale(user?.locale), { path: "/", sameSite: "lax", maxAge: 365 * 86400 });
  return Response.json({ ok: true });
}
