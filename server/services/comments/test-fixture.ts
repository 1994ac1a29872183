import type { JSONContent } from "@tiptap/core";
import type { Db } from "../../db/client";
import { appRouter } from "../../api/root";
import { createCallerFactory } from "../../api/trpc";
import { addMembership, createCommittee } from "../committees/committees";
import { createDraft } from "../drafts/create-draft";
import { setDraftMemberRole } from "../drafts/draft-members";
import { contextFor, makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";

// For comment integration tests: a committee, a draft with three sections and one person
// for every kind of access. Names are unique per call, so files (and calls) never collide.
//   owner     the committee's head, who created the draft (OWNER)
//   editor    the deputy head (EDITOR)
//   a, b, c   committee members (COMMENTER)
//   viewer    a committee member narrowed to VIEWER by an explicit role
//   chair     leadership (VIEWER on every draft)
//   outsider  no access at all

const createCaller = createCallerFactory(appRouter);

export const heading = (level: number, sid: string, text: string): JSONContent => ({ type: "heading", attrs: { level, sid }, content: [{ type: "text", text }] });
export const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

export const SECTIONS = { one: "s-one", two: "s-two", three: "s-three" } as const;

export async function commentsFixture(db: Db, o: { names?: Partial<Record<string, string>> } = {}) {
  const admin = await makeUser(db, { role: "ADMIN" });
  const committee = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  const person = (key: string, role: "MEMBER" | "CHAIR" = "MEMBER") => makeUser(db, { role, name: o.names?.[key] ?? `${key}${uniqueName("").slice(0, 4)}` });
  const people = {
    owner: await person("owner"),
    editor: await person("editor"),
    a: await person("a"),
    b: await person("b"),
    c: await person("c"),
    viewer: await person("viewer"),
    chair: await person("chair", "CHAIR"),
    outsider: await person("outsider"),
  };
  const member = async (u: TestUser, role: "HEAD" | "DEPUTY_HEAD" | "MEMBER") =>
    addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: committee.id, userId: u.id, role });
  await member(people.owner, "HEAD");
  await member(people.editor, "DEPUTY_HEAD");
  for (const u of [people.a, people.b, people.c, people.viewer]) await member(u, "MEMBER");
  const draft = await createDraft({
    db,
    actor: await sessionFor(db, people.owner.id),
    input: { title: `意见测试稿${uniqueName("")}`, kind: "RESEARCH_REPORT", committeeId: committee.id, deadline: "2030-06-30T09:00:00.000Z" },
    content: {
      type: "doc",
      content: [
        paragraph("开头"),
        heading(1, SECTIONS.one, "总体要求"),
        paragraph("第一部分正文"),
        heading(2, SECTIONS.two, "主要任务"),
        paragraph("第二部分正文"),
        heading(1, SECTIONS.three, "保障措施"),
        paragraph("第三部分正文"),
      ],
    },
  });
  await setDraftMemberRole({ db, actor: await sessionFor(db, people.owner.id), draftId: draft.id, userId: people.viewer.id, role: "VIEWER" });
  const as = async (u: TestUser) => createCaller(contextFor(await sessionFor(db, u.id)));
  return { admin, committee, draft, people, as };
}

export type CommentsFixture = Awaited<ReturnType<typeof commentsFixture>>;

/** The code and message key of a failed call (tRPC error with the formatter's data). */
export async function failure(p: Promise<unknown>): Promise<{ code: string; key: string | undefined; params: Record<string, unknown>; zod: string[] }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; cause?: { messageKey?: string; params?: Record<string, unknown>; issues?: { message: string }[] } };
    return { code: err.code ?? "?", key: err.cause?.messageKey, params: err.cause?.params ?? {}, zod: err.cause?.issues?.map((i) => i.message) ?? [] };
  }
  throw new Error("expected the call to fail");
}
