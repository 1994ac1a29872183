// Links in drafts and comments: web and mail addresses, and paths on this site. Anything
// else (javascript:, data:, vbscript:, file: …) is refused, however it is spelled.

const ALLOWED_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isSafeHref(href: string): boolean {
  if (href.length === 0 || href.length > 2048 || CONTROL.test(href)) return false;
  const trimmed = href.trim();
  // Relative references on this site: a path, a query or a fragment (not "//host").
  if (/^(\/(?![/\\])|\?|#)/.test(trimmed)) return true;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return false;
  }
  return ALLOWED_SCHEMES.has(url.protocol);
}
