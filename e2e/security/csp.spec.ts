import { expect, test, type Page, type Response } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft, trpc } from "../support/drafts";

// Every page carries a Content-Security-Policy with a fresh nonce; Next's own scripts carry
// that nonce, so the portal works with no violation at all (editor and websocket included),
// while an inline script that is not ours — injected into the HTML or the DOM — does not run.

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Records CSP violations from the first byte of every document, and console reports of them. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: unknown[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  const console: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  return {
    violations: () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp),
    console,
  };
}

function nonceOf(res: Response | null): string {
  const csp = res?.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1];
  expect(nonce, `CSP header of ${res?.url()}: ${csp}`).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return nonce!;
}

/**
 * Opens a page and checks its CSP header, and that every script tag in the HTML carries this
 * response's nonce (scripts Next's runtime adds later need none: 'strict-dynamic').
 */
async function visit(page: Page, path: string, ready: () => Promise<void>) {
  const res = await page.goto(path);
  const nonce = nonceOf(res);
  const tags = (await res!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, path).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
  await ready();
  return nonce;
}

test("every page has a nonce CSP and runs without a single violation", async ({ browser }) => {
  test.setTimeout(90_000);
  // The drafter: new draft, the editor with its websocket, typing, saving.
  const drafter = await browser.newPage();
  const watch = await watchViolations(drafter);
  const first = await visit(drafter, "/login", () => expect(drafter.getByRole("heading", { name: "登录协审" })).toBeVisible());
  const second = await visit(drafter, "/login", () => expect(drafter.getByRole("heading", { name: "登录协审" })).toBeVisible());
  expect(second, "a fresh nonce per response").not.toBe(first);

  await signIn(drafter, "zhengguoping");
  await visit(drafter, "/", () => expect(drafter.getByRole("heading", { name: "郑国平，您好" })).toBeVisible());
  await visit(drafter, "/drafts", () => expect(drafter.getByRole("heading", { name: "稿件", exact: true })).toBeVisible());
  await visit(drafter, "/drafts/new", () => expect(drafter.getByRole("form", { name: "空白稿件" })).toBeVisible());
  await visit(drafter, "/account", () => expect(drafter.locator("main h1")).toBeVisible());
  const id = await createDraft(drafter.request, `CSP 测试 ${Date.now().toString(36)}`);
  await visit(drafter, `/drafts/${id}`, () => expect(drafter.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved"));
  await drafter.locator(".ProseMirror").click();
  await drafter.keyboard.type("一、总体要求");
  await drafter.keyboard.press("Enter");
  await drafter.keyboard.type("内容安全策略下照常编辑。");
  await expect(drafter.getByTestId("outline").locator("li")).toContainText([/一、总体要求/]);
  await expect(drafter.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  // A client-side navigation loads more chunks ('strict-dynamic' lets ours in).
  await drafter.getByRole("navigation").getByRole("link", { name: "稿件" }).click();
  await expect(drafter.getByRole("heading", { name: "稿件", exact: true })).toBeVisible();
  await drafter.getByRole("link", { name: /CSP 测试/ }).first().click();
  await expect(drafter.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(drafter.locator(".ProseMirror")).toContainText("内容安全策略下照常编辑。");
  // Versions, the diff, sign-off, the register, notifications, the public /verify page.
  const v1 = await trpc<{ versionId: string; hash: string }>(drafter.request, "versions.freeze", { draftId: id, label: "征求意见稿", note: "" }, "mutation");
  await drafter.locator(".ProseMirror").click();
  await drafter.keyboard.press("End");
  await drafter.keyboard.type("第二版的修改。");
  await expect(drafter.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  const v2 = await trpc<{ versionId: string }>(drafter.request, "versions.freeze", { draftId: id, label: "送审稿", note: "" }, "mutation");
  await visit(drafter, `/drafts/${id}/versions`, () => expect(drafter.locator("li[data-version='2']")).toBeVisible());
  await visit(drafter, `/drafts/${id}/versions/${v1.versionId}`, () => expect(drafter.locator("main")).toContainText("内容安全策略下照常编辑。"));
  await visit(drafter, `/drafts/${id}/versions/compare?from=${v1.versionId}&to=${v2.versionId}`, () =>
    expect(drafter.getByRole("heading", { name: "第 1 版 → 第 2 版" })).toBeVisible(),
  );
  await visit(drafter, `/drafts/${id}/signoff`, () => expect(drafter.getByRole("heading", { name: "审签规则" })).toBeVisible());
  await visit(drafter, `/drafts/${id}/register`, () => expect(drafter.locator("main h1")).toBeVisible());
  await visit(drafter, "/notifications", () => expect(drafter.getByRole("heading", { name: "通知", level: 1 })).toBeVisible());
  await visit(drafter, `/verify/${v1.hash}`, () => expect(drafter.locator("main")).toContainText(v1.hash));
  await visit(drafter, "/drafts/no-such-draft", () => expect(drafter.getByRole("heading", { name: "页面不存在" })).toBeVisible());
  expect(await watch.violations()).toEqual([]);
  expect(watch.console).toEqual([]);

  // The secretariat: the admin pages, and a draft read-only.
  const admin = await browser.newPage();
  const adminWatch = await watchViolations(admin);
  await signIn(admin, "bangongshi");
  await visit(admin, "/admin", () => expect(admin.getByRole("heading", { level: 1 })).toBeVisible());
  expect(new URL(admin.url()).pathname).toBe("/admin/users");
  await visit(admin, "/admin/committees", () => expect(admin.getByRole("heading", { level: 1 })).toBeVisible());
  await visit(admin, "/admin/audit", () => expect(admin.getByRole("heading", { level: 1 })).toBeVisible());
  await visit(admin, `/drafts/${id}`, () => expect(admin.locator(".ProseMirror")).toContainText("内容安全策略下照常编辑。"));
  expect(await adminWatch.violations()).toEqual([]);
  expect(adminWatch.console).toEqual([]);
  await drafter.close();
  await admin.close();
});

test("an inline script injected into the page's HTML does not run", async ({ page }) => {
  const watch = await watchViolations(page);
  // Stands in for a stored-XSS hole: the real response, with a script of someone else's.
  await page.route("**/login", async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace("<head>", "<head><script>window.__injected = 'ran';</script>");
    await route.fulfill({ response: res, body: html });
  });
  const res = await page.goto("/login");
  nonceOf(res);
  await expect(page.getByRole("heading", { name: "登录协审" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
  // The page itself still works: React hydrated the form (the button reacts).
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByText("用户名或密码错误。")).toBeVisible();
  expect((await watch.violations()).map((v) => v.directive)).toContain("script-src-elem");
});

test("script slipped in through the DOM (an inline handler, a javascript: link) does not run", async ({ page }) => {
  const watch = await watchViolations(page);
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录协审" })).toBeVisible();
  // What a DOM-XSS hole would let through: markup with handlers set via innerHTML.
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.innerHTML = `<img src="data:," onerror="window.__handler = 'ran'"><a id="xss" href="javascript:window.__link = 'ran'">x</a>`;
    document.body.appendChild(box);
  });
  await page.locator("#xss").click();
  await expect
    .poll(async () => (await watch.violations()).map((v) => v.directive))
    .toEqual(expect.arrayContaining(["script-src-attr", expect.stringMatching(/^script-src/)]));
  expect((await watch.violations()).length).toBeGreaterThanOrEqual(2);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __handler?: string; __link?: string };
    return [w.__handler, w.__link];
  });
  expect(ran).toEqual([undefined, undefined]);
});

test("API answers carry a deny-all policy", async ({ request }) => {
  const res = await request.post("/api/auth/login", { data: { login: "nobody-here", password: "x" } });
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});
