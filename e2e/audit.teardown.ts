import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, test } from "./support/test";
import { e2eServerInfoFile, type E2eServerInfo } from "./support/server-info";

// After the whole suite — sign-in, drafts, comments, versions, sign-offs, 定稿, reopenings —
// the audit log's hash chain still verifies (issue #9): `npm run audit:verify` on the e2e
// server's own data, while that server runs (the tool reads its embedded database from
// postmaster.pid, or DATABASE_URL), and against the checkpoint kept outside the database.
test("npm run audit:verify finds the audit chain intact after every spec", async () => {
  test.setTimeout(60_000);
  const port = new URL(test.info().project.use.baseURL!).port;
  const info = JSON.parse(readFileSync(e2eServerInfoFile(port), "utf8")) as E2eServerInfo;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: info.dataDir };
  delete env.DATABASE_URL;
  if (info.databaseUrl) env.DATABASE_URL = info.databaseUrl;
  const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { env, timeout: 50_000 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );
  expect(run.out).toMatch(/审计链完整 \/ audit chain intact: \d+ events/);
  expect(run.out).toMatch(/检查点 \/ checkpoint: 第 \d+ 条/);
  expect(run.code, run.out).toBe(0);
  // Not an empty chain: every spec signs in, and sign-ins are audited.
  expect(Number(run.out.match(/audit chain intact: (\d+) events/)![1])).toBeGreaterThan(0);
});
