import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { auth } from "@/server/auth/config";
import { loadSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { isCrossSite } from "@/server/auth/same-origin";
import { AppError } from "@/server/errors";
import { errorBody } from "@/server/http/error-response";
import { BodyTooLargeError, readBodyLimited } from "@/server/http/read-body";

/** Bytes of one tRPC request body (a batch included), counted while reading: chunked bodies too. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A refusal before tRPC runs, in tRPC's own error shape (superjson envelope) with the same
 * `data` as every other error (server/http/error-response.ts), so the browser's client shows
 * the localized message like any other; `message` is zh-CN text for other clients.
 */
function refuse(e: AppError) {
  const { error } = errorBody(e);
  const envelope = { message: error.message, code: error.data.httpStatus === 413 ? -32600 : -32003, data: { ...error.data, messageEn: error.messageEn } };
  return Response.json({ error: superjson.serialize(envelope) }, { status: error.data.httpStatus });
}

async function handler(req: Request) {
  // Mutations from another site are refused before any procedure runs (CSRF).
  if (req.method !== "GET" && isCrossSite(req)) {
    return refuse(new AppError("FORBIDDEN", "CROSS_SITE_REQUEST"));
  }
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    try {
      const body = await readBodyLimited(req, MAX_BODY_BYTES);
      request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      return refuse(e.toAppError());
    }
  }
  const session = await auth();
  const user = await loadSessionUser(session?.uid, session?.sv);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () =>
      createContext({ user, headers: req.headers, meta: requestMeta(req.headers), authTime: session?.authTime ? new Date(session.authTime * 1000) : null }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
