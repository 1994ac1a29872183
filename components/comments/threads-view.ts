// Which threads the margin shows and how it groups them. Pure, so it is unit-tested.

export interface ThreadLike {
  id: string;
  sid: string;
  sectionTitle: string;
  detached: boolean;
  status: "OPEN" | "RESOLVED";
  mine: boolean;
  mentionsMe: boolean;
  createdAt: Date;
  passage: { quote: string } | null;
}

export interface SectionLike {
  sid: string;
  label: string;
  title: string;
  pos: number;
}

export interface ThreadFilters {
  status: "all" | "open" | "resolved";
  mine: boolean;
  mentionsMe: boolean;
  thisSection: boolean;
}

export const NO_FILTERS: ThreadFilters = { status: "all", mine: false, mentionsMe: false, thisSection: false };

export function filterThreads<T extends ThreadLike>(threads: readonly T[], f: ThreadFilters, currentSid: string | null): T[] {
  return threads.filter(
    (t) =>
      (f.status === "all" || (f.status === "open" ? t.status === "OPEN" : t.status === "RESOLVED")) &&
      (!f.mine || t.mine) &&
      (!f.mentionsMe || t.mentionsMe) &&
      (!f.thisSection || t.sid === currentSid),
  );
}

export interface ThreadGroup<T> {
  sid: string;
  label: string;
  title: string;
  threads: T[];
}

/**
 * Threads by section in outline order, then the detached ones (their section is gone).
 * `outline` is the live outline once the editor has the document, or null before: then the
 * server's order and `detached` flag are used. Within a section: comments on the whole
 * section first, then passages in text order (`passageFrom`), then oldest first.
 */
export function groupThreads<T extends ThreadLike>(
  threads: readonly T[],
  outline: readonly SectionLike[] | null,
  passageFrom: ReadonlyMap<string, number>,
): { sections: ThreadGroup<T>[]; detached: T[] } {
  const detached: T[] = [];
  const bySid = new Map<string, T[]>();
  const known = outline ? new Set(outline.map((s) => s.sid)) : null;
  for (const t of threads) {
    const isDetached = known ? !known.has(t.sid) : t.detached;
    if (isDetached) detached.push(t);
    else bySid.set(t.sid, [...(bySid.get(t.sid) ?? []), t]);
  }
  const order = (t: T) => (t.passage ? (passageFrom.get(t.id) ?? Number.MAX_SAFE_INTEGER - 1) : -1);
  const sort = (list: T[]) =>
    list.sort((a, b) => order(a) - order(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const sections: ThreadGroup<T>[] = [];
  if (outline) {
    for (const s of outline) {
      const list = bySid.get(s.sid);
      if (list) sections.push({ sid: s.sid, label: s.label, title: s.title, threads: sort(list) });
    }
  } else {
    for (const [sid, list] of bySid) sections.push({ sid, label: "", title: list[0]!.sectionTitle, threads: sort(list) });
  }
  return { sections, detached: detached.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()) };
}
