import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { auth } from "@/server/auth/config";
import { loadSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { isCrossSite } from "@/server/auth/same-origin";

const MAX_BODY_BYTES = 1_000_000;

async function handler(req: Request) {
  // Mutations from another site are refused before any procedure runs (CSRF).
  if (req.method !== "GET" && isCrossSite(req)) {
    return Response.json({ error: { message: "CROSS_SITE_REQUEST" } }, { status: 403 });
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return Response.json({ error: { message: "PAYLOAD_TOO_LARGE" } }, { status: 413 });
  }
  const session = await auth();
  const user = await loadSessionUser(session?.uid, session?.sv);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ user, headers: req.headers, meta: requestMeta(req.headers) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
