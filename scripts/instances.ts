import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { Cluster, INSTANCE_PORTS } from "./instances/cluster";

// `npm run instances`: two portal instances (server/main.ts) on two ports sharing one
// PostgreSQL and one Redis, plus a round-robin TCP balancer in front (no sticky sessions), for
// trying the several-instances setup by hand. Ctrl-C stops everything and removes the data.
//
//   DATABASE_URL / REDIS_URL     use these (else: an embedded PostgreSQL and our own redis-server
//                                on a port in 6390–6399, both removed at the end)
//   --count N                    instances (default 2), ports from 3430 up
//   --services web,collab        what each serves (default both; web needs `next build`,
//                                built first when sources changed, as `npm start` does)
//   --data DIR                   keep PostgreSQL data and logs in DIR
//   --verbose                    echo every instance's output

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "2" },
    services: { type: "string", default: "web,collab" },
    data: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const count = Number(args.count);
if (!Number.isInteger(count) || count < 1 || count > INSTANCE_PORTS[1] - INSTANCE_PORTS[0]) {
  console.error("--count: a whole number from 1");
  process.exit(2);
}
if (args.services.split(",").includes("web")) {
  const r = spawnSync("node", ["scripts/ensure-build.mjs"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const cluster = new Cluster({ name: "instances", verbose: args.verbose, dataDir: args.data });
try {
  await cluster.setup({ databaseUrl: process.env.DATABASE_URL || undefined, redisUrl: process.env.REDIS_URL || undefined });
  for (let i = 0; i < count; i++) await cluster.addInstance({ name: String.fromCharCode(65 + i), services: args.services });
  const lb = await cluster.startBalancer();
  console.log("\n协审 Xieshen — several instances / 多实例");
  for (const i of cluster.instances) console.log(`  instance ${i.name}: ${i.httpUrl}  (logs ${cluster.tmp}/logs/${i.name}-*.log)`);
  console.log(`  balancer (round robin, no sticky sessions): ${lb.replace("ws:", "http:").replace("/collab", "")}`);
  console.log(`  PostgreSQL: ${cluster.ownsDatabase ? "embedded, " : ""}${cluster.databaseUrl.replace(/:[^:@/]*@/, ":***@")}`);
  console.log(`  Redis: ${cluster.redisUrl}`);
  console.log("Ctrl-C stops everything.");
  // Instances that exit on their own are reported; the cluster keeps running the others.
  await new Promise<void>(() => {});
} catch (e) {
  console.error(e);
  await cluster.cleanup();
  process.exit(1);
}
