// After a crash the next start comes up by itself: the real portal entry (server/main.ts under
// tsx, collab only so no Next build is needed) on a temporary DATA_DIR with its embedded
// PostgreSQL. The node process is SIGKILLed alone, leaving its PostgreSQL running as an orphan;
// the next start must stop that orphan and serve. A second portal beside a LIVE one is still
// refused, and a postmaster.pid naming no PostgreSQL (dead, or a PID now used by another
// program) does not block.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./embedded";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const READY = "协审 Xieshen";

let dataDir: string;
const children = new Set<ChildProcess>();
const postgresPids = new Set<number>();

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "xieshen-crash-"));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as `postgres` when we are root
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  // Whatever PostgreSQL a failed assertion left behind: stopped, never left running.
  for (const pid of postgresPids) {
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      /* gone */
    }
  }
  await waitFor(() => [...postgresPids].every((pid) => !alive(pid)), 15_000).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/u.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return;
  throw new Error(`not within ${ms} ms`);
}

interface Portal {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts server/main.ts as npm start does (tsx), on `dataDir`; resolves when it serves or exits. */
async function startPortal(): Promise<Portal & { ready: boolean }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SEED_DEMO: "false", NODE_ENV: "production" };
  delete env.DATABASE_URL; // the embedded database is the point
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--services", "collab"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 150_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes(READY)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (existsSync(path.join(dataDir, "postgres", "postmaster.pid"))) postgresPids.add(postmasterPid());
  return { child, port, output: () => out, exited, ready };
}

/** Any HTTP answer at all: the collab-only portal answers 404 to pages, but it answers. */
function httpStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

function postmasterPid(): number {
  return Number.parseInt(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]!, 10);
}

/** The database answers through the URL the portal would use (migrations applied). */
async function tablesIn(port: number): Promise<number> {
  const client = new pg.Client({ connectionString: `postgresql://postgres:xieshen-embedded@127.0.0.1:${port}/xieshen` });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'User'`);
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

function pgPort(): number {
  return Number.parseInt(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]!, 10);
}

async function stopCleanly(portal: Portal): Promise<void> {
  portal.child.kill("SIGTERM");
  expect(await portal.exited).toBe(0);
}

describe("embedded PostgreSQL after a crash", { timeout: 400_000 }, () => {
  it("a killed portal's orphaned database is stopped and the next start serves; a live portal is still exclusive; stale locks do not block", async () => {
    // 1. First start (initdb, migrations).
    const first = await startPortal();
    expect(first.ready, first.output()).toBe(true);
    const orphan = postmasterPid();
    expect(alive(orphan)).toBe(true);
    expect(await httpStatus(first.port)).toBeGreaterThan(0);

    // 2. A second portal on the same folder while the first lives: refused, naming the first.
    const second = await startPortal();
    expect(second.ready).toBe(false);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`PID ${first.child.pid}`);
    expect(second.output()).toMatch(/正被另一个正在运行的门户或工具/u);
    expect(postmasterPid()).toBe(orphan);
    expect(alive(orphan)).toBe(true);

    // 3. Crash: SIGKILL to the node process only. Its PostgreSQL keeps running, unowned.
    first.child.kill("SIGKILL");
    await first.exited;
    expect(alive(orphan)).toBe(true);
    expect(parentOf(orphan)).not.toBe(first.child.pid);

    // 4. The next start stops the orphan and comes up on its own.
    const third = await startPortal();
    expect(third.ready, third.output()).toBe(true);
    expect(third.output()).toContain(`PostgreSQL ${orphan} was left by a portal that is gone (PID ${first.child.pid})`);
    expect(alive(orphan)).toBe(false);
    const fresh = postmasterPid();
    expect(fresh).not.toBe(orphan);
    expect(alive(fresh)).toBe(true);
    expect(parentOf(fresh)).toBe(third.child.pid);
    expect(await httpStatus(third.port)).toBeGreaterThan(0);
    expect(await tablesIn(pgPort())).toBe(1); // the same database, data kept
    await stopCleanly(third);
    expect(alive(fresh)).toBe(false);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    // 5. A postmaster.pid left behind with no process (power loss), then one whose PID now
    //    belongs to another program (this test process): neither blocks.
    const lockFile = path.join(dataDir, "postgres", "postmaster.pid");
    for (const pid of [fresh, process.pid]) {
      writeFileSync(lockFile, `${pid}\n${path.join(dataDir, "postgres")}\n1700000000\n5432\n/tmp\n127.0.0.1\n  1234567  7\nready   \n`);
      const next = await startPortal();
      expect(next.ready, `${pid}: ${next.output()}`).toBe(true);
      expect(postmasterPid()).not.toBe(pid);
      await stopCleanly(next);
    }
  });
});
