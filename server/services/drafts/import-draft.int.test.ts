// createDraftFromImport against a real database: the draft's derived sections match the
// imported tree, the CLI's create path works end to end, and bad input or a caller without
// the right creates nothing. (The CLI's dry-run JSON is covered by lib/import/cli.test.ts.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOutlineText, type ImportedSection, type ImportResult } from "@/lib/import/index";
import { numberHeadings } from "@/lib/sections/numbering";
import { main } from "../../../scripts/draft-import-cli";
import type { Db } from "../../db/client";
import type { CommitteeRole, GlobalRole } from "../../db/generated/enums";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, uniqueName } from "../../test/factories";
import { DEMO_SPEECH_TEXT } from "../demo/demo-draft";
import { createDraftFromImport, importedContent, suggestedTitle } from "./import-draft";

const fixture = (name: string) => fileURLToPath(new URL(`../../../lib/import/fixtures/${name}`, import.meta.url));

let db: Db;
let tmp: string;

beforeAll(() => {
  db = useTestDatabase();
  tmp = mkdtempSync(path.join(tmpdir(), "xieshen-import-"));
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await closeTestDatabase();
});

async function makeCommittee(name = uniqueName("专委会")) {
  return db.committee.create({ data: { name }, select: { id: true, name: true } });
}

async function makePerson(o: { role?: GlobalRole; in?: [string, CommitteeRole][] } = {}) {
  const user = await makeUser(db, { role: o.role });
  for (const [committeeId, role] of o.in ?? []) await db.membership.create({ data: { userId: user.id, committeeId, role } });
  return user;
}

/** Sections in document order with the labels the draft must show. */
function expectedSections(result: ImportResult) {
  const flat: ImportedSection[] = [];
  const walk = (s: ImportedSection) => {
    flat.push(s);
    s.children.forEach(walk);
  };
  result.sections.forEach(walk);
  const labels = numberHeadings(flat);
  return flat.map((s, i) => ({ level: s.level, title: s.title, label: labels[i] }));
}

async function runCli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    createDraft: (opts) => createDraftFromImport({ ...opts, db }),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("createDraftFromImport", () => {
  it("creates a draft whose sections match the imported tree (levels, titles, labels)", async () => {
    const committee = await makeCommittee();
    const head = await makePerson({ in: [[committee.id, "HEAD"]] });
    const result = parseOutlineText(readFileSync(fixture("speech.txt"), "utf8"));
    const expected = expectedSections(result);
    expect(expected.length).toBeGreaterThan(3);

    const { id } = await createDraftFromImport({ db, result, ownerUsername: head.username });

    const draft = await db.draft.findUniqueOrThrow({ where: { id } });
    expect(draft).toMatchObject({
      title: "在区政协十五届三次会议闭幕会上的讲话", kind: "SPEECH", committeeId: committee.id, ownerId: head.id, status: "DRAFTING",
    });
    const sections = await db.draftSection.findMany({ where: { draftId: id }, orderBy: { position: "asc" } });
    expect(sections.map((s) => ({ level: s.level, title: s.title, label: s.label }))).toEqual(expected);
    expect(new Set(sections.map((s) => s.sid)).size).toBe(sections.length);
    // Second-level sections hang under their first-level section.
    const bySid = new Map(sections.map((s) => [s.sid, s]));
    for (const s of sections) {
      if (s.level === 1) expect(s.parentSid).toBeNull();
      else expect(bySid.get(s.parentSid ?? "")?.level).toBe(s.level - 1);
    }
    expect(await db.draftSnapshot.count({ where: { draftId: id } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "draft.created", targetId: id } });
    expect(audit.actorId).toBe(head.id);
    expect(audit.data).toMatchObject({ source: "import", committeeId: committee.id });
  });

  it("takes the title and the committee by name or id; the secretariat may pick any committee", async () => {
    const a = await makeCommittee();
    const b = await makeCommittee();
    const deputy = await makePerson({ in: [[a.id, "MEMBER"], [b.id, "DEPUTY_HEAD"]] });
    const admin = await makePerson({ role: "ADMIN" });
    const result = parseOutlineText("一、总体要求\n正文。\n二、主要任务\n正文。");

    const byDefault = await createDraftFromImport({ db, result, ownerUsername: deputy.username });
    expect(await db.draft.findUniqueOrThrow({ where: { id: byDefault.id } })).toMatchObject({ committeeId: b.id, title: "总体要求" });

    const byName = await createDraftFromImport({ db, result, ownerUsername: deputy.username.toUpperCase(), committee: b.name, title: "关于加强社区养老服务的调研报告" });
    expect(await db.draft.findUniqueOrThrow({ where: { id: byName.id } })).toMatchObject({
      committeeId: b.id, title: "关于加强社区养老服务的调研报告", kind: "RESEARCH_REPORT",
    });

    const byAdmin = await createDraftFromImport({ db, result, ownerUsername: admin.username, committee: a.id });
    expect(await db.draft.findUniqueOrThrow({ where: { id: byAdmin.id } })).toMatchObject({ committeeId: a.id, ownerId: admin.id });
  });

  it("creates nothing for a member without the right, an unknown owner or an unknown committee", async () => {
    const committee = await makeCommittee();
    const member = await makePerson({ in: [[committee.id, "MEMBER"]] });
    const head = await makePerson({ in: [[committee.id, "HEAD"]] });
    const result = parseOutlineText("一、标题\n正文。");
    const before = await db.draft.count();

    await expect(createDraftFromImport({ db, result, ownerUsername: member.username })).rejects.toThrow(/无权/);
    await expect(createDraftFromImport({ db, result, ownerUsername: member.username, committee: committee.name })).rejects.toThrow(/无权/);
    await expect(createDraftFromImport({ db, result, ownerUsername: uniqueName("nobody") })).rejects.toThrow(/找不到用户/);
    await expect(createDraftFromImport({ db, result, ownerUsername: head.username, committee: "不存在的专委会" })).rejects.toThrow(/找不到专委会/);
    expect(await db.draft.count()).toBe(before);
  });
});

