import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "@/server/test/run-script";
import { closeTestDatabase, testDatabaseUrl, useTestDatabase } from "@/server/test/db";
import { makeUser, sessionFor, uniqueName } from "@/server/test/factories";
import type { Db } from "@/server/db/client";
import { addMembership, createCommittee } from "@/server/services/committees/committees";
import { createDraft } from "@/server/services/drafts/create-draft";

// `npm run drafts:check` as the secretariat runs it: a draft with an unreadable stored row
// is reported (and the row set aside), a clean one is not.

let db: Db;
let draftId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const head = await makeUser(db);
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
  const d = await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "检查用稿件", kind: "SPEECH", committeeId: c.id } });
  draftId = d.id;
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
});
