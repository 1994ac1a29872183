import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Next's recommended rules (React, hooks, a11y, import, Core Web Vitals) plus
// typescript-eslint's. `npm run lint` allows no warnings.
const config = [
  {
    ignores: [
      ".next/**",
      ".data*/**",
      "server/db/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // Client-only resources (the Hocuspocus provider, IndexedDB) are created in an effect and
      // handed to state — the pattern TOOLCHAIN.md prescribes; React Compiler is not enabled.
      "react-hooks/set-state-in-effect": "off",
      // `_`-prefixed names mark values left out on purpose (e.g. `const { stack: _stack, ...rest }`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // server/ is server-only: code that can reach the browser (components/, lib/, client
    // error pages) may import its types, never its values — a value import would drag the
    // database driver or secrets into a client bundle. (The `server-only` package cannot
    // mark these modules: it throws under the custom server's tsx, outside Next's bundler.)
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "app/**/error.tsx", "app/**/global-error.tsx"],
    ignores: ["**/*.test.ts", "**/*.int.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^@/server(/|$))|(^(\\.\\./)+server(/|$))",
              allowTypeImports: true,
              message: "server/ is server-only: import its types with `import type`, or move shared code to lib/.",
            },
          ],
        },
      ],
    },
  },
  {
    // The service convention (docs/architecture.md, "Services"): routers, route handlers and
    // server actions only call services — no Prisma queries of their own (passing `ctx.db` or
    // `getDb()` on to a service is fine) and no role comparisons: server/policy decides.
    files: ["server/api/routers/**/*.ts", "app/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.int.test.ts", "app/api/auth/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.object.name='ctx'][object.property.name='db']",
          message: "Routers only call services: move this query into server/services (docs/architecture.md, Services).",
        },
        {
          selector: "MemberExpression[object.type='CallExpression'][object.callee.name='getDb']",
          message: "Routes only call services: move this query into server/services (docs/architecture.md, Services).",
        },
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/] > MemberExpression[property.name='role']",
          message: "Who may do what is decided in server/policy, not here.",
        },
      ],
    },
  },
  {
    // Specs take `test` from e2e/support/test.ts: it waits for hydration after each full page
    // load, so a click is never lost to a page React has not yet attached to.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/support/test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", message: "Import from e2e/support/test.ts (it waits for hydration after page loads)." }] },
      ],
    },
  },
  {
    // Pages and layouts are server components here: they render once per request, so reading
    // the clock (e.g. "due in 3 days") is not an impure re-render.
    files: ["app/**/page.tsx", "app/**/layout.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
];

export default config;
