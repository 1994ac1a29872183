import { NextRequest } from "next/server";
import { handlers } from "@/server/auth/config";
import { errorResponse } from "@/server/http/error-response";
import { BodyTooLargeError, readBodyLimited } from "@/server/http/read-body";

export const { GET } = handlers;

/**
 * next-auth reads a POST's body whole (`req.formData()` / `req.text()`), with no limit and
 * before anyone is signed in: sign-out, CSRF and callback forms are a few hundred bytes, so
 * the body is read here under a limit first (chunked bodies included, as on /api/auth/login).
 */
const MAX_BODY_BYTES = 16 * 1024;

export async function POST(req: NextRequest) {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyLimited(req, MAX_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    return errorResponse(e.toAppError());
  }
  return handlers.POST(new NextRequest(req.url, { method: "POST", headers: req.headers, body, signal: req.signal }));
}
