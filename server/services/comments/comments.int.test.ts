import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor } from "../../test/factories";
import { createDraft } from "../drafts/create-draft";
import { removeDraftMember, setDraftMemberRole } from "../drafts/draft-members";
import { mentionToken, COMMENT_LIMITS } from "@/lib/comments/text";
import { commentsFixture, failure, SECTIONS, type CommentsFixture } from "./test-fixture";

// Comments against a real database, through the tRPC procedures (policy, services, audit,
// notifications): what each kind of person sees and may do.

let db: Db;
let f: CommentsFixture;
type Caller = Awaited<ReturnType<CommentsFixture["as"]>>;
let owner: Caller, editor: Caller, a: Caller, b: Caller, c: Caller, viewer: Caller, chair: Caller, outsider: Caller;

beforeAll(async () => {
  db = useTestDatabase();
  f = await commentsFixture(db, { names: { a: "甲委员", b: "乙委员" } });
  owner = await f.as(f.people.owner);
  editor = await f.as(f.people.editor);
  a = await f.as(f.people.a);
  b = await f.as(f.people.b);
  c = await f.as(f.people.c);
  viewer = await f.as(f.people.viewer);
  chair = await f.as(f.people.chair);
  outsider = await f.as(f.people.outsider);
});
afterAll(closeTestDatabase);

const draftId = () => f.draft.id;
const mention = (u: { id: string }, name = "任意名字") => mentionToken(u.id, name);
const ids = (threads: { id: string }[]) => threads.map((t) => t.id);
const audit = (type: string, targetId: string) => db.auditEvent.findFirst({ where: { type, targetId }, orderBy: { id: "desc" } });

describe("threads on sections", () => {
  it("starts a thread on a section and shows it to every reader, with open counts per section", async () => {
    const { threadId, commentId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "建议补充时间安排。" });
    for (const who of [owner, editor, b, viewer, chair]) {
      const { threads, openCounts } = await who.comments.list({ draftId: draftId() });
      const t = threads.find((x) => x.id === threadId)!;
      expect(t).toMatchObject({ sid: SECTIONS.one, sectionTitle: "总体要求", detached: false, status: "OPEN", visibility: "MEMBERS", passage: null });
      expect(t.comments).toEqual([expect.objectContaining({ id: commentId, body: "建议补充时间安排。", deleted: false, edited: false })]);
      expect(openCounts[SECTIONS.one]).toBeGreaterThanOrEqual(1);
    }
    const mine = (await a.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(mine).toMatchObject({ mine: true, can: { reply: true, resolve: true, setDisposition: false } });
    expect(mine.comments[0]).toMatchObject({ mine: true, can: { edit: true, delete: true } });
    const asViewer = (await viewer.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(asViewer.can).toEqual({ reply: false, resolve: false, setDisposition: false });
    expect(await audit("comment.created", threadId)).toMatchObject({ actorId: f.people.a.id, targetType: "CommentThread" });
  });

  it("keeps a passage's anchors and quote", async () => {
    const doc = new Y.Doc();
    const text = doc.getXmlFragment("default");
    text.insert(0, [new Y.XmlText("第二部分正文")]);
    const anchor = (i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text.get(0) as Y.XmlText, i))).toString("base64");
    const passage = { start: anchor(0), end: anchor(4), quote: "第二部分" };
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: "这一句表述不准确。", passage });
    const t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t.passage).toEqual(passage);
  });

  it("refuses anchors that do not decode", async () => {
    const bad = Buffer.from([255, 255, 255, 255, 255, 255, 255, 255, 255, 255]).toString("base64");
    expect(await failure(a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: "x", passage: { start: bad, end: bad, quote: "第二" } }))).toMatchObject({
      code: "BAD_REQUEST", key: "comments.invalidPassage",
    });
  });

  it("lets viewers read only, and hides the draft's threads from outsiders", async () => {
    expect((await failure(viewer.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "读者的意见" }))).code).toBe("FORBIDDEN");
    expect((await failure(chair.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "读者的意见" }))).code).toBe("FORBIDDEN");
    expect((await failure(outsider.comments.list({ draftId: draftId() }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for a thread of another draft", async () => {
    const other = await createDraft({ db, actor: await sessionFor(db, f.people.owner.id), input: { title: "另一稿", kind: "OTHER", committeeId: f.committee.id } });
    const { threadId } = await a.comments.create({ draftId: other.id, sid: SECTIONS.one, body: "另一稿的意见" });
    expect((await failure(a.comments.reply({ draftId: draftId(), threadId, body: "串稿回复" }))).code).toBe("NOT_FOUND");
    expect((await failure(owner.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" }))).code).toBe("NOT_FOUND");
  });
});

describe("bad input", () => {
  it("refuses empty, over-long and control-character text with a catalogue key, and stores nothing", async () => {
    const before = await db.comment.count();
    const cases: [string, string][] = [
      ["", "comments.validation.empty"],
      ["   \n  ", "comments.validation.empty"],
      ["字".repeat(COMMENT_LIMITS.maxChars + 1), "comments.validation.tooLong"],
      ["响铃\u0007字符", "validation.controlChars"],
      ["空\u0000字符", "validation.controlChars"],
    ];
    for (const [body, key] of cases) {
      const r = await failure(a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body }));
      expect(r.code, JSON.stringify(body.slice(0, 10))).toBe("BAD_REQUEST");
      expect(r.zod).toContain(key);
    }
    expect(await db.comment.count()).toBe(before);
    // Exactly the limit is fine; line breaks and bidi overrides are kept (shown visibly when rendered).
    await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "字".repeat(COMMENT_LIMITS.maxChars) });
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "第一行\n\u202e第二行 <img src=x onerror=alert(1)>" });
    const t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t.comments[0]!.body).toBe("第一行\n\u202e第二行 <img src=x onerror=alert(1)>");
  });
});

