import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { CLOSE, documentNameOf } from "@/lib/collab/protocol";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "@/server/test/factories";
import { startTestCollab, storedText, type TestCollab } from "@/server/test/collab";
import type { Db } from "@/server/db/client";
import { mintCollabToken } from "@/server/collab/token";
import { addMembership, createCommittee } from "@/server/services/committees/committees";
import { createDraft } from "@/server/services/drafts/create-draft";
import { loadDocState } from "@/server/services/drafts/doc-store";
import { UpdateGuard } from "@/server/services/drafts/update-guard";
import { schemaBreaker, updateFor } from "./schema-fuzz";
import { frames, rawClient, reportSummary, rng, SCALE, seedNote, waitFor, warmUp } from "./support";

// Schema-invalid but well-formed Yjs updates (issue #11), seeded: every one decodes and
// applies to a plain Y.Doc, and every one is refused by the update guard — directly (many
// cases, cheap) and through the real /collab server (fewer), where the connection is closed
// with INVALID_UPDATE and nothing is stored.

let db: Db;
let collab: TestCollab;
let head: TestUser;
let draftId: string;

const CONTENT = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "一、总体要求" }] },
    { type: "paragraph", content: [{ type: "text", text: "同志们：" }, { type: "text", marks: [{ type: "bold" }], text: "加强协商" }] },
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "（一）主要任务" }] },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "调研" }] }] }] },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "引文" }] }] },
  ],
};

beforeAll(async () => {
  db = useTestDatabase();
  await warmUp(db);
  const admin = await makeUser(db, { role: "ADMIN" });
  const actor = await sessionFor(db, admin.id);
  const c = await createCommittee({ db, actor, name: uniqueName("委员会"), description: "" });
  head = await makeUser(db);
  await addMembership({ db, actor, committeeId: c.id, userId: head.id, role: "HEAD" });
  draftId = (await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "结构校验", kind: "SPEECH", committeeId: c.id }, content: CONTENT })).id;
  collab = await startTestCollab(db);
});

afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

async function storedDoc() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocState({ db, draftId })).state);
  return doc;
}

describe("schema-invalid, well-formed updates are refused before storage", () => {
  it("the update guard refuses every generated case (property, seeded)", async () => {
    const r = rng(2);
    const base = await storedDoc();
    const guard = new UpdateGuard(base);
    const n = 400 * SCALE;
    const kinds = new Map<string, number>();
    const accepted: string[] = [];
    for (let i = 0; i < n; i++) {
      const breaker = schemaBreaker(r);
      const update = updateFor(base, breaker.change, r.int(1, 2 ** 30));
      // Well-formed: it decodes and applies to a plain document.
      const plain = new Y.Doc();
      Y.applyUpdate(plain, Y.encodeStateAsUpdate(base));
      Y.applyUpdate(plain, update);
      plain.destroy();
      const verdict = guard.check(update);
      kinds.set(breaker.kind, (kinds.get(breaker.kind) ?? 0) + 1);
      if (verdict.ok) accepted.push(`#${i} ${breaker.kind}`);
    }
    guard.destroy();
    reportSummary({ suite: "schema-invalid updates (update guard)", tried: n, refused: n - accepted.length, stored: accepted.length, notes: [...kinds].map(([k, c]) => `${k}: ${c}`).join("; ") });
    expect(accepted, seedNote("schema-invalid updates the guard accepted")).toEqual([]);
    expect(kinds.size).toBeGreaterThanOrEqual(10);
  });

  it("the collab server closes the connection with INVALID_UPDATE and stores nothing", { timeout: 300_000 }, async () => {
    const r = rng(3);
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: head.id }, select: { sessionVersion: true } });
    const doc = documentNameOf(draftId);
    const rowsBefore = await db.draftUpdate.count({ where: { draftId } });
    const textBefore = await storedText(db, draftId);
    const n = 30 * SCALE;
    const failures: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (let i = 0; i < n; i++) {
        const base = await storedDoc();
        const breaker = schemaBreaker(r);
        const update = updateFor(base, breaker.change, r.int(1, 2 ** 30));
        base.destroy();
        const client = rawClient(collab.url);
        await client.opened;
        client.send(frames.auth(doc, mintCollabToken({ userId: head.id, sessionVersion, draftId })));
        await waitFor(() => client.authenticated.has(doc) || client.refused(doc));
        client.send(frames.update(doc, update));
        await waitFor(() => client.refused(doc));
        if (client.docClosed.get(doc) !== CLOSE.INVALID_UPDATE.reason || client.acks > 0) failures.push(`#${i} ${breaker.kind}: ${client.docClosed.get(doc) ?? `socket ${client.closeCode}`}`);
        client.close();
      }
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
    const stored = (await db.draftUpdate.count({ where: { draftId } })) - rowsBefore;
    reportSummary({ suite: "schema-invalid updates (collab server)", tried: n, closed: n - failures.length, stored });
    expect(failures, seedNote("schema-invalid updates not refused with INVALID_UPDATE")).toEqual([]);
    expect(stored, seedNote("rows stored")).toBe(0);
    expect(await storedText(db, draftId)).toBe(textBefore);
  });
});
