import { expect, test } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft } from "../support/drafts";

// The drafter gives people roles on a draft; removing someone closes their open editor.

test("the owner invites a member from another committee, raises them to editor, then removes them", async ({ browser }) => {
  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, "zhaolixin");
  const draftId = await createDraft(ownerPage.request, `成员测试 ${Date.now().toString(36)}`);
  await ownerPage.goto(`/drafts/${draftId}`);

  // 林芳 belongs to 文史委: she cannot see a 提案委 draft until invited.
  const guest = await (await browser.newContext()).newPage();
  await signIn(guest, "linfang");
  expect((await guest.goto(`/drafts/${draftId}`))?.status()).toBe(404);

  const panel = ownerPage.getByRole("region", { name: "成员与权限" });
  const addForm = panel.getByRole("form", { name: "添加成员" });
  await addForm.getByLabel("人员").selectOption({ label: "林芳（区政协委员，区第一中学副校长）" });
  await addForm.getByLabel("权限").selectOption("COMMENTER");
  await addForm.getByRole("button", { name: "设置" }).click();
  await expect(panel.locator("li[data-username=linfang]")).toBeVisible();

  await guest.goto(`/drafts/${draftId}`);
  await expect(guest.getByTestId("my-role")).toHaveText("可提意见");
  await expect(guest.locator(".ProseMirror")).toHaveAttribute("contenteditable", "false");

  // The notice reads the same for every change: wait for this change's answer itself.
  await Promise.all([
    ownerPage.waitForResponse((r) => r.url().includes("drafts.members.set") && r.ok()),
    panel.locator("li[data-username=linfang]").getByRole("combobox").selectOption("EDITOR"),
  ]);
  // Her open editor becomes editable without a reload, and what she types is saved.
  await expect(guest.locator(".ProseMirror")).toHaveAttribute("contenteditable", "true", { timeout: 10_000 });
  await guest.locator(".ProseMirror").click();
  await guest.keyboard.type("林芳补充的内容。");
  await expect(guest.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(ownerPage.locator(".ProseMirror")).toContainText("林芳补充的内容。");
  await guest.reload();
  await expect(guest.getByTestId("my-role")).toHaveText("可编辑");
  // Her editor is open and connected again (removing her before it connects is another story:
  // the page then says only that she cannot see the draft).
  await expect(guest.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");

  await panel.locator("li[data-username=linfang]").getByRole("button", { name: "移除" }).click();
  // Her open editor is closed by the server and says why.
  await expect(guest.getByRole("alert").filter({ hasText: "访问权限已变更" })).toBeVisible({ timeout: 10_000 });
  expect((await guest.goto(`/drafts/${draftId}`))?.status()).toBe(404);
});

test("only the owner sees the members panel", async ({ browser }) => {
  const ownerPage = await (await browser.newContext()).newPage();
  await signIn(ownerPage, "zhaolixin");
  const draftId = await createDraft(ownerPage.request, `面板测试 ${Date.now().toString(36)}`);
  const deputy = await (await browser.newContext()).newPage();
  await signIn(deputy, "wuhaiyan");
  await deputy.goto(`/drafts/${draftId}`);
  await expect(deputy.getByTestId("my-role")).toHaveText("可编辑");
  await expect(deputy.getByRole("region", { name: "成员与权限" })).toHaveCount(0);
  // …and the API refuses her too.
  const res = await deputy.request.post("/api/trpc/drafts.members.set", {
    data: { json: { draftId, userId: "anyone", role: "EDITOR" } },
  });
  expect(res.status()).toBe(403);
});
