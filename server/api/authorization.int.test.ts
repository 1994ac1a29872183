import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { contextFor, makeUser, sessionFor, uniqueName } from "@/server/test/factories";
import type { SessionUser } from "@/server/auth/session";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";

// Who may call what, one row per tRPC procedure. A procedure without a row fails this test:
// adding a procedure means deciding, here, who may call it.
//   anonymous: anyone, signed in or not
//   member:    any signed-in, enabled user
//   admin:     办公室 (the secretariat) only
//   resource:  any signed-in user may call it; the resource's own policy (server/policy)
//              then decides, answering NOT_FOUND for what the caller may not see or
//              FORBIDDEN for what they may see but not do — tested with that resource
type Access = "anonymous" | "member" | "admin" | "resource";

const ACCESS: Record<string, Access> = {
  "me.get": "member",
  "me.committees": "member",
  "me.changePassword": "member",
  "me.setLocale": "member",
  "committees.list": "member",
  "admin.users.list": "admin",
  "admin.users.create": "admin",
  "admin.users.update": "admin",
  "admin.users.setDisabled": "admin",
  "admin.users.resetPassword": "admin",
  "admin.committees.list": "admin",
  "admin.committees.create": "admin",
  "admin.committees.update": "admin",
  "admin.memberships.add": "admin",
  "admin.memberships.changeRole": "admin",
  "admin.memberships.remove": "admin",
  "admin.audit.list": "admin",
  "admin.audit.filterChoices": "admin",
  "admin.audit.verify": "admin",
  "drafts.list": "member",
  "drafts.creatableCommittees": "member",
  "drafts.committeeChoices": "member",
  "drafts.create": "resource",
  "drafts.get": "resource",
  "drafts.head": "resource",
  "drafts.collabToken": "resource",
  "drafts.members.list": "resource",
  "drafts.members.candidates": "resource",
  "drafts.members.set": "resource",
  "drafts.members.remove": "resource",
  "comments.list": "resource",
  "comments.create": "resource",
  "comments.reply": "resource",
  "comments.edit": "resource",
  "comments.delete": "resource",
  "comments.setStatus": "resource",
  "comments.setDisposition": "resource",
  "comments.mentionCandidates": "resource",
  "comments.checkMentions": "resource",
  "comments.register": "resource",
  "comments.onChange": "resource",
  "comments.waiting": "member",
  "notifications.list": "member",
  "notifications.unreadCount": "member",
  "notifications.markRead": "member",
  "notifications.markAllRead": "member",
  "notifications.onChange": "member",
  "versions.freeze": "resource",
  "versions.list": "resource",
  "versions.get": "resource",
  "versions.diff": "resource",
  "signoff.rule": "resource",
  "signoff.setRule": "resource",
  "signoff.request": "resource",
  "signoff.status": "resource",
  "signoff.sign": "resource",
  "signoff.reopen": "resource",
  "signoff.waiting": "member",
};

// A well-formed input per procedure (none for procedures without input). Mutations get
// inputs that change nothing lasting, or fail only after authorization (e.g. NOT_FOUND).
const INPUTS: Record<string, () => unknown> = {
  "me.changePassword": () => ({ currentPassword: "not-the-password", newPassword: "Another-pass-2026" }),
  "me.setLocale": () => ({ locale: "zh-CN" }),
  "admin.users.list": () => ({ query: "测试" }),
  "admin.users.create": () => ({ username: uniqueName("authz"), name: "权限测试", password: "Authz-pass-2026" }),
  "admin.users.update": () => ({ userId: "no-such-user", title: "x" }),
  "admin.users.setDisabled": () => ({ userId: "no-such-user", disabled: true }),
  "admin.users.resetPassword": () => ({ userId: "no-such-user", password: "Authz-pass-2026" }),
  "admin.committees.create": () => ({ name: `权限测试委员会${uniqueName()}` }),
  "admin.committees.update": () => ({ committeeId: "no-such-committee", name: "x" }),
  "admin.memberships.add": () => ({ committeeId: "no-such-committee", userId: "no-such-user", role: "MEMBER" }),
  "admin.memberships.changeRole": () => ({ membershipId: "no-such-membership", role: "MEMBER" }),
  "admin.memberships.remove": () => ({ membershipId: "no-such-membership" }),
  "admin.audit.list": () => ({ limit: 5 }),
  "drafts.list": () => ({}),
  "drafts.create": () => ({ title: "权限测试稿", kind: "OTHER", committeeId: "no-such-committee" }),
  "drafts.get": () => ({ draftId: "no-such-draft" }),
  "drafts.head": () => ({ draftId: "no-such-draft" }),
  "drafts.collabToken": () => ({ draftId: "no-such-draft" }),
  "drafts.members.list": () => ({ draftId: "no-such-draft" }),
  "drafts.members.candidates": () => ({ draftId: "no-such-draft" }),
  "drafts.members.set": () => ({ draftId: "no-such-draft", userId: "no-such-user", role: "VIEWER" }),
  "drafts.members.remove": () => ({ draftId: "no-such-draft", userId: "no-such-user" }),
  // Comments on a missing draft; server/api/comments-authorization.int.test.ts calls each one
  // on a real draft as an outsider, a reader and a commenter.
  "comments.list": () => ({ draftId: "no-such-draft" }),
  "comments.create": () => ({ draftId: "no-such-draft", sid: "s-authz", body: "权限测试" }),
  "comments.reply": () => ({ draftId: "no-such-draft", threadId: "no-such-thread", body: "权限测试" }),
  "comments.edit": () => ({ draftId: "no-such-draft", commentId: "no-such-comment", body: "权限测试" }),
  "comments.delete": () => ({ draftId: "no-such-draft", commentId: "no-such-comment" }),
  "comments.setStatus": () => ({ draftId: "no-such-draft", threadId: "no-such-thread", status: "RESOLVED" }),
  "comments.setDisposition": () => ({ draftId: "no-such-draft", threadId: "no-such-thread", disposition: "NOTED", reason: "" }),
  "comments.mentionCandidates": () => ({ draftId: "no-such-draft" }),
  "comments.checkMentions": () => ({ draftId: "no-such-draft", userIds: [] }),
  "comments.register": () => ({ draftId: "no-such-draft" }),
  "comments.onChange": () => ({ draftId: "no-such-draft" }),
  // Versions and sign-off on a missing draft; server/api/signoff-authorization.int.test.ts calls
  // each one on a real draft as an outsider, a reader, a signer and the owner.
  "versions.freeze": () => ({ draftId: "no-such-draft", label: "征求意见稿", note: "" }),
  "versions.list": () => ({ draftId: "no-such-draft" }),
  "versions.get": () => ({ draftId: "no-such-draft", versionId: "no-such-version" }),
  "versions.diff": () => ({ draftId: "no-such-draft", fromVersionId: "v1", toVersionId: "v2" }),
  "signoff.rule": () => ({ draftId: "no-such-draft" }),
  "signoff.setRule": () => ({ draftId: "no-such-draft", stages: [{ name: "主席", signerIds: ["no-such-user"], threshold: "ALL" }], gate: "BLOCK" }),
  "signoff.request": () => ({ draftId: "no-such-draft", versionId: "no-such-version" }),
  "signoff.status": () => ({ draftId: "no-such-draft" }),
  "signoff.sign": () => ({ draftId: "no-such-draft", roundId: "r", versionId: "v", hashSeen: "0".repeat(64), decision: "APPROVE", comment: "", password: "x" }),
  "signoff.reopen": () => ({ draftId: "no-such-draft", reason: "权限测试" }),
  "notifications.list": () => ({ limit: 5 }),
  "notifications.markRead": () => ({ ids: ["no-such-notification"] }),
};

