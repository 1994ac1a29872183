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
import { Worker } from "node:worker_threads";
import { assertFileAcceptable } from "@/lib/import/import-file";
import { IMPORT_LIMITS, ImportError, type ImportErrorCode, type ImportResult } from "@/lib/import/types";

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
async function oneWorker(job: Job, limits: ParseLimits): Promise<Outcome> {
  const worker = new Worker(workerPath(), {
    workerData: job,
    // Not the parent's flags (--inspect, tsx's loader): the worker loads tsx itself.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
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
  });
  clearTimeout(deadline);
  // Stops a worker still running (the deadline), even inside a synchronous loop; resolves
  // at once for one that already exited.
  await worker.terminate();
  return outcome;
}
