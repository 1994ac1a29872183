// Parses files and pasted text from outside (the import route, the import CLI) in a worker
// thread (server/import/parse-worker.mjs), one fresh worker per input:
//   - heap limit (V8 resourceLimits): a document whose XML explodes into millions of nodes
//     ends that worker with ERR_WORKER_OUT_OF_MEMORY → TOO_COMPLEX, the portal keeps running;
//   - deadline: a worker still busy after `timeoutMs` is terminated (even inside a synchronous
//     loop) → PARSE_TIMEOUT;
//   - at most `concurrent` workers at once, `queued` more waiting, beyond that BUSY, so a burst
//     of uploads cannot multiply the memory above.
// The cheap checks (type, size, empty) run here first, so a wrong file never starts a worker.

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker as WorkerType } from "node:worker_threads";
import { assertFileAcceptable } from "../../lib/import/import-file";
import { IMPORT_LIMITS, ImportError, type ImportErrorCode, type ImportResult } from "../../lib/import/types";

export interface ParseLimits {
  /** V8 old-generation heap of the worker. An 8 MB document.xml needs about 200 MB. */
  heapMb: number;
  /** From starting the worker (about 0.5 s of it is loading the parser) to its answer. */
  timeoutMs: number;
  concurrent: number;
  queued: number;
}

export const PARSE_LIMITS: ParseLimits = { heapMb: 320, timeoutMs: 20_000, concurrent: 2, queued: 16 };

type Job = { kind: "file"; fileName: string; bytes: Uint8Array } | { kind: "text"; text: string };
type Reply = { ok: true; result: ImportResult } | { ok: false; code?: ImportErrorCode; detail?: string };

const WORKER_FILE = "parse-worker.mjs";

/** The worker's module, found the same way under tsx, Vitest and Next's server bundle. */
function workerPath(): string {
  // Under tsx and Vitest this module is the source file; in Next's bundle it may be a chunk
  // under .next/, where the worker is not — then the project root (the portal's cwd) holds it.
  try {
    const here = path.join(path.dirname(fileURLToPath(import.meta.url)), WORKER_FILE);
    if (existsSync(here)) return here;
  } catch {
    /* import.meta.url is not a file: URL in this bundle */
  }
  const fromRoot = path.join(process.cwd(), "server", "import", WORKER_FILE);
  if (existsSync(fromRoot)) return fromRoot;
  throw new Error(`import worker not found: ${fromRoot}`);
}

export async function importUntrustedFile(
  input: { fileName: string; bytes: Uint8Array },
  limits: ParseLimits = PARSE_LIMITS,
): Promise<ImportResult> {
  assertFileAcceptable({ fileName: input.fileName, byteLength: input.bytes.byteLength });
  return runInWorker({ kind: "file", fileName: input.fileName, bytes: input.bytes }, limits);
}

export async function importUntrustedText(text: string, limits: ParseLimits = PARSE_LIMITS): Promise<ImportResult> {
  if (text.length > IMPORT_LIMITS.maxRawChars) throw new ImportError("TOO_LONG");
  return runInWorker({ kind: "text", text }, limits);
}

// One counter per process, also when Next's bundle and the custom server each load this module.
interface Slots {
  running: number;
  waiting: (() => void)[];
}
const SLOTS_KEY = Symbol.for("xieshen.import.parseSlots");
const slots: Slots = ((globalThis as Record<symbol, Slots | undefined>)[SLOTS_KEY] ??= { running: 0, waiting: [] });

async function acquire(limits: ParseLimits): Promise<void> {
  if (slots.running < limits.concurrent) {
    slots.running++;
    return;
  }
  if (slots.waiting.length >= limits.queued) throw new ImportError("BUSY");
  // release() hands its slot straight to the next waiter.
  await new Promise<void>((resolve) => slots.waiting.push(resolve));
}

function release(): void {
  const next = slots.waiting.shift();
  if (next) next();
  else slots.running--;
}

type Outcome = { result: ImportResult } | { error: unknown };

async function runInWorker(job: Job, limits: ParseLimits): Promise<ImportResult> {
  await acquire(limits);
  let outcome: Outcome;
  try {
    outcome = await oneWorker(job, limits);
  } finally {
    // Only now: the thread is gone (oneWorker waits for it), so its memory is free as well.
    release();
  }
  if ("result" in outcome) return outcome.result;
  throw outcome.error;
}

/** Runs the job in a fresh worker; settles once that worker has exited, whatever happened. */
// Fetched at run time, not imported: Next's bundler (Turbopack) treats `new Worker(<path it
// can work out>)` from node:worker_threads as a module to bundle, and would pull the worker,
// tsx and esbuild's binary into the route. The worker must stay a plain file on disk.
const { Worker } = process.getBuiltinModule("node:worker_threads") as { Worker: typeof WorkerType };

function startWorker(limits: ParseLimits): WorkerType {
  return new Worker(workerPath(), {
    // Not the parent's flags (--inspect, tsx's loader): the worker loads tsx itself.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
}

// Loading tsx, the importer and mammoth takes a worker about half a second (more on a busy
// machine). After the first import one worker with the default limits is kept loaded and idle
// (unref'd: it never holds a process open), so the next import does not wait for that. Each
// worker still parses exactly one input and is then terminated.
const SPARE_KEY = Symbol.for("xieshen.import.spareWorker");
const spareHolder = ((globalThis as Record<symbol, { worker: WorkerType | null } | undefined>)[SPARE_KEY] ??= { worker: null });

/** The spare serves calls with PARSE_LIMITS itself; any other limits object gets a fresh worker. */
function takeWorker(limits: ParseLimits): WorkerType {
  if (limits !== PARSE_LIMITS) return startWorker(limits);
  const spare = spareHolder.worker;
  spareHolder.worker = null;
  const worker = spare ?? startWorker(limits);
  worker.ref();
  setImmediate(() => {
    if (spareHolder.worker) return;
    try {
      const next = startWorker(PARSE_LIMITS);
      next.unref();
      next.once("exit", () => {
        if (spareHolder.worker === next) spareHolder.worker = null;
      });
      next.on("error", () => {}); // a spare that fails to load is simply not used (its exit clears it)
      spareHolder.worker = next;
    } catch {
      /* no spare: the next import starts its own worker */
    }
  });
  return worker;
}

async function oneWorker(job: Job, limits: ParseLimits): Promise<Outcome> {
  const worker = takeWorker(limits);
  let deadline: NodeJS.Timeout | undefined;
  const outcome = await new Promise<Outcome>((resolve) => {
    deadline = setTimeout(() => resolve({ error: new ImportError("PARSE_TIMEOUT") }), limits.timeoutMs);
    worker.once("message", (reply: Reply) => {
      if (reply.ok) resolve({ result: reply.result });
      else if (reply.code) resolve({ error: new ImportError(reply.code) });
      else {
        // Not an ImportError: a bug or an input the parser chokes on. The file is what the
        // author can change, so it is reported as unreadable; the detail goes to the log.
        console.error("import worker:", reply.detail);
        resolve({ error: new ImportError("CORRUPT") });
      }
    });
    worker.once("error", (e: NodeJS.ErrnoException) => {
      resolve({ error: e.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ImportError("TOO_COMPLEX", { cause: e }) : e });
    });
    worker.once("exit", (code) => resolve({ error: new Error(`import worker exited (code ${code}) without an answer`) }));
    worker.postMessage(job);
  });
  clearTimeout(deadline);
  // Stops a worker still running (the deadline), even inside a synchronous loop; resolves
  // at once for one that already exited.
  await worker.terminate();
  return outcome;
}