describe("internal threads", () => {
  let threadId = "";

  beforeAll(async () => {
    ({ threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.three, body: `请${mention(f.people.b)}看看`, visibility: "INTERNAL" }));
  });

  it("are seen by the author, the owner and the people mentioned", async () => {
    for (const who of [a, owner, b]) expect(ids((await who.comments.list({ draftId: draftId() })).threads)).toContain(threadId);
  });

  it("are not seen by an editor, a commenter or a reader who is not mentioned — not in counts, the register or the 工作台 either", async () => {
    for (const who of [editor, c, viewer, chair]) {
      const { threads, openCounts } = await who.comments.list({ draftId: draftId() });
      expect(ids(threads)).not.toContain(threadId);
      const visibleOpen = threads.filter((t) => t.sid === SECTIONS.three && t.status === "OPEN").length;
      expect(openCounts[SECTIONS.three] ?? 0).toBe(visibleOpen);
      expect((await who.comments.register({ draftId: draftId() })).rows.map((r) => r.threadId)).not.toContain(threadId);
      const w = await who.comments.waiting();
      expect([...w.mentioningMe, ...w.repliesToMe, ...w.awaitingDisposition].map((i) => i.threadId)).not.toContain(threadId);
      expect((await failure(who.comments.reply({ draftId: draftId(), threadId, body: "看不到也想回复" }))).code).toBe("NOT_FOUND");
    }
    // The owner's counts include it.
    const asOwner = await owner.comments.list({ draftId: draftId() });
    expect(asOwner.openCounts[SECTIONS.three]).toBe(asOwner.threads.filter((t) => t.sid === SECTIONS.three && t.status === "OPEN").length);
    expect((await owner.comments.register({ draftId: draftId() })).rows.map((r) => r.threadId)).toContain(threadId);
    expect((await owner.comments.waiting()).awaitingDisposition.map((i) => i.threadId)).toContain(threadId);
    // The editor may not set a disposition on what they cannot see.
    expect((await failure(editor.comments.setDisposition({ draftId: draftId(), threadId, disposition: "NOTED", reason: "" }))).code).toBe("NOT_FOUND");
  });

  it("widen to someone mentioned in a reply, and narrow again when that comment is deleted", async () => {
    const { commentId } = await b.comments.reply({ draftId: draftId(), threadId, body: `也请${mention(f.people.c)}看看` });
    expect(ids((await c.comments.list({ draftId: draftId() })).threads)).toContain(threadId);
    await b.comments.delete({ draftId: draftId(), commentId });
    expect(ids((await c.comments.list({ draftId: draftId() })).threads)).not.toContain(threadId);
    // …and c's notification about it is gone with it.
    expect((await c.notifications.list({})).items.map((n) => n.threadId)).not.toContain(threadId);
  });
});

