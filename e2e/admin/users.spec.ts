import { expect, test } from "../support/test";
import { signIn, signInWithForm, uniqueUsername } from "../support/auth";

// The secretariat creates a person, that person signs in, the secretariat disables them and
// their open session is refused on the next request; all three are in the audit log and the
// hash chain checks out.
test("create, sign in, disable: the session ends and the audit log has it all", async ({ page, browser }) => {
  const username = uniqueUsername("e2e");
  const name = `测试${username.slice(-4)}`;
  const password = "E2e-Passw0rd!";

  await signIn(page, "bangongshi");
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "新增人员" }).click();
  const form = page.getByRole("form", { name: "新增人员" });
  await form.getByLabel("用户名").fill(username);
  await form.getByLabel("姓名").fill(name);
  await form.getByLabel("职务").fill("区政协委员");
  await form.getByLabel("角色").selectOption("MEMBER");
  await form.getByLabel("初始密码").fill(password);
  await form.getByRole("button", { name: "创建" }).click();
  await expect(page.getByText(`已创建 ${name}。`)).toBeVisible();
  const row = page.locator(`tr[data-username="${username}"]`);
  await expect(row).toContainText(name);
  await expect(row).toContainText("正常");

  // The new person signs in, in a browser of their own.
  const theirs = await browser.newContext();
  const userPage = await theirs.newPage();
  await signInWithForm(userPage, username, password);
  await expect(userPage.getByRole("heading", { name: `${name}，您好` })).toBeVisible();
  const before = await userPage.request.get("/api/trpc/me.get");
  expect(before.status()).toBe(200);

  // The secretariat disables them.
  await row.getByRole("button", { name: "停用" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(name);
  await dialog.getByRole("button", { name: "确定" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("已停用");

  // Their open session is refused on the next request: pages and API alike.
  await userPage.reload();
  await expect(userPage).toHaveURL(/\/login/);
  await expect(userPage.getByRole("heading", { name: "登录协审" })).toBeVisible();
  const after = await userPage.request.get("/api/trpc/me.get");
  expect(after.status()).toBe(401);
  expect(JSON.stringify(await after.json())).toContain("UNAUTHORIZED");
  // And they cannot sign in again.
  const again = await userPage.request.post("/api/auth/login", { data: { login: username, password } });
  expect(again.status()).toBe(401);
  await theirs.close();

  // The audit log lists the three events, and the hash chain verifies.
  await page.goto("/admin/audit");
  const created = page.locator('tr[data-audit-type="user.created"]', { hasText: username });
  const login = page.locator('tr[data-audit-type="auth.login"]', { hasText: name });
  const disabled = page.locator('tr[data-audit-type="user.disabled"]', { hasText: username });
  await expect(created).toContainText("新增人员");
  await expect(login).toContainText("登录");
  await expect(disabled).toContainText("停用人员");
  await expect(created).toContainText("李晓梅"); // the actor: the secretariat's demo admin

  await page.getByRole("button", { name: "校验哈希链" }).click();
  const verdict = page.locator("[data-verify-result]");
  await expect(verdict).toHaveAttribute("data-verify-result", "ok");
  await expect(verdict).toContainText("哈希链完整");

  // Filters: by person (only what the new member did: her sign-in), then by time.
  const rows = page.locator("tr[data-audit-type]");
  await page.getByLabel("人员").selectOption({ label: `${name}（${username}）` });
  await expect(rows).toHaveCount(1);
  await expect(login).toBeVisible();
  await expect(created).toHaveCount(0);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  await page.getByLabel("起始日期").fill(today);
  await expect(rows).toHaveCount(1);
  const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 86_400_000));
  await page.getByLabel("起始日期").fill(tomorrow);
  await expect(page.getByText("没有符合条件的记录。")).toBeVisible();
  await page.getByRole("button", { name: "清除筛选" }).click();
  await expect(created).toBeVisible();
  await expect(page.getByLabel("人员")).toHaveValue("");
});

test("a member cannot open the secretariat's pages or call its procedures", async ({ page }) => {
  await signIn(page, "huangzhiming");
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("页面不存在")).toBeVisible();
  const api = await page.request.get("/api/trpc/admin.users.list");
  expect(api.status()).toBe(403);
});
