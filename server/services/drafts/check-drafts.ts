import * as Y from "yjs";
import type { Db } from "../../db/client";
import { loadDocState } from "./doc-store";
import { checkWholeDocument } from "./update-guard";

// `npm run drafts:check`: every draft is loaded the way the collab server loads it (rows
// that cannot be applied are quarantined on the way), then checked against the editor
// schema. Reports what needs the secretariat's attention; changes nothing else.

export interface DraftProblem {
  draftId: string;
  title: string;
  /** Rows moved to the quarantine by this check. */
  quarantinedNow: number;
  /** Rows in the quarantine for this draft, with their reasons (newest first, at most 5). */
  quarantined: { id: string; reason: string; at: Date }[];
  quarantinedTotal: number;
  /** Why the loaded document does not fit the editor schema, or null when it does. */
  schemaProblem: string | null;
}

export async function checkDrafts(o: { db: Db; draftIds?: string[] }): Promise<{ checked: number; problems: DraftProblem[] }> {
  const drafts = await o.db.draft.findMany({
    where: o.draftIds ? { id: { in: o.draftIds } } : {},
    select: { id: true, title: true },
    orderBy: { createdAt: "asc" },
  });
  const problems: DraftProblem[] = [];
  for (const d of drafts) {
    const { state, quarantined: quarantinedNow } = await loadDocState({ db: o.db, draftId: d.id });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const verdict = checkWholeDocument(doc);
    doc.destroy();
    const [quarantinedTotal, recent] = await Promise.all([
      o.db.draftUpdateQuarantine.count({ where: { draftId: d.id } }),
      o.db.draftUpdateQuarantine.findMany({ where: { draftId: d.id }, orderBy: { quarantinedAt: "desc" }, take: 5, select: { id: true, reason: true, quarantinedAt: true } }),
    ]);
    if (quarantinedTotal > 0 || !verdict.ok) {
      problems.push({
        draftId: d.id,
        title: d.title,
        quarantinedNow,
        quarantinedTotal,
        quarantined: recent.map((r) => ({ id: r.id.toString(), reason: r.reason, at: r.quarantinedAt })),
        schemaProblem: verdict.ok ? null : verdict.reason,
      });
    }
  }
  return { checked: drafts.length, problems };
}
