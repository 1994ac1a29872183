// Checks the audit log's hash chain: `npm run audit:verify`.
// Uses DATABASE_URL when set; otherwise the portal's embedded PostgreSQL under DATA_DIR
// (default .data): the running portal's server when it holds the folder, else started here
// for the check and stopped after. The chain is compared with the signed checkpoint kept
// outside the database (DATA_DIR/audit-checkpoint.json, or --checkpoint <file>), so deleting
// the newest events is detected too. Exit 0 when intact, 1 naming the first problem, 2 when
// it cannot check (bad configuration, no audit key).
//   npm run audit:verify
//   npm run audit:verify -- --export-checkpoint > checkpoint-2026-11-27.json   (keep it elsewhere)
//   npm run audit:verify -- --checkpoint checkpoint-2026-11-27.json
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env, EnvError } from "../server/env";
import { NoPortalDatabaseError, withPortalDatabase } from "./lib/portal-database";
import { verifyAuditChain, type ChainBreak, type CheckpointSummary } from "../server/services/audit/verify-audit-chain";
import { checkpointFile, readCheckpoint } from "../server/services/audit/checkpoint";
import { AuditKeyError, auditKeyForChecking, missingKeyMessage } from "../server/services/audit/key";

const REASONS = {
  hash: "记录内容与其哈希不符（被修改） / the row's contents no longer match its hash (altered)",
  link: "与前一条记录的哈希不衔接（前面有记录被删除或插入） / its previous-hash does not match the event before it (a row was deleted or inserted)",
  downgrade:
    "已启用密钥后出现未加密钥的哈希（有人在没有审计密钥的情况下重写了记录） / an unkeyed hash after the chain became keyed (rewritten by someone without the audit key)",
  checkpoint:
    "检查点签名的记录已不存在或已改变（哈希链被重建） / the event the checkpoint signed is gone or changed (the chain was rebuilt)",
};

const INVALID = {
  unreadable: "不是检查点文件 / not a checkpoint file",
  otherKey: "由另一个审计密钥签名（AUDIT_KEY 与写入时不同？） / signed with another audit key (a different AUDIT_KEY than when it was written?)",
  signature: "签名不符（文件被修改） / the signature does not match (the file was altered)",
};

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(2);
}

function describeCheckpoint(c: CheckpointSummary): string {
  switch (c.state) {
    case "ok":
      return `检查点 / checkpoint: 第 ${c.lastId} 条，共 ${c.count} 条，${c.at} / event ${c.lastId}, ${c.count} events, signed ${c.at} (${c.file})`;
    case "none":
      return `未找到检查点 / no checkpoint: ${c.file}`;
    case "invalid":
      return `检查点无效 / checkpoint invalid: ${c.file}`;
  }
}

function report(broken: ChainBreak, count: number, file: string) {
  switch (broken.reason) {
    case "truncated":
      console.error(
        `审计链比检查点短：检查点记录了 ${broken.checkpointCount} 条（最后一条为第 ${broken.checkpointLastId} 条），现在只有 ${count} 条 / ` +
          `chain shorter than checkpoint ${broken.checkpointCount}: ${count} events, the checkpoint's last event ${broken.checkpointLastId} is gone`,
      );
      console.error("  最新的记录被删除（截断） / the newest events were deleted (truncated)");
      return;
    case "checkpointInvalid":
      console.error(`检查点无效 / checkpoint invalid: ${file}`);
      console.error(`  ${INVALID[broken.why]}`);
      return;
    case "checkpointMissing":
      console.error(`没有检查点 / no checkpoint at ${file}`);
      console.error(
        "  链中有加密钥的记录，却没有检查点：无法排除最新记录被删除；请用 --checkpoint 指定导出的检查点 / " +
          "the chain has keyed events but there is no checkpoint: deletion of the newest events cannot be ruled out; pass an exported one with --checkpoint",
      );
      return;
    default:
      console.error(`审计链断开 / audit chain BROKEN at event ${broken.id} (${broken.type}): ${broken.reason}`);
      console.error(`  ${REASONS[broken.reason]}`);
      console.error(`  此前 ${count} 条记录完好 / ${count} events before it are intact`);
  }
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      checkpoint: { type: "string" },
      "export-checkpoint": { type: "boolean", default: false },
    },
  });
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    env();
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }

  if (args["export-checkpoint"]) {
    const key = auditKeyForChecking();
    if (!key) fail(missingKeyMessage());
    const status = readCheckpoint(checkpointFile(), key);
    if (status.state === "none") fail(`未找到检查点 / no checkpoint: ${status.file}`);
    if (status.state === "invalid") {
      console.error(`✖ 检查点无效 / checkpoint invalid: ${status.file}\n  ${INVALID[status.why]}`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(status.checkpoint, null, 2)}\n`);
    console.error(`检查点已导出，请保存在本机以外 / checkpoint exported: keep it off this machine (${status.file})`);
    return 0;
  }

  const external = args.checkpoint ? path.resolve(args.checkpoint) : undefined;
  if (external) {
    if (!existsSync(external)) fail(`检查点文件不存在 / no such checkpoint file: ${external}`);
    readFileSync(external); // unreadable → a clear error before the database starts
  }

  return withPortalDatabase(async (db) => {
    const result = await verifyAuditChain({ db, checkpointFile: external });
    console.log(describeCheckpoint(result.checkpoint));
    if (result.ok) {
      console.log(`审计链完整 / audit chain intact: ${result.count} events`);
      return 0;
    }
    report(result.broken, result.count, result.checkpoint.file);
    return 1;
  }, { mustExist: true }).catch((e: unknown) => {
    if (e instanceof NoPortalDatabaseError || e instanceof AuditKeyError) fail(e.message);
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
