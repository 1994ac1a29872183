import { expect, test, type APIRequestContext, type Browser } from "../support/test";
import mammoth from "mammoth";
import { compact, pdfPageTexts } from "../../server/test/pdf-text";
import { signIn } from "../support/auth";
import { trpc } from "../support/drafts";

// Final documents, end to end against the production build: a draft of 提案委员会 (owner 赵立新,
// its head) is frozen as 送审稿 and signed through the committee's default rule — 赵立新 (head,
// all) → 陈红 (vice-chair, 1 of 2) → 王建国 (chair) — so it is 定稿. Then the .docx and the PDF
// are downloaded over HTTP with the reader's session (the PDF printed by the server's headless
// Chromium), their text read back; a person outside the committee gets 404 and a signed-out
// request 401; and /verify/<hash> opened signed out reports final with the three signers'
// names — and not the comment one of them wrote.

const TEXT = `关于加强社区养老服务的调研报告

一、总体要求

坚持以人民为中心的发展思想，完善社区养老服务网络。

二、主要任务

（一）扩大服务供给

新增社区养老服务站十二个。

三、保障措施

加强组织领导，落实工作责任。`;

const PRIVATE_COMMENT = "内部意见：第二部分数据请再核实";

interface Flow {
  draftId: string;
  title: string;
  versionId: string;
  hash: string;
}

async function asUser(browser: Browser, login: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login);
  return { context, request: page.request };
}

/** The draft, its frozen version and the whole sign-off, through the same procedures the pages call. */
async function finalDraft(browser: Browser): Promise<Flow> {
  const owner = await asUser(browser, "zhaolixin");
  const committees = await trpc<{ id: string; name: string }[]>(owner.request, "drafts.creatableCommittees", undefined, "query");
  const committee = committees.find((c) => c.name === "提案委员会")!;
  const title = `社区养老调研报告（导出${Date.now().toString(36)}）`;
  const res = await owner.request.post("/api/drafts/import", { multipart: { mode: "create", text: TEXT, title, kind: "RESEARCH_REPORT", committeeId: committee.id } });
  expect(res.status(), await res.text()).toBe(201);
  const { id: draftId } = (await res.json()) as { id: string };
  const { versionId, hash } = await trpc<{ versionId: string; hash: string }>(owner.request, "versions.freeze", { draftId, label: "送审稿", note: "" }, "mutation");
  const { roundId } = await trpc<{ roundId: string }>(owner.request, "signoff.request", { draftId, versionId }, "mutation");
  const sign = async (who: { request: APIRequestContext }, comment = "") =>
    trpc(who.request, "signoff.sign", { draftId, roundId, versionId, hashSeen: hash, decision: "APPROVE", comment }, "mutation");
  await sign(owner, PRIVATE_COMMENT);
  for (const login of ["chenhong", "wangjianguo"]) {
    const u = await asUser(browser, login);
    await sign(u);
    await u.context.close();
  }
  await owner.context.close();
  return { draftId, title, versionId, hash };
}

let flow: Flow;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  flow = await finalDraft(browser);
});

