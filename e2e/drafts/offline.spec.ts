import { expect, test } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft } from "../support/drafts";

// A flaky connection loses nothing: edits made offline stay on the device (IndexedDB),
// survive closing the tab, and reach the server when the connection returns.

test("edits made offline survive closing the tab and sync when back online", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Chromium's offline emulation leaves open websockets alone, so the network cut is made
  // on the websocket itself: a relay to the real server that can stop passing messages.
  let cut = false;
  await page.routeWebSocket(/\/collab/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => { if (!cut) server.send(m); });
    server.onMessage((m) => { if (!cut) ws.send(m); });
  });
  await signIn(page, "zhaolixin");
  const draftId = await createDraft(page.request, `离线测试 ${Date.now().toString(36)}`);
  await page.goto(`/drafts/${draftId}`);
  const status = page.locator("[data-save-state]");
  await expect(status).toHaveAttribute("data-save-state", "saved");

  cut = true;
  await context.setOffline(true);
  await page.locator(".ProseMirror").click();
  await page.keyboard.type("断网时写下的一段话。");
  await expect(status).toHaveAttribute("data-save-state", "offline");
  await expect(status).toContainText("未保存");
  // The tab goes away before the server ever saw the edit (leaving warns; closing is forced here).
  await page.close({ runBeforeUnload: false });

  // The server never got it: another person does not see it yet.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, "wuhaiyan");
  await other.goto(`/drafts/${draftId}`);
  await expect(other.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(other.locator(".ProseMirror")).not.toContainText("断网时写下的一段话。");

  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(`/drafts/${draftId}`);
  await expect(again.locator(".ProseMirror")).toContainText("断网时写下的一段话。");
  await expect(again.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");

  // The local copy reached the server: the other person now sees it live.
  await expect(other.locator(".ProseMirror")).toContainText("断网时写下的一段话。");
});

test("signing out removes the local copies of drafts", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "zhaolixin");
  const draftId = await createDraft(page.request, `退出清理 ${Date.now().toString(36)}`);
  await page.goto(`/drafts/${draftId}`);
  await expect(page.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  const localCopies = () =>
    page.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith("xieshen-draft:")).length);
  expect(await localCopies()).toBeGreaterThan(0);

  await page.locator("summary").filter({ hasText: "用户菜单" }).click();
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(/\/login/);
  expect(await localCopies()).toBe(0);
});