describe("mentions and notifications", () => {
  it("normalizes mention names from the database and notifies the person mentioned", async () => {
    const before = (await b.notifications.unreadCount()).count;
    const { threadId, commentId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `${mention(f.people.b, "冒充的名字")} 请核实数据` });
    const stored = await db.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect(stored.body).toBe(`${mentionToken(f.people.b.id, "乙委员")} 请核实数据`);
    expect((await b.notifications.unreadCount()).count).toBe(before + 1);
    const n = (await b.notifications.list({})).items[0]!;
    expect(n).toMatchObject({ type: "MENTION", draftId: draftId(), draftTitle: f.draft.title, threadId, actor: { id: f.people.a.id, name: "甲委员" }, read: false });
    expect(n.excerpt).toBe("@乙委员 请核实数据");
    const t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t.mentionsMe).toBe(true);
    // Mentioning oneself notifies nobody.
    const self = (await a.notifications.unreadCount()).count;
    await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `${mention(f.people.a)} 自己备忘` });
    expect((await a.notifications.unreadCount()).count).toBe(self);
  });

  it("refuses a mention of someone who cannot read the draft, naming them, and stores nothing", async () => {
    const before = await db.comment.count();
    const r = await failure(a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `${mention(f.people.outsider)} 和 ${mention({ id: "no-such-user" }, "查无此人")}` }));
    expect(r).toMatchObject({ code: "BAD_REQUEST", key: "comments.mentionNoAccess" });
    expect(r.params.names).toBe(`${f.people.outsider.name}、查无此人`);
    expect(await db.comment.count()).toBe(before);
    // checkMentions tells the UI the same, and whether the caller may invite.
    const check = await a.comments.checkMentions({ draftId: draftId(), userIds: [f.people.outsider.id, f.people.b.id] });
    expect(check).toEqual({
      users: [
        { id: f.people.outsider.id, name: f.people.outsider.name, hasAccess: false },
        { id: f.people.b.id, name: "乙委员", hasAccess: true },
      ],
      canInvite: false,
    });
    expect((await owner.comments.checkMentions({ draftId: draftId(), userIds: [] })).canInvite).toBe(true);
  });

  it("suggests the owner, explicit members and committee members, sorted by name, without the caller", async () => {
    const list = await a.comments.mentionCandidates({ draftId: draftId() });
    const got = list.map((p) => p.id);
    for (const u of [f.people.owner, f.people.editor, f.people.b, f.people.c, f.people.viewer]) expect(got).toContain(u.id);
    expect(got).not.toContain(f.people.a.id);
    expect(got).not.toContain(f.people.outsider.id);
    expect(got).not.toContain(f.people.chair.id);
    const names = list.map((p) => p.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("zh-CN").compare));
  });

  it("notifies earlier participants of a reply, not the replier, and not people who can no longer read the draft", async () => {
    const d = await makeUser(db);
    await setDraftMemberRole({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: d.id, role: "COMMENTER" });
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: "第一条" });
    await c.comments.reply({ draftId: draftId(), threadId, body: "第二条" });
    await (await f.as(d)).comments.reply({ draftId: draftId(), threadId, body: "第三条" });
    await removeDraftMember({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: d.id });
    const { commentId } = await b.comments.reply({ draftId: draftId(), threadId, body: "第四条" });
    const rows = await db.notification.findMany({ where: { commentId }, orderBy: { userId: "asc" } });
    expect(rows.map((r) => [r.userId, r.type]).sort()).toEqual([[f.people.a.id, "REPLY"], [f.people.c.id, "REPLY"]].sort());
    expect(await audit("comment.replied", commentId)).toMatchObject({ actorId: f.people.b.id });
  });

  it("never notifies someone who cannot see the thread", async () => {
    // An internal thread by a; c replies after being mentioned; the mention is then edited out,
    // so c cannot see the thread any more, and a's next reply does not call c.
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: `内部：${mention(f.people.c)}`, visibility: "INTERNAL" });
    await c.comments.reply({ draftId: draftId(), threadId, body: "收到" });
    const first = (await db.comment.findFirstOrThrow({ where: { threadId }, orderBy: { createdAt: "asc" } })).id;
    await a.comments.edit({ draftId: draftId(), commentId: first, body: "内部：不再提及" });
    const before = await db.notification.count({ where: { userId: f.people.c.id, threadId } });
    await a.comments.reply({ draftId: draftId(), threadId, body: "继续讨论" });
    expect(await db.notification.count({ where: { userId: f.people.c.id, threadId } })).toBe(before);
    // And the earlier notifications of that thread are no longer listed or counted for c.
    expect((await c.notifications.list({ limit: 50 })).items.map((n) => n.threadId)).not.toContain(threadId);
  });

  it("marks read: own notifications only, one by one or all", async () => {
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `${mention(f.people.b)} 一` });
    await a.comments.reply({ draftId: draftId(), threadId, body: `${mention(f.people.b)} 二` });
    const items = (await b.notifications.list({ limit: 2 })).items;
    const unread = (await b.notifications.unreadCount()).count;
    // Someone else cannot mark b's notification read.
    await c.notifications.markRead({ ids: [items[0]!.id] });
    expect((await b.notifications.unreadCount()).count).toBe(unread);
    await b.notifications.markRead({ ids: [items[0]!.id] });
    expect((await b.notifications.unreadCount()).count).toBe(unread - 1);
    expect((await b.notifications.list({ limit: 2 })).items[0]).toMatchObject({ id: items[0]!.id, read: true });
    await b.notifications.markAllRead();
    expect((await b.notifications.unreadCount()).count).toBe(0);
  });

  it("pages notifications newest first with a cursor", async () => {
    const all = (await b.notifications.list({ limit: 50 })).items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const p1 = await b.notifications.list({ limit: 2 });
    const p2 = await b.notifications.list({ limit: 2, cursor: p1.nextCursor! });
    expect([...p1.items, ...p2.items].map((n) => n.id)).toEqual(all.slice(0, 4).map((n) => n.id));
    expect((await failure(b.notifications.list({ cursor: "nonsense" }))).code).toBe("BAD_REQUEST");
  });
});

