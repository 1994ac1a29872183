import { test as base, type Browser, type BrowserContext, type Page } from "@playwright/test";

export * from "@playwright/test";

// Every spec imports `test` from here. It is Playwright's, with two changes. After a full page
// load (goto, reload, back, or a navigation awaited with waitForURL) it waits until React has
// hydrated the page (components/shell/hydration-mark.tsx). Before that a click on a
// server-rendered button is silently lost, and on a loaded machine a spec would race it.
// And a spec fails when a page logged a message the browser's catalogue lacks (next-intl's
// MISSING_MESSAGE: the page showed the raw key), e.g. one left out of
// lib/i18n/client-messages.ts.

const HYDRATION_WAIT_MS = 15_000;
const patched = new WeakSet<object>();

async function hydrated(page: Page) {
  await page
    .waitForFunction(
      () => document.contentType !== "text/html" || document.documentElement.dataset.hydrated === "true",
      undefined,
      { timeout: HYDRATION_WAIT_MS },
    )
    // A page that never hydrates fails the spec's own next step, with a clearer message;
    // a navigation that replaced the document mid-wait is waited for by the caller.
    .catch(() => {});
}

/** MISSING_MESSAGE errors logged by any page of the running spec (a worker runs one at a time). */
const missingMessages: string[] = [];

function patchPage(page: Page): Page {
  if (patched.has(page)) return page;
  patched.add(page);
  page.on("console", (msg) => {
    if (msg.type() === "error" && msg.text().includes("MISSING_MESSAGE")) missingMessages.push(`${page.url()}: ${msg.text()}`);
  });
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  const goBack = page.goBack.bind(page);
  const waitForURL = page.waitForURL.bind(page);
  page.goto = async (...a) => {
    const r = await goto(...a);
    await hydrated(page);
    return r;
  };
  page.reload = async (...a) => {
    const r = await reload(...a);
    await hydrated(page);
    return r;
  };
  page.goBack = async (...a) => {
    const r = await goBack(...a);
    await hydrated(page);
    return r;
  };
  page.waitForURL = async (...a) => {
    await waitForURL(...a);
    await hydrated(page);
  };
  return page;
}

function patchContext(context: BrowserContext): BrowserContext {
  if (patched.has(context)) return context;
  patched.add(context);
  context.pages().forEach(patchPage);
  context.on("page", patchPage);
  const newPage = context.newPage.bind(context);
  context.newPage = async () => patchPage(await newPage());
  return context;
}

function patchBrowser(browser: Browser): Browser {
  if (patched.has(browser)) return browser;
  patched.add(browser);
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = async (...a) => patchContext(await newContext(...a));
  browser.newPage = async (...a) => {
    const page = patchPage(await newPage(...a));
    patchContext(page.context());
    return page;
  };
  return browser;
}

export const test = base.extend<{ noMissingMessages: void }>({
  browser: [async ({ browser }, provide) => provide(patchBrowser(browser)), { scope: "worker" }],
  context: async ({ context }, provide) => provide(patchContext(context)),
  page: async ({ page }, provide) => provide(patchPage(page)),
  noMissingMessages: [
    async ({}, run) => {
      missingMessages.length = 0;
      await run();
      if (missingMessages.length) throw new Error(`messages missing in the browser:\n${[...new Set(missingMessages)].join("\n")}`);
    },
    { auto: true },
  ],
});
