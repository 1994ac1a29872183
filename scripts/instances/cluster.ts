import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "../../server/env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { createDb, type Db } from "../../server/db/client";
import { seedDemoIfEmpty } from "../../server/services/demo/seed-demo";
import { PortalProcess } from "../durability/portal-process";

// Several portal instances on one PostgreSQL and one Redis, as in production behind a
// reverse proxy: the building blocks of `npm run instances` and `npm run test:faults`.
//
// - PostgreSQL: DATABASE_URL when given, else an embedded PostgreSQL started by THIS process
//   on a fixed port (so it can be stopped and started again under the instances' feet).
// - Redis: REDIS_URL when given, else our own redis-server on a private port (6390–6399), no
//   persistence, so stopping it hurts nobody.
// - Instances: `server/main.ts` child processes (PortalProcess) on ports 3430–3449, each with
//   its own DATA_DIR and the same AUTH_SECRET and AUDIT_KEY.
// - Balancer: a round-robin TCP proxy (what nginx does without sticky sessions): each new
//   connection goes to the next instance that accepts it.
// Cleanup is idempotent and also runs on signals and, synchronously, on exit.

export const INSTANCE_PORTS: [number, number] = [3430, 3449];
export const REDIS_PORTS: [number, number] = [6390, 6399];

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

