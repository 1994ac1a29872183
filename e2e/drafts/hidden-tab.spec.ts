import { expect, test, type Browser, type Page } from "../support/test";
import { signIn } from "../support/auth";
import { createDraft } from "../support/drafts";

// A tab left in the background lets go of the draft (its socket; the server can unload the
// draft once nobody else has it open) and comes back the moment it is shown again: the
// others see the person leave and return, and nothing typed on either side is lost.

declare global {
  interface Window {
    __XIESHEN_HIDDEN_RELEASE_MS?: number;
    __xieshenSetHidden?: (hidden: boolean) => void;
  }
}

async function openDraft(browser: Browser, login: string, draftId: string, o: { hideable?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (o.hideable) {
    // The page's visibility, under the test's control (a headless tab is always "visible").
    await context.addInitScript(() => {
      let hidden = false;
      window.__XIESHEN_HIDDEN_RELEASE_MS = 800;
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      window.__xieshenSetHidden = (h: boolean) => {
        hidden = h;
        document.dispatchEvent(new Event("visibilitychange"));
      };
    });
  }
  const page = await context.newPage();
  await signIn(page, login);
  await page.goto(`/drafts/${draftId}`);
  await expect(page.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  return page;
}

const editor = (page: Page) => page.locator(".ProseMirror");
const setHidden = (page: Page, hidden: boolean) => page.evaluate((h) => window.__xieshenSetHidden!(h), hidden);

test("a tab hidden for a while lets go of the draft and is back in step when shown", async ({ browser }) => {
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  await signIn(setupPage, "zhaolixin");
  const draftId = await createDraft(setupPage.request, `后台标签页 ${Date.now().toString(36)}`);
  await setup.close();

  // 赵立新 heads 提案委员会; 吴海燕 is its deputy head.
  const owner = await openDraft(browser, "zhaolixin", draftId, { hideable: true });
  const deputy = await openDraft(browser, "wuhaiyan", draftId);
  await expect(deputy.getByTestId("presence")).toContainText("赵立新");

  // Hidden, but only briefly: still connected.
  await setHidden(owner, true);
  await setHidden(owner, false);
  await expect(deputy.getByTestId("presence")).toContainText("赵立新");

  // Hidden past the limit: the owner's tab disconnects and the others see him go.
  await setHidden(owner, true);
  await expect(deputy.getByTestId("presence")).not.toContainText("赵立新", { timeout: 10_000 });
  await expect(owner.locator("[data-save-state]")).not.toHaveAttribute("data-save-state", "saved");

  // Meanwhile the deputy writes.
  await editor(deputy).click();
  await deputy.keyboard.type("他不在时写的一句。");
  await expect(deputy.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");

  // Shown again: reconnected, in step, and editing works both ways.
  await setHidden(owner, false);
  await expect(owner.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
  await expect(editor(owner)).toContainText("他不在时写的一句。");
  await expect(deputy.getByTestId("presence")).toContainText("赵立新");
  await editor(owner).click();
  await owner.keyboard.press("End");
  await owner.keyboard.type("回来以后写的。");
  await expect(editor(deputy)).toContainText("回来以后写的。");
  await expect(owner.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
});
