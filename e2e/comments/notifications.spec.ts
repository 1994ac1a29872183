import { expect, test } from "../support/test";
import { trpc } from "../support/drafts";
import { horizontalOverflow, importDraft, mention, newPerson, pageAs, PASSWORD, sectionSid, seriousViolations } from "./shell-support";

// The bell, the notifications page and 工作台's “等我处理”: a mention reaches the person it
// names while their page is open, without a reload; opening a notification marks it read.

test("a mention raises the bell without a reload; the notifications page opens the thread and marks all read", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const owner = await pageAs(browser, "zhaolixin");
  const suffix = Date.now().toString(36);
  const b = await newPerson(browser, `钱委员${suffix}`);
  const title = `通知测试 ${suffix}`;
  const draftId = await importDraft(owner.request, title);
  await trpc(owner.request, "drafts.members.set", { draftId, userId: b.id, role: "COMMENTER" }, "mutation");
  const sid = await sectionSid(owner.request, draftId, "（二）协商议政");

  const bPage = await pageAs(browser, b.username, { password: PASSWORD });
  await bPage.goto("/");
  const bell = bPage.getByRole("button", { name: /^通知/ });
  await expect(bell).toHaveAccessibleName("通知");
  // Marks this document: a reload would lose it.
  await bPage.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const first = await trpc<{ threadId: string }>(
    owner.request, "comments.create",
    { draftId, sid, body: `请${mention(b)}核实第一季度的协商数据。`, visibility: "MEMBERS" }, "mutation",
  );
  await expect(bell).toHaveAccessibleName("通知（1 条未读）");
  const second = await trpc<{ threadId: string }>(
    owner.request, "comments.create",
    { draftId, sid, body: `${mention(b)}这一段的表述也请看看。`, visibility: "MEMBERS" }, "mutation",
  );
  await expect(bell).toHaveAccessibleName("通知（2 条未读）");
  expect(await bPage.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // The popover lists the latest, newest first, and leads to the notifications page.
  await bell.click();
  await expect(bell).toHaveAttribute("aria-expanded", "true");
  const popover = bPage.locator(`[id="${await bell.getAttribute("aria-controls")}"]`);
  await expect(popover.getByRole("link", { name: /赵立新 在《通知测试.*》的意见中提到了您/ })).toHaveCount(2);
  await popover.getByRole("link", { name: "查看全部通知" }).click();
  await bPage.waitForURL("**/notifications");
  await expect(bPage.getByRole("heading", { name: "通知", level: 1 })).toBeVisible();

  const items = bPage.getByRole("main").getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.first()).toHaveAttribute("data-read", "false");
  await expect(items.first()).toContainText("未读");
  await expect(items.first()).toContainText("这一段的表述也请看看");
  const firstLink = items.nth(1).getByRole("link");
  await expect(firstLink).toHaveAttribute("href", `/drafts/${draftId}?thread=${first.threadId}`);
  await expect(items.first().getByRole("link")).toHaveAttribute("href", `/drafts/${draftId}?thread=${second.threadId}`);

  // Opening one marks it read and lands on the draft with that thread named.
  await firstLink.click();
  await bPage.waitForURL((u) => u.pathname === `/drafts/${draftId}` && u.searchParams.get("thread") === first.threadId);
  await expect(bPage.getByRole("heading", { name: title })).toBeVisible();
  await expect(bell).toHaveAccessibleName("通知（1 条未读）");

  await bPage.goto("/notifications");
  await expect(items.nth(1)).toHaveAttribute("data-read", "true");
  await expect(items.first()).toHaveAttribute("data-read", "false");
  await bPage.getByRole("button", { name: "全部标为已读" }).click();
  await expect(bell).toHaveAccessibleName("通知");
  await expect(bPage.getByTestId("unread-summary")).toHaveText("没有未读通知");
  await expect(items.first()).toHaveAttribute("data-read", "true");
  // …and it stays so on the server.
  expect(await trpc<{ count: number }>(bPage.request, "notifications.unreadCount", undefined, "query")).toEqual({ count: 0 });
});

