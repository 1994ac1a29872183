import AxeBuilder from "@axe-core/playwright";
import { HocuspocusProvider } from "@hocuspocus/provider";
import { expect, test, type APIRequestContext, type Browser, type Page } from "../support/test";
import * as Y from "yjs";
import { COLLAB_PATH, DOC_FIELD, documentNameOf } from "../../lib/collab/protocol";
import { DEMO_PASSWORD, signIn } from "../support/auth";
import { trpc } from "../support/drafts";

// Versions and sign-off e2e (issue #9) with the demo people and the committee's default rule:
// 吴海燕 (deputy head of 提案委员会) drafts; 赵立新 (its head: all) → 陈红 / 刘志强 (vice-chairs:
// 1 of 2) → 王建国 (chair). Each spec makes its own draft, so specs run in parallel.

export { DEMO_PASSWORD };

export const OWNER = "wuhaiyan";
export const HEAD = { login: "zhaolixin", name: "赵立新" };
export const VICE = { login: "chenhong", name: "陈红" };
export const CHAIR = { login: "wangjianguo", name: "王建国" };

export const REPORT = [
  "关于推进老旧小区改造的调研报告",
  "一、基本情况",
  "全区共有老旧小区一百二十个，涉及居民三万余户。",
  "二、存在问题",
  "资金来源单一，居民参与不足。",
  "三、意见建议",
  "建立多元投入机制，完善居民议事规则。",
].join("\n");

/** What the owner adds to section 二 between version 1 and version 2. */
export const ADDED = "据抽样调查，六成居民从未参加小区议事。";

/** A signed-in page in a context of its own. */
export async function pageAs(browser: Browser, login: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

/** A draft of 提案委员会 imported from REPORT (numbered sections at once); returns its id. */
export async function importReport(request: APIRequestContext, title: string): Promise<string> {
  const committees = await trpc<{ id: string; name: string }[]>(request, "drafts.creatableCommittees", undefined, "query");
  const committee = committees.find((c) => c.name === "提案委员会") ?? committees[0]!;
  const res = await request.post("/api/drafts/import", { multipart: { mode: "create", title, kind: "RESEARCH_REPORT", committeeId: committee.id, text: REPORT } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export const uniqueTitle = (what: string) => `老旧小区改造调研报告（${what}${Date.now().toString(36)}）`;

export interface Frozen {
  versionId: string;
  number: number;
  hash: string;
}

export const freeze = (request: APIRequestContext, draftId: string, label: string) =>
  trpc<Frozen>(request, "versions.freeze", { draftId, label, note: "" }, "mutation");

export const requestSignoff = (request: APIRequestContext, draftId: string, versionId: string) =>
  trpc<{ roundId: string }>(request, "signoff.request", { draftId, versionId }, "mutation");

export function sign(
  request: APIRequestContext,
  o: { draftId: string; roundId: string; version: Frozen; decision?: "APPROVE" | "RETURN"; comment?: string },
) {
  return trpc(
    request,
    "signoff.sign",
    { draftId: o.draftId, roundId: o.roundId, versionId: o.version.versionId, hashSeen: o.version.hash, decision: o.decision ?? "APPROVE", comment: o.comment ?? "", password: DEMO_PASSWORD },
    "mutation",
  );
}

/**
 * Appends `text` to the paragraph after the heading titled `heading`, over the signed-in user's
 * own collab connection (as the editor would), and waits for the server's acknowledgement.
 */
export async function appendToSection(request: APIRequestContext, draftId: string, heading: string, text: string) {
  const { token } = await trpc<{ token: string }>(request, "drafts.collabToken", { draftId }, "mutation");
  const baseURL = test.info().project.use.baseURL!;
  const ydoc = new Y.Doc();
  const provider = new HocuspocusProvider({ url: `${baseURL.replace(/^http/, "ws")}${COLLAB_PATH}`, name: documentNameOf(draftId), document: ydoc, token });
  try {
    await expect.poll(() => provider.isSynced, { timeout: 15_000 }).toBe(true);
    const blocks = ydoc.getXmlFragment(DOC_FIELD).toArray();
    const at = blocks.findIndex((b) => b instanceof Y.XmlElement && b.nodeName === "heading" && b.toArray().map(String).join("") === heading);
    expect(at, `heading ${heading}`).toBeGreaterThanOrEqual(0);
    const paragraph = blocks[at + 1] as Y.XmlElement;
    const run = paragraph.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)!;
    run.insert(run.length, text);
    await expect.poll(() => provider.unsyncedChanges, { timeout: 15_000 }).toBe(0);
  } finally {
    provider.destroy();
  }
}

export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function expectNoSideScroll(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}