describe("edit and delete", () => {
  it("lets the author edit (marked edited, audit keeps the previous text); nobody else", async () => {
    const { threadId, commentId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "原来的意见" });
    expect((await failure(owner.comments.edit({ draftId: draftId(), commentId, body: "起草人改写" }))).code).toBe("FORBIDDEN");
    expect((await failure(b.comments.edit({ draftId: draftId(), commentId, body: "别人改写" }))).code).toBe("FORBIDDEN");
    await a.comments.edit({ draftId: draftId(), commentId, body: "修改后的意见" });
    const t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t.comments[0]).toMatchObject({ body: "修改后的意见", edited: true });
    expect((await audit("comment.edited", commentId))?.data).toMatchObject({ previous: "原来的意见" });
  });

  it("notifies people newly mentioned by an edit once, however often the mention is toggled", async () => {
    const { commentId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "先不提及" });
    const count = () => db.notification.count({ where: { commentId, userId: f.people.c.id } });
    await a.comments.edit({ draftId: draftId(), commentId, body: `${mention(f.people.c)} 加上` });
    await a.comments.edit({ draftId: draftId(), commentId, body: "去掉" });
    await a.comments.edit({ draftId: draftId(), commentId, body: `${mention(f.people.c)} 又加上` });
    expect(await count()).toBe(1);
  });

  it("lets the author delete: a placeholder stays, the audit keeps the text", async () => {
    const { threadId, commentId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "要删除的意见" });
    expect((await failure(owner.comments.delete({ draftId: draftId(), commentId }))).code).toBe("FORBIDDEN");
    await a.comments.delete({ draftId: draftId(), commentId });
    const t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t.comments).toEqual([expect.objectContaining({ id: commentId, body: "", deleted: true, can: { edit: false, delete: false } })]);
    expect((await db.comment.findUniqueOrThrow({ where: { id: commentId } })).body).toBe("");
    expect((await audit("comment.deleted", commentId))?.data).toMatchObject({ text: "要删除的意见" });
    // Deleted stays deleted: no edit, no second delete.
    expect((await failure(a.comments.edit({ draftId: draftId(), commentId, body: "复活" }))).code).toBe("FORBIDDEN");
    expect((await b.comments.register({ draftId: draftId() })).rows.find((r) => r.threadId === threadId)?.comment).toBe("");
  });
});

