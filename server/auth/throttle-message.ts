import { createTranslator } from "next-intl";
import zh from "@/messages/zh-CN/common.json";
import en from "@/messages/en/common.json";

// The 429 answer to a throttled sign-in: the time left is the limiter's (msBeforeNext), not a
// fixed "15 minutes", and the words come from the catalogues (zh-CN first, en).

const tZh = createTranslator({ locale: "zh-CN", messages: zh, namespace: "login" });
const tEn = createTranslator({ locale: "en", messages: en, namespace: "login" });

/** Seconds under a minute are said in seconds; otherwise whole minutes, rounded up. */
export function throttledMessages(retryAfterSeconds: number): { message: string; messageEn: string } {
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  if (s < 60) return { message: tZh("rate_limited_seconds", { seconds: s }), messageEn: tEn("rate_limited_seconds", { seconds: s }) };
  const minutes = Math.ceil(s / 60);
  return { message: tZh("rate_limited", { minutes }), messageEn: tEn("rate_limited", { minutes }) };
}
