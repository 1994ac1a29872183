type HeaderGetter = (name: string) => string | null | undefined;

/**
 * True when a browser sent this request from another origin. Browsers always send Origin
 * on POST and on websocket upgrades; a request without it (curl, server-to-server) carries
 * no ambient-cookie risk of the CSRF kind and is allowed. Used by tRPC, the JSON sign-in
 * and the /collab upgrade.
 */
export function isCrossSiteHeaders(get: HeaderGetter): boolean {
  const origin = get("origin");
  if (!origin) return get("sec-fetch-site") === "cross-site";
  const host = get("x-forwarded-host") ?? get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export const isCrossSite = (req: Request) => isCrossSiteHeaders((n) => req.headers.get(n));
