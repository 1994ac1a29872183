import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../../env";

// The audit key keys the hash chain (HMAC-SHA-256) and signs the checkpoint. It is never
// stored in the database: someone who can rewrite the audit table cannot recompute the
// hashes. Source: AUDIT_KEY, else DATA_DIR/audit-key, generated on first start exactly like
// DATA_DIR/auth-secret. Several instances must share one key (set AUDIT_KEY on each).

export const AUDIT_KEY_FILE = "audit-key";
const MIN_LENGTH = 32;

export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditKeyError";
  }
}

export function auditKeyFile(dataDir: string = env().DATA_DIR): string {
  return path.join(path.resolve(dataDir), AUDIT_KEY_FILE);
}

function readKeyFile(file: string): string {
  const key = readFileSync(file, "utf8").trim();
  if (key.length < MIN_LENGTH) {
    throw new AuditKeyError(
      `审计密钥文件 ${file} 少于 ${MIN_LENGTH} 个字符 / the audit key in ${file} is shorter than ${MIN_LENGTH} characters`,
    );
  }
  return key;
}

function createKeyFile(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": two processes starting at once keep the first one's key.
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/** server/main.ts at start: with no AUDIT_KEY, one is generated once and kept under DATA_DIR. */
export function ensureAuditKey(dataDir: string) {
  if (process.env.AUDIT_KEY) return;
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) createKeyFile(file);
  process.env.AUDIT_KEY = readKeyFile(file);
}

/**
 * The key for writing events: AUDIT_KEY, else DATA_DIR/audit-key, generated when missing
 * (command-line tools and tests that do not start through server/main.ts).
 */
export function auditKeyForWriting(): string {
  const e = env();
  if (e.AUDIT_KEY) return e.AUDIT_KEY;
  const file = auditKeyFile(e.DATA_DIR);
  if (!existsSync(file)) createKeyFile(file);
  return readKeyFile(file);
}

/** The key for checking: never generated (a new key would only make every event look forged). */
export function auditKeyForChecking(): string | null {
  const e = env();
  if (e.AUDIT_KEY) return e.AUDIT_KEY;
  const file = auditKeyFile(e.DATA_DIR);
  return existsSync(file) ? readKeyFile(file) : null;
}

/** A short public fingerprint of the key, stored in the checkpoint to tell "another key" from "forged". */
export function auditKeyId(key: string): string {
  return createHmac("sha256", key).update("xieshen audit key id").digest("hex").slice(0, 16);
}

export function missingKeyMessage(): string {
  return (
    `没有审计密钥：请设置 AUDIT_KEY，或让 DATA_DIR 指向门户的数据目录（${auditKeyFile()}） / ` +
    `no audit key: set AUDIT_KEY, or point DATA_DIR at the portal's data folder (${auditKeyFile()})`
  );
}
