// The Content-Security-Policy of every page (set by proxy.ts, with a fresh nonce per request).
//
// - Scripts: only those carrying this response's nonce — Next.js puts it on its own script
//   tags and inline flight data when it finds it in the request's CSP header — and what they
//   load ('strict-dynamic'). No other inline script, no eval (except in development, where
//   React uses eval for server error stacks and Turbopack's HMR needs it).
// - Styles: our CSS files plus inline styles ('unsafe-inline'). React renders `style=`
//   attributes (outline indentation, presence colours), Tiptap injects its base <style>, and
//   ProseMirror/Yjs carets style elements at run time; none of that can carry a nonce. A
//   style cannot run code; the risk left is CSS-based exfiltration, which needs an injection
//   point that React's escaping does not give. (A nonce in style-src would make browsers
//   ignore 'unsafe-inline'.)
// - Connections: this site, including its own websocket (/collab, and /_next/webpack-hmr in
//   development). 'self' covers ws(s): of the same host in CSP3 browsers; the explicit
//   ws:/wss: sources cover older ones.
// - No plugins, no <base> elsewhere, forms post only here (and to the SSO provider when
//   OIDC is configured: the sign-in form's POST is redirected there), never framed.

export const CSP_NONCE_HEADER = "x-nonce";

/** A host[:port] safe to write into a header (a Host header is the client's to choose). */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface CspOptions {
  nonce: string;
  /** The host the page was requested on (for ws:/wss: of the same host); ignored when malformed. */
  host?: string | null;
  dev?: boolean;
  /** Origins (besides 'self') forms may be submitted to, e.g. the OIDC issuer. */
  formActions?: readonly string[];
}

export function contentSecurityPolicy(o: CspOptions): string {
  const host = o.host && HOST.test(o.host) ? o.host.toLowerCase() : null;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...(o.dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(host ? [`ws://${host}`, `wss://${host}`] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...(o.formActions ?? [])],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}
