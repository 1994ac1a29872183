// `npm test`: every check, in order, stopping at the first failure. Ends with the line
// "N passed, N failed[, N skipped]" counting the steps.
//   npm test                   all steps
//   npm test -- unit e2e       only the named steps (names below)
import { spawnSync } from "node:child_process";

const STEPS = [
  { name: "typecheck", label: "TypeScript (tsc --noEmit)", cmd: ["tsc", "--noEmit"] },
  { name: "lint", label: "ESLint (no warnings allowed)", cmd: ["eslint", "--max-warnings", "0", "."] },
  { name: "unit", label: "Vitest: unit", cmd: ["vitest", "run", "--project", "unit"] },
  { name: "integration", label: "Vitest: integration (fresh PostgreSQL database)", cmd: ["vitest", "run", "--project", "integration"] },
  { name: "durability", label: "Durability: SIGKILL the collab server while editing (short)", cmd: ["tsx", "scripts/durability/run.ts", "--short"] },
  { name: "build", label: "Next.js production build", cmd: ["next", "build"] },
  // After the build: scenario a serves web pages from two instances.
  { name: "faults", label: "Faults: two instances, Redis and PostgreSQL outages, rolling restart (fast)", cmd: ["tsx", "scripts/faults/run.ts", "--fast"] },
  { name: "e2e", label: "Playwright e2e (Chromium, production build)", cmd: ["playwright", "test"] },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STEPS.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown step(s): ${unknown.join(", ")} — steps: ${STEPS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const steps = wanted.length ? STEPS.filter((s) => wanted.includes(s.name)) : STEPS;

const results = [];
const started = Date.now();
let failed = false;
for (const step of steps) {
  if (failed) {
    results.push({ step, status: "skipped", seconds: 0 });
    continue;
  }
  console.log(`\n━━ ${step.label} ━━ npx ${step.cmd.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync("npx", ["--no-install", ...step.cmd], { stdio: "inherit", env: process.env });
  const seconds = (Date.now() - t0) / 1000;
  const ok = r.status === 0;
  results.push({ step, status: ok ? "passed" : "failed", seconds });
  if (!ok) failed = true;
}

const total = ((Date.now() - started) / 1000).toFixed(1);
console.log("\n━━ summary ━━");
for (const r of results) {
  const mark = r.status === "passed" ? "✓" : r.status === "failed" ? "✗" : "-";
  console.log(`${mark} ${r.step.name.padEnd(12)} ${r.status.padEnd(8)} ${r.seconds ? `${r.seconds.toFixed(1)} s` : ""}`);
}
console.log(`total ${total} s`);
const count = (s) => results.filter((r) => r.status === s).length;
const skipped = count("skipped");
console.log(`${count("passed")} passed, ${count("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
