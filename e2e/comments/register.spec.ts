import { readFile } from "node:fs/promises";
import { expect, test } from "../support/test";
import mammoth from "mammoth";
import { trpc } from "../support/drafts";
import { horizontalOverflow, importDraft, pageAs, sectionSid, seriousViolations } from "./shell-support";

// 意见采纳情况: the drafter's record of what became of each comment, on a page and as
// .docx and .csv downloads.

const COMMENT = "建议把“围绕中心工作开展协商”细化为三项具体议题。";
const REASON = "已吸收第一项，其余两项列入下半年协商计划。";

async function draftWithDisposition(browser: import("../support/test").Browser) {
  const owner = await pageAs(browser, "zhaolixin");
  const title = `采纳情况测试 ${Date.now().toString(36)}`;
  const draftId = await importDraft(owner.request, title);
  const sid = await sectionSid(owner.request, draftId, "（二）协商议政");
  // 马俊 is a member of 提案委: he may comment on its drafts.
  const member = await pageAs(browser, "majun");
  const { threadId } = await trpc<{ threadId: string }>(member.request, "comments.create", { draftId, sid, body: COMMENT, visibility: "MEMBERS" }, "mutation");
  return { owner, member, draftId, title, threadId };
}

test("after the drafter sets 部分采纳 with a reason, the register shows the row and both downloads contain it", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const { owner, draftId, title, threadId } = await draftWithDisposition(browser);
  await trpc(owner.request, "comments.setDisposition", { draftId, threadId, disposition: "PARTLY_ADOPTED", reason: REASON }, "mutation");

  // From the draft page header.
  await owner.goto(`/drafts/${draftId}`);
  await owner.getByRole("link", { name: "意见采纳情况" }).click();
  await owner.waitForURL(`**/drafts/${draftId}/register`);
  await expect(owner.getByRole("heading", { name: "意见采纳情况", level: 1 })).toBeVisible();
  await expect(owner.getByRole("main")).toContainText(title);

  const table = owner.getByRole("table", { name: "意见采纳情况表" });
  const row = table.locator(`tr[data-thread-id="${threadId}"]`);
  const cells = row.getByRole("cell");
  await expect(cells).toHaveText([/^1$/, /（二）\s*协商议政有新成效/, /马俊/, COMMENT, "部分采纳", REASON, "未解决"], { useInnerText: true });
  await expect(table.getByRole("columnheader")).toHaveText(["序号", "章节", "提出人", "意见", "采纳情况", "理由或说明", "状态"], { useInnerText: true });
  await expect(owner.getByTestId("register-summary")).toHaveText("共 1 条意见：部分采纳 1");
  await expect(row.getByRole("link", { name: COMMENT })).toHaveAttribute("href", `/drafts/${draftId}?thread=${threadId}`);

  const [docx] = await Promise.all([owner.waitForEvent("download"), owner.getByRole("link", { name: "下载 Word（.docx）" }).click()]);
  expect(docx.suggestedFilename()).toMatch(/\.docx$/);
  const { value: text } = await mammoth.extractRawText({ path: await docx.path() });
  for (const expected of [COMMENT, REASON, "部分采纳", "马俊", "协商议政有新成效"]) expect(text).toContain(expected);

  const [csv] = await Promise.all([owner.waitForEvent("download"), owner.getByRole("link", { name: "下载表格（.csv）" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const bytes = await readFile(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  const line = lines.find((l) => l.includes(COMMENT));
  expect(line, lines.join("\n")).toBeTruthy();
  expect(line).toContain("部分采纳");
  expect(line).toContain(REASON);
  expect(line).toContain("马俊");
});

test("a comment without a disposition reads 待处理; someone who cannot see the draft gets 404 for the register and its downloads", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const { member, draftId, threadId } = await draftWithDisposition(browser);
  await member.goto(`/drafts/${draftId}/register`);
  const row = member.locator(`tr[data-thread-id="${threadId}"]`);
  await expect(row.getByRole("cell").nth(4)).toHaveText("待处理", { useInnerText: true });
  await expect(member.getByTestId("register-summary")).toHaveText("共 1 条意见：待处理 1");

  // 林芳 belongs to 文史委 and is not invited: the draft does not exist for her.
  const outsider = await pageAs(browser, "linfang");
  expect((await outsider.goto(`/drafts/${draftId}/register`))?.status()).toBe(404);
  await expect(outsider.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(outsider.locator("body")).not.toContainText(COMMENT);
  for (const format of ["docx", "csv"]) {
    const res = await outsider.request.get(`/api/drafts/${draftId}/register?format=${format}`);
    expect(res.status()).toBe(404);
    expect(await res.text()).not.toContain(COMMENT);
  }
});

test("the register page: no serious axe violations, and 375 px wide without horizontal scrolling", async ({ browser }) => {
  test.setTimeout(90_000); // several signed-in contexts on a shared, slow machine
  const { owner, draftId, threadId } = await draftWithDisposition(browser);
  await trpc(owner.request, "comments.setDisposition", { draftId, threadId, disposition: "NOT_ADOPTED", reason: REASON }, "mutation");
  await owner.goto(`/drafts/${draftId}/register`);
  await expect(owner.getByRole("cell", { name: "未采纳" })).toBeVisible();
  expect(await seriousViolations(owner)).toEqual([]);

  await owner.setViewportSize({ width: 375, height: 800 });
  await owner.reload();
  const row = owner.locator(`tr[data-thread-id="${threadId}"]`);
  await expect(row).toBeVisible();
  // Each row reads as a card with its labels on a phone.
  await expect(row).toContainText("采纳情况：未采纳");
  expect(await horizontalOverflow(owner)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(owner)).toEqual([]);
});
