import { env } from "../env";

type HeaderGetter = (name: string) => string | null | undefined;

export interface SameOriginOptions {
  /** Honour X-Forwarded-Host / X-Forwarded-Proto (only behind a proxy that sets them). Default: TRUST_PROXY. */
  trustProxy?: boolean;
  /** The site's public origin (PUBLIC_URL), always accepted. Default: from the configuration. */
  publicOrigin?: string | null;
}

/** The first value of a header a proxy may have appended to ("a, b"). */
function first(value: string | null | undefined): string | null {
  const v = value?.split(",")[0]?.trim();
  return v ? v : null;
}

/**
 * The host (and, behind a trusted proxy that says so, the scheme) this request was addressed
 * to. X-Forwarded-* are anyone's to send: without TRUST_PROXY they are ignored, otherwise a
 * cross-site page could name its own host there and pass the Origin comparison.
 */
export function requestAddress(get: HeaderGetter, trustProxy = env().TRUST_PROXY): { host: string | null; proto: string | null } {
  if (trustProxy) {
    const host = first(get("x-forwarded-host")) ?? first(get("host"));
    const proto = first(get("x-forwarded-proto"))?.toLowerCase() ?? null;
    return { host: host?.toLowerCase() ?? null, proto };
  }
  return { host: first(get("host"))?.toLowerCase() ?? null, proto: null };
}

function configuredOrigin(): string | null {
  const url = env().PUBLIC_URL;
  return url ? new URL(url).origin : null;
}

/**
 * True when a browser sent this request from another origin. Browsers always send Origin
 * on POST and on websocket upgrades; a request without it (curl, server-to-server) carries
 * no ambient-cookie risk of the CSRF kind and is allowed. Used by tRPC, the JSON sign-in,
 * the import route and the /collab upgrade.
 *
 * Same origin means: Origin is PUBLIC_URL's origin, or Origin's host is the Host header's
 * (X-Forwarded-Host's with TRUST_PROXY, and then the scheme must match X-Forwarded-Proto
 * when the proxy sends it).
 */
export function isCrossSiteHeaders(get: HeaderGetter, o: SameOriginOptions = {}): boolean {
  const origin = get("origin");
  if (!origin) return get("sec-fetch-site") === "cross-site";
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return true;
  }
  if (from.origin === "null") return true;
  const publicOrigin = o.publicOrigin === undefined ? configuredOrigin() : o.publicOrigin;
  if (publicOrigin && from.origin === publicOrigin) return false;
  const { host, proto } = requestAddress(get, o.trustProxy ?? env().TRUST_PROXY);
  if (!host || from.host !== host) return true;
  return proto !== null && from.protocol !== `${proto}:`;
}

export const isCrossSite = (req: Request, o?: SameOriginOptions) => isCrossSiteHeaders((n) => req.headers.get(n), o);
