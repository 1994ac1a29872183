import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, publicUrl } from "./env";

function problemsOf(source: Record<string, string | undefined>) {
  try {
    parseEnv(source);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return (e as EnvError).problems;
  }
  throw new Error("parseEnv accepted the configuration");
}

describe("parseEnv", () => {
  it("gives the documented defaults for an empty environment", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({
      NODE_ENV: "production", PORT: 3000, HOST: "0.0.0.0", SEED_DEMO: true, DATA_DIR: ".data",
      TRUST_PROXY: false, LOGIN_MAX_FAILURES: 10, LOGIN_MAX_FAILURES_PER_ADDRESS: 50, LOGIN_WINDOW_SECONDS: 900,
    });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.AUDIT_KEY).toBeUndefined();
    expect(publicUrl(e)).toBe("http://localhost:3000");
  });

  it("treats empty strings as unset", () => {
    const e = parseEnv({ REDIS_URL: "", DATABASE_URL: "", PORT: "" });
    expect(e.REDIS_URL).toBeUndefined();
    expect(e.PORT).toBe(3000);
  });

  it("coerces numbers and booleans", () => {
    const e = parseEnv({ PORT: "3200", SEED_DEMO: "false", TRUST_PROXY: "1" });
    expect(e.PORT).toBe(3200);
    expect(e.SEED_DEMO).toBe(false);
    expect(e.TRUST_PROXY).toBe(true);
  });

  it.each([
    ["PORT", "not-a-port"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["REDIS_URL", "http://localhost:6379"],
    ["AUTH_SECRET", "too-short"],
    ["AUDIT_KEY", "too-short"],
    ["SEED_DEMO", "maybe"],
    ["PUBLIC_URL", "localhost:3000"],
    ["LOGIN_MAX_FAILURES", "0"],
    ["SMTP_FROM", "not an address"],
  ])("names %s when its value %j is bad", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems.map((p) => p.name)).toEqual([name]);
    expect(problems[0]!.message).toBeTruthy();
  });

  it("puts the variable's name in the message the process prints", () => {
    try {
      parseEnv({ PORT: "abc" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT:/);
      expect((e as Error).message).toMatch(/配置无效/);
    }
  });

  it("requires the OIDC settings together", () => {
    expect(problemsOf({ OIDC_ISSUER: "https://sso.example.org/realms/zx" })[0]!.name).toBe("OIDC_ISSUER");
    const e = parseEnv({ OIDC_ISSUER: "https://sso.example.org/realms/zx", OIDC_CLIENT_ID: "xieshen", OIDC_CLIENT_SECRET: "s" });
    expect(e.OIDC_NAME).toBe("统一身份认证");
  });
});
