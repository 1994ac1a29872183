import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { expect, test, type APIRequestContext } from "../support/test";
import { deepXmlDocx, wideXmlDocx, zipBombDocx, lyingHeaderDocx } from "../../lib/import/fixtures/hostile";
import { signIn } from "../support/auth";
import { trpc } from "../support/drafts";

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

// Hostile files (lib/import/fixtures/hostile.ts) against the real server: each is answered
// quickly with a Chinese error, the portal keeps serving everyone else, nothing is created.
// Before the fix the 65 MB zip bomb took the server down (V8 out of memory after ~90 s, 4.5 GB)
// and the 13 KB "wide" document blocked every request for ~25 s.

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async function draftCount(request: APIRequestContext): Promise<number> {
  return (await trpc<{ total: number }>(request, "drafts.list", { scope: "mine" }, "query")).total;
}

/** Posts a file to the import route as "create" (so a wrong answer would make a draft). */
async function postImport(request: APIRequestContext, name: string, bytes: Uint8Array, committeeId: string) {
  const started = Date.now();
  const res = await request.post("/api/drafts/import", {
    multipart: {
      mode: "create",
      title: "恶意文件",
      kind: "SPEECH",
      committeeId,
      file: { name, mimeType: DOCX, buffer: Buffer.from(bytes) },
    },
    timeout: 60_000,
  });
  // The one error shape of plain routes (server/http/error-response.ts); `code` is the import verdict.
  const json = (await res.json()) as { error: { message: string; data: { appError: { messageKey: string } } } };
  const code = json.error.data.appError.messageKey.replace(/^import\.errors\./u, "");
  return { status: res.status(), body: { code, message: json.error.message }, ms: Date.now() - started };
}

/** The server process: the one that listens on the e2e port, found through /proc. */
function serverPid(): number | null {
  const port = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3200").port;
  const hexPort = Number(port).toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/u);
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A") inodes.add(f[9]!);
    }
  }
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/u.test(d))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/u.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      }
    } catch {
      /* a process that ended or is not ours to read */
    }
  }
  return null;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** Runs `work` while sampling the server's RSS; returns how far the peak rose above the start. */
async function peakRssRise<T>(work: () => Promise<T>): Promise<{ value: T; riseMb: number | null }> {
  const pid = serverPid();
  if (pid === null) return { value: await work(), riseMb: null };
  const start = rssMb(pid);
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  try {
    return { value: await work(), riseMb: Math.max(peak, rssMb(pid)) - start };
  } finally {
    clearInterval(timer);
  }
}

test.describe("hostile files", () => {
  // One after another: the "costly" file below makes a worker use a few hundred MB on purpose,
  // which must not be counted against the zip bombs.
  test.describe.configure({ mode: "serial" });

  test("zip bombs are refused with 413 in seconds; the server stays up and small; nothing is created", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, "zhouwenbo");
    const [committee] = await trpc<{ id: string }[]>(page.request, "drafts.creatableCommittees", undefined, "query");
    const before = await draftCount(page.request);

    // 65 MB of XML in ~230 KB, and the same with both zip headers declaring 4 KB.
    for (const [name, bytes] of [["炸弹.docx", zipBombDocx()], ["伪装.docx", lyingHeaderDocx()]] as const) {
      expect(bytes.byteLength).toBeLessThan(300 * 1024);
      const { value: r, riseMb } = await peakRssRise(() => postImport(page.request, name, bytes, committee!.id));
      expect(r.status, name).toBe(413);
      expect(r.body).toMatchObject({ code: "UNPACKED_TOO_LARGE", message: expect.stringContaining("文件解压后的内容过大") });
      expect(r.ms, name).toBeLessThan(10_000);
      // Before: 4.5 GB and a dead server. Now the worker inflates at most 8 MB and is gone.
      if (riseMb !== null) expect(riseMb, `${name}: server RSS rise`).toBeLessThan(200);
    }

    // Still serving.
    expect((await page.request.get("/login")).status()).toBe(200);
    expect(await draftCount(page.request)).toBe(before);
  });

  test("while a costly .docx is parsed, everyone else is still served; it ends in a 400 and creates nothing", async ({ page, browser }) => {
    test.setTimeout(90_000);
    await signIn(page, "zhouwenbo");
    const [committee] = await trpc<{ id: string }[]>(page.request, "drafts.creatableCommittees", undefined, "query");
    const before = await draftCount(page.request);

    // 13 KB on disk, 1.4 million empty paragraphs inside: in-process this blocked the server ~25 s.
    const hostile = postImport(page.request, "段落.docx", wideXmlDocx(), committee!.id);
    const other = await browser.newContext();
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        const started = Date.now();
        expect((await other.request.get("/login")).status()).toBe(200);
        expect(Date.now() - started, `request ${i} while parsing`).toBeLessThan(3_000);
      }
    } finally {
      await other.close();
    }
    const r = await hostile;
    expect(r.status).toBe(400);
    // The worker's deadline (20 s) or its heap limit; a fast machine may even finish and find no text.
    expect(["PARSE_TIMEOUT", "TOO_COMPLEX", "EMPTY"]).toContain(r.body.code);
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/u);

    // Nesting deeper than the parser can follow: 400 quickly.
    const deep = await postImport(page.request, "嵌套.docx", deepXmlDocx(), committee!.id);
    expect(deep).toMatchObject({ status: 400, body: { code: "TOO_COMPLEX" } });
    expect(deep.ms).toBeLessThan(15_000);
    expect(await draftCount(page.request)).toBe(before);
  });

  test("uploading a zip bomb in the form shows why it was refused", async ({ page }) => {
    await signIn(page, "zhouwenbo");
    await page.goto("/drafts/new");
    await page.getByRole("radio", { name: "导入" }).check();
    await page.getByRole("radio", { name: "上传文件" }).check();
    await page.getByLabel("选择文件").setInputFiles({ name: "报告.docx", mimeType: DOCX, buffer: Buffer.from(zipBombDocx()) });
    await page.getByRole("button", { name: "预览" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("文件解压后的内容过大");
  });
});
