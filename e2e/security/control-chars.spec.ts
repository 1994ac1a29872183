import { expect, test } from "../support/test";
import { signIn } from "../support/auth";

// A NUL byte in a search, a title or pasted text used to reach PostgreSQL, which refuses
// U+0000 in text: a 500. Now the search and the title are refused with a Chinese message and
// pasted text loses the invisible control characters, nothing else.

test("a NUL in the drafts search is a 400 over HTTP, and the drafts page still renders", async ({ page }) => {
  await signIn(page, "sunlihua");
  const res = await page.request.get(`/api/trpc/drafts.list?input=${encodeURIComponent(JSON.stringify({ json: { query: "经济\u0000" } }))}`);
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { json: { data: { zodIssues: { path: string[]; message: string }[] } } } };
  expect(body.error.json.data.zodIssues).toContainEqual({ path: ["query"], message: "validation.controlChars" });

  const pageRes = await page.goto("/drafts?q=%00");
  expect(pageRes?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "稿件", exact: true })).toBeVisible();
});

test("a title with a NUL is refused with a Chinese message and creates nothing", async ({ page }) => {
  await signIn(page, "sunlihua");
  await page.goto("/drafts/new");
  const blank = page.getByRole("form", { name: "空白稿件" });
  await blank.getByLabel("标题").fill("经济\u0000报告");
  await blank.getByRole("button", { name: "创建稿件" }).click();
  await expect(blank.getByText("不能包含控制字符（如空字符），请删去后重试。")).toBeVisible();
  await expect(page).toHaveURL(/\/drafts\/new$/);

  // The import route answers the same for a crafted request.
  const form = new FormData();
  form.set("mode", "create");
  form.set("text", "一、总体要求\n正文。");
  form.set("title", "经济\u0000报告");
  form.set("kind", "SPEECH");
  form.set("committeeId", "whatever");
  const res = await page.request.post("/api/drafts/import", { multipart: Object.fromEntries(form) as Record<string, string> });
  expect(res.status()).toBe(400);
  const issues = ((await res.json()) as { error: { data: { zodIssues: { path: string[]; message: string }[] } } }).error.data.zodIssues;
  expect(issues).toContainEqual({ path: ["title"], message: "validation.controlChars" });
});

test("pasted text with NUL and other control characters imports without them", async ({ page }) => {
  await signIn(page, "sunlihua");
  const committees = await page.request.get(`/api/trpc/drafts.creatableCommittees`);
  const committeeId = ((await committees.json()) as { result: { data: { json: { id: string }[] } } }).result.data.json[0]!.id;
  const title = `控制字符导入 ${Date.now().toString(36)}`;
  const res = await page.request.post("/api/drafts/import", {
    multipart: {
      mode: "create",
      text: "一、总体\u0000要求\n坚持\u0001问题导向。\n二、重点\u001b任务\n加强协商。",
      title,
      kind: "SPEECH",
      committeeId,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/drafts/${id}`);
  await expect(page.getByTestId("outline").locator("li")).toHaveText([/一、总体要求/, /二、重点任务/]);
  await expect(page.locator(".ProseMirror")).toContainText("坚持问题导向。");
});
