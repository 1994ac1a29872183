// `npm run test:hostile`: the hostile-input suite (test/hostile/*.int.test.ts) on a fresh
// database, then one summary: inputs tried, connections closed / inputs refused, anything
// stored from the attack (must be 0), drafts that fail to load afterwards (must be 0) and
// the event-loop p99 delay during the websocket attack.
//   npm run test:hostile                    the bounded run (also part of `npm test`'s integration step)
//   npm run test:hostile -- --long          ten times the inputs (HOSTILE_LONG=1)
//   npm run test:hostile -- --seed 1234     repeat a run (HOSTILE_SEED)
// Uses DATABASE_URL's server when set, else an embedded PostgreSQL (server/test/global-setup.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HostileSummary } from "./support";

const args = process.argv.slice(2);
const env: NodeJS.ProcessEnv = { ...process.env };
if (args.includes("--long")) env.HOSTILE_LONG = "1";
const seedAt = args.indexOf("--seed");
if (seedAt >= 0) env.HOSTILE_SEED = args[seedAt + 1];
// One seed for every file of the run, so one number repeats it.
env.HOSTILE_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
const dir = mkdtempSync(path.join(tmpdir(), "xieshen-hostile-"));
env.HOSTILE_SUMMARY_FILE = path.join(dir, "summary.jsonl");

const started = Date.now();
const r = spawnSync("npx", ["--no-install", "vitest", "run", "--project", "integration", "test/hostile/"], { stdio: "inherit", env });

let rows: (HostileSummary & { seed: number })[] = [];
try {
  rows = readFileSync(env.HOSTILE_SUMMARY_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HostileSummary & { seed: number });
} catch {
  // no summary: the run failed before any suite reported
}
rmSync(dir, { recursive: true, force: true });

const sum = (f: (s: HostileSummary) => number | undefined) => rows.reduce((n, s) => n + (f(s) ?? 0), 0);
console.log(`\n━━ hostile-input suite ${env.HOSTILE_LONG === "1" ? "(long)" : "(bounded)"} ━━`);
for (const s of rows) {
  const parts = [`tried ${s.tried}`];
  if (s.closed !== undefined) parts.push(`closed ${s.closed}`);
  if (s.refused !== undefined) parts.push(`refused ${s.refused}`);
  parts.push(`stored ${s.stored}`);
  if (s.failedLoads !== undefined) parts.push(`failed loads ${s.failedLoads}`);
  if (s.lagP99Ms !== undefined) parts.push(`event-loop p99 ${s.lagP99Ms} ms`);
  console.log(`  ${s.suite.padEnd(42)} ${parts.join(", ")}  (seed ${s.seed})`);
}
const lag = Math.max(0, ...rows.map((s) => s.lagP99Ms ?? 0));
console.log(
  `hostile inputs tried ${sum((s) => s.tried)}, connections closed ${sum((s) => s.closed)}, refused ${sum((s) => s.refused)}, ` +
    `stored from the attack ${sum((s) => s.stored)}, drafts failing to load ${sum((s) => s.failedLoads)}, event-loop p99 ${lag} ms, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (rows.length === 0) console.log("no suite reported a summary");
process.exit(r.status === 0 && rows.length > 0 ? 0 : 1);
