import { expect, test } from "../support/test";
import { DEMO_PASSWORD, postLogin, uniqueUsername } from "../support/auth";

// 10 failures in 15 minutes block the account from that address: the 11th attempt is refused
// even with the right password, and an unknown username gets exactly the same answers.
// (Another address is not blocked: e2e/auth/login.spec.ts, "a stranger's wrong passwords …".)
test("ten wrong passwords block the account from this address; unknown usernames get the identical answer", async ({ request }) => {
  const known = "tangmin"; // a demo member no other spec signs in as
  const unknown = uniqueUsername("nobody");

  for (let i = 1; i <= 10; i++) {
    const [a, b] = [await postLogin(request, known, `wrong-${i}`), await postLogin(request, unknown, `wrong-${i}`)];
    expect(a.status(), `attempt ${i} (known)`).toBe(401);
    expect(b.status(), `attempt ${i} (unknown)`).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  }

  const blocked = await postLogin(request, known, DEMO_PASSWORD);
  expect(blocked.status()).toBe(429);
  const body = await blocked.json();
  // What is left of the 15-minute window, in the header and in the words.
  const retryAfter = Number(blocked.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(800);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(body.error?.message ?? body.message).toBe(`登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`);
  expect(blocked.headers()["set-cookie"] ?? "").not.toContain("session-token");

  const blockedUnknown = await postLogin(request, unknown, DEMO_PASSWORD);
  expect(blockedUnknown.status()).toBe(429);
  expect(await blockedUnknown.json()).toEqual(body);
  // The two windows started a moment apart: the same time left, to the second.
  expect(Math.abs(Number(blockedUnknown.headers()["retry-after"]) - retryAfter)).toBeLessThanOrEqual(1);
});

test("the sign-in form shows the throttled message in Chinese", async ({ page }) => {
  const name = uniqueUsername("locked");
  for (let i = 0; i < 10; i++) expect((await postLogin(page.request, name, "wrong")).status()).toBe(401);
  await page.goto("/login");
  await page.getByLabel("用户名或邮箱").fill(name);
  await page.getByLabel("密码", { exact: true }).fill("whatever-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "登录失败次数过多，请 15 分钟后再试。" })).toBeVisible();
});
