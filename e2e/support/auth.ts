import { expect, type APIRequestContext, type Page } from "./test";

export const DEMO_PASSWORD = "Xieshen@2026";

/** Signs in through the sign-in form, as a person would, and waits for 工作台. */
export async function signInWithForm(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/用户名或邮箱|Username or e-mail/).fill(login);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

/** Signs in through the JSON endpoint the form uses; the page's context gets the cookie. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  const res = await page.request.post("/api/auth/login", { data: { login, password } });
  expect(res.status(), `sign-in of ${login}`).toBe(200);
}

export function postLogin(request: APIRequestContext, login: string, password: string) {
  return request.post("/api/auth/login", { data: { login, password } });
}

/** A name no other spec or run uses (specs run in parallel against one server). */
export function uniqueUsername(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Opens the header's user menu (a <details>) unless it is already open. */
export async function openUserMenu(page: Page) {
  const menu = page.locator("header details");
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await menu.locator("summary").click();
  }
  await expect(menu).toHaveAttribute("open", "");
}
