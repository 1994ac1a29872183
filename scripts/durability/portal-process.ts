import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import path from "node:path";

// The portal as a child process, the way it runs in production: `server/main.ts` under tsx,
// here with `--services collab` only (no Next build needed). It is started as
// `node --import tsx` — one process, not tsx's wrapper plus a grandchild — and in its own
// process group, so SIGKILL really kills the server that holds the port.

const READY_MARK = "协审 Xieshen";
const KEEP_LINES = 200;

export interface PortalOptions {
  cwd: string;
  port: number;
  env: Record<string, string>;
  logDir: string;
  /** `--services` of server/main.ts; default "collab" (no Next build needed). */
  services?: string;
  /** Names the log files (`<name>-<generation>.log`); default "portal". */
  name?: string;
  /** Called with every output line (already kept in the ring buffer). */
  onLine?: (line: string, generation: number) => void;
}

export class PortalProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log: WriteStream | null = null;
  generation = 0;
  readonly lines: string[] = [];

  constructor(private readonly o: PortalOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server and resolves once it listens; rejects if it exits or is not ready in time. */
  async start(timeoutMs = 60_000): Promise<number> {
    if (this.child) throw new Error("portal already running");
    const generation = ++this.generation;
    const started = Date.now();
    this.log = createWriteStream(path.join(this.o.logDir, `${this.o.name ?? "portal"}-${generation}.log`));
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--services", this.o.services ?? "collab"], {
      cwd: this.o.cwd,
      env: { ...process.env, ...this.o.env, PORT: String(this.o.port) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    const log = this.log;
    this.exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        this.keep(`[portal #${generation} exited: ${signal ?? `code ${code}`}]`, generation);
        if (this.child === child) this.child = null;
        log.end();
        resolve();
      });
    });

    return new Promise<number>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(Date.now() - started);
      };
      const timer = setTimeout(() => finish(new Error(`portal #${generation} not ready after ${timeoutMs} ms`)), timeoutMs);
      const onData = (stream: "out" | "err") => {
        let partial = "";
        return (chunk: Buffer) => {
          partial += chunk.toString("utf8");
          const parts = partial.split("\n");
          partial = parts.pop() ?? "";
          for (const line of parts) {
            this.keep(stream === "err" ? `! ${line}` : line, generation);
            if (line.includes(READY_MARK)) finish();
          }
        };
      };
      child.stdout!.on("data", onData("out"));
      child.stderr!.on("data", onData("err"));
      child.once("exit", (code, signal) => finish(new Error(`portal #${generation} exited during start (${signal ?? `code ${code}`})`)));
      child.once("error", (e) => finish(e));
    });
  }

  private keep(line: string, generation: number) {
    this.log?.write(line + "\n");
    this.lines.push(`#${generation} ${line}`);
    if (this.lines.length > KEEP_LINES) this.lines.splice(0, this.lines.length - KEEP_LINES);
    this.o.onLine?.(line, generation);
  }

  /** SIGKILL to the whole process group; resolves when the process is gone. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.signalGroup("SIGKILL");
    await this.exited;
  }

  /** SIGTERM (the portal's own clean shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<"clean" | "killed"> {
    if (!this.child) return "clean";
    this.signalGroup("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (!timedOut) return "clean";
    await this.kill();
    return "killed";
  }

  /** For exit handlers: synchronous, best effort. */
  killSync() {
    if (this.child) this.signalGroup("SIGKILL");
  }

  private signalGroup(signal: NodeJS.Signals) {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
  }
}
