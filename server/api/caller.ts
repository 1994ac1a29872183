import { headers } from "next/headers";
import { cache } from "react";
import { createCallerFactory, createContext } from "./trpc";
import { appRouter } from "./root";
import { getSessionUser } from "../auth/session";
import { requestMeta } from "../auth/request-meta";

const createCaller = createCallerFactory(appRouter);

/** tRPC for server components: same procedures, same policy checks, no HTTP hop. */
export const serverApi = cache(async () => {
  const h = await headers();
  return createCaller(createContext({ user: await getSessionUser(), headers: h, meta: requestMeta(h) }));
});
