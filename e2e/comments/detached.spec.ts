import { expect, test } from "../support/test";
import { commentOnPassage, createCommentsDraft, deleteText, deleteToEnd, editor, openDraft, panel, threadWith } from "./support";

// Issue #8, "Done when" 4: deleting a commented section moves its threads to 已脱离 with the
// section's last title — never dropped — on the deleting editor's page and on everyone else's.
// A deleted passage in a section that remains keeps its thread there, quote struck through.

test("deleting a commented section moves its thread to the detached list", async ({ browser }) => {
  test.setTimeout(120_000);
  const draftId = await createCommentsDraft(browser, "章节删除");
  const owner = await openDraft(browser, "zhaolixin", draftId);
  const member = await openDraft(browser, "gaoxue", draftId);

  const doomed = await commentOnPassage(member, "准备整节删除", "这一节可以删掉。");
  const survivor = await commentOnPassage(member, "第一小节的正文", "这句要改写。");
  const doomedId = (await doomed.getAttribute("data-thread-id"))!;
  const mainGroup = (page: typeof owner) =>
    panel(page).locator('section[data-section-group]:not([data-section-group="detached"])', { hasText: "主要任务" });
  await expect(mainGroup(owner).locator(`[data-thread-id="${doomedId}"]`)).toBeVisible({ timeout: 2_000 });

  // The owner deletes section 二、主要任务 (its heading and body: the end of the draft),
  // selecting from the end of the paragraph before it.
  await deleteToEnd(owner, "形成建议案十二篇。");
  await expect(editor(owner)).not.toContainText("主要任务");
  await expect(owner.getByTestId("outline")).not.toContainText("主要任务");

  for (const page of [owner, member]) {
    const detached = panel(page).locator('section[data-section-group="detached"]');
    await expect(detached).toBeVisible({ timeout: 3_000 });
    await expect(detached.getByRole("heading", { name: "已脱离" })).toBeVisible();
    const th = detached.locator(`[data-thread-id="${doomedId}"]`);
    await expect(th).toContainText("这一节可以删掉。");
    await expect(th).toContainText("原章节：主要任务");
    await expect(th.locator("[data-quote] del")).toHaveText("准备整节删除");
    await expect(mainGroup(page)).toHaveCount(0);
  }

  // A deleted passage inside a remaining section: the thread stays there, quote struck through.
  await deleteText(owner, "第一小节的正文。");
  await expect(editor(owner)).not.toContainText("第一小节的正文");
  for (const page of [owner, member]) {
    const th = threadWith(page, "这句要改写。");
    await expect(th.locator("[data-passage-gone] del")).toHaveText("第一小节的正文", { timeout: 2_000 });
    await expect(panel(page).locator("section[data-section-group]", { hasText: "第一小节" })).toContainText("这句要改写。");
  }
  await expect(survivor).toBeVisible();

  // Someone who opens the draft afterwards finds the thread under 已脱离 too.
  const fresh = await openDraft(browser, "majun", draftId);
  await expect(panel(fresh).locator(`section[data-section-group="detached"] [data-thread-id="${doomedId}"]`)).toBeVisible();
});
