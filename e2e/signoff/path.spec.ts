import { expect, test, type Page } from "../support/test";
import mammoth from "mammoth";
import { readFile } from "node:fs/promises";
import { compact, pdfPageTexts } from "../../server/test/pdf-text";
import { trpc } from "../support/drafts";
import {
  ADDED, CHAIR, DEMO_PASSWORD, HEAD, OWNER, VICE, appendToSection, freeze, importReport, pageAs, requestSignoff, seriousViolations, sign, uniqueTitle,
} from "./support";

// Issue #9, "Done when" 1 — the whole path through the pages: freeze v1 → the committee head
// approves → a vice-chair returns it with a comment → the owner edits section 二 → freeze v2 →
// the diff shows only 二 changed → the head sees “二 changed since your approval” and signs again
// → the vice-chair sees 二 changed since the v1 she returned and signs → the chair signs → 定稿;
// the owner's open editor turns read-only without a reload; .docx and PDF download;
// /verify/<hash> reports final with the three signers.

const RETURN_COMMENT = "第二部分问题分析不够具体，请补充调查数据。";

const editor = (page: Page) => page.locator(".ProseMirror");
/** Step n of the round's progress on the sign-off page. */
const stage = (page: Page, n: number) => page.getByTestId("round-stages").locator(`li[data-stage='${n}']`);

/** Signs on the sign-off page as a person would: the button, the dialog, the password. */
async function signOnPage(page: Page, decision: "同意" | "退回修改", o: { comment?: string } = {}) {
  const mine = page.getByTestId("my-signoff");
  await mine.getByRole("button", { name: decision, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  if (o.comment) await dialog.getByLabel(/意见/).fill(o.comment);
  await dialog.getByLabel("登录密码").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: decision === "同意" ? "确认同意" : "确认退回" }).click();
  await expect(dialog).toBeHidden();
}

