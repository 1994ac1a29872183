import { expect, test } from "../support/test";
import { createCommentsDraft, openDraft, panel, threadWith } from "./support";

// Issue #8, "Done when" 3: markup, javascript: links and a right-to-left override in comments
// render as visible text — no element, no script, no dialog — on the author's page and on a
// reader's.

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = "<script>alert(2)</script>";
const JS_LINK = "javascript:alert(3)";
const MD_LINK = "[点我](javascript:alert(4))";
const RLO = "文件名\u202Egpj.exe";
const SAFE = "https://example.org/报告";

test("hostile comment text renders inertly and visibly", async ({ browser }) => {
  test.setTimeout(120_000);
  const draftId = await createCommentsDraft(browser, "恶意文本");
  const author = await openDraft(browser, "gaoxue", draftId);
  const reader = await openDraft(browser, "majun", draftId);
  const dialogs: string[] = [];
  for (const page of [author, reader]) page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });

  await panel(author).getByRole("button", { name: "对本章节提意见" }).click();
  const composer = author.getByTestId("comment-composer");
  const body = [IMG, SCRIPT, JS_LINK, MD_LINK, RLO, SAFE].join("\n");
  await composer.getByLabel("意见", { exact: true }).fill(body);
  await composer.getByRole("button", { name: "发表意见" }).click();
  await expect(composer).toBeHidden();

  for (const page of [author, reader]) {
    const thread = threadWith(page, "onerror");
    await expect(thread).toBeVisible({ timeout: 2_000 });
    const text = thread.locator("[data-comment-body]");
    // Shown as the characters typed.
    await expect(text).toContainText(IMG);
    await expect(text).toContainText(SCRIPT);
    await expect(text).toContainText(JS_LINK);
    await expect(text).toContainText(MD_LINK);
    // The override is shown as a marker, not applied.
    await expect(text).toContainText("文件名⟦U+202E⟧gpj.exe");
    expect(await text.evaluate((el) => el.textContent!.includes("\u202E"))).toBe(false);
    // No element came out of the text but the one safe link, which opens inertly.
    await expect(text.locator("img, script, iframe, svg, object, embed")).toHaveCount(0);
    const links = text.locator("a");
    await expect(links).toHaveCount(1);
    await expect(links).toHaveAttribute("href", SAFE);
    await expect(links).toHaveAttribute("rel", "noopener noreferrer nofollow ugc");
    await expect(links).toHaveAttribute("target", "_blank");
    expect(await page.locator("a[href^='javascript:' i]").count()).toBe(0);
  }
  // Give an onerror handler every chance to run.
  await author.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});
