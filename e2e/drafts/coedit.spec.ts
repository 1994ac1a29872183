import { expect, test, type Browser, type Page } from "../support/test";
import { HocuspocusProvider } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { signIn } from "../support/auth";
import { createDraft, trpc } from "../support/drafts";
import { COLLAB_PATH, documentNameOf } from "../../lib/collab/protocol";

// Co-editing a draft: two people type at once and see each other; a reader sees changes
// live but cannot change anything, not even with a crafted websocket update.

async function openDraft(browser: Browser, login: string, draftId: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, login);
  await page.goto(`/drafts/${draftId}`);
  await expect(page.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  return page;
}

const editor = (page: Page) => page.locator(".ProseMirror");

test("two editors see each other's text and named cursor within a second", async ({ browser }) => {
  // 赵立新 heads 提案委员会; 吴海燕 is its deputy head, so she edits by default.
  const owner = await openDraft(browser, "zhaolixin", await createDraftAs(browser, "zhaolixin", "协同编辑测试"));
  const draftId = owner.url().split("/").pop()!;
  const deputy = await openDraft(browser, "wuhaiyan", draftId);

  await editor(owner).click();
  await owner.keyboard.type("一、总体要求");
  await owner.keyboard.press("Enter");
  await owner.keyboard.type("赵立新写的正文。");
  await expect(editor(deputy)).toContainText("赵立新写的正文。", { timeout: 1_000 });
  await expect(deputy.locator(".collaboration-carets__label", { hasText: "赵立新" })).toBeVisible({ timeout: 1_000 });

  await editor(deputy).click();
  await deputy.keyboard.press("End");
  await deputy.keyboard.type("吴海燕补充一句。");
  await expect(editor(owner)).toContainText("吴海燕补充一句。", { timeout: 1_000 });
  await expect(owner.locator(".collaboration-carets__label", { hasText: "吴海燕" })).toBeVisible({ timeout: 1_000 });

  // Saved means acknowledged by the server after the database write.
  await expect(owner.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(deputy.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
});

test("a viewer sees edits live, cannot type, and a crafted update is not persisted", async ({ browser, baseURL }) => {
  const draftId = await createDraftAs(browser, "zhaolixin", "只读测试");
  const owner = await openDraft(browser, "zhaolixin", draftId);
  // The chair reads every draft but edits none by default.
  const chair = await openDraft(browser, "wangjianguo", draftId);
  await expect(chair.getByTestId("my-role")).toHaveText("只读");
  await expect(editor(chair)).toHaveAttribute("contenteditable", "false");

  await editor(owner).click();
  await owner.keyboard.type("主席能实时看到这句话。");
  await expect(editor(chair)).toContainText("主席能实时看到这句话。", { timeout: 1_000 });

  // Typing in the reader's page changes nothing.
  await editor(chair).click();
  await chair.keyboard.type("不应出现");
  await expect(editor(chair)).not.toContainText("不应出现");

  // A client that ignores the read-only flag and sends an update over the chair's own ticket.
  const { token } = await trpc<{ token: string }>(chair.request, "drafts.collabToken", { draftId }, "mutation");
  const ydoc = new Y.Doc();
  let rejected = 0;
  const provider = new HocuspocusProvider({
    url: `${baseURL!.replace(/^http/, "ws")}${COLLAB_PATH}`,
    name: documentNameOf(draftId),
    document: ydoc,
    token,
    // SyncStatus (type 8) with 0: the server did not apply the update.
    // Called both by the socket (a raw MessageEvent) and by the provider ({ event, message }).
    onMessage: (payload: { event?: MessageEvent; data?: unknown }) => {
      const data = (payload.event ?? (payload as MessageEvent)).data;
      if (!(data instanceof ArrayBuffer)) return;
      const d = decoding.createDecoder(new Uint8Array(data));
      decoding.readVarString(d);
      if (decoding.readVarUint(d) === 8 && decoding.readVarInt(d) === 0) rejected++;
    },
  });
  await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
  const para = new Y.XmlElement("paragraph");
  para.insert(0, [new Y.XmlText("伪造的修改")]);
  ydoc.getXmlFragment("default").insert(0, [para]);
  // The server answers a read-only update with a negative acknowledgement.
  await expect.poll(() => rejected, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(provider.unsyncedChanges).toBeGreaterThan(0);
  provider.destroy();

  // A fresh reader of the stored draft does not see it.
  const fresh = await openDraft(browser, "zhaolixin", draftId);
  await expect(editor(fresh)).toContainText("主席能实时看到这句话。");
  await expect(editor(fresh)).not.toContainText("伪造的修改");
  await expect(editor(owner)).not.toContainText("伪造的修改");
});

test("moving section 二 above 一 renumbers headings and outline", async ({ browser }) => {
  const draftId = await createDraftAs(browser, "zhaolixin", "章节移动测试");
  const page = await openDraft(browser, "zhaolixin", draftId);
  await editor(page).click();
  for (const [heading, body] of [["一、第一部分", "甲的正文"], ["二、第二部分", "乙的正文"]] as const) {
    await page.keyboard.type(heading);
    await page.keyboard.press("Enter");
    await page.keyboard.type(body);
    await page.keyboard.press("Enter");
  }
  const outline = page.getByTestId("outline").locator("li");
  await expect(outline).toHaveText([/一、第一部分/, /二、第二部分/]);

  await page.getByRole("button", { name: "上移 二、第二部分" }).click();
  await expect(outline).toHaveText([/一、第二部分/, /二、第一部分/]);
  await expect(editor(page).locator("h1")).toHaveText(["一、第二部分", "二、第一部分"]);
  // The body moved with its heading.
  await expect(editor(page)).toHaveText(/一、第二部分\s*乙的正文\s*二、第一部分\s*甲的正文/);
});

test("the draft page works at 375 px", async ({ browser }) => {
  const draftId = await createDraftAs(browser, "zhaolixin", "手机测试");
  const page = await openDraft(browser, "zhaolixin", draftId, { width: 375, height: 800 });
  // A second person present makes the status bar longer.
  await openDraft(browser, "wuhaiyan", draftId);
  await expect(page.getByText(/在线/)).toContainText("吴海燕");
  await editor(page).click();
  // A long title: the outline truncates it instead of widening the page.
  await page.keyboard.type("一、手机上也能写，即使标题很长也不会把页面撑宽到屏幕以外");
  await expect(page.getByTestId("outline")).toContainText("一、手机上也能写");
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Nothing is clipped at the right edge either: the editor and its status bar fit.
  for (const box of [await page.locator(".draft-editor").boundingBox(), await page.locator("[data-save-state]").boundingBox()]) {
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }
});

test("a draft one may not see is not found, like one that does not exist", async ({ browser }) => {
  const draftId = await createDraftAs(browser, "zhaolixin", "不可见测试");
  // 孙丽华 heads another committee and has no role on this draft.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "sunlihua");
  const hidden = await page.goto(`/drafts/${draftId}`);
  expect(hidden?.status()).toBe(404);
  const missing = await page.goto(`/drafts/no-such-draft`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

async function createDraftAs(browser: Browser, login: string, title: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login);
  const id = await createDraft(page.request, `${title} ${Date.now().toString(36)}`);
  await context.close();
  return id;
}
