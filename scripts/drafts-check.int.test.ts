import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { runScript } from "@/server/test/run-script";
import { closeTestDatabase, testDatabaseUrl, useTestDatabase } from "@/server/test/db";
import { makeUser, sessionFor, uniqueName } from "@/server/test/factories";
import type { Db } from "@/server/db/client";
import { addMembership, createCommittee } from "@/server/services/committees/committees";
import { createDraft } from "@/server/services/drafts/create-draft";
import { loadDocState } from "@/server/services/drafts/doc-store";
import { DOC_FIELD } from "@/lib/collab/protocol";
import { updateFor } from "@/test/hostile/schema-fuzz";

// `npm run drafts:check` as the secretariat runs it: a draft with an unreadable stored row
// is reported (and the row set aside), a draft whose stored content breaks the editor schema
// is reported, a clean one is not.

let db: Db;
let draftId: string;
let malformedDraftId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const head = await makeUser(db);
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
  const d = await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "检查用稿件", kind: "SPEECH", committeeId: c.id } });
  draftId = d.id;
  const m = await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "格式有误的稿件", kind: "SPEECH", committeeId: c.id } });
  malformedDraftId = m.id;
});
afterAll(closeTestDatabase);

function check(...args: string[]) {
  return runScript("scripts/drafts-check.ts", args, { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: "" }, 60_000);
}

describe("npm run drafts:check", () => {
  it("exits 0 for a draft that loads cleanly", async () => {
    const r = await check("--draft", draftId);
    expect(r.out).toContain("稿件检查通过 / all drafts load cleanly: 1 drafts");
    expect(r.status).toBe(0);
  });

  it("reports a draft with an unreadable row, sets the row aside, exits 1", async () => {
    const bad = await db.draftUpdate.create({ data: { draftId, data: Buffer.from([0, 200, 3]), userId: null } });
    const r = await check("--draft", draftId);
    expect(r.status).toBe(1);
    expect(r.out).toContain("检查用稿件");
    expect(r.out).toContain(`#${bad.id}`);
    expect(r.out).toContain("已隔离 1 条无法应用的修改（本次新隔离 1 条）");
    expect(await db.draftUpdate.count({ where: { id: bad.id } })).toBe(0);
    // Reported again next time (it stays in the quarantine), without quarantining anything new.
    const again = await check("--draft", draftId, "--json");
    expect(again.status).toBe(1);
    expect(JSON.parse(again.out.slice(again.out.indexOf("{")))).toMatchObject({ checked: 1, problems: [{ draftId, quarantinedNow: 0, quarantinedTotal: 1 }] });
  });

  it("reports a draft whose stored content breaks the editor schema (an unknown node type), exits 1", async () => {
    // A row that decodes and applies — so loading does not set it aside — but adds a node the
    // editor does not have, as a crafted client or a bug in an older server could have stored.
    const base = new Y.Doc();
    Y.applyUpdate(base, (await loadDocState({ db, draftId: malformedDraftId })).state);
    const update = updateFor(base, (d) => d.getXmlFragment(DOC_FIELD).push([new Y.XmlElement("script")]), 424242);
    base.destroy();
    const row = await db.draftUpdate.create({ data: { draftId: malformedDraftId, data: Buffer.from(update), userId: null } });
    const r = await check("--draft", malformedDraftId);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`• 格式有误的稿件 (${malformedDraftId})`);
    expect(r.out).toContain("内容不符合编辑器格式 / content does not fit the editor schema: unknown node script");
    expect(r.out).not.toContain("已隔离");
    // The check only reports: the row stays where it is, for the secretariat to deal with.
    expect(await db.draftUpdate.count({ where: { id: row.id } })).toBe(1);
    const json = await check("--draft", malformedDraftId, "--json");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.out.slice(json.out.indexOf("{")))).toMatchObject({
      checked: 1,
      problems: [{ draftId: malformedDraftId, quarantinedTotal: 0, schemaProblem: "unknown node script" }],
    });
  });
});