test("工作台 shows the mention to the person mentioned and the comment awaiting a disposition to the drafter", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const owner = await pageAs(browser, "zhaolixin");
  const suffix = Date.now().toString(36);
  const b = await newPerson(browser, `孙委员${suffix}`);
  const title = `工作台测试 ${suffix}`;
  // A near deadline puts it first among the drafter's waiting comments (soonest deadline first).
  const draftId = await importDraft(owner.request, title, { deadline: new Date(Date.now() + 2 * 86_400_000) });
  await trpc(owner.request, "drafts.members.set", { draftId, userId: b.id, role: "COMMENTER" }, "mutation");
  const sid = await sectionSid(owner.request, draftId, "（一）聚焦高质量发展");
  const bPage = await pageAs(browser, b.username, { password: PASSWORD });

  const mentioning = await trpc<{ threadId: string }>(
    owner.request, "comments.create",
    { draftId, sid, body: `${mention(b)}请补充产业升级的具体建议。`, visibility: "MEMBERS" }, "mutation",
  );
  const byB = await trpc<{ threadId: string }>(
    bPage.request, "comments.create",
    { draftId, sid, body: "建议增加对中小企业融资的表述。", visibility: "MEMBERS" }, "mutation",
  );

  await bPage.goto("/");
  const bWaiting = bPage.getByRole("region", { name: "等我处理" });
  const bMentions = bWaiting.getByRole("region", { name: /^提到我的意见/ });
  const mentionItem = bMentions.locator(`li[data-thread-id="${mentioning.threadId}"]`);
  await expect(mentionItem).toContainText(title);
  await expect(mentionItem).toContainText("聚焦高质量发展");
  await expect(mentionItem).toContainText("请补充产业升级的具体建议");
  await expect(mentionItem).toContainText(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 截止/);
  await expect(mentionItem.getByRole("link", { name: title })).toHaveAttribute("href", `/drafts/${draftId}?thread=${mentioning.threadId}`);
  // The existing 工作台 content stays.
  await expect(bPage.getByRole("heading", { name: "我的专委会" })).toBeVisible();

  await owner.goto("/");
  const awaiting = owner.getByRole("region", { name: "等我处理" }).getByRole("region", { name: /^待填写采纳情况/ });
  const item = awaiting.locator(`li[data-thread-id="${byB.threadId}"]`);
  await expect(item).toContainText(title);
  await expect(item).toContainText("建议增加对中小企业融资的表述");
  await expect(item).toContainText(/截止/);
  await expect(owner.getByRole("heading", { name: "我参与起草中的稿件" })).toBeVisible();

  // Once the drafter records a disposition it no longer waits.
  await trpc(owner.request, "comments.setDisposition", { draftId, threadId: byB.threadId, disposition: "ADOPTED", reason: "" }, "mutation");
  await owner.reload();
  await expect(owner.locator(`li[data-thread-id="${byB.threadId}"]`)).toHaveCount(0);
});

test("the notifications page and 工作台 with waiting items: no serious axe violations, and 375 px wide without horizontal scrolling", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const owner = await pageAs(browser, "zhaolixin");
  const suffix = Date.now().toString(36);
  const b = await newPerson(browser, `李委员${suffix}`);
  const draftId = await importDraft(owner.request, `无障碍测试 ${suffix}，标题较长以检验窄屏下的换行是否正常`);
  await trpc(owner.request, "drafts.members.set", { draftId, userId: b.id, role: "COMMENTER" }, "mutation");
  const sid = await sectionSid(owner.request, draftId, "一、过去一年");
  await trpc(owner.request, "comments.create", {
    draftId, sid, visibility: "MEMBERS",
    body: `${mention(b)}这里的数据与去年的统计口径不一致，请核对后在本周内回复，并附上来源链接 https://example.org/a/very/long/path/that/should/wrap/nicely`,
  }, "mutation");

  const bPage = await pageAs(browser, b.username, { password: PASSWORD, viewport: { width: 375, height: 800 } });
  await bPage.goto("/notifications");
  await expect(bPage.getByRole("main").getByRole("listitem")).toHaveCount(1);
  expect(await seriousViolations(bPage)).toEqual([]);
  expect(await horizontalOverflow(bPage)).toBeLessThanOrEqual(0);

  // The bell's popover fits the phone's screen too.
  const bell = bPage.getByRole("button", { name: "通知（1 条未读）" });
  await bell.click();
  const popover = bPage.locator(`[id="${await bell.getAttribute("aria-controls")}"]`);
  await expect(popover.getByRole("link", { name: "查看全部通知" })).toBeVisible();
  const box = (await popover.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  expect(await horizontalOverflow(bPage)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(bPage)).toEqual([]);
  await bPage.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await expect(bell).toBeFocused();

  await bPage.goto("/");
  await expect(bPage.getByRole("region", { name: "等我处理" })).toContainText("统计口径");
  expect(await seriousViolations(bPage)).toEqual([]);
  expect(await horizontalOverflow(bPage)).toBeLessThanOrEqual(0);
});

