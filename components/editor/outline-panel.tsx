"use client";

import { useTranslations } from "next-intl";
import type { LiveSection } from "./outline-state";
import type { PresentUser } from "./use-presence";

interface Props {
  outline: LiveSection[];
  presence: PresentUser[];
  current: string | null;
  canEdit: boolean;
  onMove: (sid: string, dir: "up" | "down") => void;
  /** Open comment threads per section (comments.list's openCounts). */
  openCounts?: Readonly<Record<string, number>> | undefined;
}

/** Same-level neighbours under the same parent: the only moves the editor allows. */
function siblings(outline: LiveSection[], i: number) {
  const s = outline[i]!;
  let prev = false;
  let next = false;
  for (let j = i - 1; j >= 0; j--) {
    const o = outline[j]!;
    if (o.level < s.level) break;
    if (o.level === s.level) { prev = true; break; }
  }
  for (let j = i + 1; j < outline.length; j++) {
    const o = outline[j]!;
    if (o.level < s.level) break;
    if (o.level === s.level) { next = true; break; }
  }
  return { prev, next };
}

export function OutlinePanel({ outline, presence, current, canEdit, onMove, openCounts }: Props) {
  const t = useTranslations("draft");
  const tc = useTranslations("comments");
  return (
    <nav aria-label={t("outline")} className="card sticky top-2 max-h-[80vh] overflow-y-auto p-3">
      <h2 className="mb-2 text-sm font-medium">{t("outline")}</h2>
      {outline.length === 0 ? (
        <p className="text-xs text-stone-500">{t("noSections")}</p>
      ) : (
        <ol className="space-y-0.5 text-sm" data-testid="outline">
          {outline.map((s, i) => {
            const here = presence.filter((p) => p.section === s.sid && !p.isSelf);
            const { prev, next } = siblings(outline, i);
            return (
              <li
                key={s.sid}
                data-sid={s.sid}
                className={`group flex items-center gap-1 rounded px-1 py-0.5 ${s.sid === current ? "bg-brand-50" : ""}`}
                style={{ paddingLeft: `${(s.level - 1) * 0.75 + 0.25}rem` }}
              >
                <a href={`#sid-${s.sid}`} className="min-w-0 flex-1 truncate hover:underline" onClick={(e) => {
                  e.preventDefault();
                  document.querySelector(`[data-sid="${CSS.escape(s.sid)}"]:not(li)`)?.scrollIntoView({ behavior: "smooth", block: "start" });
                }}>
                  <span className="text-brand-700">{s.label}</span>
                  {s.title || "…"}
                </a>
                {(openCounts?.[s.sid] ?? 0) > 0 && (
                  <span
                    data-open-count={openCounts![s.sid]}
                    title={tc("outline.openCount", { count: openCounts![s.sid]! })}
                    className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[11px] font-medium text-amber-900"
                  >
                    <span aria-hidden>{openCounts![s.sid]}</span>
                    <span className="sr-only">{tc("outline.openCount", { count: openCounts![s.sid]! })}</span>
                  </span>
                )}
                {here.map((p) => (
                  <span key={p.clientId} title={p.name} aria-label={p.name}
                    className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-[10px] font-medium text-white"
                    style={{ background: p.color }}>
                    {p.name.slice(-1)}
                  </span>
                ))}
                {canEdit && (
                  <span className="flex shrink-0 gap-0.5">
                    <button type="button" disabled={!prev} onClick={() => onMove(s.sid, "up")}
                      aria-label={t("moveUp", { label: s.label, title: s.title })}
                      className="rounded px-1 text-stone-500 hover:bg-stone-200 disabled:opacity-30">↑</button>
                    <button type="button" disabled={!next} onClick={() => onMove(s.sid, "down")}
                      aria-label={t("moveDown", { label: s.label, title: s.title })}
                      className="rounded px-1 text-stone-500 hover:bg-stone-200 disabled:opacity-30">↓</button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </nav>
  );
}
