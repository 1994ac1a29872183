import type * as Y from "yjs";
import type { Db, Tx } from "../../db/client";
import { deriveOutline, type DerivedSection } from "@/lib/sections/outline";
import { jsonFromYDoc, textLengthOf } from "./content";

// A draft's derived data — the section outline rows (outline, search, comment anchors and
// sign-off read these without loading Yjs) and its text length — refreshed from the
// document by one function, used by draft creation and by the collab server after changes
// settle.

// Titles are shown and searched; control characters (NUL above all, which PostgreSQL text
// refuses) never reach the database.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

async function saveDerivedOutline(o: { tx: Tx; draftId: string; sections: DerivedSection[]; textLength: number }) {
  await o.tx.draftSection.deleteMany({ where: { draftId: o.draftId } });
  if (o.sections.length) {
    await o.tx.draftSection.createMany({
      data: o.sections.map((s) => ({
        draftId: o.draftId,
        sid: s.sid,
        level: s.level,
        title: s.title.replace(CONTROL, "").slice(0, 500),
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

export function textLengthOfDoc(doc: Y.Doc): number {
  return textLengthOf(jsonFromYDoc(doc));
}

/**
 * Writes derived data computed elsewhere (the collab server derives it off the event loop,
 * server/collab/derive-job.ts, and writes only when it changed).
 */
export async function writeDerivedData(o: { db: Db; draftId: string; textLength: number; sections: DerivedSection[] }) {
  await o.db.$transaction(async (tx) => {
    await saveDerivedOutline({ tx, draftId: o.draftId, sections: o.sections, textLength: o.textLength });
    await updateThreadTitles(tx, o.draftId);
  });
}

async function updateThreadTitles(tx: Tx, draftId: string) {
  // Comment threads keep their section's title as last seen, so a deleted section's threads
  // still say where they were (已脱离); threads whose section is gone keep the old title.
  await tx.$executeRaw`
    UPDATE "CommentThread" t SET "sectionTitle" = s."title"
    FROM "DraftSection" s
    WHERE t."draftId" = ${draftId} AND s."draftId" = t."draftId" AND s."sid" = t."sid" AND t."sectionTitle" IS DISTINCT FROM s."title"`;
}

/** Replaces a draft's derived rows from its document; returns what it derived. */
export async function refreshDerivedData(o: { tx: Tx; draftId: string; doc: Y.Doc }): Promise<{ textLength: number; sections: DerivedSection[] }> {
  const json = jsonFromYDoc(o.doc);
  const textLength = textLengthOf(json);
  const sections = deriveOutline(json);
  await saveDerivedOutline({ tx: o.tx, draftId: o.draftId, sections, textLength });
  await updateThreadTitles(o.tx, o.draftId);
  return { textLength, sections };
}
