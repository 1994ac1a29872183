// One untrusted import, parsed in a worker thread: started by server/import/untrusted.ts with
// a heap limit and a deadline, used for exactly one input, then gone. A hostile file that
// exhausts memory or time costs this thread, never the portal.
//
// Plain .mjs on purpose: it loads the same way under tsx (npm start, npm run draft:import),
// inside Next's production server (the import route) and under Vitest. The TypeScript
// importer is loaded through tsx's API relative to this file, so the worker needs neither the
// parent's loader flags nor a bundler.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

/** @type {{ kind: "file", fileName: string, bytes: Uint8Array } | { kind: "text", text: string }} */
const job = workerData;
// One entry module, so ImportError here is the class importFile throws.
const { importFile, parseOutlineText, ImportError } = await tsImport("../../lib/import/index.ts", import.meta.url);

try {
  const result = job.kind === "text" ? parseOutlineText(job.text) : await importFile({ fileName: job.fileName, bytes: job.bytes });
  parentPort?.postMessage({ ok: true, result });
} catch (e) {
  if (e instanceof ImportError) parentPort?.postMessage({ ok: false, code: e.code });
  else parentPort?.postMessage({ ok: false, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
