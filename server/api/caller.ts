import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { createCallerFactory, createContext } from "./trpc";
import { appRouter } from "./root";
import { getSessionUser } from "../auth/session";
import { requestMeta } from "../auth/request-meta";
import { safeRedirectPath } from "@/lib/safe-redirect";

const createCaller = createCallerFactory(appRouter);

/**
 * tRPC for server components of signed-in pages: same procedures, same policy checks, no
 * HTTP hop. Pages render alongside their layout, so a page must not rely on the layout's
 * sign-in redirect: without a session this redirects to sign-in itself.
 */
export const serverApi = cache(async () => {
  const h = await headers();
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(safeRedirectPath(h.get("x-xieshen-path")))}`);
  return createCaller(createContext({ user, headers: h, meta: requestMeta(h) }));
});
