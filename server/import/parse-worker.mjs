// One untrusted import, parsed in a worker thread: started by server/import/untrusted.ts with
// a heap limit, given exactly one job (a message), then terminated. A hostile file that
// exhausts memory or time costs this thread, never the portal. The parser is loaded before
// the job arrives, so a worker started ahead of time (the spare) answers at once.
//
// Plain .mjs on purpose: it loads the same way under tsx (npm start, npm run draft:import),
// inside Next's production server (the import route) and under Vitest. The TypeScript
// importer is loaded through tsx's API relative to this file, so the worker needs neither the
// parent's loader flags nor a bundler.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

// Lower CPU priority for this thread only (on Linux setpriority(0) applies to the calling
// thread): while a costly file is parsed, the portal's own requests come first.
try {
  setPriority(10);
} catch {
  /* not permitted or not supported: the deadline still bounds the cost */
}

// One entry module, so ImportError here is the class importFile throws.
const { importFile, parseOutlineText, ImportError } = await tsImport("../../lib/import/index.ts", import.meta.url);
await import("mammoth"); // docx.ts imports it lazily; load it now rather than on the clock

/** @param {{ kind: "file", fileName: string, bytes: Uint8Array } | { kind: "text", text: string }} job */
async function run(job) {
  try {
    const result = job.kind === "text" ? parseOutlineText(job.text) : await importFile({ fileName: job.fileName, bytes: job.bytes });
    parentPort?.postMessage({ ok: true, result });
  } catch (e) {
    if (e instanceof ImportError) parentPort?.postMessage({ ok: false, code: e.code });
    else parentPort?.postMessage({ ok: false, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

parentPort?.once("message", (job) => void run(job));
