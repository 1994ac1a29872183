import { AuthError } from "next-auth";
import { cookies } from "next/headers";
import { z } from "zod";
import { signIn, whereLogin, type TooManyAttempts } from "@/server/auth/config";
import { throttledError } from "@/server/auth/throttle-message";
import { isCrossSite } from "@/server/auth/same-origin";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { BodyTooLargeError, readJsonLimited } from "@/server/http/read-body";
import { getDb } from "@/server/db/client";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";

// Password sign-in as JSON: 200 signed in; 401 wrong login or password (the same answer for
// unknown usernames); 429 too many failures for this account or address. Throttling itself
// lives in the Credentials provider, so next-auth's own callback URL is throttled too.
// Errors have the one shape of server/http/error-response.ts.

const ZBody = z.object({ login: z.string().max(200), password: z.string().max(200) });
/** A sign-in is two short strings; counted while reading, so chunked bodies stop here too. */
const MAX_BODY_BYTES = 16 * 1024;

const invalidCredentials = () => new AppError("UNAUTHORIZED", "login.invalid_credentials");

export async function POST(req: Request) {
  if (isCrossSite(req)) return errorResponse(new AppError("FORBIDDEN", "CROSS_SITE_REQUEST"));
  let json: unknown;
  try {
    json = await readJsonLimited(req, MAX_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    return errorResponse(e.toAppError());
  }
  const body = ZBody.safeParse(json);
  if (!body.success) return errorResponse(new AppError("BAD_REQUEST", "login.invalid_credentials"));
  try {
    await signIn("credentials", { login: body.data.login, password: body.data.password, redirect: false });
  } catch (e) {
    if (e instanceof AuthError && e.type === "CredentialsSignin") {
      const code = (e as AuthError & { code?: string }).code;
      if (code === "rate_limited") {
        // The time actually left in the limiter's window, in the header and in the words.
        const seconds = Math.max(1, Math.ceil((e as TooManyAttempts).retryAfterSeconds));
        return errorResponse(throttledError(seconds), { headers: { "Retry-After": String(seconds) } });
      }
      return errorResponse(invalidCredentials());
    }
    throw e;
  }
  const user = await getDb().user.findFirst({ where: whereLogin(body.data.login), select: { locale: true } });
  (await cookies()).set(LOCALE_COOKIE, toLocale(user?.locale), { path: "/", sameSite: "lax", maxAge: 365 * 86400 });
  return Response.json({ ok: true });
}