// At run time `_def.procedures` is flat ("admin.users.create" → procedure), whatever its type says.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const createCaller = createCallerFactory(appRouter);

type Who = "anonymous" | "member" | "chair" | "admin";
const sessions: Record<Who, SessionUser | null> = { anonymous: null, member: null, chair: null, admin: null };

beforeAll(async () => {
  const db = useTestDatabase();
  sessions.member = await sessionFor(db, (await makeUser(db, { role: "MEMBER" })).id);
  sessions.chair = await sessionFor(db, (await makeUser(db, { role: "CHAIR" })).id);
  sessions.admin = await sessionFor(db, (await makeUser(db, { role: "ADMIN" })).id);
});
afterAll(closeTestDatabase);

async function call(who: Who, path: string): Promise<{ ok: true } | { ok: false; code: string }> {
  const caller = createCaller(contextFor(sessions[who])) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  try {
    await (fn as (input?: unknown) => Promise<unknown>)(INPUTS[path]?.());
    return { ok: true };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code };
    throw e;
  }
}

function expected(access: Access, who: Who): "allowed" | "signed-in" | "UNAUTHORIZED" | "FORBIDDEN" {
  if (access === "anonymous") return "allowed";
  if (who === "anonymous") return "UNAUTHORIZED";
  if (access === "admin" && who !== "admin") return "FORBIDDEN";
  return access === "resource" ? "signed-in" : "allowed";
}

describe("authorization table", () => {
  it("has a row for every procedure in the router, and no row for one that is gone", () => {
    const paths = Object.keys(procedures).sort();
    expect(paths.length).toBeGreaterThan(0);
    const missing = paths.filter((p) => !(p in ACCESS));
    const stale = Object.keys(ACCESS).filter((p) => !(p in procedures));
    expect(missing, `procedures with no row in ACCESS (server/api/authorization.int.test.ts): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows in ACCESS for procedures that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  const rows = Object.entries(ACCESS).filter(([path]) => path in procedures);
  describe.each(rows)("%s (%s)", (path, access) => {
    it.each(["anonymous", "member", "chair", "admin"] as const)("as %s", async (who) => {
      const want = expected(access, who);
      const got = await call(who, path);
      if (want === "signed-in") {
        // Past sign-in; the resource's policy may still refuse (FORBIDDEN / NOT_FOUND).
        if (!got.ok) expect(["UNAUTHORIZED", "INTERNAL_SERVER_ERROR"], `${path} as ${who}`).not.toContain(got.code);
      } else if (want === "allowed") {
        // Allowed callers may still fail on the input (NOT_FOUND, BAD_REQUEST), never on who they are.
        // An internal error is a bug whoever calls.
        if (!got.ok) expect(["UNAUTHORIZED", "FORBIDDEN", "INTERNAL_SERVER_ERROR"], `${path} as ${who}`).not.toContain(got.code);
      } else {
        expect(got, `${path} as ${who}`).toEqual({ ok: false, code: want });
      }
    });
  });

  it("a disabled user's session counts as signed out", async () => {
    const db = useTestDatabase();
    const u = await makeUser(db, { role: "ADMIN" });
    const session = await sessionFor(db, u.id);
    await db.user.update({ where: { id: u.id }, data: { disabled: true } });
    // The route handler reloads the user per request: a disabled user gets no session at all...
    const { loadSessionUser } = await import("@/server/auth/session");
    expect(await loadSessionUser(u.id, 0)).toBeNull();
    // ...and policy refuses a disabled actor even if one were passed in.
    const caller = createCaller(contextFor({ ...session, disabled: true }));
    await expect(caller.admin.users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
