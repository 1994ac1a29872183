/**
 * True when a browser sent this request from another origin. Browsers always send
 * Origin on POST; a request without it (curl, server-to-server) carries no ambient
 * cookie risk of the CSRF kind and is allowed.
 */
export function isCrossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return req.headers.get("sec-fetch-site") === "cross-site";
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
