import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { serverApi } from "@/server/api/caller";

type Api = Awaited<ReturnType<typeof serverApi>>;

/**
 * Runs a draft sub-page's reads (versions, compare, sign-off) through the server caller; a draft
 * or version the caller may not see (NOT_FOUND, or an id that does not parse) is the 404 page,
 * like the draft page itself.
 */
export async function loadOr404<T>(read: (api: Api) => Promise<T>): Promise<T> {
  const api = await serverApi();
  try {
    return await read(api);
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  }
}
