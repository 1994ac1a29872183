import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, toLocale } from "./config";
import { loadMessages } from "./messages";

// No locale in the URL: members share links, and a link must open in the reader's own
// language. The cookie mirrors the user's saved choice (written at sign-in and on switch).
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: await loadMessages(locale), timeZone: "Asia/Shanghai" };
});
