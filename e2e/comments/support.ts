import { HocuspocusProvider } from "@hocuspocus/provider";
import { expect, test, type Browser, type Locator, type Page } from "../support/test";
import * as Y from "yjs";
import { COLLAB_PATH, DOC_FIELD, documentNameOf } from "../../lib/collab/protocol";
import { signIn } from "../support/auth";
import { trpc } from "../support/drafts";

// Comments e2e: a fresh draft in 提案委员会 with real sections, opened by the people of the demo data. 赵立新 heads the committee (owner),
// 吴海燕 is its deputy head (edits), 高雪 and 马俊 are members (comment), 孙丽华 heads another
// committee (no access).

/** The draft's sections: [level, title, body]. */
export const DRAFT_SECTIONS: [1 | 2, string, string][] = [
  [1, "总体要求", "总体要求的正文。"],
  [2, "第一小节", "第一小节的正文。"],
  [2, "第二小节", "围绕城市更新开展协商议政，形成建议案十二篇。"],
  [1, "主要任务", "主要任务的正文，准备整节删除。"],
];

/**
 * Creates a draft owned by 赵立新 with DRAFT_SECTIONS and returns its id. The content is
 * written over the owner's own collab connection, as the editor would write it (headings
 * carry `level` and `sid`).
 */
export async function createCommentsDraft(browser: Browser, title: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "zhaolixin");
  const committees = await trpc<{ id: string; name: string }[]>(page.request, "drafts.creatableCommittees", undefined, "query");
  const committee = committees.find((c) => c.name === "提案委员会") ?? committees[0]!;
  const { id } = await trpc<{ id: string }>(
    page.request,
    "drafts.create",
    { title: `${title} ${Date.now().toString(36)}`, kind: "SPEECH", committeeId: committee.id },
    "mutation",
  );
  const { token } = await trpc<{ token: string }>(page.request, "drafts.collabToken", { draftId: id }, "mutation");
  const baseURL = test.info().project.use.baseURL!;
  const ydoc = new Y.Doc();
  const provider = new HocuspocusProvider({ url: `${baseURL.replace(/^http/, "ws")}${COLLAB_PATH}`, name: documentNameOf(id), document: ydoc, token });
  try {
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    const frag = ydoc.getXmlFragment(DOC_FIELD);
    const blocks: Y.XmlElement[] = [];
    const block = (type: string, text: string, attrs: Record<string, unknown> = {}) => {
      const el = new Y.XmlElement(type);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
      el.insert(0, [new Y.XmlText(text)]);
      return el;
    };
    DRAFT_SECTIONS.forEach(([level, heading, body], i) => {
      blocks.push(block("heading", heading, { level, sid: `s${i}${Math.random().toString(36).slice(2, 8)}` }), block("paragraph", body));
    });
    ydoc.transact(() => {
      frag.delete(0, frag.length);
      frag.insert(0, blocks);
    });
    await expect.poll(() => provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
  } finally {
    provider.destroy();
    await context.close();
  }
  return id;
}

/** Uncaught errors of each page opened with openDraft (a test ends by expecting none). */
export const pageErrors = new WeakMap<Page, string[]>();

export async function openDraft(browser: Browser, login: string, draftId: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (e) => {
    errors.push(`${login}: ${e.message}`);
    console.log(`[pageerror ${login}] ${e.stack ?? e.message}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") console.log(`[console ${login}] ${m.text()}`);
  });
  await signIn(page, login);
  await page.goto(`/drafts/${draftId}`);
  await expect(page.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(editor(page)).toContainText("围绕城市更新");
  return page;
}

export const editor = (page: Page) => page.locator(".ProseMirror");
export const panel = (page: Page) => page.getByTestId("comments-panel");
export const threadWith = (page: Page, text: string): Locator => panel(page).locator("article[data-thread-id]", { hasText: text });

/**
 * Selects `text` in the editor as a person would with the mouse (a DOM selection). The text
 * may run across elements (a highlight ends inside it); carets and numbering labels are not
 * part of the text.
 */
export async function selectText(page: Page, text: string) {
  await page.evaluate((needle) => {
    const root = document.querySelector(".ProseMirror")!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: { node: Node; start: number }[] = [];
    let all = "";
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest(".section-label, .collaboration-carets__caret")) continue;
      const t = n.textContent!.replaceAll("\u2060", "");
      if (t !== n.textContent) continue;
      nodes.push({ node: n, start: all.length });
      all += t;
    }
    const at = all.indexOf(needle);
    if (at < 0) throw new Error(`text not found: ${needle}`);
    const place = (offset: number, end: boolean) => {
      const hit = [...nodes].reverse().find((x) => (end ? x.start < offset : x.start <= offset))!;
      return [hit.node, offset - hit.start] as const;
    };
    const range = document.createRange();
    range.setStart(...place(at, false));
    range.setEnd(...place(at + needle.length, true));
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }, text);
}

/**
 * Selects from the end of `after` to the end of the document and deletes it, as with
 * Shift+Ctrl+End and Delete — waiting for the editor to have the selection (the 批注 button
 * shows for it) before pressing Delete.
 */
export async function deleteToEnd(page: Page, after: string) {
  await editor(page).focus();
  await page.evaluate((needle) => {
    const root = document.querySelector(".ProseMirror")!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let start: [Node, number] | null = null;
    let last: Node | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if ((n.parentElement?.closest(".section-label, .collaboration-carets__caret")) || !n.textContent) continue;
      const i = n.textContent.indexOf(needle);
      if (!start && i >= 0) start = [n, i + needle.length];
      last = n;
    }
    if (!start || !last) throw new Error(`text not found: ${needle}`);
    const range = document.createRange();
    range.setStart(start[0], start[1]);
    range.setEnd(last, last.textContent!.length);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }, after);
  await expect(page.getByRole("button", { name: "批注", exact: true })).toBeVisible();
  await page.keyboard.press("Delete");
}

/** Selects `text` in an editable editor and deletes it. */
export async function deleteText(page: Page, text: string) {
  await editor(page).focus();
  await selectText(page, text);
  await expect(page.getByRole("button", { name: "批注", exact: true })).toBeVisible();
  await page.keyboard.press("Delete");
}

/** Selects `quote`, presses 批注, writes `body` and sends; returns the new thread. */
export async function commentOnPassage(page: Page, quote: string, body: string): Promise<Locator> {
  await selectText(page, quote);
  await page.getByRole("button", { name: "批注", exact: true }).click();
  const composer = page.getByTestId("comment-composer");
  await expect(composer).toContainText(quote);
  await composer.getByLabel("批注", { exact: true }).fill(body);
  await composer.getByRole("button", { name: "发表意见" }).click();
  await expect(composer).toBeHidden();
  const thread = threadWith(page, quote);
  await expect(thread).toBeVisible();
  return thread;
}
