import { expect, test } from "../support/test";
import { createCommentsDraft, editor, openDraft, pageErrors, threadWith } from "./support";

// Issue #8, the parts of the margin a flow through the mouse does not reach: the keyboard
// route to 批注 (Shift+arrows, Ctrl+Alt+M), the composer's own messages for an empty and an
// over-long comment (nothing is lost), and editing (已编辑) and deleting (该意见已删除) as the
// other person sees them, live.

test("the keyboard alone comments on a selection; bad input is explained and kept; edits and deletions reach the other page live", async ({ browser }) => {
  test.setTimeout(120_000);
  const draftId = await createCommentsDraft(browser, "键盘批注");
  const deputy = await openDraft(browser, "wuhaiyan", draftId); // may edit
  const member = await openDraft(browser, "gaoxue", draftId); // may comment

  // Caret at the paragraph's start, four characters selected with Shift+→, Ctrl+Alt+M.
  await editor(deputy).locator("p", { hasText: "城市更新" }).click({ position: { x: 4, y: 10 } });
  await deputy.keyboard.press("Home");
  // One Shift+→ at a time, each seen in the page's selection before the next (on a loaded
  // machine a key pressed while the editor re-renders could otherwise be lost).
  const selected = () => deputy.evaluate(() => window.getSelection()?.toString() ?? "");
  for (const expected of ["围", "围绕", "围绕城", "围绕城市"]) {
    await deputy.keyboard.press("Shift+ArrowRight");
    await expect.poll(selected).toBe(expected);
  }
  await deputy.keyboard.press("Control+Alt+M");
  const composer = deputy.getByTestId("comment-composer");
  await expect(composer).toContainText("围绕城市");
  const field = composer.getByLabel("批注", { exact: true });
  await expect(field).toBeFocused();

  // Empty, then one character over the limit: the reason is given, nothing is sent or lost.
  await composer.getByRole("button", { name: "发表意见" }).click();
  await expect(composer.getByRole("alert")).toHaveText("请填写意见内容。");
  const tooLong = "意".repeat(5_001);
  await field.fill(tooLong);
  await expect(composer).toContainText("5001 / 5000 字");
  await field.press("Control+Enter");
  await expect(composer.getByRole("alert")).toHaveText("意见不能超过 5000 字。");
  await expect(field).toHaveValue(tooLong);
  await expect(threadWith(member, "围绕城市")).toHaveCount(0);

  await field.fill("“围绕城市”的提法请再斟酌。");
  await field.press("Control+Enter");
  await expect(composer).toBeHidden();
  const theirs = threadWith(member, "提法请再斟酌");
  await expect(theirs).toBeVisible({ timeout: 2_000 });

  // The author edits: the other page shows the new words and 已编辑, without a reload.
  const mine = threadWith(deputy, "提法请再斟酌");
  await mine.getByRole("button", { name: "编辑", exact: true }).click();
  const edit = mine.getByLabel("编辑意见");
  await expect(edit).toHaveValue("“围绕城市”的提法请再斟酌。");
  await edit.fill("“围绕城市”的提法请再斟酌，建议改为“围绕城市更新”。");
  await mine.getByRole("button", { name: "保存", exact: true }).click();
  await expect(theirs).toContainText("建议改为“围绕城市更新”", { timeout: 2_000 });
  await expect(theirs).toContainText("已编辑");

  // The other person replies, then deletes the reply: a placeholder stays, on both pages.
  await theirs.getByRole("button", { name: "回复" }).click();
  await theirs.getByLabel("回复").fill("同意修改。");
  await theirs.getByRole("button", { name: "发送回复" }).click();
  await expect(mine).toContainText("同意修改。", { timeout: 2_000 });
  const reply = theirs.locator("li[data-comment-id]", { hasText: "同意修改。" });
  await reply.getByRole("button", { name: "删除", exact: true }).click();
  const confirm = member.getByRole("dialog", { name: "删除这条意见？" });
  await expect(confirm).toContainText("审计记录仍会保留");
  await confirm.getByRole("button", { name: "删除", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(theirs).toContainText("该意见已删除");
  await expect(mine).toContainText("该意见已删除", { timeout: 2_000 });
  await expect(mine).not.toContainText("同意修改。");
  // Only the author may edit or delete: the deputy has no such buttons on the member's reply.
  await expect(mine.locator("li[data-comment-id]").nth(1).getByRole("button", { name: /编辑|删除/ })).toHaveCount(0);
  expect([deputy, member].flatMap((p) => pageErrors.get(p)!)).toEqual([]);
});
