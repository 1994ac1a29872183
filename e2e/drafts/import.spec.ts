import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth";

// Importing a draft: the detected section tree is shown before anything is created; bad
// files get a Chinese error and create nothing.

const SPEECH = [
  "在全区政协工作会议上的讲话",
  "同志们：",
  "今天召开会议，主要任务是总结工作、部署任务。",
  "一、过去一年的主要工作",
  "（一）政治引领有新亮点。全年组织集中学习十一次。",
  "（二）协商议政有新成效。围绕中心工作开展协商。",
  "二、今年的重点任务",
  "（一）聚焦高质量发展",
  "围绕产业升级建言献策。",
].join("\n");

test("pasted text is previewed as numbered sections, then created as a draft", async ({ page }) => {
  await signIn(page, "zhaolixin");
  await page.goto("/drafts/new");
  await page.getByRole("radio", { name: "导入" }).check();
  await page.getByLabel("文稿内容").fill(SPEECH);
  await page.getByRole("button", { name: "预览" }).click();

  const preview = page.getByRole("region", { name: "识别结果" });
  await expect(preview).toContainText("一、过去一年的主要工作");
  await expect(preview).toContainText("（一）政治引领有新亮点");
  await expect(preview).toContainText("二、今年的重点任务");
  await expect(preview).toContainText("同志们：");
  // The run-in heading was split: its body is not part of the title.
  await expect(preview).not.toContainText("政治引领有新亮点。全年");

  // Going back keeps the text; the preview can be made again.
  await page.getByRole("button", { name: "返回修改" }).click();
  await expect(page.getByLabel("文稿内容")).toHaveValue(SPEECH);
  await page.getByRole("button", { name: "预览" }).click();

  const title = `导入测试 ${Date.now().toString(36)}`;
  await page.getByLabel("标题").fill(title);
  await page.getByRole("button", { name: "创建稿件" }).click();
  await page.waitForURL(/\/drafts\/(?!new)[^/]+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  const outline = page.getByTestId("outline").locator("li");
  await expect(outline).toHaveText([/一、过去一年的主要工作/, /（一）政治引领有新亮点/, /（二）协商议政有新成效/, /二、今年的重点任务/, /（一）聚焦高质量发展/]);
  await expect(page.locator(".ProseMirror")).toContainText("全年组织集中学习十一次。");
});

test("a corrupt .docx gets a Chinese error and creates nothing", async ({ page }) => {
  // 周文博 heads 文史委; no other spec creates drafts as him, so his count is stable.
  await signIn(page, "zhouwenbo");
  const before = await page.request.get(`/api/trpc/drafts.list?input=${encodeURIComponent(JSON.stringify({ json: { scope: "mine" } }))}`);
  const countBefore = ((await before.json()) as { result: { data: { json: { total: number } } } }).result.data.json.total;

  await page.goto("/drafts/new");
  await page.getByRole("radio", { name: "导入" }).check();
  await page.getByRole("radio", { name: "上传文件" }).check();
  await page.getByLabel("选择文件").setInputFiles({ name: "讲话.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("这不是一个 Word 文件") });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("文件已损坏或格式无法识别");

  await page.getByLabel("选择文件").setInputFiles({ name: "讲话.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("不支持该文件类型");

  const after = await page.request.get(`/api/trpc/drafts.list?input=${encodeURIComponent(JSON.stringify({ json: { scope: "mine" } }))}`);
  expect(((await after.json()) as { result: { data: { json: { total: number } } } }).result.data.json.total).toBe(countBefore);
});

test("a member who may not create drafts is told so", async ({ page }) => {
  await signIn(page, "gaoxue"); // a member of 提案委员会, not its head
  await page.goto("/drafts/new");
  await expect(page.getByRole("note")).toContainText("您目前没有可以创建稿件的专委会");
});
