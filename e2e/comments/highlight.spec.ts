import { expect, test } from "../support/test";
import type { Page } from "../support/test";
import { commentOnPassage, createCommentsDraft, editor, openDraft, pageErrors, threadWith } from "./support";

/** The document's text without other people's carets (a label between word joiners). */
const docText = (page: Page) =>
  editor(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret, .section-label").forEach((c) => c.remove());
    return (copy.textContent ?? "").replaceAll("\u2060", "");
  });

// Issue #8, "Done when" 2: someone inserts text before a highlighted passage; the highlight
// still covers the same words — on the commenter's page (a remote change) and on the
// editor's own (a local one). Clicking the highlight opens its thread.

const QUOTE = "形成建议案";

test("the highlight follows the quoted words while another person types before them", async ({ browser }) => {
  test.setTimeout(120_000);
  const draftId = await createCommentsDraft(browser, "高亮跟随");
  const member = await openDraft(browser, "gaoxue", draftId);
  const deputy = await openDraft(browser, "wuhaiyan", draftId);

  const thread = await commentOnPassage(member, QUOTE, "建议写明年份。");
  const id = (await thread.getAttribute("data-thread-id"))!;
  const mark = (page: typeof member) => editor(page).locator(`[data-thread-id="${id}"]`);
  // Another person's caret inside the passage splits the highlight into two spans.
  const marked = (page: typeof member) => mark(page).allTextContents().then((t) => t.join(""));
  await expect.poll(() => marked(member)).toBe(QUOTE);
  await expect.poll(() => marked(deputy), { timeout: 2_000 }).toBe(QUOTE);

  // 吴海燕 types at the start of the paragraph, before the quoted words. (She clicks the
  // paragraph's first line at its start, away from the highlight: a click on it opens the thread.)
  const paragraph = editor(deputy).locator("p", { hasText: "城市更新" });
  const toParagraphStart = async () => {
    await paragraph.click({ position: { x: 4, y: 10 } });
    await deputy.keyboard.press("Home");
  };
  await toParagraphStart();
  await deputy.keyboard.type("今年以来，");
  await expect.poll(() => docText(member), { timeout: 5_000 }).toContain("今年以来，围绕城市更新");
  await expect.poll(() => marked(member)).toBe(QUOTE);
  await expect.poll(() => marked(deputy)).toBe(QUOTE);

  // Right before the first quoted character: the new words stay outside the highlight.
  await toParagraphStart();
  await deputy.keyboard.press("End");
  for (let i = 0; i < "形成建议案十二篇。".length; i++) await deputy.keyboard.press("ArrowLeft");
  await deputy.keyboard.type("共");
  await expect.poll(() => docText(member), { timeout: 5_000 }).toContain("协商议政，共形成建议案");
  await expect.poll(() => marked(member)).toBe(QUOTE);
  await expect.poll(() => marked(deputy)).toBe(QUOTE);

  // A new paragraph before the passage (y-tiptap rewrites the paragraph's text): still the same words.
  const paragraphs = await editor(member).locator("p").count();
  await toParagraphStart();
  await deputy.keyboard.press("Enter");
  await expect(editor(member).locator("p")).toHaveCount(paragraphs + 1, { timeout: 2_000 });
  await expect.poll(() => docText(member)).toContain("今年以来，围绕城市更新开展协商议政，共形成建议案");
  await expect.poll(() => marked(member), { timeout: 2_000 }).toBe(QUOTE);
  await expect.poll(() => marked(deputy), { timeout: 2_000 }).toBe(QUOTE);

  // Clicking the highlight in a read-only editor opens and focuses its thread, and marks it active.
  await mark(member).first().click();
  await expect(threadWith(member, QUOTE)).toBeFocused();
  await expect(threadWith(member, QUOTE)).toHaveAttribute("data-active", "true");
  await expect(mark(member).first()).toHaveClass(/comment-highlight-active/);
  // Someone who edits clicks to place the cursor: the thread is shown, the cursor stays.
  await mark(deputy).first().click();
  await expect(threadWith(deputy, QUOTE)).toHaveAttribute("data-active", "true");
  await expect(editor(deputy)).toBeFocused();
  await deputy.keyboard.type("二");
  // Typed inside the passage: the highlight grows with it.
  const grown = await marked(deputy);
  expect(grown).toHaveLength(QUOTE.length + 1);
  expect(grown.replace("二", "")).toBe(QUOTE);
  await expect.poll(() => marked(member), { timeout: 2_000 }).toBe(grown);

  // The quote in the margin takes the reader to the words.
  await threadWith(member, QUOTE).getByRole("button", { name: `在正文中定位：${QUOTE}` }).click();
  await expect(mark(member).first()).toBeInViewport();
  expect([...pageErrors.get(member)!, ...pageErrors.get(deputy)!]).toEqual([]);
});
