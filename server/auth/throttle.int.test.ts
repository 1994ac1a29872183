import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, uniqueName } from "@/server/test/factories";
import { resetEnvCache } from "@/server/env";
import { closeRedis } from "@/server/redis";
import { loginThrottleState, recordLoginFailure, recordLoginSuccess } from "./throttle";

// The counters live in PostgreSQL, or in Redis when REDIS_URL is set; both backends get the
// same checks (the Redis ones run when the environment names a Redis, as .ci/run does).

const REDIS_URL = process.env.REDIS_URL;
const g = globalThis as unknown as { __xieshenThrottle?: unknown };

/** Rebuilds the memoized limiters for one backend. */
async function useBackend(backend: "postgres" | "redis") {
  await closeRedis();
  delete g.__xieshenThrottle;
  if (backend === "redis") process.env.REDIS_URL = REDIS_URL;
  else delete process.env.REDIS_URL;
  resetEnvCache();
}

const ip = () => `203.0.113.${randomBytes(1)[0]}-${uniqueName("ip")}`; // a fresh address key per test

beforeAll(() => {
  useTestDatabase();
});
afterAll(async () => {
  await closeRedis();
  if (REDIS_URL) process.env.REDIS_URL = REDIS_URL;
  await closeTestDatabase();
});

describe.each([
  ["postgres" as const, true],
  ["redis" as const, Boolean(REDIS_URL)],
])("login throttling (%s)", (backend, enabled) => {
  beforeAll(() => useBackend(backend));

  it.runIf(enabled)("blocks an account after 10 failures within the window", async () => {
    const user = await makeUser(useTestDatabase());
    const addr = ip();
    for (let i = 1; i <= 9; i++) await recordLoginFailure(user.username, addr);
    expect(await loginThrottleState(user.username, addr)).toEqual({ blocked: false, retryAfterSeconds: 0 });
    await recordLoginFailure(user.username, addr);
    const state = await loginThrottleState(user.username, addr);
    expect(state.blocked).toBe(true);
    expect(state.retryAfterSeconds).toBeGreaterThan(800);
    expect(state.retryAfterSeconds).toBeLessThanOrEqual(900);
    // The account is blocked from every address, and the login is case-insensitive.
    expect((await loginThrottleState(user.username.toUpperCase(), ip())).blocked).toBe(true);
  });

  it.runIf(enabled)("treats an unknown username exactly like a known one", async () => {
    const known = (await makeUser(useTestDatabase())).username;
    const unknown = uniqueName("nobody");
    for (let i = 0; i < 10; i++) {
      await recordLoginFailure(known, ip());
      await recordLoginFailure(unknown, ip());
    }
    const [a, b] = [await loginThrottleState(known, ip()), await loginThrottleState(unknown, ip())];
    expect(a.blocked).toBe(true);
    expect(b.blocked).toBe(true);
    expect(Math.abs(a.retryAfterSeconds - b.retryAfterSeconds)).toBeLessThanOrEqual(2);
  });

  it.runIf(enabled)("a successful sign-in resets the account's counter", async () => {
    const name = uniqueName("ok");
    for (let i = 0; i < 9; i++) await recordLoginFailure(name, ip());
    await recordLoginSuccess(name);
    for (let i = 0; i < 9; i++) await recordLoginFailure(name, ip());
    expect((await loginThrottleState(name, ip())).blocked).toBe(false);
    await recordLoginFailure(name, ip());
    expect((await loginThrottleState(name, ip())).blocked).toBe(true);
  });

  it.runIf(enabled)("blocks an address after 50 failures across accounts, and only that address", async () => {
    const addr = ip();
    for (let i = 0; i < 50; i++) await recordLoginFailure(uniqueName("spray"), addr);
    expect((await loginThrottleState(uniqueName("fresh"), addr)).blocked).toBe(true);
    expect((await loginThrottleState(uniqueName("fresh"), ip())).blocked).toBe(false);
    // Without an address (no header from the entry) only the account counts.
    expect((await loginThrottleState(uniqueName("fresh"), null)).blocked).toBe(false);
  });
});