const taken = new Set<number>();
/** The first free port of the range not handed out before by this process. */
export async function portIn([lo, hi]: [number, number]): Promise<number> {
  for (let p = lo; p <= hi; p++) {
    if (taken.has(p)) continue;
    if (await portFree(p)) {
      taken.add(p);
      return p;
    }
  }
  throw new Error(`no free port in ${lo}–${hi}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Our own redis-server: stop() and start() again on the same port. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  get running() {
    return this.child !== null;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    if (this.child) return;
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => {
      if (this.child === child) this.child = null;
      resolve();
    }));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on ${this.port} not ready after ${timeoutMs} ms`)), timeoutMs);
      let out = "";
      child.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on ${this.port} exited (${code}): ${out.slice(-500)}`));
      });
    });
  }

  /** SIGKILL: Redis gone at once, as when its machine fails. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  killSync() {
    this.child?.kill("SIGKILL");
  }
}

/** Round-robin TCP proxy over the instances' ports; a refused connection tries the next one. */
export class Balancer {
  private server: Server | null = null;
  private next = 0;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly backends: () => number[]) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => client.destroy());
      client.pause();
      const ports = this.backends();
      const tryAt = (attempt: number) => {
        if (attempt >= ports.length || client.destroyed) return void client.destroy();
        const port = ports[this.next++ % ports.length]!;
        const upstream = connect(port, "127.0.0.1");
        let connected = false;
        upstream.once("connect", () => {
          connected = true;
          this.sockets.add(upstream);
          upstream.on("close", () => {
            this.sockets.delete(upstream);
            client.destroy();
          });
          client.on("close", () => upstream.destroy());
          upstream.on("error", () => upstream.destroy());
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
        });
        upstream.once("error", () => {
          if (!connected) tryAt(attempt + 1);
        });
      };
      tryAt(0);
    });
    const srv = this.server;
    await new Promise<void>((resolve) => srv.listen(this.port, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }
}

export interface Instance {
  name: string;
  port: number;
  portal: PortalProcess;
  /** ws://…/collab of this instance. */
  collabUrl: string;
  httpUrl: string;
}

export class Cluster {
  readonly tmp: string;
  readonly startedAt = Date.now();
  readonly instances: Instance[] = [];
  readonly authSecret = randomBytes(36).toString("base64url");
  readonly auditKey = randomBytes(36).toString("base64url");
  /** stderr lines of every instance ("<name>#<gen> <line>"). */
  readonly errors: string[] = [];
  /** Instances that ended on their own with an error code (a crash), each with its last stderr lines. */
  readonly crashes: string[] = [];
  redis: RedisServer | null = null;
  balancer: Balancer | null = null;
  private embedded: EmbeddedDatabase | null = null;
  private pgPort = 0;
  private _databaseUrl = "";
  private _redisUrl = "";
  private _db: Db | null = null;
  private cleanupRun: Promise<void> | null = null;
  private cleanedUp = false;
  /** tmpfs mounts made by mountTmpfs, unmounted at cleanup (before the folder is removed). */
  private readonly mounts: string[] = [];
  /** Data folders of other PostgreSQL servers this process started (stopped by cleanupSync). */
  readonly extraPgDirs: string[] = [];

  constructor(private readonly o: { name: string; verbose?: boolean; keep?: boolean; dataDir?: string; quietLog?: boolean }) {
    this.tmp = o.dataDir ? path.resolve(o.dataDir) : mkdtempSync(path.join(tmpdir(), `xieshen-${o.name}-`));
    mkdirSync(path.join(this.tmp, "logs"), { recursive: true });
    // Embedded PostgreSQL runs as the `postgres` user when we are root: it must reach the folder.
    chmodSync(this.tmp, 0o755);
    process.on("exit", () => {
      if (!this.cleanedUp) this.cleanupSync();
    });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => {
        console.error(`\n${signal}: cleaning up`);
        for (const i of this.instances) i.portal.killSync();
        void this.cleanup().finally(() => process.exit(130));
      });
    }
  }

  log(msg: string) {
    if (this.o.quietLog) return;
    console.log(`[${this.o.name} ${((Date.now() - this.startedAt) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
  }

  get db(): Db {
    if (!this._db) throw new Error("cluster not set up");
    return this._db;
  }
  get databaseUrl() {
    return this._databaseUrl;
  }
  get redisUrl() {
    return this._redisUrl;
  }
  get ownsDatabase() {
    return this.embedded !== null || this.pgPort !== 0;
  }

  /** PostgreSQL (given or embedded), migrations, demo data, Redis (given or our own). */
  async setup(o: { databaseUrl?: string; redisUrl?: string } = {}): Promise<void> {
    process.env.AUTH_SECRET = this.authSecret;
    process.env.AUDIT_KEY = this.auditKey;
    // This process writes too (demo data, drafts): its audit checkpoint goes here, not to ./.data.
    process.env.DATA_DIR = path.join(this.tmp, "data-runner");
    mkdirSync(process.env.DATA_DIR, { recursive: true });
    if (o.databaseUrl) {
      this._databaseUrl = o.databaseUrl;
    } else {
      this.pgPort = await portIn([5490, 5499]);
      await this.startDatabase();
    }
    process.env.DATABASE_URL = this._databaseUrl;
    if (o.redisUrl) {
      this._redisUrl = o.redisUrl;
    } else {
      this.redis = new RedisServer(await portIn(REDIS_PORTS));
      await this.redis.start();
      this._redisUrl = this.redis.url;
    }
    // The instances get it in their environment; this process needs no event bus of its own.
    process.env.REDIS_URL = "";
    resetEnvCache();
    await applyMigrations(this._databaseUrl);
    this._db = createDb(this._databaseUrl);
    await seedDemoIfEmpty({ db: this._db });
  }

  /** (Re)starts the embedded PostgreSQL on its fixed port; resolves when it accepts connections. */
  async startDatabase(): Promise<number> {
    if (!this.pgPort) throw new Error("the database is not ours (DATABASE_URL was given)");
    if (this.embedded) return 0;
    const t0 = Date.now();
    this.embedded = await startEmbeddedPostgres({ dataDir: path.join(this.tmp, "pg"), port: this.pgPort, ownSignals: true, log: () => {} });
    this._databaseUrl = this.embedded.url;
    return Date.now() - t0;
  }

  /** Stops the embedded PostgreSQL (fast shutdown: connections are cut, nothing committed is lost). */
  async stopDatabase(): Promise<void> {
    const e = this.embedded;
    this.embedded = null;
    await e?.stop();
  }

  /** A small tmpfs of our own (a disk that can be filled); needs root. */
  mountTmpfs(dir: string, sizeMb: number) {
    mkdirSync(dir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m,mode=0755`, "tmpfs", dir]);
    this.mounts.push(dir);
  }

  unmount(dir: string) {
    const i = this.mounts.indexOf(dir);
    if (i < 0) return;
    this.mounts.splice(i, 1);
    try {
      execFileSync("umount", ["-l", dir]);
    } catch (e) {
      console.error(`umount ${dir}:`, (e as Error).message);
    }
  }

  /** Starts an instance on a port of 3430–3449 (its ready line printed). */
  async addInstance(o: { name: string; services?: string; port?: number; databaseUrl?: string }): Promise<Instance> {
    const port = o.port ?? (await portIn(INSTANCE_PORTS));
    const portal = new PortalProcess({
      cwd: process.cwd(),
      port,
      services: o.services ?? "collab",
      name: o.name,
      logDir: path.join(this.tmp, "logs"),
      env: {
        DATABASE_URL: o.databaseUrl ?? this._databaseUrl,
        REDIS_URL: this._redisUrl,
        AUTH_SECRET: this.authSecret,
        AUDIT_KEY: this.auditKey,
        DATA_DIR: path.join(this.tmp, `data-${o.name}`),
        SEED_DEMO: "true",
        HOST: "127.0.0.1",
        NODE_ENV: "production",
      },
      onLine: (line, gen) => {
        if (line.startsWith("! ") && line.trim() !== "!") this.errors.push(`${o.name}#${gen} ${line.slice(2)}`);
        // A stop of ours ends with code 0 (SIGTERM) or a signal (SIGKILL); a code ≠ 0 is a crash.
        if (/^\[portal #\d+ exited: code [1-9]/.test(line)) {
          const mine = this.errors.filter((e) => e.startsWith(`${o.name}#${gen} `)).slice(-12);
          this.crashes.push([`${o.name}#${gen} ${line}`, ...mine.map((e) => `  ${e}`)].join("\n"));
        }
        if (this.o.verbose) console.log(`  ${o.name}#${gen}| ${line}`);
      },
    });
    const instance: Instance = {
      name: o.name,
      port,
      portal,
      collabUrl: `ws://127.0.0.1:${port}/collab`,
      httpUrl: `http://127.0.0.1:${port}`,
    };
    this.instances.push(instance);
    const ms = await portal.start(180_000); // generous: a loaded 2-core machine
    this.log(`instance ${o.name} (${o.services ?? "collab"}) on port ${port}, ready in ${ms} ms`);
    return instance;
  }

  /** Stops (SIGTERM) and forgets every instance. */
  async removeInstances(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.portal.stop(20_000)));
    this.instances.length = 0;
  }

  async startBalancer(): Promise<string> {
    this.balancer = new Balancer(await portIn(INSTANCE_PORTS), () => this.instances.map((i) => i.port));
    await this.balancer.start();
    return `ws://127.0.0.1:${this.balancer.port}/collab`;
  }

  cleanup(): Promise<void> {
    this.cleanupRun ??= this.runCleanup();
    return this.cleanupRun;
  }

  private async runCleanup(): Promise<void> {
    await this.balancer?.stop().catch(() => {});
    await Promise.all(this.instances.map((i) => i.portal.stop(10_000).catch(() => i.portal.killSync())));
    await this._db?.$disconnect().catch(() => {});
    await this.stopDatabase().catch((e) => console.error("embedded postgres stop:", e));
    await this.redis?.stop();
    for (const dir of [...this.mounts]) this.unmount(dir);
    if (this.o.keep || this.o.dataDir) console.log(`kept: ${this.tmp}`);
    else rmSync(this.tmp, { recursive: true, force: true });
    this.cleanedUp = true;
  }

  /** Last resort on exit: synchronous, best effort — no instance, postgres, redis or folder left. */
  cleanupSync() {
    this.cleanedUp = true;
    for (const i of this.instances) i.portal.killSync();
    this.redis?.killSync();
    for (const dir of [path.join(this.tmp, "pg"), ...this.extraPgDirs]) {
      const pidFile = path.join(dir, "postgres", "postmaster.pid");
      const pid = existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10) : NaN;
      if (!Number.isFinite(pid) || pid <= 0) continue;
      try {
        process.kill(pid, "SIGQUIT");
        const until = Date.now() + 5_000;
        for (;;) {
          process.kill(pid, 0);
          if (Date.now() > until) break;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        }
      } catch {
        /* gone */
      }
    }
    for (const dir of [...this.mounts]) this.unmount(dir);
    if (!this.o.keep && !this.o.dataDir) rmSync(this.tmp, { recursive: true, force: true });
  }
}

export { sleep };
