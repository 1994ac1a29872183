import { RateLimiterPrisma, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDb } from "../db/client";
import { env } from "../env";
import { getRedis } from "../redis";

// Login throttling, counted per account name (known or not, so the answer never reveals which
// usernames exist) in a window of LOGIN_WINDOW_SECONDS:
// - per (account, address): LOGIN_MAX_FAILURES failures lock that pair — the guesser's address
//   is refused for that account, the person from their own address is not;
// - per address: LOGIN_MAX_FAILURES_PER_ADDRESS failures across all names (spraying);
// - per account, across all addresses: no lock, a delay before the password is checked that
//   grows with the account's failures past LOGIN_MAX_FAILURES (250 ms, doubling, at most
//   SLOWDOWN_MAX_MS) — guessing from many addresses gets slow, the right password still works.
// Counters live in Redis when configured, else in PostgreSQL, so all instances agree.

interface Limiters {
  pair: RateLimiterAbstract;
  address: RateLimiterAbstract;
  account: RateLimiterAbstract;
  /** Wrong passwords when re-authenticating to sign (issue #9), per signed-in user. */
  reauth: RateLimiterAbstract;
  maxFailures: number;
}

/** The slow-down's ceiling: the most a stranger can make the account's owner wait. */
export const SLOWDOWN_MAX_MS = 3000;
const SLOWDOWN_FIRST_MS = 250;
/** The account counter only measures; nobody is refused by it. */
const ACCOUNT_COUNTER_POINTS = 1_000_000;

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
      pair: make("login_fail_pair", e.LOGIN_MAX_FAILURES),
      address: make("login_fail_ip", e.LOGIN_MAX_FAILURES_PER_ADDRESS),
      account: make("login_fail_account", ACCOUNT_COUNTER_POINTS),
      reauth: make("reauth_fail_user", e.LOGIN_MAX_FAILURES),
      maxFailures: e.LOGIN_MAX_FAILURES,
    };
  }
  return g.__xieshenThrottle;
}

const accountKey = (login: string) => login.trim().toLowerCase().slice(0, 200) || "(empty)";
/** No address (a request that did not come through server/main.ts): one shared pair per account. */
const pairKey = (login: string, ip: string | null) => `${ip ?? "(none)"}|${accountKey(login)}`;

/** Delay before checking a password for an account with `failures` recent failures. */
export function slowdownMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_FIRST_MS * 2 ** Math.min(failures - maxFailures, 16));
}

export interface ThrottleState {
  /** Refused before the password is checked: this account from this address, or this address. */
  blocked: boolean;
  /** Until the blocking counter's window ends (0 when not blocked). */
  retryAfterSeconds: number;
  /** Wait this long before checking the password (the account's slow-down). */
  delayMs: number;
}

export async function loginThrottleState(login: string, ip: string | null): Promise<ThrottleState> {
  const l = limiters();
  const [pair, addr, acc] = await Promise.all([
    l.pair.get(pairKey(login, ip)),
    ip ? l.address.get(ip) : Promise.resolve(null),
    l.account.get(accountKey(login)),
  ]);
  const over = [
    pair && pair.consumedPoints >= l.pair.points ? pair.msBeforeNext : 0,
    addr && addr.consumedPoints >= l.address.points ? addr.msBeforeNext : 0,
  ];
  const ms = Math.max(...over);
  return {
    blocked: ms > 0,
    retryAfterSeconds: Math.ceil(ms / 1000),
    delayMs: ms > 0 ? 0 : slowdownMs(acc?.consumedPoints ?? 0, l.maxFailures),
  };
}

export async function recordLoginFailure(login: string, ip: string | null) {
  const l = limiters();
  // penalty() counts without refusing; the verdict comes from loginThrottleState.
  await Promise.all([
    l.pair.penalty(pairKey(login, ip), 1),
    ip ? l.address.penalty(ip, 1) : Promise.resolve(),
    l.account.penalty(accountKey(login), 1),
  ]);
}

/**
 * The right password from this address: its pair counter and the account's slow-down are
 * cleared (the owner is here). Other addresses' pairs stay locked.
 */
export async function recordLoginSuccess(login: string, ip: string | null) {
  const l = limiters();
  await Promise.all([l.pair.delete(pairKey(login, ip)), l.account.delete(accountKey(login))]);
}

// Re-authentication before signing: the caller is already signed in, so the counter is kept
// per user (only that person's session can spend it). LOGIN_MAX_FAILURES wrong passwords in
// the window refuse further attempts until the window ends — a stolen session cannot guess
// the password to sign in the owner's name.

export async function reauthThrottleState(userId: string): Promise<{ blocked: boolean; retryAfterSeconds: number }> {
  const l = limiters();
  const r = await l.reauth.get(userId);
  const ms = r && r.consumedPoints >= l.reauth.points ? r.msBeforeNext : 0;
  return { blocked: ms > 0, retryAfterSeconds: Math.ceil(ms / 1000) };
}

export async function recordReauthFailure(userId: string) {
  await limiters().reauth.penalty(userId, 1);
}

export async function recordReauthSuccess(userId: string) {
  await limiters().reauth.delete(userId);
}
