import { z } from "zod";

// Under the portal's Content-Security-Policy (no 'unsafe-eval', server/http/csp.ts) zod's
// JIT probe `new Function("")` fails — zod catches it, but the browser still reports a CSP
// violation on every page that validates a form. In the browser zod runs without JIT; the
// server (no CSP) keeps it. Imported for its side effect before any client-side parsing.
if (typeof window !== "undefined") z.config({ jitless: true });
