import type { DraftRole } from "../../db/generated/enums";
import { notFound } from "../../errors";
import { draftPolicy } from "../../policy/drafts";
import type { ServiceOptions } from "../options";
import type { loadDraftAccess } from "./draft-access";

type DraftAccess = Awaited<ReturnType<typeof loadDraftAccess>>;

/**
 * The draft page's header: the draft, the actor's role, its outline (sections) and what the
 * actor may do. Takes the draft and role draftProcedure loaded with loadDraftAccess.
 */
export async function getDraftView(o: ServiceOptions & { draft: DraftAccess["draft"]; role: DraftRole }) {
  const head = getDraftHead(o);
  const sections = await o.db.draftSection.findMany({
    where: { draftId: o.draft.id },
    orderBy: { position: "asc" },
    select: { sid: true, level: true, title: true, label: true, parentSid: true, textLength: true },
  });
  return { ...head, sections };
}

/**
 * getDraftView without the outline, for the draft page: the outline it shows comes live from
 * the document over the websocket, so the page's render does not read the sections. Same
 * read check, same role and permissions; no query beyond draftProcedure's.
 */
export function getDraftHead(o: ServiceOptions & { draft: DraftAccess["draft"]; role: DraftRole }) {
  if (!draftPolicy.read(o.role)) throw notFound();
  return {
    draft: o.draft,
    role: o.role,
    can: {
      edit: draftPolicy.edit(o.role, o.draft.status),
      comment: draftPolicy.comment(o.role),
      manageMembers: draftPolicy.manageMembers(o.role, o.actor),
    },
  };
}
