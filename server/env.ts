import { z } from "zod";

// Every setting the portal reads, validated once. A bad value stops the process with a
// message naming the variable (see printEnvError); nothing else reads process.env.

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(" or ")}//`);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Keys the audit hash chain and its checkpoint (HMAC-SHA-256). Unset: DATA_DIR/audit-key. */
  AUDIT_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: url(["http:", "https:"]).optional(),
  /** Headless Chromium for PDF exports (server/services/export/pdf.ts). */
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  SEED_DEMO: bool.default(true),
  DATA_DIR: z.string().min(1).default(".data"),
  TRUST_PROXY: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10000).default(50),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  OIDC_ISSUER: url(["http:", "https:"]).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("统一身份认证"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  SMTP_FROM: z.string().email().optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { name: string; message: string }[]) {
    super(
      "Invalid configuration / 配置无效:\n" +
        problems.map((p) => `  ${p.name}: ${p.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (e.g. `REDIS_URL=` in a .env) mean "not set".
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => ({ name: String(i.path[0] ?? "?"), message: i.message })),
    );
  }
  const env = result.data;
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new EnvError([
      { name: "OIDC_ISSUER", message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together" },
    ]);
  }
  return env;
}

let cached: Env | undefined;

/** The validated configuration. Read at request time so values set by server/main.ts count. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forget the parsed values (server/main.ts sets DATABASE_URL, AUTH_SECRET and AUDIT_KEY, then re-reads). */
export function resetEnvCache() {
  cached = undefined;
}

export function publicUrl(e: Env = env()): string {
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

export function oidcEnabled(e: Env = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}