test("hostile comment text shows as inert text in the bell, the notifications page, 工作台 and the register", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const owner = await pageAs(browser, "zhaolixin");
  const suffix = Date.now().toString(36);
  const b = await newPerson(browser, `周委员${suffix}`);
  const draftId = await importDraft(owner.request, `转义测试 ${suffix}`);
  await trpc(owner.request, "drafts.members.set", { draftId, userId: b.id, role: "COMMENTER" }, "mutation");
  const sid = await sectionSid(owner.request, draftId, "（一）政治引领");
  const hostile = `<img src=x onerror=alert(1)>\u202Eabc`;
  await trpc(owner.request, "comments.create", { draftId, sid, body: `${mention(b)}${hostile}`, visibility: "MEMBERS" }, "mutation");

  const bPage = await pageAs(browser, b.username, { password: PASSWORD });
  const dialogs: string[] = [];
  bPage.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const shown = "<img src=x onerror=alert(1)>⟦U+202E⟧abc";

  await bPage.goto("/");
  await expect(bPage.getByRole("region", { name: "等我处理" })).toContainText(shown);
  await bPage.getByRole("button", { name: "通知（1 条未读）" }).click();
  await expect(bPage.getByRole("banner")).toContainText(shown);
  await bPage.goto("/notifications");
  await expect(bPage.getByRole("main")).toContainText(shown);
  await bPage.goto(`/drafts/${draftId}/register`);
  await expect(bPage.getByRole("table")).toContainText(shown);
  expect(await bPage.locator("main img").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("seven tabs of the portal: the seventh page still loads, and every tab's bell follows the one stream", async ({ browser }) => {
  test.setTimeout(150_000);
  const owner = await pageAs(browser, "zhaolixin");
  const suffix = Date.now().toString(36);
  const b = await newPerson(browser, `吴委员${suffix}`);
  const draftId = await importDraft(owner.request, `多标签测试 ${suffix}`);
  await trpc(owner.request, "drafts.members.set", { draftId, userId: b.id, role: "COMMENTER" }, "mutation");
  const sid = await sectionSid(owner.request, draftId, "（一）政治引领");

  // A browser keeps at most six connections to one host; each tab's own stream would hold one.
  const first = await pageAs(browser, b.username, { password: PASSWORD });
  const tabs = [first];
  for (let i = 1; i < 7; i++) tabs.push(await first.context().newPage());
  for (const tab of tabs) {
    await tab.goto("/", { timeout: 20_000 });
    await expect(tab.getByRole("button", { name: /^通知/ })).toHaveAccessibleName("通知");
  }

  await trpc(owner.request, "comments.create", { draftId, sid, body: `${mention(b)}请看这里。`, visibility: "MEMBERS" }, "mutation");
  for (const tab of tabs) await expect(tab.getByRole("button", { name: /^通知/ })).toHaveAccessibleName("通知（1 条未读）");

  // The tab that streams goes away: another takes over and the bells stay live.
  await tabs[0]!.close();
  await trpc(owner.request, "comments.create", { draftId, sid, body: `${mention(b)}还有这里。`, visibility: "MEMBERS" }, "mutation");
  for (const tab of tabs.slice(1)) await expect(tab.getByRole("button", { name: /^通知/ })).toHaveAccessibleName("通知（2 条未读）");
});
