import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { auth } from "@/server/auth/config";
import { loadSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { isCrossSite } from "@/server/auth/same-origin";
import { BodyTooLargeError, bodyTooLargeMessages, readBodyLimited } from "@/server/http/read-body";

/** Bytes of one tRPC request body (a batch included), counted while reading: chunked bodies too. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A refusal before tRPC runs, in tRPC's own error shape (superjson envelope), so the browser's
 * client shows the localized `errors.<messageKey>` like any other error; `message` is zh-CN
 * text for other clients.
 */
function refuse(status: 403 | 413, code: "FORBIDDEN" | "PAYLOAD_TOO_LARGE", messageKey: string, message: string, messageEn: string) {
  const error = {
    message,
    code: status === 413 ? -32600 : -32003,
    data: { code, httpStatus: status, appError: { messageKey, params: {} }, zodIssues: null, messageEn },
  };
  return Response.json({ error: superjson.serialize(error) }, { status });
}

async function handler(req: Request) {
  // Mutations from another site are refused before any procedure runs (CSRF).
  if (req.method !== "GET" && isCrossSite(req)) {
    return refuse(403, "FORBIDDEN", "CROSS_SITE_REQUEST", "跨站请求已被拒绝。", "Cross-site request refused.");
  }
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    try {
      const body = await readBodyLimited(req, MAX_BODY_BYTES);
      request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      const m = bodyTooLargeMessages(MAX_BODY_BYTES);
      return refuse(413, "PAYLOAD_TOO_LARGE", "PAYLOAD_TOO_LARGE", m.zh, m.en);
    }
  }
  const session = await auth();
  const user = await loadSessionUser(session?.uid, session?.sv);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext({ user, headers: req.headers, meta: requestMeta(req.headers) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
