import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { appRouter } from "../../api/root";
import { createCallerFactory } from "../../api/trpc";
import { addMembership, createCommittee } from "../committees/committees";
import { createDraft } from "../drafts/create-draft";
import { appendUpdate, loadDocState } from "../drafts/doc-store";
import { contextFor, makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";

// For versions and sign-off integration tests: a committee, a draft with three sections
// (一 总体要求, 二 主要任务, 三 保障措施) and one person for every part of the path.
//   owner     the committee's deputy head, who created the draft (OWNER)
//   head      the committee's head (EDITOR), the first stage
//   vice1/2   vice-chairs (VIEWER on every draft), the second stage, 1 of 2
//   chair     the chair, the last stage
//   member    a committee member (COMMENTER)
//   outsider  no access at all
// Callers sign in "now" by default (authTime), or `longAgo` (past the 5-minute window).

const createCaller = createCallerFactory(appRouter);

export const SIDS = { yi: "s-yi", er: "s-er", san: "s-san" } as const;

const heading = (sid: string, text: string): JSONContent => ({ type: "heading", attrs: { level: 1, sid }, content: [{ type: "text", text }] });
const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

export async function signoffFixture(db: Db) {
  const admin = await makeUser(db, { role: "ADMIN" });
  const committee = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  const person = (key: string, role: "MEMBER" | "CHAIR" | "VICE_CHAIR" = "MEMBER") => makeUser(db, { role, name: `${key}${uniqueName("").slice(0, 4)}` });
  const people = {
    owner: await person("起草人"),
    head: await person("主任"),
    vice1: await person("副主席甲", "VICE_CHAIR"),
    vice2: await person("副主席乙", "VICE_CHAIR"),
    chair: await person("主席", "CHAIR"),
    member: await person("委员"),
    outsider: await person("外人"),
  };
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: committee.id, userId: people.owner.id, role: "DEPUTY_HEAD" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: committee.id, userId: people.head.id, role: "HEAD" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: committee.id, userId: people.member.id, role: "MEMBER" });
  const newDraft = async (title = `审签测试稿${uniqueName("")}`) =>
    createDraft({
      db,
      actor: await sessionFor(db, people.owner.id),
      input: { title, kind: "WORK_REPORT", committeeId: committee.id, deadline: "2030-06-30T09:00:00.000Z" },
      content: {
        type: "doc",
        content: [
          paragraph("关于加强社区养老服务的报告"),
          heading(SIDS.yi, "总体要求"),
          paragraph("坚持以人民为中心的发展思想。"),
          heading(SIDS.er, "主要任务"),
          paragraph("完善服务网络。"),
          heading(SIDS.san, "保障措施"),
          paragraph("加强组织领导。"),
        ],
      },
    });
  const draft = await newDraft();
  const as = async (u: TestUser, o: { authTime?: Date | null } = {}) =>
    createCaller({ ...contextFor(await sessionFor(db, u.id)), authTime: o.authTime === undefined ? new Date() : o.authTime });
  /** The rule of the issue with exactly these people: head (all) → vice-chairs (1 of 2) → chair. */
  const committeeRule = {
    stages: [
      { name: "专委会主任", signerIds: [people.head.id], threshold: "ALL" as const },
      { name: "副主席", signerIds: [people.vice1.id, people.vice2.id], threshold: { k: 1 } },
      { name: "主席", signerIds: [people.chair.id], threshold: { k: 1 } },
    ],
    gate: "BLOCK" as const,
  };
  return { admin, committee, draft, newDraft, people, as, committeeRule };
}

export type SignoffFixture = Awaited<ReturnType<typeof signoffFixture>>;

/**
 * Appends text to the paragraph after section `sid`'s heading, as one Yjs update stored like
 * the collab server stores an editor's update (appendUpdate). Returns the update.
 */
export async function editSection(db: Db, o: { draftId: string; sid: string; append: string; userId: string | null }): Promise<Uint8Array> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocState({ db, draftId: o.draftId })).state);
  const update = sectionEdit(doc, o.sid, o.append);
  doc.destroy();
  await appendUpdate({ db, draftId: o.draftId, update, userId: o.userId });
  return update;
}

/** The update that appends `text` to the paragraph after `sid`'s heading in `doc` (applied to doc too). */
export function sectionEdit(doc: Y.Doc, sid: string, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment("default");
  const blocks = fragment.toArray();
  const at = blocks.findIndex((b) => b instanceof Y.XmlElement && b.nodeName === "heading" && b.getAttribute("sid") === sid);
  const para = blocks[at + 1];
  if (!(para instanceof Y.XmlElement)) throw new Error(`no paragraph after section ${sid}`);
  const t = para.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (!t) throw new Error(`no text in the paragraph after ${sid}`);
  t.insert(t.length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

/** The code, message key and params of a failed call (tRPC error with the formatter's data). */
export async function failure(p: Promise<unknown>): Promise<{ code: string; key: string | undefined; params: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; cause?: { messageKey?: string; params?: Record<string, unknown> } };
    return { code: err.code ?? "?", key: err.cause?.messageKey, params: err.cause?.params ?? {} };
  }
  throw new Error("expected the call to fail");
}
