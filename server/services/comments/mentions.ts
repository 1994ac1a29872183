import type { Db } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import type { Actor } from "../../policy";
import { commentPolicy } from "../../policy/comments";
import { rolesOnDraft, type DraftFacts } from "./common";

// Who can be @mentioned: suggestions for the @ menu, and the check before sending.

const collator = new Intl.Collator("zh-CN");

/**
 * People likely to take part who can read the draft: its owner, its explicit members and
 * its committee's members (not the whole leadership, who read everything but are rarely
 * addressed in a margin). Sorted by name in Chinese order; the caller is left out.
 */
export async function mentionCandidates(o: { db: Db; actor: Actor; draft: DraftFacts }) {
  const [members, committee] = await Promise.all([
    o.db.draftMember.findMany({ where: { draftId: o.draft.id }, select: { userId: true } }),
    o.db.membership.findMany({ where: { committeeId: o.draft.committeeId }, select: { userId: true } }),
  ]);
  const ids = [o.draft.ownerId, ...members.map((m) => m.userId), ...committee.map((m) => m.userId)].filter((id) => id !== o.actor.id);
  const people = await rolesOnDraft(o.db, o.draft, ids);
  return [...people.values()]
    .filter((p) => commentPolicy.mentionable(p.role))
    .map((p) => ({ id: p.id, name: p.name, title: p.title }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

/** Before sending: which of these people can read the draft, and whether the caller may invite those who cannot. */
export async function checkMentions(o: { db: Db; actor: Actor; role: DraftRole; draft: DraftFacts; userIds: string[] }) {
  const people = await rolesOnDraft(o.db, o.draft, o.userIds);
  return {
    users: [...new Set(o.userIds)]
      .map((id) => people.get(id))
      .filter((p) => !!p)
      .map((p) => ({ id: p.id, name: p.name, hasAccess: commentPolicy.mentionable(p.role) })),
    canInvite: commentPolicy.inviteOnMention(o.role, o.actor),
  };
}
