// Checks the audit log's hash chain: `npm run audit:verify`.
// Uses DATABASE_URL when set; otherwise the portal's embedded PostgreSQL under DATA_DIR
// (default .data): the running portal's server when it holds the folder, else started here
// for the check and stopped after. Exit 0 when intact, 1 naming the first broken event.
import { existsSync } from "node:fs";
import { env, EnvError } from "../server/env";
import { NoPortalDatabaseError, withPortalDatabase } from "./lib/portal-database";
import { verifyAuditChain } from "../server/services/audit/verify-audit-chain";

const REASONS = {
  hash: "记录内容与其哈希不符（被修改） / the row's contents no longer match its hash (altered)",
  link: "与前一条记录的哈希不衔接（前面有记录被删除或插入） / its previous-hash does not match the event before it (a row was deleted or inserted)",
};

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(2);
}

async function main(): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    env();
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }

  return withPortalDatabase(async (db) => {
    const result = await verifyAuditChain({ db });
    if (result.ok) {
      console.log(`审计链完整 / audit chain intact: ${result.count} events`);
      return 0;
    }
    const b = result.broken;
    console.error(`审计链断开 / audit chain BROKEN at event ${b.id} (${b.type}): ${b.reason}`);
    console.error(`  ${REASONS[b.reason]}`);
    console.error(`  此前 ${result.count} 条记录完好 / ${result.count} events before it are intact`);
    return 1;
  }, { mustExist: true }).catch((e: unknown) => {
    if (e instanceof NoPortalDatabaseError) fail(e.message);
    throw e;
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error("✖ audit:verify:", e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
