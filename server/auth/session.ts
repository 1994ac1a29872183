import { headers } from "next/headers";
import { cache } from "react";
import { env } from "../env";
import { loadSessionUser, type SessionUser } from "./load-session-user";
import { readSessionClaims } from "./session-token";

export { loadSessionUser, type SessionUser };

/** For server components and route handlers; memoized per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await readSessionClaims(await headers(), env().AUTH_SECRET);
  return loadSessionUser(session.uid, session.sv);
});