describe("draft-import-cli without --dry-run", () => {
  it("creates the draft and prints its id", async () => {
    const committee = await makeCommittee();
    const head = await makePerson({ in: [[committee.id, "HEAD"]] });
    const { code, stdout, stderr } = await runCli(["--file", fixture("work-report.txt"), "--owner", head.username, "--json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const { id } = JSON.parse(stdout) as { id: string };
    const draft = await db.draft.findUniqueOrThrow({ where: { id }, include: { sections: true } });
    expect(draft.ownerId).toBe(head.id);
    expect(draft.sections.length).toBeGreaterThan(0);
  });

  it("an empty, corrupt or unsupported file creates nothing", async () => {
    const committee = await makeCommittee();
    const head = await makePerson({ in: [[committee.id, "HEAD"]] });
    const files = {
      "empty.txt": "",
      "blank.txt": "\n\n  \u3000\n",
      "broken.docx": "PK\u0003\u0004 this is not really a zip archive",
      "speech.pdf": "%PDF-1.7",
    };
    const before = await db.draft.count();
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(tmp, name);
      writeFileSync(file, content);
      const { code, stderr } = await runCli(["--file", file, "--owner", head.username]);
      expect(code, name).toBe(2);
      expect(stderr, name).toMatch(/文件|内容|不支持/);
    }
    expect(await db.draft.count()).toBe(before);
  });
});

describe("the demo speech", () => {
  it("imports as three first-level and twelve second-level sections, some run in", () => {
    const result = parseOutlineText(DEMO_SPEECH_TEXT);
    expect(result.opening.slice(0, 2)).toEqual(["在区政协2027年度务虚会上的讲话", "同志们："]);
    expect(suggestedTitle(result)).toBe("在区政协2027年度务虚会上的讲话");
    expect(result.sections).toHaveLength(3);
    expect(result.sections.map((s) => s.children.length)).toEqual([4, 4, 4]);
    expect(result.sections.flatMap((s) => s.children).every((c) => c.level === 2 && c.body.length >= 1 && c.body.length <= 3)).toBe(true);
    const chars = DEMO_SPEECH_TEXT.replace(/\s/gu, "").length;
    expect(chars).toBeGreaterThanOrEqual(2500);
    expect(chars).toBeLessThanOrEqual(4000);
    const headings = importedContent(result).content?.filter((n) => n.type === "heading") ?? [];
    expect(headings).toHaveLength(15);
    expect(new Set(headings.map((h) => h.attrs?.sid)).size).toBe(15);
  });
});
