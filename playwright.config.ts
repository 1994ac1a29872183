import { defineConfig, devices } from "@playwright/test";

// End-to-end tests in Debian's Chromium against the production build (`next build` first:
// `npm test` does), served by the real entry on its own port and its own fresh data
// (e2e/support/server.ts). Specs live in e2e/<feature>/*.spec.ts; each seeds what it changes.

const port = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  // On CI one retry: a spec that fails, then passes, is reported as "flaky" in the summary (and
  // in the closing note), not hidden; one that fails twice fails the run. Locally none, so a
  // flake is seen where it can be debugged.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  // Multi-context specs (two editors, sign-off rounds) take 20–50 s on a loaded 2-core machine;
  // a hang still fails, a slow machine does not.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // e2e/portal.setup.ts first; its teardown, e2e/audit.teardown.ts, after every spec (the
    // audit chain verified on the suite's own data while the server still runs).
    { name: "setup", testMatch: /portal\.setup\.ts$/, teardown: "audit" },
    { name: "audit", testMatch: /audit\.teardown\.ts$/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node --import tsx e2e/support/server.ts",
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: baseURL,
      SEED_DEMO: "true",
      // Every spec signs in from 127.0.0.1; the throttle specs' deliberate failures must not
      // lock the whole suite out by address. The per-address limit has integration tests.
      LOGIN_MAX_FAILURES_PER_ADDRESS: "1000",
    },
  },
});
