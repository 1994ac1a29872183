import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { HocuspocusProvider } from "@hocuspocus/provider";
import { CLOSE } from "@/lib/collab/protocol";
import { userColor } from "@/lib/collab/user-color";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import type { Db } from "../db/client";
import { addMembership, createCommittee } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { loadDocState } from "../services/drafts/doc-store";
import { addParagraph, startTestCollab, syncFrame, storedText as storedTextOf, type TestCollab } from "../test/collab";

// A draft can never be bricked: an editor's update that does not decode, does not apply or
// breaks the editor schema is refused before it is stored or acknowledged, its connection
// is closed, and the draft — and everyone else's text — stays as it was. Rows already in the
// log that cannot be applied are skipped and quarantined on load, never an outage.

let db: Db;
let collab: TestCollab;
let head: TestUser;
let deputy: TestUser;
let draftId: string;

const storedText = () => storedTextOf(db, draftId);
const logRows = () => db.draftUpdate.count({ where: { draftId } });

/** A raw Hocuspocus Sync/Update frame, as a crafted client would send it. */
function updateFrame(update: Uint8Array) {
  return syncFrame(draftId, 2, update);
}

async function connectEditor(user: TestUser) {
  const reasons: string[] = [];
  const session = await collab.connect(user.id, draftId, { onClose: ({ event }) => void reasons.push(event.reason) });
  await expect.poll(() => session.provider.isSynced, { timeout: 10_000 }).toBe(true);
  return { ...session, reasons };
}

function sendRaw(provider: HocuspocusProvider, frame: Uint8Array) {
  provider.configuration.websocketProvider.send(frame);
}

/** The difference a change to a copy of `ydoc` makes, without touching `ydoc` itself. */
function crafted(ydoc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

function element(name: string, attrs: Record<string, unknown>, text?: string) {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
  if (text) el.insert(0, [new Y.XmlText(text)]);
  return el;
}

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  head = await makeUser(db);
  deputy = await makeUser(db);
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: deputy.id, role: "DEPUTY_HEAD" });
  const draft = await createDraft({
    db,
    actor: await sessionFor(db, head.id),
    input: { title: "校验测试", kind: "SPEECH", committeeId: c.id },
    content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "同志们：" }] }] },
  });
  draftId = draft.id;
  collab = await startTestCollab(db);
});

afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

describe("updates are validated before they are stored", () => {
  it("refuses a malformed update frame, stores nothing, and the draft still loads", async () => {
    const editor = await connectEditor(head);
    const valid = crafted(editor.ydoc, (copy) => addParagraph(copy, "截断的修改"));
    const before = await logRows();
    sendRaw(editor.provider, updateFrame(valid.slice(0, Math.max(3, valid.length - 7)))); // truncated
    await expect.poll(() => editor.reasons, { timeout: 10_000 }).toContain(CLOSE.INVALID_UPDATE.reason);
    expect(await logRows()).toBe(before);
    // Loading from the database works (after a restart as now).
    expect(await storedText()).toContain("同志们：");
    editor.provider.destroy();
  });

  it("refuses random bytes posing as an update", async () => {
    const editor = await connectEditor(head);
    const before = await logRows();
    sendRaw(editor.provider, updateFrame(Uint8Array.from([1, 1, 200, 150, 1, 0, 7, 99, 4, 255, 255, 255])));
    await expect.poll(() => editor.reasons, { timeout: 10_000 }).toContain(CLOSE.INVALID_UPDATE.reason);
    expect(await logRows()).toBe(before);
    editor.provider.destroy();
  });

  const schemaBreakers: [string, (copy: Y.Doc) => void][] = [
    ["an unknown node type", (d) => d.getXmlFragment("default").push([element("script", {}, "alert(1)")])],
    ["a heading without a sid", (d) => d.getXmlFragment("default").push([element("heading", { level: 1 }, "无编号标题")])],
    ["a heading with an unknown level", (d) => d.getXmlFragment("default").push([element("heading", { level: 9, sid: "s-level9" }, "九级标题")])],
    ["an attribute the node does not have", (d) => d.getXmlFragment("default").push([element("paragraph", { onclick: "alert(1)" }, "正文")])],
    ["a huge attribute", (d) => d.getXmlFragment("default").push([element("heading", { level: 1, sid: "s-huge", title: "长".repeat(5000) }, "标题")])],
    [
      "a link with a script URL",
      (d) => {
        const t = new Y.XmlText();
        t.insert(0, "点这里", { link: { href: "javascript:alert(document.cookie)" } });
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [t]);
        d.getXmlFragment("default").push([p]);
      },
    ],
    [
      "an unknown mark",
      (d) => {
        const t = new Y.XmlText();
        t.insert(0, "文字", { blink: {} });
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [t]);
        d.getXmlFragment("default").push([p]);
      },
    ],
    ["text directly in the document root", (d) => d.getXmlFragment("default").push([new Y.XmlText("裸文字")])],
    ["a list item without its paragraph", (d) => d.getXmlFragment("default").push([(() => { const l = new Y.XmlElement("bulletList"); l.insert(0, [new Y.XmlElement("listItem")]); return l; })()])],
    ["another root type", (d) => d.getMap("evil").set("x", "y")],
  ];

  it.each(schemaBreakers)("refuses %s; other users' text is untouched", async (_name, change) => {
    const attacker = await connectEditor(head);
    const other = await connectEditor(deputy);
    const before = await logRows();
    const textBefore = await storedText();
    sendRaw(attacker.provider, updateFrame(crafted(attacker.ydoc, change)));
    await expect.poll(() => attacker.reasons, { timeout: 10_000 }).toContain(CLOSE.INVALID_UPDATE.reason);
    expect(await logRows()).toBe(before);
    expect(await storedText()).toBe(textBefore);
    // The draft keeps being served: the other editor's next edit is stored and acknowledged.
    const mark = uniqueName("他人的修改");
    addParagraph(other.ydoc, mark);
    await expect.poll(() => other.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    expect(await storedText()).toContain(mark);
    expect(other.reasons).not.toContain(CLOSE.INVALID_UPDATE.reason);
    attacker.provider.destroy();
    other.provider.destroy();
  });

  it("accepts the editor's own kinds of change: headings with sids, lists, marks, links", async () => {
    const editor = await connectEditor(head);
    const f = editor.ydoc.getXmlFragment("default");
    const t = new Y.XmlText();
    t.insert(0, "见", {});
    t.insert(1, "政协网站", { link: { href: "https://www.cppcc.gov.cn/", target: "_blank", rel: "noopener noreferrer nofollow", class: null, title: null }, bold: {} });
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [t]);
    const li = new Y.XmlElement("listItem");
    li.insert(0, [element("paragraph", {}, "列表项")]);
    const list = new Y.XmlElement("bulletList");
    list.insert(0, [li]);
    f.push([element("heading", { level: 2, sid: "s-accept" }, "（一）有效标题"), p, list]);
    await expect.poll(() => editor.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    expect(editor.reasons).not.toContain(CLOSE.INVALID_UPDATE.reason);
    const stored = await storedText();
    expect(stored).toContain("（一）有效标题");
    expect(stored).toContain("政协网站");
    expect(stored).toContain("列表项");
    editor.provider.destroy();
  });
});

