// Creates prisma/migrations/<timestamp>_<name>/migration.sql offline, by diffing the schema
// as of the last migration (prisma/migrations/.schema-at-last-migration.prisma) against
// prisma/schema.prisma with Prisma's schema engine compiled to WebAssembly. The native
// engine `prisma migrate dev` would use is a download this network cannot reach.
//   npm run db:migration:create -- add_drafts
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { startEmbeddedPostgres } from "../server/db/embedded";

const require = createRequire(import.meta.url);
const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration:create -- <name>");
  process.exit(2);
}

const root = process.cwd();
const schemaFile = path.join(root, "prisma/schema.prisma");
const snapshotFile = path.join(root, "prisma/migrations/.schema-at-last-migration.prisma");
const schema = readFileSync(schemaFile, "utf8");

async function loadEngine() {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  // Node rejects the package's bundler-style `import "*.wasm"`: instantiate by hand.
  const bg = await import(path.join(dir, "schema_engine_bg.js"));
  const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bg;
}

const bg = await loadEngine();
// The engine connects even to diff two datamodels (it asks the server's version): use
// DATABASE_URL, or a throwaway embedded PostgreSQL.
const tmp = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), "xieshen-migrate-"));
const embedded = tmp ? await startEmbeddedPostgres({ dataDir: tmp }) : null;
const url = process.env.DATABASE_URL ?? embedded!.url;
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
async function cleanup() {
  await embedded?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
const from = existsSync(snapshotFile)
  ? { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: readFileSync(snapshotFile, "utf8") }] }
  : { tag: "empty" };
const result = await engine.diff({
  from,
  to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
const sql: string = result.stdout ?? "";
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  console.log("schema unchanged: no migration created");
  await cleanup();
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(schemaFile, snapshotFile);
console.log(`created ${path.relative(root, dir)}/migration.sql`);
await cleanup();
process.exit(0);
