// Checks every draft: `npm run drafts:check [-- --json] [--draft ID …]`.
// Loads each draft as the collab server does (log rows that cannot be applied are moved to
// the quarantine and audited), checks the document against the editor schema, and lists
// drafts with quarantined rows or schema problems. Exit 0 when all is well, 1 when
// something needs attention, 2 when the check could not run.
// Database: DATABASE_URL, else the portal's embedded PostgreSQL under DATA_DIR.
import { existsSync } from "node:fs";
import { env, EnvError } from "../server/env";
import { checkDrafts } from "../server/services/drafts/check-drafts";
import { NoPortalDatabaseError, withPortalDatabase } from "./lib/portal-database";

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(2);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const draftIds = args.flatMap((a, i) => (a === "--draft" && args[i + 1] ? [args[i + 1]!] : []));
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    env();
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
  return withPortalDatabase(async (db) => {
    const result = await checkDrafts({ db, draftIds: draftIds.length ? draftIds : undefined });
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return result.problems.length ? 1 : 0;
    }
    if (result.problems.length === 0) {
      console.log(`稿件检查通过 / all drafts load cleanly: ${result.checked} drafts`);
      return 0;
    }
    console.error(`${result.problems.length} 篇稿件需要处理 / ${result.problems.length} of ${result.checked} drafts need attention:`);
    for (const p of result.problems) {
      console.error(`\n• ${p.title} (${p.draftId})`);
      if (p.quarantinedTotal) {
        console.error(`  已隔离 ${p.quarantinedTotal} 条无法应用的修改（本次新隔离 ${p.quarantinedNow} 条），稿件照常打开`);
        console.error(`  ${p.quarantinedTotal} unreadable update rows set aside (${p.quarantinedNow} by this check); the draft opens normally`);
        for (const q of p.quarantined) console.error(`    #${q.id} ${q.at.toISOString()} ${q.reason}`);
      }
      if (p.schemaProblem) {
        console.error(`  内容不符合编辑器格式 / content does not fit the editor schema: ${p.schemaProblem}`);
      }
    }
    return 1;
  }, { mustExist: true }).catch((e: unknown) => {
    if (e instanceof NoPortalDatabaseError) fail(e.message);
    throw e;
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error("✖ drafts:check:", e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
