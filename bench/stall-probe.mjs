// A probe for a portal under bench:pages, loaded with (an absolute path: each portal runs in
// its own checkout)
//   npx tsx bench/pages.ts --timeline t.jsonl "--portal-node-options=--import $PWD/bench/stall-probe.mjs"
// It writes, per portal process, $STALLWATCH_DIR/<pid>.jsonl (default /tmp/stallwatch): GC
// pauses and event-loop blocks over 30 ms with epoch timestamps, to lay over the timeline, and
// the process CPU used during each block (≈ the block: our own work; ≪ the block: not scheduled).
import { appendFileSync, mkdirSync } from "node:fs";
import { PerformanceObserver, performance } from "node:perf_hooks";

const dir = process.env.STALLWATCH_DIR || "/tmp/stallwatch";
mkdirSync(dir, { recursive: true });
const file = `${dir}/${process.pid}.jsonl`;
const lines = [];
const flush = () => {
  if (lines.length) appendFileSync(file, lines.splice(0).join(""));
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) lines.push(`${JSON.stringify({ t: "gc", at: performance.timeOrigin + e.startTime, dur: e.duration, kind: e.detail?.kind })}\n`);
}).observe({ entryTypes: ["gc"] });

let last = performance.now();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage();
  const lag = now - last - 10;
  if (lag > 30) lines.push(`${JSON.stringify({ t: "lag", at: performance.timeOrigin + now, lag, cpu: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 })}\n`);
  last = now;
  lastCpu = cpu;
}, 10).unref();

setInterval(() => {
  const m = process.memoryUsage();
  lines.push(`${JSON.stringify({ t: "mem", at: Date.now(), rss: m.rss, heap: m.heapUsed })}\n`);
  flush();
}, 500).unref();
process.on("exit", flush);
