// Tests scripts/draft-import-cli.ts through its exported main(), with injected output and
// draft creator, so no process is spawned and no database is touched.
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { main, type CreateDraft } from "../../scripts/draft-import-cli";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function run(argv: string[], createDraft?: CreateDraft) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    createDraft,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("draft-import-cli", () => {
  it("--dry-run --json prints exactly the outline JSON", async () => {
    const createDraft = vi.fn<CreateDraft>();
    const { code, stdout, stderr } = await run(["--file", fixture("charter.txt"), "--dry-run", "--json"], createDraft);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual([
      { title: "总则", level: 1, children: [] },
      {
        title: "履职内容",
        level: 1,
        children: [
          { title: "参加会议", level: 2, children: [] },
          { title: "提交提案", level: 2, children: [] },
        ],
      },
      { title: "附则", level: 1, children: [] },
      { title: "补充规定", level: 1, children: [] },
    ]);
    expect(createDraft).not.toHaveBeenCalled();
  });

  it("--dry-run without --json prints a readable tree", async () => {
    const { code, stdout } = await run(["--file", fixture("charter.txt"), "--dry-run"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "开头段落 / opening paragraphs: 1",
        "[1] 总则 (1)",
        "[1] 履职内容 (0)",
        "  [2] 参加会议 (1)",
        "  [2] 提交提案 (1)",
        "[1] 附则 (0)",
        "[1] 补充规定 (1)",
        "",
      ].join("\n"),
    );
  });

  it("import errors go to stderr with exit code 2", async () => {
    expect(await run(["--file", fixture("zip.ts"), "--dry-run", "--json"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "不支持该文件类型，请上传 .docx、.txt 或 .md 文件（旧版 .doc 请先另存为 .docx）。\n",
    });
    const missing = await run(["--file", fixture("missing.txt"), "--dry-run"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ENOENT");
  });

  it("bad arguments exit 2: unknown option, no --file, no --owner without --dry-run", async () => {
    for (const argv of [["--bogus"], ["--dry-run"], ["--file", fixture("plain.txt")]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("usage");
    }
  });

  it("without --dry-run calls the injected creator with the parsed result", async () => {
    const createDraft = vi.fn<CreateDraft>().mockResolvedValue({ id: "draft_1" });
    const argv = ["--file", fixture("outline.md"), "--owner", "zhangsan", "--title", "调研报告", "--json"];
    const { code, stdout } = await run([...argv, "--committee", "城建委"], createDraft);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: "draft_1" });
    expect(createDraft).toHaveBeenCalledTimes(1);
    const opts = createDraft.mock.calls[0]?.[0];
    expect(opts).toMatchObject({ ownerUsername: "zhangsan", title: "调研报告", committee: "城建委" });
    expect(opts?.result.sections.map((s) => s.title)).toEqual(["基本情况", "存在的问题", "结语"]);
  });

  it("a failing creator is reported on stderr with exit code 2", async () => {
    const createDraft = vi.fn<CreateDraft>().mockRejectedValue(new Error("用户不存在"));
    const r = await run(["--file", fixture("plain.txt"), "--owner", "nobody"], createDraft);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "用户不存在\n" });
  });
});
