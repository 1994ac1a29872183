import { defineConfig } from "prisma/config";

// prisma's env() throws when DATABASE_URL is unset, even for `generate`; the app sets the
// URL itself at start (embedded PostgreSQL), so read process.env directly.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