describe("resolve, reopen and dispositions", () => {
  let threadId = "";
  beforeAll(async () => {
    ({ threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: "建议调整顺序" }));
  });

  it("lets the author, editors and the owner resolve and reopen; other commenters and readers cannot", async () => {
    expect((await failure(b.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" }))).code).toBe("FORBIDDEN");
    expect((await failure(viewer.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" }))).code).toBe("FORBIDDEN");
    await a.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" });
    let t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t).toMatchObject({ status: "RESOLVED", resolvedBy: { id: f.people.a.id } });
    expect(t.resolvedAt).toBeInstanceOf(Date);
    expect(await audit("thread.resolved", threadId)).toBeTruthy();
    await editor.comments.setStatus({ draftId: draftId(), threadId, status: "OPEN" });
    t = (await b.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t).toMatchObject({ status: "OPEN", resolvedBy: null, resolvedAt: null });
    expect(await audit("thread.reopened", threadId)).toBeTruthy();
    await owner.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" });
    // Resolving twice is harmless (two people clicking at once).
    const events = await db.auditEvent.count({ where: { targetId: threadId } });
    await owner.comments.setStatus({ draftId: draftId(), threadId, status: "RESOLVED" });
    expect(await db.auditEvent.count({ where: { targetId: threadId } })).toBe(events);
  });

  it("needs a reason for NOT_ADOPTED and lets only editors and the owner set a disposition", async () => {
    const noReason = await failure(owner.comments.setDisposition({ draftId: draftId(), threadId, disposition: "NOT_ADOPTED", reason: "  " }));
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(noReason.zod).toContain("comments.validation.reasonRequired");
    expect((await failure(a.comments.setDisposition({ draftId: draftId(), threadId, disposition: "ADOPTED", reason: "" }))).code).toBe("FORBIDDEN");
    expect((await failure(viewer.comments.setDisposition({ draftId: draftId(), threadId, disposition: "ADOPTED", reason: "" }))).code).toBe("FORBIDDEN");
    await editor.comments.setDisposition({ draftId: draftId(), threadId, disposition: "NOT_ADOPTED", reason: "与上位文件不一致" });
    await owner.comments.setDisposition({ draftId: draftId(), threadId, disposition: "PARTLY_ADOPTED", reason: "调整了第二段" });
    const t = (await a.comments.list({ draftId: draftId() })).threads.find((x) => x.id === threadId)!;
    expect(t).toMatchObject({ disposition: "PARTLY_ADOPTED", dispositionReason: "调整了第二段", dispositionBy: { id: f.people.owner.id } });
    expect((await audit("thread.disposition_set", threadId))?.data).toMatchObject({
      disposition: "PARTLY_ADOPTED", reason: "调整了第二段", previous: { disposition: "NOT_ADOPTED", reason: "与上位文件不一致" },
    });
    const row = (await viewer.comments.register({ draftId: draftId() })).rows.find((r) => r.threadId === threadId)!;
    expect(row).toMatchObject({ sectionLabel: "（一）", sectionTitle: "主要任务", commenter: "甲委员", comment: "建议调整顺序", disposition: "PARTLY_ADOPTED", reason: "调整了第二段", status: "RESOLVED" });
  });
});

describe("工作台: what waits for me", () => {
  it("lists mentions until I answer, replies to me until I answer, and threads awaiting my disposition with the deadline", async () => {
    const { threadId } = await c.comments.create({ draftId: draftId(), sid: SECTIONS.three, body: `${mention(f.people.b)} 这段数据从哪里来？` });
    let wb = await b.comments.waiting();
    expect(wb.mentioningMe.find((i) => i.threadId === threadId)).toMatchObject({
      draftId: draftId(), draftTitle: f.draft.title, sectionTitle: "保障措施", excerpt: "@乙委员 这段数据从哪里来？",
    });
    expect(wb.mentioningMe.find((i) => i.threadId === threadId)?.deadline?.toISOString()).toBe("2030-06-30T09:00:00.000Z");
    await b.comments.reply({ draftId: draftId(), threadId, body: "来自统计年鉴。" });
    wb = await b.comments.waiting();
    expect(wb.mentioningMe.map((i) => i.threadId)).not.toContain(threadId);
    const wc = await c.comments.waiting();
    expect(wc.repliesToMe.find((i) => i.threadId === threadId)).toMatchObject({ excerpt: "来自统计年鉴。" });
    await c.comments.reply({ draftId: draftId(), threadId, body: "谢谢。" });
    expect((await c.comments.waiting()).repliesToMe.map((i) => i.threadId)).not.toContain(threadId);

    for (const who of [owner, editor]) expect((await who.comments.waiting()).awaitingDisposition.map((i) => i.threadId)).toContain(threadId);
    for (const who of [a, viewer, chair]) expect((await who.comments.waiting()).awaitingDisposition).toEqual([]);
    await owner.comments.setDisposition({ draftId: draftId(), threadId, disposition: "ADOPTED", reason: "" });
    expect((await editor.comments.waiting()).awaitingDisposition.map((i) => i.threadId)).not.toContain(threadId);
  });

  it("forgets a draft I lost access to", async () => {
    const u = await makeUser(db);
    await setDraftMemberRole({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: u.id, role: "COMMENTER" });
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `${mention(u)} 请看` });
    const asU = await f.as(u);
    expect((await asU.comments.waiting()).mentioningMe.map((i) => i.threadId)).toContain(threadId);
    expect((await asU.notifications.unreadCount()).count).toBe(1);
    await removeDraftMember({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: u.id });
    expect((await asU.comments.waiting()).mentioningMe).toEqual([]);
    expect((await asU.notifications.unreadCount()).count).toBe(0);
    expect((await asU.notifications.list({})).items).toEqual([]);
  });
});

describe("rate limit", () => {
  it(`refuses new comments past ${COMMENT_LIMITS.perMinute} a minute with TOO_MANY_REQUESTS and the seconds to wait`, async () => {
    const u = await makeUser(db);
    await setDraftMemberRole({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: u.id, role: "COMMENTER" });
    const asU = await f.as(u);
    const { threadId } = await asU.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "第 1 条" });
    // Concurrent requests cannot slip past the limit together.
    const results = await Promise.allSettled(
      Array.from({ length: COMMENT_LIMITS.perMinute + 4 }, (_, i) => asU.comments.reply({ draftId: draftId(), threadId, body: `第 ${i + 2} 条` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(COMMENT_LIMITS.perMinute - 1);
    const refused = await failure(asU.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "超出" }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", key: "comments.rateLimited", params: { max: COMMENT_LIMITS.perMinute } });
    expect(refused.params.seconds).toBeGreaterThan(0);
    expect(refused.params.seconds).toBeLessThanOrEqual(60);
    expect(await db.comment.count({ where: { authorId: u.id } })).toBe(COMMENT_LIMITS.perMinute);
    // Others are not affected.
    await b.comments.reply({ draftId: draftId(), threadId, body: "别人不受影响" });
  });
});
