// Playwright's web server: the production build (`next build` first) through the real
// entry, server/main.ts, on its own data: a fresh temporary DATA_DIR (embedded PostgreSQL)
// or, when DATABASE_URL is set, a fresh database on that server. Demo data is seeded, so
// the demo logins exist. Everything made here is removed when Playwright stops the server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { e2eServerInfoFile } from "./server-info";

const dataDir = mkdtempSync(path.join(tmpdir(), "xieshen-e2e-"));
chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as `postgres` when we are root

async function maintenance(serverUrl: string, sql: string) {
  const u = new URL(serverUrl);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const external = process.env.DATABASE_URL || undefined;
const database = `xieshen_e2e_${randomBytes(6).toString("hex")}`;
let databaseUrl: string | undefined;
if (external) {
  await maintenance(external, `CREATE DATABASE "${database}"`);
  const u = new URL(external);
  u.pathname = `/${database}`;
  databaseUrl = u.toString();
}

// Where this server keeps its data, for checks run against it at the end of the suite
// (e2e/audit.teardown.ts runs `npm run audit:verify` on it while it still runs).
writeFileSync(e2eServerInfoFile(process.env.PORT ?? "3200"), JSON.stringify({ dataDir, databaseUrl: databaseUrl ?? null }));

const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    SEED_DEMO: "true",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  },
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  });
}

child.on("exit", async (code, signal) => {
  if (external) await maintenance(external, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(e2eServerInfoFile(process.env.PORT ?? "3200"), { force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
