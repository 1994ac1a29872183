import { createServer, type IncomingMessage, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { env, EnvError, publicUrl, resetEnvCache } from "./env";
import { startEmbeddedPostgres, DataFolderBusyError, type EmbeddedDatabase } from "./db/embedded";
import { applyMigrations, MigrationError } from "./db/migrate";
import { disconnectDb, getDb } from "./db/client";
import { closeRedis } from "./redis";
import { CLIENT_IP_HEADER } from "./auth/request-meta";
import { seedDemoIfEmpty, DEMO_LOGINS, DEMO_PASSWORD } from "./services/demo/seed-demo";
import { startCollab, type CollabHandle } from "./collab";
import { startLoopStats } from "./ops/loop-stats";
import { closeEvents } from "./services/events";
import { ensureAuditKey } from "./services/audit/key";
import { flushAuditCheckpoint } from "./services/audit/checkpoint";

// The one entry: configuration, database, migrations, demo data, Next and the /collab
// websocket on one port. `--services web,collab` selects what this instance serves.

const { values: args } = parseArgs({
  options: {
    services: { type: "string", default: "web,collab" },
    dev: { type: "boolean", default: false },
  },
});
const services = new Set(args.services.split(",").map((s) => s.trim()).filter(Boolean));
for (const s of services) {
  if (s !== "web" && s !== "collab") fail(`--services: unknown service "${s}" (web, collab)`);
}

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function loadDotEnv() {
  if (existsSync(".env")) process.loadEnvFile(".env");
}

/** With no AUTH_SECRET, one is generated on first start and kept under DATA_DIR. */
function ensureAuthSecret(dataDir: string) {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
}

async function main() {
  loadDotEnv();
  if (args.dev) {
    (process.env as Record<string, string>).NODE_ENV = "development";
    // Turbopack's dev watcher sees every file under the project, and PostgreSQL writes its
    // data folder constantly: each write would reload the page. Keep dev data outside.
    process.env.DATA_DIR ??= path.join(tmpdir(), `xieshen-dev-${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8)}`);
  }
  let config;
  try {
    config = env();
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
  const dataDir = path.resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  ensureAuthSecret(dataDir);
  try {
    ensureAuditKey(dataDir);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }

  let embedded: EmbeddedDatabase | null = null;
  let shuttingDown = false;
  // Assigned once Next is ready; `let` because a signal may arrive (and shutdown read it) before then.
  // eslint-disable-next-line prefer-const
  let server: Server | undefined;
  let collab: CollabHandle | null = null;
  // The order matters: stop taking edits and let pending stores finish, then close the
  // database. Registered before the embedded database starts, so no signal can orphan it.
  const shutdown = async (reason: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n${reason}: 正在停止… / stopping…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await collab?.close().catch((e) => console.error("collab:", e));
    server?.close();
    await closeEvents();
    await flushAuditCheckpoint();
    await disconnectDb().catch(() => {});
    await closeRedis();
    await embedded?.stop().catch((e) => console.error("embedded postgres:", e));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (!config.DATABASE_URL) {
    try {
      embedded = await startEmbeddedPostgres({ dataDir, ownSignals: true });
    } catch (e) {
      if (e instanceof DataFolderBusyError) fail(e.message);
      throw e;
    }
    process.env.DATABASE_URL = embedded.url;
  }
  resetEnvCache();
  config = env();

  try {
    const applied = await applyMigrations(config.DATABASE_URL!);
    if (applied.length) console.log(`数据库迁移 / migrations applied: ${applied.join(", ")}`);
  } catch (e) {
    console.error(`\n✖ ${e instanceof MigrationError ? e.message : String(e)}\n`);
    return shutdown("migration failed / 迁移失败", 1);
  }

  const seeded = config.SEED_DEMO ? await seedDemoIfEmpty({ db: getDb() }) : false;

  const dev = config.NODE_ENV === "development";
  const app = services.has("web") ? next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT }) : null;
  const handle = app?.getRequestHandler();
  await app?.prepare();

  server = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, config.TRUST_PROXY);
    // Lets server components build a sign-in link that returns here.
    req.headers["x-xieshen-path"] = req.url ?? "/";
    if (!handle) {
      res.writeHead(404).end();
      return;
    }
    void handle(req, res);
  });
  if (services.has("collab")) collab = await startCollab({ server });
  startLoopStats();
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(config.PORT, config.HOST, resolve));
  const url = publicUrl(config);
  console.log(`\n协审 Xieshen ${[...services].join("+")} — ${url}`);
  console.log(`数据库 / database: ${embedded ? `embedded PostgreSQL (${path.join(dataDir, "postgres")})` : "DATABASE_URL"}`);
  if (seeded || config.SEED_DEMO) {
    console.log(`演示账号 / demo logins (密码 password: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(14)} ${l.label}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
