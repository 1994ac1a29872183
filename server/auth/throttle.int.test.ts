import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, uniqueName } from "@/server/test/factories";
import { resetEnvCache } from "@/server/env";
import { closeRedis } from "@/server/redis";
import { CLIENT_IP_HEADER } from "./request-meta";
import { authorizeCredentials, InvalidCredentials, TooManyAttempts } from "./config";
import { loginThrottleState, recordLoginFailure, recordLoginSuccess, SLOWDOWN_MAX_MS } from "./throttle";

// The counters live in PostgreSQL, or in Redis when REDIS_URL is set; both backends get the
// same checks (the Redis ones run when the environment names a Redis, as .ci/run does).
// Sign-in attempts go through the Credentials provider's own check with a client address,
// as server/main.ts stamps it on every request.

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

/** One sign-in attempt from `address`: the user, or the error the route turns into 401 / 429. */
async function attempt(login: string, password: string, address: string) {
  const request = new Request("http://localhost/api/auth/callback/credentials", {
    method: "POST",
    headers: { [CLIENT_IP_HEADER]: address },
  });
  const started = performance.now();
  try {
    const user = await authorizeCredentials({ login, password }, request);
    return { ok: true as const, user, ms: performance.now() - started };
  } catch (e) {
    if (e instanceof TooManyAttempts) return { ok: false as const, code: e.code, retryAfter: e.retryAfterSeconds, ms: performance.now() - started };
    if (e instanceof InvalidCredentials) return { ok: false as const, code: e.code, ms: performance.now() - started };
    throw e;
  }
}

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

  it.runIf(enabled)("locks an account from one address after 10 failures there, for what is left of the window", async () => {
    const user = await makeUser(useTestDatabase());
    const addr = ip();
    for (let i = 1; i <= 9; i++) await recordLoginFailure(user.username, addr);
    expect(await loginThrottleState(user.username, addr)).toEqual({ blocked: false, retryAfterSeconds: 0, delayMs: 0 });
    await recordLoginFailure(user.username, addr);
    const state = await loginThrottleState(user.username, addr);
    expect(state.blocked).toBe(true);
    expect(state.retryAfterSeconds).toBeGreaterThan(800);
    expect(state.retryAfterSeconds).toBeLessThanOrEqual(900);
    // Case-insensitive, like the sign-in itself.
    expect((await loginThrottleState(user.username.toUpperCase(), addr)).blocked).toBe(true);
    // Another address is not locked out; it only waits a little (the account's slow-down).
    expect(await loginThrottleState(user.username, ip())).toEqual({ blocked: false, retryAfterSeconds: 0, delayMs: 250 });
  });

  it.runIf(enabled)("a stranger failing on the chair's name from address A does not lock the chair out at address B", async () => {
    const chair = await makeUser(useTestDatabase(), { role: "CHAIR" });
    const [a, b] = [ip(), ip()];
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await attempt(chair.username, `guess-${i}`, a));
    expect(answers.slice(0, 10).map((r) => r.ok || r.code)).toEqual(Array(10).fill("invalid_credentials"));
    expect(answers.slice(10).map((r) => r.ok || r.code)).toEqual(["rate_limited", "rate_limited"]);

    const chairSignsIn = await attempt(chair.username, chair.password, b);
    expect(chairSignsIn).toMatchObject({ ok: true, user: { id: chair.id } });
    expect(chairSignsIn.ms).toBeLessThan(SLOWDOWN_MAX_MS + 5000);

    // The stranger at A stays locked out, even with the right password.
    const stranger = await attempt(chair.username, chair.password, a);
    expect(stranger).toMatchObject({ ok: false, code: "rate_limited" });
    expect(stranger.ok === false && stranger.retryAfter).toBeGreaterThan(800);
  });

  it.runIf(enabled)("failures from many addresses slow the account down, capped, and the right password still works", async () => {
    const user = await makeUser(useTestDatabase());
    const delays: number[] = [];
    for (let i = 1; i <= 15; i++) {
      await recordLoginFailure(user.username, ip());
      const s = await loginThrottleState(user.username, ip());
      expect(s.blocked).toBe(false);
      delays.push(s.delayMs);
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 250, 500, 1000, 2000, 3000, 3000]);
    const r = await attempt(user.username, user.password, ip());
    expect(r).toMatchObject({ ok: true, user: { id: user.id } });
    expect(r.ms).toBeGreaterThanOrEqual(SLOWDOWN_MAX_MS - 50);
    // The owner is here: the slow-down is cleared.
    expect((await loginThrottleState(user.username, ip())).delayMs).toBe(0);
  });

  it.runIf(enabled)("treats an unknown username exactly like a known one: same answers, same locks, same waits", async () => {
    const known = (await makeUser(useTestDatabase())).username;
    const unknown = uniqueName("nobody");
    const [ka, ua] = [ip(), ip()];
    const k: Awaited<ReturnType<typeof attempt>>[] = [];
    const u: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 11; i++) {
      k.push(await attempt(known, `wrong-${i}`, ka));
      u.push(await attempt(unknown, `wrong-${i}`, ua));
    }
    expect(k.map((r) => r.ok || r.code)).toEqual(u.map((r) => r.ok || r.code));
    expect(k[10]).toMatchObject({ ok: false, code: "rate_limited" });
    const [kr, ur] = [k[10]!, u[10]!];
    expect(kr.ok === false && ur.ok === false && Math.abs(kr.retryAfter! - ur.retryAfter!)).toBeLessThanOrEqual(1);
    // Both pay one password verification per attempt: neither answers markedly faster.
    const sum = (rs: typeof k) => rs.slice(0, 10).reduce((t, r) => t + r.ms, 0);
    expect(sum(u) / sum(k)).toBeGreaterThan(0.5);
    expect(sum(u) / sum(k)).toBeLessThan(2);
    expect(await loginThrottleState(known, ip())).toEqual(await loginThrottleState(unknown, ip()));
  });

  it.runIf(enabled)("a successful sign-in clears its own address's counter, not the others'", async () => {
    const name = uniqueName("ok");
    const [here, there] = [ip(), ip()];
    for (let i = 0; i < 9; i++) await recordLoginFailure(name, here);
    for (let i = 0; i < 10; i++) await recordLoginFailure(name, there);
    await recordLoginSuccess(name, here);
    for (let i = 0; i < 9; i++) await recordLoginFailure(name, here);
    expect((await loginThrottleState(name, here)).blocked).toBe(false);
    await recordLoginFailure(name, here);
    expect((await loginThrottleState(name, here)).blocked).toBe(true);
    expect((await loginThrottleState(name, there)).blocked).toBe(true);
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