test("the whole path: v1 approved by the head, returned by a vice-chair, v2 with only 二 changed, re-signed, 定稿, downloads and verification", async ({ browser }) => {
  test.setTimeout(480_000); // eight signed-in pages, a PDF printed by Chromium, on a shared machine
  const title = uniqueTitle("全程");

  // 吴海燕 drafts; a member's open comment makes the gate matter.
  const owner = await pageAs(browser, OWNER);
  const draftId = await importReport(owner.request, title);
  const member = await pageAs(browser, "majun");
  const { sections } = await trpc<{ sections: { sid: string; label: string; title: string }[] }>(member.request, "drafts.get", { draftId }, "query");
  const third = sections.find((s) => s.title === "意见建议")!;
  await trpc(member.request, "comments.create", { draftId, sid: third.sid, body: "建议补充议事规则的具体做法。" }, "mutation");
  await member.context().close();

  // Freeze v1 from the draft header's 版本 page.
  await owner.goto(`/drafts/${draftId}`);
  await owner.getByRole("link", { name: "版本", exact: true }).click();
  await owner.waitForURL(`**/drafts/${draftId}/versions`);
  await expect(owner.getByText("还没有冻结的版本。")).toBeVisible();
  await owner.getByRole("button", { name: "冻结版本" }).click();
  const freezeDialog = owner.getByRole("dialog", { name: "冻结版本" });
  await expect(freezeDialog.getByLabel("版本名称")).toHaveValue("征求意见稿");
  await freezeDialog.getByLabel("说明（可选）").fill("第一次征求意见");
  await freezeDialog.getByRole("button", { name: "冻结", exact: true }).click();
  await expect(owner.getByRole("status").filter({ hasText: "已冻结第 1 版。" })).toBeVisible();
  const v1Row = owner.locator("li[data-version='1']");
  await expect(v1Row).toContainText("第 1 版 · 征求意见稿");
  await expect(v1Row).toContainText("说明：第一次征求意见");
  await expect(v1Row).toContainText("吴海燕 冻结于");
  await expect(v1Row.getByTestId("round-status")).toHaveText("未请求审签");
  expect(await seriousViolations(owner)).toEqual([]);

  // The rule is the committee's default; the owner switches the gate to 提醒 before requesting.
  await owner.getByRole("link", { name: "审签", exact: true }).click();
  await owner.waitForURL(`**/drafts/${draftId}/signoff`);
  const rule = owner.locator("section", { has: owner.getByRole("heading", { name: "审签规则" }) });
  await expect(rule.locator("[data-stage='1']")).toContainText("第1步：专委会主任 · 全部同意 · 赵立新");
  await expect(rule.locator("[data-stage='2']")).toContainText(/第2步：副主席 · 2 人中 1 人 · (陈红、刘志强|刘志强、陈红)/);
  await expect(rule.locator("[data-stage='3']")).toContainText("第3步：主席 · 1 人中 1 人 · 王建国");
  await expect(rule).toContainText("有未处理意见时：阻止请求审签");
  const request = owner.getByRole("button", { name: "对第 1 版请求审签" });
  await expect(owner.getByTestId("request-open-threads")).toHaveText("有 1 条意见未解决且未填写采纳情况。");
  await request.click();
  await expect(owner.getByTestId("request-error")).toHaveText("还有 1 条意见未解决且未填写采纳情况，处理后才能请求审签。");
  await rule.getByRole("button", { name: "修改规则" }).click();
  await rule.getByLabel("提醒，确认后仍可请求").check();
  await rule.getByRole("button", { name: "保存规则" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "审签规则已保存。" })).toBeVisible();
  await expect(rule).toContainText("有未处理意见时：提醒，确认后仍可请求");
  await request.click();
  await expect(owner.getByTestId("request-error")).toHaveText("还有 1 条意见未解决且未填写采纳情况。确认后仍可请求审签。");
  await expect(request).toBeDisabled();
  await owner.getByLabel("我已知悉还有未处理的意见，仍请求审签").check();
  await request.click();
  await expect(owner.getByRole("status").filter({ hasText: "已请求审签" })).toBeVisible();
  await expect(owner.getByTestId("round-status")).toHaveText("审签中");
  await expect(owner.getByText("审签进行中，本轮结束前不能修改规则。")).toBeVisible();

  // The head finds it on 工作台 and approves with the password.
  const head = await pageAs(browser, HEAD.login);
  await head.goto("/");
  const waiting = head.locator("section", { has: head.getByRole("heading", { name: /^等我审签/ }) });
  await waiting.getByRole("link", { name: title }).click();
  await head.waitForURL(`**/drafts/${draftId}/signoff`);
  const headMine = head.getByTestId("my-signoff");
  await expect(headMine).toContainText("您审签的是第 1 版（征求意见稿）");
  await expect(headMine).toContainText("这是您第一次审签本稿");
  await expect(head.getByTestId("open-threads")).toContainText("还有 1 条意见未解决。");
  expect(await seriousViolations(head)).toEqual([]);
  await signOnPage(head, "同意");
  await expect(head.getByRole("status").filter({ hasText: "已同意。" })).toBeVisible();
  await expect(stage(head, 1)).toHaveAttribute("data-state", "met");
  await expect(stage(head, 1).locator("[data-signer='赵立新']")).toContainText("同意，");

  // A vice-chair returns it with a comment.
  const vice = await pageAs(browser, VICE.login);
  await vice.goto(`/drafts/${draftId}/signoff`);
  await signOnPage(vice, "退回修改", { comment: RETURN_COMMENT });
  await expect(vice.getByRole("status").filter({ hasText: "已退回修改。" })).toBeVisible();
  await expect(vice.getByTestId("round-status")).toHaveText("已退回");
  await expect(vice.locator("[data-signer='陈红']")).toContainText(RETURN_COMMENT);

  // The owner edits section 二 in the editor and freezes v2.
  await owner.goto(`/drafts/${draftId}`);
  await expect(owner.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await editor(owner).getByText("资金来源单一，居民参与不足。").click();
  await owner.keyboard.press("End");
  await owner.keyboard.type(ADDED);
  await expect(owner.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await owner.goto(`/drafts/${draftId}/versions`);
  await owner.getByRole("button", { name: "冻结版本" }).click();
  await owner.getByRole("dialog", { name: "冻结版本" }).getByLabel("版本名称").selectOption("送审稿");
  await owner.getByRole("dialog", { name: "冻结版本" }).getByRole("button", { name: "冻结", exact: true }).click();
  await expect(owner.getByRole("status").filter({ hasText: "已冻结第 2 版。" })).toBeVisible();
  await expect(owner.locator("li[data-version='1']").getByTestId("round-status")).toHaveText("已退回");

  // The diff between them: only 二 changed, the added words inside <ins>.
  await owner.locator("li[data-version='2']").getByRole("link", { name: "与第 1 版比较" }).click();
  await owner.waitForURL(/\/versions\/compare\?/);
  await expect(owner.getByRole("heading", { name: "第 1 版 → 第 2 版" })).toBeVisible();
  await expect(owner.getByTestId("diff-summary")).toHaveText("修改 1 节，新增 0 节，删除 0 节，移动 0 节");
  const diff = owner.getByTestId("version-diff");
  const changed = diff.locator("li[data-status='changed']");
  await expect(changed).toHaveCount(1);
  await expect(changed.getByRole("heading")).toHaveText("二、存在问题");
  await expect(changed.locator("ins")).toHaveText(`〔新增：${ADDED}〕`);
  await expect(changed.locator("del")).toHaveCount(0);
  await expect(diff.locator("[data-status='added'], [data-status='removed'], [data-status='moved']")).toHaveCount(0);
  await expect(diff.locator("li[data-status='unchanged']")).toHaveCount(3); // the title line, 一 and 三, folded
  await expect(diff.locator("details").first()).not.toHaveAttribute("open", "");
  expect(await seriousViolations(owner)).toEqual([]);

  // Sign-off on v2 (the gate warns again: the comment is still open).
  await owner.goto(`/drafts/${draftId}/signoff`);
  await owner.getByRole("button", { name: "对第 2 版请求审签" }).click();
  await owner.getByLabel("我已知悉还有未处理的意见，仍请求审签").check();
  await owner.getByRole("button", { name: "对第 2 版请求审签" }).click();
  await expect(owner.getByTestId("round-status")).toHaveText("审签中");

  // The head: “二 changed since your approval”, and nothing else; signs again.
  await head.goto(`/drafts/${draftId}/signoff`);
  const since = head.getByTestId("changed-since-mine");
  await expect(since).toContainText("自您上次同意（第 1 版）后有修改的章节");
  await expect(head.getByTestId("changed-sections").locator("li")).toHaveCount(1);
  await expect(head.getByTestId("changed-sections").locator("li")).toHaveText("二、存在问题 — 修改");
  await since.getByText("查看与第 1 版的全部差异").click();
  await expect(since.getByTestId("version-diff").locator("ins")).toContainText(ADDED);
  await signOnPage(head, "同意");
  await expect(head.getByRole("status").filter({ hasText: "已同意。" })).toBeVisible();

  // The owner's editor is open while the last signatures come in.
  const ownerEditor = await owner.context().newPage();
  await ownerEditor.goto(`/drafts/${draftId}`);
  await expect(ownerEditor.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(editor(ownerEditor)).toHaveAttribute("contenteditable", "true");

  await vice.goto(`/drafts/${draftId}/signoff`);
  // She returned v1: not her first sign-off — she sees what changed since the version she returned.
  await expect(vice.getByTestId("my-signoff")).not.toContainText("这是您第一次审签本稿");
  await expect(vice.getByTestId("changed-since-mine")).toContainText("自您上次退回（第 1 版）后有修改的章节");
  await expect(vice.getByTestId("changed-sections").locator("li")).toHaveText(["二、存在问题 — 修改"]);
  await signOnPage(vice, "同意");
  await expect(stage(vice, 2)).toHaveAttribute("data-state", "met");

  const chair = await pageAs(browser, CHAIR.login);
  await chair.goto(`/drafts/${draftId}/signoff`);
  await signOnPage(chair, "同意");
  await expect(chair.getByRole("status").filter({ hasText: "已同意。本稿已定稿。" })).toBeVisible();
  await expect(chair.getByTestId("final-banner")).toContainText("本稿已定稿：第 2 版（送审稿）。");
  await expect(chair.getByTestId("round-status")).toHaveText("已定稿");

  // The open editor turned read-only without a reload, and says why.
  await expect(editor(ownerEditor)).toHaveAttribute("contenteditable", "false", { timeout: 15_000 });
  await expect(ownerEditor.getByTestId("read-only-notice")).toContainText("本稿已定稿，正文为只读。");
  await ownerEditor.reload();
  await expect(ownerEditor.getByTestId("final-badge")).toHaveText("定稿");
  await expect(editor(ownerEditor)).toHaveAttribute("contenteditable", "false");

  // The final version: read-only with its numbering, both downloads, and its verification.
  await owner.goto(`/drafts/${draftId}/versions`);
  await expect(owner.locator("li[data-version='2']")).toContainText("定稿");
  await owner.locator("li[data-version='2']").getByRole("link", { name: "查看第 2 版" }).click();
  await owner.waitForURL(/\/versions\/[^/]+$/);
  const content = owner.getByRole("article", { name: "第 2 版正文" });
  await expect(content.getByRole("heading", { name: "二、存在问题" })).toBeVisible();
  await expect(content).toContainText(ADDED);
  const hash = (await owner.getByTestId("version-hash").textContent())!.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(await seriousViolations(owner)).toEqual([]);

  const [docx] = await Promise.all([owner.waitForEvent("download"), owner.getByRole("link", { name: "下载 Word（.docx）" }).click()]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  const { value: docText } = await mammoth.extractRawText({ path: (await docx.path())! });
  expect(docText).toContain(title);
  expect(docText).toContain(ADDED);
  expect(docText).toContain(hash);

  const [pdf] = await Promise.all([owner.waitForEvent("download", { timeout: 120_000 }), owner.getByRole("link", { name: "下载 PDF" }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfText = pdfPageTexts(await readFile((await pdf.path())!)).map(compact).join("");
  expect(pdfText).toContain(compact(title));
  expect(pdfText).toContain(hash);

  await owner.getByRole("link", { name: "核验页面" }).click();
  await owner.waitForURL(`**/verify/${hash}`);
  await expect(owner.getByTestId("verify-result")).toHaveAttribute("data-outcome", "final");
  for (const name of [HEAD.name, VICE.name, CHAIR.name]) await expect(owner.getByTestId("verify-signers")).toContainText(name);
});

test("a signer whose page shows a version no longer under sign-off is told 内容已更新 and sees the new one", async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await pageAs(browser, OWNER);
  const draftId = await importReport(owner.request, uniqueTitle("过期"));
  const v1 = await freeze(owner.request, draftId, "征求意见稿");
  await requestSignoff(owner.request, draftId, v1.versionId);

  const head = await pageAs(browser, HEAD.login);
  await head.goto(`/drafts/${draftId}/signoff`);
  await expect(head.getByTestId("my-signoff")).toContainText("您审签的是第 1 版");

  // Meanwhile the owner edits, freezes v2 and asks for sign-off on it: v1's round is superseded.
  await appendToSection(owner.request, draftId, "存在问题", ADDED);
  const v2 = await freeze(owner.request, draftId, "送审稿");
  await requestSignoff(owner.request, draftId, v2.versionId);

  await signOnPage(head, "同意");
  await expect(head.getByTestId("page-alert")).toHaveText("内容已更新，请重新查看后再签。");
  await expect(head.getByTestId("my-signoff")).toContainText("您审签的是第 2 版（送审稿）");
  // Nothing was stored for v1; v2 waits for the head.
  await expect(stage(head, 1).locator("[data-signer='赵立新']")).toContainText("未签");
  await signOnPage(head, "同意");
  await expect(stage(head, 1)).toHaveAttribute("data-state", "met");
});

test("the chair reopens a final draft with a reason; the owner's open editor becomes writable again", async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await pageAs(browser, OWNER);
  const draftId = await importReport(owner.request, uniqueTitle("重开"));
  const v1 = await freeze(owner.request, draftId, "送审稿");
  const { roundId } = await requestSignoff(owner.request, draftId, v1.versionId);
  for (const login of [HEAD.login, VICE.login, CHAIR.login]) {
    const p = await pageAs(browser, login);
    await sign(p.request, { draftId, roundId, version: v1 });
    await p.context().close();
  }
  await owner.goto(`/drafts/${draftId}`);
  await expect(owner.getByTestId("final-badge")).toBeVisible();
  await expect(owner.getByTestId("read-only-notice")).toContainText("本稿已定稿");

  const chair = await pageAs(browser, CHAIR.login);
  await chair.goto(`/drafts/${draftId}/signoff`);
  await chair.getByRole("button", { name: "重新打开" }).click();
  const dialog = chair.getByRole("dialog", { name: "重新打开" });
  await dialog.getByRole("button", { name: "确认重新打开" }).click();
  await expect(dialog.getByText("请填写重新打开的理由。")).toBeVisible();
  await dialog.getByLabel("理由").fill("主席会议决定补充第三部分。");
  await dialog.getByRole("button", { name: "确认重新打开" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "已重新打开" })).toBeVisible();
  await expect(chair.getByTestId("final-banner")).toHaveCount(0);
  await expect(chair.getByTestId("round-status")).toHaveText("定稿后已重新打开");

  await expect(owner.locator(".ProseMirror")).toHaveAttribute("contenteditable", "true", { timeout: 15_000 });
  await expect(owner.getByTestId("read-only-notice")).toHaveCount(0);
});

test("a sign-off request in the bell opens the sign-off page", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = await pageAs(browser, OWNER);
  const title = uniqueTitle("通知");
  const draftId = await importReport(owner.request, title);
  const v1 = await freeze(owner.request, draftId, "送审稿");
  await requestSignoff(owner.request, draftId, v1.versionId);
  const head = await pageAs(browser, HEAD.login);
  await head.goto("/");
  const bell = head.getByRole("button", { name: /^通知/ });
  await bell.click();
  const popover = head.locator(`[id="${await bell.getAttribute("aria-controls")}"]`);
  await popover.getByRole("link", { name: `《${title}》等待您审签` }).click();
  await head.waitForURL(`**/drafts/${draftId}/signoff`);
  await expect(head.getByTestId("my-signoff")).toContainText("您审签的是第 1 版（送审稿）");
});
