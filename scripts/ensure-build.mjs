// `npm start` builds the production bundle when there is none or when sources changed
// since the last build, so a fresh clone needs only `npm install && npm start`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "server", "messages", "next.config.ts", "postcss.config.mjs", "package-lock.json"];
const STAMP = ".next/xieshen-source-stamp";

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p)) {
    if (e === "generated" || e === "node_modules") continue;
    max = Math.max(max, newestMtime(path.join(p, e)));
  }
  return max;
}

const current = String(Math.max(...SOURCES.map(newestMtime)));
const built = existsSync(".next/BUILD_ID") && existsSync(STAMP) ? readFileSync(STAMP, "utf8") : "";
if (process.env.SKIP_BUILD === "1" || built === current) process.exit(0);

console.log("正在构建生产版本… / building the production bundle…");
const r = spawnSync("npx", ["--no-install", "next", "build"], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(STAMP, current);
