import { request as httpRequest } from "node:http";
import { randomInt } from "node:crypto";
import { expect, test } from "../support/test";
import { DEMO_PASSWORD, openUserMenu, signInWithForm } from "../support/auth";

/** POST /api/auth/login from another client address on this machine (127.x.y.z is loopback too). */
function postLoginFrom(address: string, baseURL: string, login: string, password: string) {
  const url = new URL("/api/auth/login", baseURL);
  return new Promise<{ status: number; retryAfter: number; message: string | undefined }>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", localAddress: address, headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          const body = JSON.parse(text || "{}") as { message?: string; error?: { message?: string } };
          resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers["retry-after"] ?? 0), message: body.error?.message ?? body.message });
        });
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ login, password }));
  });
}

test("the sign-in page is in Chinese", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录协审" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByLabel("用户名或邮箱")).toBeVisible();
  await expect(page.getByLabel("密码", { exact: true })).toBeVisible();
});

test("a signed-out visitor is sent to sign in, and back afterwards", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
});

test("the demo chair signs in and sees 工作台", async ({ page }) => {
  await signInWithForm(page, "wangjianguo");
  await expect(page.getByRole("heading", { name: "王建国，您好" })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "工作台" })).toBeVisible();
  await expect(page.locator("main").getByText(/区政协主席/)).toBeVisible();
});

test("a wrong password is refused with a Chinese message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").fill("wangjianguo");
  await page.getByLabel("密码", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "用户名或密码错误。" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("the chosen language is saved for the user and survives signing out and in", async ({ page, browser }) => {
  // chenhong is used by this test only: the language is saved on the user.
  await signInWithForm(page, "chenhong");
  await expect(page.getByRole("heading", { name: "陈红，您好" })).toBeVisible();
  await openUserMenu(page);
  await page.getByLabel("语言").selectOption("en");
  await expect(page.getByRole("heading", { name: "Hello, 陈红" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await openUserMenu(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);

  // Another browser (no language cookie) starts in Chinese, then gets the user's choice at sign-in.
  const other = await browser.newContext({ locale: "zh-CN" });
  const page2 = await other.newPage();
  await page2.goto("/login");
  await expect(page2.getByRole("heading", { name: "登录协审" })).toBeVisible();
  await signInWithForm(page2, "chenhong", DEMO_PASSWORD);
  await expect(page2.getByRole("heading", { name: "Hello, 陈红" })).toBeVisible();

  // Back to Chinese, so a rerun against the same data starts where this one did.
  await openUserMenu(page2);
  await page2.getByLabel("Language").selectOption("zh-CN");
  await expect(page2.getByRole("heading", { name: "陈红，您好" })).toBeVisible();
  await other.close();
});

test("a stranger's wrong passwords from another address do not lock the chair out", async ({ page, baseURL }) => {
  // The stranger: a loopback address of its own, new on every run. The chair signs in from 127.0.0.1.
  const stranger = `127.${randomInt(1, 255)}.${randomInt(0, 255)}.${randomInt(1, 255)}`;
  for (let i = 1; i <= 10; i++) {
    expect((await postLoginFrom(stranger, baseURL!, "wangjianguo", `guess-${i}`)).status, `guess ${i}`).toBe(401);
  }
  const locked = await postLoginFrom(stranger, baseURL!, "wangjianguo", `guess-11`);
  expect(locked.status).toBe(429);
  expect(locked.retryAfter).toBeGreaterThan(800);
  expect(locked.retryAfter).toBeLessThanOrEqual(900);
  expect(locked.message).toBe(`登录失败次数过多，请 ${Math.ceil(locked.retryAfter / 60)} 分钟后再试。`);

  // The chair, from their own address, with the right password: signed in (at most a short wait).
  await signInWithForm(page, "wangjianguo");
  await expect(page.getByRole("heading", { name: "王建国，您好" })).toBeVisible();

  // The stranger stays locked out, even with the right password, and Retry-After counts down.
  await page.waitForTimeout(2100);
  const still = await postLoginFrom(stranger, baseURL!, "wangjianguo", DEMO_PASSWORD);
  expect(still.status).toBe(429);
  expect(still.retryAfter).toBeLessThan(locked.retryAfter);
});
