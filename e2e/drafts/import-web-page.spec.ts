import { readFileSync } from "node:fs";
import { expect, test } from "../support/test";
import { signIn } from "../support/auth";

// A speech pasted from a 政协 web page: breadcrumb, 发布时间/来源 line, the title twice, 分享到,
// then 打印本页, 上一篇/下一篇, 相关阅读 links and a copyright footer. The preview offers those
// lines for removal (checked), guesses the article title, and the draft is created without them.

const PAGE = readFileSync(new URL("../../lib/import/fixtures/web-cppcc.txt", import.meta.url), "utf8");
const TITLE = "在全区政协工作会议上的讲话";
const FURNITURE = [
  "在全区政协工作会议上的讲话_××区政协网",
  "当前位置：首页 > 新闻中心 > 领导讲话",
  "发布时间：2026-03-01 09:30",
  "分享到：",
  "【打印本页】",
  "上一篇：区政协召开主席会议",
  "下一篇：关于开展2026年度委员履职培训的通知",
  "相关阅读",
  "区政协召开十五届三次常委会议 2026-02-26",
  "区政协主席会议专题协商老旧小区改造 2026-02-20",
  "关于征集2026年度重点提案线索的通知 2026-02-12",
  "版权所有：中国人民政治协商会议××市××区委员会",
  "主办单位：政协××区委员会办公室",
  "京ICP备12345678号-1",
];

test("a pasted web page: furniture is offered for removal, the title is guessed, the draft has none of it", async ({ page }) => {
  await signIn(page, "zhaolixin");
  await page.goto("/drafts/new");
  await page.getByRole("radio", { name: "导入" }).check();
  await page.getByLabel("文稿内容").fill(PAGE);
  await page.getByRole("button", { name: "预览" }).click();

  const preview = page.getByRole("region", { name: "识别结果" });
  const offered = preview.getByRole("group", { name: "网页附带内容" });
  await expect(offered).toContainText("共 14 行，将删除 14 行。");
  const boxes = offered.getByRole("checkbox");
  await expect(boxes).toHaveCount(FURNITURE.length);
  for (const [i, text] of FURNITURE.entries()) {
    await expect(boxes.nth(i)).toBeChecked();
    await expect(offered.locator("li").nth(i)).toContainText(text);
  }
  // Real body text that mentions 时间 and 来源 is not offered.
  await expect(offered).not.toContainText("时间紧");
  await expect(offered).not.toContainText("来源可溯");

  // The opening shows the article title once, then the salutation; the page furniture is gone.
  const opening = preview.locator("div", { has: page.getByRole("heading", { name: "开头段落" }) });
  await expect(opening).toContainText(`${TITLE}同志们：`);
  await expect(opening).not.toContainText("当前位置");
  await expect(opening).not.toContainText("_××区政协网");
  await expect(preview).toContainText("一、过去一年的工作回顾");
  await expect(preview).toContainText("（二）加强委员队伍建设");
  await expect(page.getByLabel("标题", { exact: true })).toHaveValue(TITLE);
  await expect(page.getByLabel("类型")).toHaveValue("SPEECH");

  // Any line can be kept: unchecked, the breadcrumb is back in the opening; checked again, gone.
  const breadcrumb = offered.getByRole("checkbox", { name: /当前位置/ });
  await breadcrumb.uncheck();
  await expect(offered).toContainText("共 14 行，将删除 13 行。");
  await expect(opening).toContainText("当前位置：首页 > 新闻中心 > 领导讲话");
  await offered.getByRole("button", { name: "全部保留" }).click();
  await expect(offered).toContainText("将删除 0 行。");
  await offered.getByRole("button", { name: "全部删除" }).click();
  await expect(breadcrumb).toBeChecked();
  await expect(opening).not.toContainText("当前位置");

  await page.getByRole("button", { name: "创建稿件" }).click();
  await page.waitForURL(/\/drafts\/(?!new)[^/]+$/);
  await expect(page.getByRole("heading", { name: TITLE, exact: true }).first()).toBeVisible();
  const outline = page.getByTestId("outline").locator("li");
  await expect(outline).toHaveText([/一、过去一年的工作回顾/, /（一）政治引领有新亮点/, /（二）协商议政有新成效/, /二、今年的重点任务/, /（一）聚焦高质量发展/, /（二）加强委员队伍建设/]);
  const editor = page.locator(".ProseMirror");
  await expect(editor).toContainText("同志们：");
  await expect(editor).toContainText("为全区高质量发展作出新的更大贡献！");
  await expect(editor).toContainText("时间紧、任务重");
  const text = await editor.innerText();
  for (const line of FURNITURE) expect(text, line).not.toContain(line);
  // The title is in the draft once (the page title with the site name went with the furniture).
  expect(text.split(TITLE)).toHaveLength(2);
});

test("a web page saved as a .txt file: the lines left checked are removed on create, the one unchecked is kept", async ({ page }) => {
  await signIn(page, "zhaolixin");
  await page.goto("/drafts/new");
  await page.getByRole("radio", { name: "导入" }).check();
  await page.getByRole("radio", { name: "上传文件" }).check();
  await page.getByLabel("选择文件").setInputFiles({ name: "网页.txt", mimeType: "text/plain", buffer: Buffer.from(PAGE, "utf8") });
  await page.getByRole("button", { name: "预览" }).click();

  const offered = page.getByRole("region", { name: "识别结果" }).getByRole("group", { name: "网页附带内容" });
  await expect(offered.getByRole("checkbox")).toHaveCount(FURNITURE.length);
  await offered.getByRole("checkbox", { name: /^相关阅读/ }).uncheck();
  await expect(offered).toContainText("将删除 13 行。");
  const title = `网页导入 ${Date.now().toString(36)}`;
  await page.getByLabel("标题", { exact: true }).fill(title);
  await page.getByRole("button", { name: "创建稿件" }).click();
  await page.waitForURL(/\/drafts\/(?!new)[^/]+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();

  const editor = page.locator(".ProseMirror");
  await expect(editor).toContainText("为全区高质量发展作出新的更大贡献！");
  const paragraphs = await editor.locator("p").allInnerTexts();
  expect(paragraphs).toContain("相关阅读");
  for (const line of FURNITURE.filter((l) => l !== "相关阅读")) {
    expect(paragraphs.some((p) => p.includes(line)), line).toBe(false);
  }
});
