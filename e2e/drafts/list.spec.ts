import { expect, test } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft } from "../support/drafts";

// The drafts list: search, scope, and visibility by committee.

test("a draft is found by title, shown with its deadline state, and hidden from other committees", async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, "zhaolixin");
  const title = `列表测试 ${Date.now().toString(36)}`;
  const draftId = await createDraft(owner.request, title);

  await owner.goto("/drafts");
  await owner.getByLabel("按标题搜索").fill(title);
  await owner.getByRole("button", { name: "筛选" }).click();
  const item = owner.locator(`[data-draft-id="${draftId}"]`);
  await expect(item).toContainText(title);
  await expect(item).toContainText("未设截止");
  await expect(item).toContainText("起草人");
  await expect(owner.getByText("共 1 篇")).toBeVisible();
  await item.getByRole("link", { name: title }).click();
  await expect(owner).toHaveURL(new RegExp(`/drafts/${draftId}$`));

  // The chair reads everything; a head of another committee does not see it at all.
  const chair = await (await browser.newContext()).newPage();
  await signIn(chair, "wangjianguo");
  await chair.goto(`/drafts?q=${encodeURIComponent(title)}`);
  await expect(chair.locator(`[data-draft-id="${draftId}"]`)).toBeVisible();
  const other = await (await browser.newContext()).newPage();
  await signIn(other, "sunlihua");
  await other.goto(`/drafts?q=${encodeURIComponent(title)}`);
  await expect(other.getByText("没有符合条件的稿件。")).toBeVisible();
});

test("工作台 lists the drafts I am invited to, with my role and deadline", async ({ page }) => {
  // The demo speech makes 马俊 (a member of 提案委) an explicit editor.
  await signIn(page, "majun");
  await page.goto("/");
  const mine = page.getByRole("region", { name: "我参与起草中的稿件" });
  const demo = mine.getByRole("listitem").filter({ hasText: "在区政协2027年度务虚会上的讲话" });
  await expect(demo).toContainText("可编辑");
  await expect(demo).toContainText("截止");
});
