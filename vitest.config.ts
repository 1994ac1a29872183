import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,server,components,scripts}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,server,scripts,test}/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["./server/test/global-setup.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM resolver
          // refuses; let Vite resolve it (server/auth/session.ts imports the auth config).
          server: { deps: { inline: ["next-auth"] } },
          // One database per run, shared by files that each create their own users.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
