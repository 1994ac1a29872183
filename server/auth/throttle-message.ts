import { AppError } from "../errors";

// The 429 answer to a throttled sign-in: the time left is the limiter's (msBeforeNext), not a
// fixed "15 minutes"; the words are the catalogue's login.rate_limited[_seconds].

/** Seconds under a minute are said in seconds; otherwise whole minutes, rounded up. */
export function throttledError(retryAfterSeconds: number): AppError {
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  return s < 60
    ? new AppError("TOO_MANY_REQUESTS", "login.rate_limited_seconds", { seconds: s })
    : new AppError("TOO_MANY_REQUESTS", "login.rate_limited", { minutes: Math.ceil(s / 60) });
}