describe("loading survives rows that cannot be applied", () => {
  it("skips a bad stored row, serves the draft, and quarantines the row with an audit event", async () => {
    const good = await storedText();
    const bad = await db.draftUpdate.create({ data: { draftId, data: Buffer.from([0, 5, 1, 2, 3, 250, 251, 252]), userId: head.id } });
    // Loading (what every open of the draft does) works, with the same content.
    const { state, quarantined } = await loadDocState({ db, draftId });
    expect(quarantined).toBe(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(doc.getXmlFragment("default").toString()).toBe(good);
    // The row is moved aside, not dropped, and the move is audited.
    expect(await db.draftUpdate.findUnique({ where: { id: bad.id } })).toBeNull();
    const q = await db.draftUpdateQuarantine.findUniqueOrThrow({ where: { id: bad.id } });
    expect(q).toMatchObject({ draftId, userId: head.id });
    expect(q.reason).toMatch(/decode|apply/);
    const audit = await db.auditEvent.findFirst({ where: { type: "draft.updates_quarantined", targetId: draftId } });
    expect(audit?.data).toMatchObject({ rows: [{ id: bad.id.toString() }] });
  });

  it("an editor opening the draft after a bad row was stored gets the document and can edit", async () => {
    await db.draftUpdate.create({ data: { draftId, data: Buffer.from([9, 9, 9]), userId: null } });
    await collab.close(); // a restart: the document is loaded from the database again
    collab = await startTestCollab(db);
    const editor = await connectEditor(head);
    expect(editor.ydoc.getXmlFragment("default").toString()).toContain("同志们：");
    addParagraph(editor.ydoc, "重启后的修改");
    await expect.poll(() => editor.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    expect(await storedText()).toContain("重启后的修改");
    expect(await db.draftUpdateQuarantine.count({ where: { draftId } })).toBe(2);
  });
});

describe("presence is set by the server", () => {
  it("shows the authenticated user's name and colour, whatever name and colour the client claims", async () => {
    const spoofer = await connectEditor(deputy);
    const watcher = await connectEditor(head);
    spoofer.provider.setAwarenessField("user", { name: "王建国（冒充）", color: "#000000" });
    spoofer.provider.setAwarenessField("section", "s-accept");
    const seen = () => {
      const state = watcher.provider.awareness?.getStates().get(spoofer.ydoc.clientID) as
        | { user?: { name?: string; color?: string }; section?: string }
        | undefined;
      return state ? { name: state.user?.name, color: state.user?.color, section: state.section } : null;
    };
    // The colour is the server's for this user (the caret and avatar colour others see), not the client's.
    expect(userColor(deputy.id)).not.toBe("#000000");
    await expect.poll(seen, { timeout: 10_000 }).toEqual({ name: deputy.name, color: userColor(deputy.id), section: "s-accept" });
    spoofer.provider.destroy();
    watcher.provider.destroy();
  });
});
