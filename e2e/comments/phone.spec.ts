import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "../support/test";
import { createCommentsDraft, openDraft } from "./support";

// Issue #8, "Done when" 5: at 375 px the threads open as a bottom sheet; a member comments on
// a section there and sees the comment listed. The page never scrolls sideways.

test("at 375 px a member comments on a section in the bottom sheet", async ({ browser }) => {
  test.setTimeout(120_000);
  const draftId = await createCommentsDraft(browser, "手机意见");
  const page = await openDraft(browser, "gaoxue", draftId, { width: 375, height: 800 });
  const noSideScroll = async () => expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await noSideScroll();
  // No margin column on a phone: the comments are behind one button.
  await expect(page.getByTestId("comments-panel")).toHaveCount(0);
  const open = page.getByRole("button", { name: "意见 (0)" });
  await expect(open).toBeInViewport();
  await open.click();

  const sheet = page.getByRole("dialog", { name: "意见" });
  await expect(sheet).toBeVisible();
  const box = await sheet.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  await expect(sheet).toContainText("还没有意见");

  await sheet.getByRole("button", { name: "对本章节提意见" }).click();
  const composer = sheet.getByTestId("comment-composer");
  await composer.getByLabel("章节").selectOption({ label: "（二）第二小节" });
  await composer.getByLabel("意见", { exact: true }).fill("手机上提的意见：建议补充数据来源。");
  await noSideScroll();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await composer.getByRole("button", { name: "发表意见" }).click();
  await expect(composer).toBeHidden();
  const group = sheet.locator("section[data-section-group]", { hasText: "第二小节" });
  await expect(group).toContainText("手机上提的意见：建议补充数据来源。");
  await expect(group).toContainText("高雪");

  // Focus stays in the sheet (the page behind is inert) until it is closed; Escape closes it.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    expect(await sheet.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(page.getByRole("button", { name: "意见 (1)" })).toBeFocused();
  await noSideScroll();

  // The close button works too.
  await page.getByRole("button", { name: "意见 (1)" }).click();
  await sheet.getByRole("button", { name: "关闭" }).click();
  await expect(sheet).toBeHidden();
});
