import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft } from "../support/drafts";

// The browser gets only the messages its client components read (lib/i18n/client-messages.ts).
// Every page, in both languages, after hydration: no text or label is a raw catalogue key
// (what next-intl shows for a message it does not have). The fixture in support/test.ts also
// fails any spec whose pages logged MISSING_MESSAGE.

const AREAS = ["common", "admin", "drafts", "import", "comments", "signoff"];
const keys = new Set<string>();
const collect = (o: unknown, prefix: string) => {
  if (typeof o === "string") keys.add(prefix);
  else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) collect(v, prefix ? `${prefix}.${k}` : k);
};
for (const a of AREAS) collect(JSON.parse(readFileSync(path.join(process.cwd(), "messages/zh-CN", `${a}.json`), "utf8")), "");

/** Texts and labels on the page that are catalogue keys (next-intl's fallback for a missing message). */
async function rawKeys(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) out.push(walker.currentNode.textContent ?? "");
    for (const el of document.querySelectorAll("[aria-label],[title],[placeholder]")) {
      for (const a of ["aria-label", "title", "placeholder"]) out.push(el.getAttribute(a) ?? "");
    }
    return out;
  });
  return [...new Set(texts.flatMap((t) => t.split(/[\s：:（）()·，、]+/)).filter((w) => keys.has(w)))];
}

async function expectNoRawKeys(page: Page, url: string, locale: string) {
  await page.goto(url);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  expect(await rawKeys(page), url).toEqual([]);
}

/** The language cookie (sign-in writes the user's saved choice; set it after). */
async function chooseLocale(page: Page, locale: string) {
  await page.context().addCookies([{ name: "xieshen-locale", value: locale, url: test.info().project.use.baseURL! }]);
}

for (const locale of ["zh-CN", "en"]) {
  test(`no page shows a raw message key (${locale})`, async ({ page, context }) => {
    await chooseLocale(page, locale);
    await expectNoRawKeys(page, "/login", locale);
    await signIn(page, "zhaolixin");
    await chooseLocale(page, locale);
    const id = await createDraft(page.request, `消息检查 ${locale} ${Date.now()}`);
    for (const url of ["/", "/drafts", `/drafts/${id}`, `/drafts/${id}/signoff`, `/drafts/${id}/versions`, `/drafts/${id}/register`, "/drafts/new", "/notifications", "/account"]) {
      await expectNoRawKeys(page, url, locale);
    }

    await context.clearCookies();
    await signIn(page, "bangongshi");
    await chooseLocale(page, locale);
    for (const url of ["/admin/users", "/admin/committees", "/admin/audit"]) await expectNoRawKeys(page, url, locale);
  });
}
