import { spawn } from "node:child_process";

export interface ScriptResult {
  status: number | null;
  stdout: string;
  /** stdout then stderr, for messages that may go to either. */
  out: string;
}

/**
 * Runs `node --import tsx <script> …args` and resolves when it exits. Asynchronous on
 * purpose: with spawnSync the test process's event loop stops, and a transaction it has open
 * in the background (the audit checkpoint after an audited change) keeps its lock until the
 * child — waiting for that very lock — times out.
 */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, out: stdout + stderr });
    });
  });
}
