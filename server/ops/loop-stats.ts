import { monitorEventLoopDelay } from "node:perf_hooks";

// For the benches (issue 10: "no stall over 50 ms"): with BENCH_LOOP_STATS=1 the process
// measures its event-loop delay, and every SIGUSR2 prints the figures since the previous
// SIGUSR2 as one line, `LOOP_STATS {"p50":…,"p99":…,"max":…,"n":…}` (ms), then starts again.
// A bench sends one signal as its measured window opens and one as it closes. Off by default:
// no histogram, no signal handler.

export function startLoopStats(env: NodeJS.ProcessEnv = process.env) {
  if (env.BENCH_LOOP_STATS !== "1") return;
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  process.on("SIGUSR2", () => {
    const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
    const figures = h.count > 0 ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), n: h.count } : { p50: 0, p99: 0, max: 0, n: 0 };
    process.stdout.write(`LOOP_STATS ${JSON.stringify(figures)}\n`);
    h.reset();
  });
}
