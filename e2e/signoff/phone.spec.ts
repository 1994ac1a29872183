import { expect, test } from "../support/test";
import {
  ADDED, CHAIR, DEMO_PASSWORD, HEAD, OWNER, VICE, appendToSection, expectNoSideScroll, freeze, importReport, pageAs, requestSignoff, seriousViolations, sign, uniqueTitle,
} from "./support";

// Issue #9, "Done when" 3: at 375 px a vice-chair opens the request from 工作台, reads what changed
// since her approval of the previous version, and signs with her password — the page and the
// dialog never scroll sideways.

test("at 375 px a vice-chair opens the request from 工作台, reads what changed, and signs with the password", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = uniqueTitle("手机");
  // v1: the head and 陈红 approve, the chair returns it; the owner changes 二; v2 is approved by the head.
  const owner = await pageAs(browser, OWNER);
  const draftId = await importReport(owner.request, title);
  const v1 = await freeze(owner.request, draftId, "征求意见稿");
  const r1 = await requestSignoff(owner.request, draftId, v1.versionId);
  const head = await pageAs(browser, HEAD.login);
  const chair = await pageAs(browser, CHAIR.login);
  const setupVice = await pageAs(browser, VICE.login);
  await sign(head.request, { draftId, roundId: r1.roundId, version: v1 });
  await sign(setupVice.request, { draftId, roundId: r1.roundId, version: v1 });
  await sign(chair.request, { draftId, roundId: r1.roundId, version: v1, decision: "RETURN", comment: "请补充数据。" });
  await setupVice.context().close();
  await appendToSection(owner.request, draftId, "存在问题", ADDED);
  const v2 = await freeze(owner.request, draftId, "送审稿");
  const r2 = await requestSignoff(owner.request, draftId, v2.versionId);
  await sign(head.request, { draftId, roundId: r2.roundId, version: v2 });
  await Promise.all([owner.context().close(), head.context().close(), chair.context().close()]);

  const vice = await pageAs(browser, VICE.login, { width: 375, height: 800 });
  await vice.goto("/");
  await expectNoSideScroll(vice);
  const waiting = vice.locator("section", { has: vice.getByRole("heading", { name: /^等我审签/ }) });
  const item = waiting.locator("li", { hasText: title });
  await expect(item).toContainText("第 2 版（送审稿）· 副主席");
  await item.getByRole("link", { name: title }).click();
  await vice.waitForURL(`**/drafts/${draftId}/signoff`);
  await expectNoSideScroll(vice);

  // What changed since her approval of v1: section 二 only, with the words added.
  const mine = vice.getByTestId("my-signoff");
  await expect(mine).toBeInViewport({ ratio: 0.1 });
  const since = vice.getByTestId("changed-since-mine");
  await expect(since).toContainText("自您上次同意（第 1 版）后有修改的章节");
  await expect(vice.getByTestId("changed-sections").locator("li")).toHaveText(["二、存在问题 — 修改"]);
  await since.getByText("查看与第 1 版的全部差异").click();
  await expect(since.getByTestId("version-diff").locator("ins")).toContainText(ADDED);
  await expectNoSideScroll(vice);
  expect(await seriousViolations(vice)).toEqual([]);

  // 同意 with the password: a wrong one is refused in the dialog, the right one signs.
  await mine.getByRole("button", { name: "同意", exact: true }).click();
  const dialog = vice.getByRole("dialog", { name: "同意第 2 版" });
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  await expectNoSideScroll(vice);
  const password = dialog.getByLabel("登录密码");
  await password.fill("not-my-password");
  await dialog.getByRole("button", { name: "确认同意" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("密码不正确。");
  await expect(password).toBeFocused();
  await password.fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "确认同意" }).click();
  await expect(dialog).toBeHidden();
  await expect(vice.getByRole("status").filter({ hasText: "已同意。" })).toBeVisible();
  await expect(vice.getByTestId("round-stages").locator("li[data-stage='2']")).toHaveAttribute("data-state", "met");
  await expect(vice.getByTestId("round-stages").locator("li[data-stage='2'] [data-signer='陈红']")).toContainText("同意，");
  await expect(vice.getByTestId("round-stages").locator("li[data-stage='3']")).toHaveAttribute("data-state", "open");
  await expectNoSideScroll(vice);

  // Back on 工作台 the request is gone.
  await vice.goto("/");
  await expect(vice.locator("li", { hasText: title })).toHaveCount(0);
});
