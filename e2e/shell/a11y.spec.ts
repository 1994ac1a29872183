import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "../support/test";
import { signIn } from "../support/auth";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录协审" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("工作台 has no serious accessibility violations", async ({ page }) => {
  await signIn(page, "zhaolixin");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "我的专委会" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("工作台 is usable 375 px wide: no horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "zhaolixin");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "赵立新，您好" })).toBeVisible();
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(375);
  // The navigation link (drafts on the page may carry 工作台 in their titles).
  await expect(page.getByRole("navigation").getByRole("link", { name: "工作台", exact: true })).toBeVisible();
  await expect(page.locator("header summary")).toBeVisible();
});

test("the keyboard alone reaches the user menu and signs out", async ({ page }) => {
  await signIn(page, "wuhaiyan");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "吴海燕，您好" })).toBeVisible();

  // The first Tab stop is the skip link.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "跳到正文" })).toBeFocused();

  const menu = page.locator("header summary");
  await tabUntilFocused(page, menu);
  await page.keyboard.press("Enter");
  const signOut = page.getByRole("button", { name: "退出登录" });
  await expect(signOut).toBeVisible();
  await tabUntilFocused(page, signOut);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/login/);
  await expect(page.getByRole("heading", { name: "登录协审" })).toBeVisible();
});

async function tabUntilFocused(page: Page, target: ReturnType<Page["locator"]>, max = 30) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("an unknown page is a Chinese 404 with no stack trace", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\bat \S+ \(|Error:|node_modules|webpack|turbopack/i);
});

test("an unknown API path answers 404 without internals", async ({ request }) => {
  const res = await request.get("/api/trpc/no.such.procedure");
  expect(res.status()).toBe(404);
  const body = await res.text();
  expect(body).not.toMatch(/\bat \S+ \(|node_modules/);
});