test("the .docx downloads with the reader's session: title, labelled headings, 审签单 with the hash and the signers", async ({ browser }) => {
  const reader = await asUser(browser, "wuhaiyan"); // deputy head of the committee
  const res = await reader.request.get(`/api/drafts/${flow.draftId}/versions/${flow.versionId}/export?format=docx`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  expect(res.headers()["content-disposition"]).toBe(`attachment; filename="version-1.docx"; filename*=UTF-8''${encodeURIComponent(`${flow.title}-v1-送审稿.docx`)}`);
  expect(res.headers()["cache-control"]).toBe("private, no-store");
  const { value: html } = await mammoth.convertToHtml({ buffer: await res.body() });
  expect(html).toContain(flow.title);
  expect(html).toContain("<h1>一、总体要求</h1>");
  expect(html).toContain("<h2>（一）扩大服务供给</h2>");
  expect(html).toContain("<h1>三、保障措施</h1>");
  const sheet = html.slice(html.indexOf("审签单"));
  expect(sheet).toContain(flow.hash);
  for (const name of ["赵立新", "陈红", "王建国"]) expect(sheet).toContain(name);
  expect(sheet).toContain("已定稿");
  await reader.context.close();
});

test("the PDF downloads: its page text contains the title and the hash; the sign-off sheet is the last page", async ({ browser }) => {
  test.setTimeout(120_000);
  const reader = await asUser(browser, "wangjianguo");
  const res = await reader.request.get(`/api/drafts/${flow.draftId}/versions/${flow.versionId}/export?format=pdf`, { timeout: 90_000 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(res.headers()["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent(`${flow.title}-v1-送审稿.pdf`)}`);
  const pages = pdfPageTexts(await res.body()).map(compact);
  expect(pages.join("")).toContain(compact(flow.title));
  expect(pages.join("")).toContain("一、总体要求");
  expect(pages.at(-1)).toContain("审签单");
  expect(pages.at(-1)).toContain(flow.hash);
  await reader.context.close();
});

test("someone outside the committee gets 404 and a signed-out request 401, in Chinese; an unknown format 400", async ({ browser, playwright, baseURL }) => {
  const outsider = await asUser(browser, "sunlihua"); // heads another committee
  const url = `/api/drafts/${flow.draftId}/versions/${flow.versionId}/export?format=docx`;
  const hidden = await outsider.request.get(url);
  expect(hidden.status()).toBe(404);
  expect(((await hidden.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
  const reader = await asUser(browser, "zhaolixin");
  const bad = await reader.request.get(url.replace("format=docx", "format=odt"));
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toBe("不支持的导出格式，请选择 .docx 或 PDF。");
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(url)).status()).toBe(401);
  await Promise.all([outsider.context.close(), reader.context.close(), anonymous.dispose()]);
});

test("/verify/<hash> signed out: final, since when, the three signers by name — no comment, no text", async ({ browser }) => {
  const context = await browser.newContext(); // no session
  const page = await context.newPage();
  const res = await page.goto(`/verify/${flow.hash}`);
  expect(res?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe(`/verify/${flow.hash}`); // not sent to /login
  const result = page.getByTestId("verify-result");
  await expect(result).toHaveAttribute("data-outcome", "final");
  await expect(page.getByTestId("verify-status")).toHaveText(/已定稿/);
  await expect(page.getByTestId("verify-hash")).toHaveText(flow.hash);
  await expect(page.getByTestId("verify-title")).toHaveText(flow.title);
  const signers = page.getByTestId("verify-signers").locator("li");
  await expect(signers).toHaveCount(3);
  for (const name of ["赵立新", "陈红", "王建国"]) await expect(page.getByTestId("verify-signers")).toContainText(name);
  await expect(page.locator("body")).not.toContainText(PRIVATE_COMMENT);
  await expect(page.locator("body")).not.toContainText("新增社区养老服务站");
  // Upper case (a hand-typed link) is the same hash.
  await page.goto(`/verify/${flow.hash.toUpperCase()}`);
  await expect(result).toHaveAttribute("data-outcome", "final");
  await context.close();
});

test("/verify with a malformed or unknown hash says so clearly, never an error page", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const bad of ["abc", "g".repeat(64), `${"a".repeat(64)}x`, "%E4%B8%80"]) {
    const res = await page.goto(`/verify/${bad}`);
    expect(res?.status(), bad).toBe(200);
    await expect(page.getByTestId("verify-result")).toHaveAttribute("data-outcome", "malformed");
    await expect(page.getByTestId("verify-result").getByRole("alert")).toHaveText(/哈希格式不正确/);
  }
  await page.goto(`/verify/${"0".repeat(64)}`);
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-outcome", "missing");
  await expect(page.getByTestId("verify-result").getByRole("alert")).toHaveText(/没有找到这个哈希对应的版本/);
  await context.close();
});
