// Where to go after sign-in: only a path on this site. The target comes from the address bar
// (?callbackUrl=…), so anyone can craft a link that signs a member in on the real portal and
// then sends them to a look-alike page. Browsers read `/\evil`, `/<TAB>/evil` and `//evil`
// as other hosts, so prefix checks are not enough: the target is parsed the way the browser
// will parse it and kept only when the origin is still ours.

/** Stands in for our origin when the caller does not know it; never resolvable (RFC 2606). */
const PLACEHOLDER_ORIGIN = "http://xieshen.invalid";
const MAX_LENGTH = 2000;

/**
 * `target` as a same-origin path (`/drafts/1?tab=x#h`), or `fallback` when it is missing,
 * too long, not parseable, or leads anywhere else. `origin` (e.g. PUBLIC_URL or
 * `window.location.origin`) additionally accepts absolute URLs on this site.
 */
export function safeRedirectPath(target: unknown, o: { origin?: string; fallback?: string } = {}): string {
  const fallback = o.fallback ?? "/";
  if (typeof target !== "string" || !target || target.length > MAX_LENGTH) return fallback;
  const origin = originOf(o.origin) ?? PLACEHOLDER_ORIGIN;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` normalizes to the path `//evil`, which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
