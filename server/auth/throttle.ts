import { RateLimiterPrisma, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDb } from "../db/client";
import { env } from "../env";
import { getRedis } from "../redis";

// Login throttling: failures are counted per account name (known or not, so the answer
// never reveals which usernames exist) and per client address, in a sliding window.
// Counters live in Redis when configured, else in PostgreSQL, so all instances agree.

interface Limiters {
  account: RateLimiterAbstract;
  address: RateLimiterAbstract;
}

const g = globalThis as unknown as { __xieshenThrottle?: Limiters };

function limiters(): Limiters {
  if (!g.__xieshenThrottle) {
    const e = env();
    const redis = getRedis();
    const make = (keyPrefix: string, points: number) =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: e.LOGIN_WINDOW_SECONDS })
        : new RateLimiterPrisma({ storeClient: getDb(), keyPrefix, points, duration: e.LOGIN_WINDOW_SECONDS });
    g.__xieshenThrottle = {
      account: make("login_fail_account", e.LOGIN_MAX_FAILURES),
      address: make("login_fail_ip", e.LOGIN_MAX_FAILURES_PER_ADDRESS),
    };
  }
  return g.__xieshenThrottle;
}

const accountKey = (login: string) => login.trim().toLowerCase().slice(0, 200) || "(empty)";

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

export async function loginThrottleState(login: string, ip: string | null): Promise<ThrottleState> {
  const l = limiters();
  const [acc, addr] = await Promise.all([
    l.account.get(accountKey(login)),
    ip ? l.address.get(ip) : Promise.resolve(null),
  ]);
  const over = [
    acc && acc.consumedPoints >= l.account.points ? acc.msBeforeNext : 0,
    addr && addr.consumedPoints >= l.address.points ? addr.msBeforeNext : 0,
  ];
  const ms = Math.max(...over);
  return { blocked: ms > 0, retryAfterSeconds: Math.ceil(ms / 1000) };
}

export async function recordLoginFailure(login: string, ip: string | null) {
  const l = limiters();
  // consume() rejects once over the limit; the count is what matters here, not the verdict.
  await Promise.all([
    l.account.penalty(accountKey(login), 1),
    ip ? l.address.penalty(ip, 1) : Promise.resolve(),
  ]);
}

export async function recordLoginSuccess(login: string) {
  await limiters().account.delete(accountKey(login));
}
