import type { Tx } from "../../db/client";
import type { DerivedSection } from "@/lib/sections/outline";

/** Replaces a draft's derived section rows (outline, search, comment anchors read these). */
export async function saveDerivedOutline(o: { tx: Tx; draftId: string; sections: DerivedSection[]; textLength: number }) {
  await o.tx.draftSection.deleteMany({ where: { draftId: o.draftId } });
  if (o.sections.length) {
    await o.tx.draftSection.createMany({
      data: o.sections.map((s) => ({
        draftId: o.draftId,
        sid: s.sid,
        level: s.level,
        title: s.title.slice(0, 500),
        position: s.order,
        label: s.label,
        parentSid: s.parentSid,
        textLength: s.textLength,
        contentHash: s.contentHash,
      })),
      // Two headings can briefly share a sid while clients repair a concurrent insert.
      skipDuplicates: true,
    });
  }
  await o.tx.draft.update({ where: { id: o.draftId }, data: { textLength: o.textLength } });
}
