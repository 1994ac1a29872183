import { notFound } from "next/navigation";
import { getSessionUser } from "@/server/auth/session";
import { policy } from "@/server/policy";

/**
 * Every admin page calls this before rendering. A page the user may not use does not
 * exist for them (404, not 403), the same rule the API follows for resources.
 */
export async function requireAdmin() {
  const user = await getSessionUser();
  if (!user || !policy.manageUsers(user)) notFound();
  return user;
}
