import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

// The bench reads a child process's event-loop stalls through this: a stall shows in `max`,
// and each SIGUSR2 starts a new window.

function child(env: Record<string, string>) {
  const code = `
    const { startLoopStats } = await import(${JSON.stringify(new URL("./loop-stats.ts", import.meta.url).pathname)});
    startLoopStats();
    setInterval(() => {}, 1000);
    process.stdout.write("READY\\n");
    process.on("message", (m) => { if (m === "block") { const t = Date.now(); while (Date.now() - t < 150); process.send("blocked"); } });
  `;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit", "ipc"] });
}

function lines(c: ReturnType<typeof child>) {
  const out: string[] = [];
  let partial = "";
  c.stdout!.on("data", (b: Buffer) => {
    partial += b.toString();
    const ls = partial.split("\n");
    partial = ls.pop()!;
    out.push(...ls);
  });
  return out;
}

const until = async (cond: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timeout");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("event-loop stats for the benches", () => {
  it("reports a 150 ms stall in the window it happened in, and not in the next", async () => {
    const c = child({ BENCH_LOOP_STATS: "1" });
    const out = lines(c);
    try {
      await until(() => out.includes("READY"));
      c.kill("SIGUSR2"); // opens a window
      await until(() => out.filter((l) => l.startsWith("LOOP_STATS")).length === 1);
      c.send("block");
      await new Promise<void>((r) => c.once("message", () => r()));
      await new Promise((r) => setTimeout(r, 50));
      c.kill("SIGUSR2");
      await until(() => out.filter((l) => l.startsWith("LOOP_STATS")).length === 2);
      await new Promise((r) => setTimeout(r, 200));
      c.kill("SIGUSR2");
      await until(() => out.filter((l) => l.startsWith("LOOP_STATS")).length === 3);
      const [, stalled, quiet] = out.filter((l) => l.startsWith("LOOP_STATS")).map((l) => JSON.parse(l.slice(11)) as { max: number; n: number });
      expect(stalled!.max).toBeGreaterThanOrEqual(140);
      expect(quiet!.max).toBeLessThan(stalled!.max); // a new window: the stall is not carried over
      expect(quiet!.n).toBeGreaterThan(0);
    } finally {
      c.kill("SIGKILL");
    }
  });

  it("is off unless asked for: SIGUSR2 is not handled", async () => {
    const c = child({ BENCH_LOOP_STATS: "" });
    const out = lines(c);
    await until(() => out.includes("READY"));
    const exit = new Promise<NodeJS.Signals | null>((r) => c.once("exit", (_code, signal) => r(signal)));
    c.kill("SIGUSR2");
    expect(await exit).toBe("SIGUSR2"); // the default action: the process ends
    expect(out.some((l) => l.startsWith("LOOP_STATS"))).toBe(false);
  });
});
