import { describe, expect, it } from "vitest";
import type { DraftRole } from "../db/generated/enums";
import { commentPolicy, type ThreadFacts } from "./comments";
import type { Actor } from "./index";

const actor = (id = "me", o: Partial<Actor> = {}): Actor => ({ id, role: "MEMBER", disabled: false, memberships: [], ...o });
const thread = (o: Partial<ThreadFacts> = {}): ThreadFacts => ({ authorId: "author", visibility: "MEMBERS", mentionedIds: [], ...o });
const ROLES: (DraftRole | null)[] = [null, "VIEWER", "COMMENTER", "EDITOR", "OWNER"];

describe("comment policy", () => {
  it("lets everyone who reads the draft read a members thread, nobody else", () => {
    for (const role of ROLES) expect(commentPolicy.readThread(role, actor(), thread()), String(role)).toBe(role !== null);
    expect(commentPolicy.readThread("OWNER", null, thread())).toBe(false);
    expect(commentPolicy.readThread("OWNER", actor("me", { disabled: true }), thread())).toBe(false);
  });

  it("shows an internal thread to its author, the owner and the people it mentions only", () => {
    const internal = thread({ visibility: "INTERNAL", mentionedIds: ["mentioned"] });
    expect(commentPolicy.readThread("COMMENTER", actor("author"), internal)).toBe(true);
    expect(commentPolicy.readThread("OWNER", actor("owner"), internal)).toBe(true);
    expect(commentPolicy.readThread("VIEWER", actor("mentioned"), internal)).toBe(true);
    // An editor or a commenter who is not mentioned does not see it.
    expect(commentPolicy.readThread("EDITOR", actor("editor"), internal)).toBe(false);
    expect(commentPolicy.readThread("COMMENTER", actor("other"), internal)).toBe(false);
    // Being mentioned does not open a hidden draft.
    expect(commentPolicy.readThread(null, actor("mentioned"), internal)).toBe(false);
  });

  it("lets commenters and up comment and reply; viewers read only", () => {
    for (const role of ROLES) {
      const can = role === "COMMENTER" || role === "EDITOR" || role === "OWNER";
      expect(commentPolicy.create(role, actor()), String(role)).toBe(can);
      expect(commentPolicy.reply(role, actor(), thread()), String(role)).toBe(can);
    }
    expect(commentPolicy.reply("EDITOR", actor("editor"), thread({ visibility: "INTERNAL" }))).toBe(false);
  });

  it("lets only a comment's author edit or delete it, and not once deleted", () => {
    const t = thread();
    expect(commentPolicy.edit("COMMENTER", actor("me"), t, { authorId: "me", deleted: false })).toBe(true);
    expect(commentPolicy.delete("COMMENTER", actor("me"), t, { authorId: "me", deleted: false })).toBe(true);
    expect(commentPolicy.edit("OWNER", actor("owner"), t, { authorId: "me", deleted: false })).toBe(false);
    expect(commentPolicy.delete("OWNER", actor("owner"), t, { authorId: "me", deleted: false })).toBe(false);
    expect(commentPolicy.edit("COMMENTER", actor("me"), t, { authorId: "me", deleted: true })).toBe(false);
    // An author narrowed to reader keeps what they wrote as it is.
    expect(commentPolicy.edit("VIEWER", actor("me"), t, { authorId: "me", deleted: false })).toBe(false);
  });

  it("lets the thread's author, editors and the owner resolve; other commenters cannot", () => {
    const t = thread({ authorId: "author" });
    expect(commentPolicy.resolve("COMMENTER", actor("author"), t)).toBe(true);
    expect(commentPolicy.resolve("EDITOR", actor("editor"), t)).toBe(true);
    expect(commentPolicy.resolve("OWNER", actor("owner"), t)).toBe(true);
    expect(commentPolicy.resolve("COMMENTER", actor("other"), t)).toBe(false);
    expect(commentPolicy.resolve("VIEWER", actor("author"), t)).toBe(false);
  });

  it("lets only editors and the owner set the disposition", () => {
    for (const role of ROLES) {
      expect(commentPolicy.setDisposition(role, actor(), thread()), String(role)).toBe(role === "EDITOR" || role === "OWNER");
    }
    // …of threads they can see.
    expect(commentPolicy.setDisposition("EDITOR", actor("editor"), thread({ visibility: "INTERNAL" }))).toBe(false);
  });

  it("allows mentioning readers only, and inviting by the owner or the secretariat", () => {
    expect(commentPolicy.mentionable(null)).toBe(false);
    expect(commentPolicy.mentionable("VIEWER")).toBe(true);
    expect(commentPolicy.inviteOnMention("OWNER", actor())).toBe(true);
    expect(commentPolicy.inviteOnMention("EDITOR", actor())).toBe(false);
    expect(commentPolicy.inviteOnMention("VIEWER", actor("me", { role: "ADMIN" }))).toBe(true);
  });
});
