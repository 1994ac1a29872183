import { NextResponse, type NextRequest } from "next/server";
import { requestAddress } from "@/server/auth/same-origin";
import { env, oidcEnabled } from "@/server/env";
import { contentSecurityPolicy, CSP_NONCE_HEADER, newNonce } from "@/server/http/csp";

// Next.js 16 Proxy (formerly Middleware), run for pages only (see `config`): a fresh nonce per
// request and the page's Content-Security-Policy (server/http/csp.ts). The policy goes on the
// request too — Next.js reads the nonce from the request's CSP header while rendering and
// puts it on its own script tags — and on the response for the browser. Pages are rendered
// per request already (they read the session cookie), so every response has its own nonce.

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const e = env();
  const { host } = requestAddress((n) => request.headers.get(n), e.TRUST_PROXY);
  const policy = contentSecurityPolicy({
    nonce,
    host,
    dev: process.env.NODE_ENV === "development",
    formActions: oidcEnabled(e) && e.OIDC_ISSUER ? [new URL(e.OIDC_ISSUER).origin] : [],
  });

  const headers = new Headers(request.headers);
  headers.set(CSP_NONCE_HEADER, nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Every page, prefetches included (a prefetched document can become the page shown); not API
  // routes (JSON: next.config.ts gives them a deny-all policy) and not build assets.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
