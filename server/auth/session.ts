import { cache } from "react";
import { auth } from "./config";
import { loadSessionUser, type SessionUser } from "./load-session-user";

export { loadSessionUser, type SessionUser };

/** For server components and route handlers; memoized per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  return loadSessionUser(session?.uid, session?.sv);
});
