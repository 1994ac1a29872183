import * as Y from "yjs";
import { recordAuditEvent } from "../audit/record-audit-event";
import { loadDocState } from "../drafts/doc-store";
import { jsonFromYDoc } from "../drafts/content";
import { loadDraftAccess } from "../drafts/draft-access";
import { lockDraft, refuse, type SignoffCtx } from "../signoff/common";
import { signoffPolicy } from "../../policy/signoff";
import { canonicalContent, versionHash } from "@/lib/versions/canonical";
import { sectionHashesOf } from "@/lib/versions/sections";

// Freezing a version (owner): the document as stored in PostgreSQL (snapshot + log — every
// update the server acknowledged), its canonical JSON, the version hash, a hash per section
// and the Yjs state it came from. The number is given inside the transaction under the draft
// lock, so two freezes get 1 and 2, never two 1s.

export async function freezeVersion(o: SignoffCtx & { draftId: string; label: string; note: string }) {
  const first = await loadDraftAccess({ db: o.db, actor: o.actor, draftId: o.draftId });
  if (!signoffPolicy.freeze(first.role, first.draft.status)) throw refuse(first.draft.status);

  // The document work happens before the transaction: it holds no lock meanwhile.
  const { state } = await loadDocState({ db: o.db, draftId: o.draftId });
  const ydoc = new Y.Doc();
  let content;
  try {
    Y.applyUpdate(ydoc, state);
    content = canonicalContent(jsonFromYDoc(ydoc));
  } finally {
    ydoc.destroy();
  }
  const sectionHashes = sectionHashesOf(content);

  return o.db.$transaction(
    async (tx) => {
      const { draft, role } = await lockDraft(tx, o.actor, o.draftId);
      if (!signoffPolicy.freeze(role, draft.status)) throw refuse(draft.status);
      const last = await tx.draftVersion.findFirst({ where: { draftId: draft.id }, orderBy: { number: "desc" }, select: { number: true } });
      const number = (last?.number ?? 0) + 1;
      const hash = versionHash({ draftId: draft.id, number, title: draft.title, content });
      const version = await tx.draftVersion.create({
        data: {
          draftId: draft.id, number, title: draft.title, label: o.label, note: o.note,
          content: content as object, hash, sectionHashes: sectionHashes as object,
          yState: Buffer.from(state), createdById: o.actor.id,
        },
        select: { id: true },
      });
      await recordAuditEvent({
        tx, actorId: o.actor.id, type: "version.frozen", target: { type: "DraftVersion", id: version.id },
        data: { draftId: draft.id, number, label: o.label, hash, sections: Object.keys(sectionHashes).length },
        meta: o.meta,
      });
      return { versionId: version.id, number, hash };
    },
    { timeout: 30_000 },
  );
}
