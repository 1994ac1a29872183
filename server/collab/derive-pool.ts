import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker as WorkerType } from "node:worker_threads";
import { deriveFromState, type DerivedData } from "./derive-job";

// One worker thread for the settle-time derivation (derive-worker.mjs). The event loop only
// encodes the document's state (a copy it can hand over) and waits. If the worker cannot
// start or dies, the job runs here instead: derived data is never skipped for it. A worker
// with nothing to do for IDLE_EXIT_MS exits, giving back its heap (30–60 MB after a busy
// spell); the next settle starts another (about a second, off the keystroke path).

const IDLE_EXIT_MS = 2 * 60_000;

const { Worker } = process.getBuiltinModule("node:worker_threads") as { Worker: typeof WorkerType };

let worker: WorkerType | null = null;
let broken = false;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (d: DerivedData) => void; reject: (e: Error) => void }>();

function failAll(e: Error) {
  for (const w of waiting.values()) w.reject(e);
  waiting.clear();
}

function exitWhenIdle(w: WorkerType) {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (worker !== w || waiting.size > 0) return;
    worker = null;
    void w.terminate();
  }, IDLE_EXIT_MS);
  idleTimer.unref();
}

function getWorker(): WorkerType | null {
  if (worker || broken) return worker;
  try {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "derive-worker.mjs");
    const w = new Worker(file, { execArgv: [] });
    w.unref();
    w.on("message", (m: { id?: number; ok?: boolean; data?: DerivedData; error?: string }) => {
      if (m.id === undefined) return;
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (waiting.size === 0) exitWhenIdle(w);
      if (!job) return;
      if (m.ok) job.resolve(m.data!);
      else job.reject(new Error(m.error));
    });
    w.on("error", (e) => {
      console.error("[collab] derive worker failed:", e);
      worker = null;
      failAll(e);
    });
    w.on("exit", () => {
      if (worker === w) worker = null;
      failAll(new Error("derive worker exited"));
    });
    worker = w;
    exitWhenIdle(w);
  } catch (e) {
    console.error("[collab] derive worker could not start; deriving on the main thread:", e);
    broken = true;
  }
  return worker;
}

/**
 * Starts the worker ahead of the first job: loading tsx and the editor schema takes it about
 * a second, which should not fall on the first settle of a busy draft.
 */
export function warmDeriveWorker() {
  getWorker();
}

/** Derived data of a document state, computed off the event loop when possible. */
export async function deriveOffThread(state: Uint8Array): Promise<DerivedData> {
  const w = getWorker();
  if (!w) return deriveFromState(state);
  const id = nextId++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  try {
    return await new Promise<DerivedData>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, state }); // copied, not transferred: the fallback may still need it
    });
  } catch (e) {
    console.error("[collab] derive job failed in the worker; deriving here:", e);
    return deriveFromState(state);
  }
}

/** The worker's V8 heap (bench/memory.ts), or null when it is not running. */
export async function deriveWorkerHeap() {
  return worker ? await worker.getHeapStatistics().catch(() => null) : null; // starting or exiting: none to read
}

/** Stops the worker (shutdown, tests). */
export async function stopDeriveWorker() {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
