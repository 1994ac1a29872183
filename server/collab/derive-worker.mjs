// The collab server's settle-time derivation (derive-job.ts) in a worker thread, so turning a
// large draft into JSON and hashing its sections never stalls the event loop that carries
// keystrokes. Started once by derive-pool.ts; jobs are { id, state } messages, answered with
// { id, ok, data } or { id, ok: false, error }. Plain .mjs for the same reason as
// server/import/parse-worker.mjs: it loads the TypeScript through tsx's API itself.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

try {
  setPriority(5); // keystrokes first
} catch {
  /* not permitted: fine */
}

const { deriveFromState } = await tsImport("./derive-job.ts", import.meta.url);

parentPort?.on("message", ({ id, state }) => {
  try {
    parentPort?.postMessage({ id, ok: true, data: deriveFromState(state) });
  } catch (e) {
    parentPort?.postMessage({ id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
