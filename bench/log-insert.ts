import { createDb, poolOf } from "../server/db/client";
import { Prisma } from "../server/db/generated/client";

// CPU per statement of the draft log's multi-row INSERT (8 rows of 40 bytes, RETURNING ids),
// through Prisma's raw-query path and straight through the pg pool under the same client
// (decision 27). A scratch table on the given database, dropped at the end.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/log-insert.ts [--n 3000]

const url = process.env.DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL (a scratch database: a table bench_log_insert is made and dropped)");
const at = process.argv.indexOf("--n");
const n = at > 0 ? Number(process.argv[at + 1]) : 3000;
const db = createDb(url, { max: 4 });
const pool = poolOf(db)!;
await pool.query(`CREATE TABLE IF NOT EXISTS bench_log_insert (id bigserial PRIMARY KEY, "draftId" text, data bytea, "userId" text)`);
const rows = Array.from({ length: 8 }, (_, i) => ({ draftId: `draft-${i}`, data: Buffer.alloc(40, i), userId: "user" }));

const viaPrisma = () =>
  db.$queryRaw`INSERT INTO bench_log_insert ("draftId", "data", "userId") VALUES ${Prisma.join(rows.map((r) => Prisma.sql`(${r.draftId}, ${r.data}, ${r.userId})`))} RETURNING "id", "draftId"`;
const viaPg = () =>
  pool.query(
    `INSERT INTO bench_log_insert ("draftId", "data", "userId") VALUES ${rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(", ")} RETURNING "id", "draftId"`,
    rows.flatMap((r) => [r.draftId, r.data, r.userId]),
  );

// Interleaved, twice each (the first round warms both paths); 4 statements in flight, as the log.
for (const [name, run] of [["prisma", viaPrisma], ["pg", viaPg], ["prisma", viaPrisma], ["pg", viaPg]] as const) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < n; k += 4) await Promise.all([run(), run(), run(), run()]);
  const used = process.cpuUsage(cpu);
  console.log(`${name.padEnd(6)} CPU ${((used.user + used.system) / n).toFixed(0)} µs/statement, wall ${(performance.now() - t0).toFixed(0)} ms for ${n}`);
}
await pool.query("DROP TABLE bench_log_insert");
await db.$disconnect();
