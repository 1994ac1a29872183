import { getTranslations } from "next-intl/server";
import type { RouterOutputs } from "@/components/ui/router-types";
import { PREAMBLE_SID } from "@/lib/versions/sections";
import { shortenUnchanged, withoutUnchangedHeading } from "./diff-ops";
import "./versions.css";

// The section diff between two versions (versions.diff): each section with its status in
// words (新增 / 删除 / 移动 / 修改), runs of unchanged sections folded into one <details>, and
// inside changed sections the character diff — <ins>/<del> with a text mark each, never colour
// alone. Long unchanged stretches inside a changed section are shortened around the edits.

export type DiffSection = RouterOutputs["versions"]["diff"]["sections"][number];
type Status = DiffSection["status"];

const BADGE: Record<Status, string> = {
  added: "bg-emerald-100 text-emerald-900",
  removed: "bg-red-100 text-red-900",
  moved: "bg-sky-100 text-sky-900",
  changed: "bg-amber-100 text-amber-900",
  unchanged: "bg-stone-100 text-stone-700",
};

type T = Awaited<ReturnType<typeof getTranslations>>;

function heading(t: T, s: { sid: string; label: string; title: string }) {
  return s.sid === PREAMBLE_SID ? t("words.preamble") : `${s.label}${s.title}`;
}

function CharDiff({ t, ops }: { t: T; ops: NonNullable<DiffSection["chars"]> }) {
  const mark = (open: string, text: string) => (
    <>
      <span className="sr-only">{t(open)}</span>
      {text}
      <span className="sr-only">{t("ui.diff.markEnd")}</span>
    </>
  );
  return (
    <p className="char-diff">
      {shortenUnchanged(ops).map((op, i) =>
        op.op === "ins" ? (
          <ins key={i}>{mark("ui.diff.insMark", op.text)}</ins>
        ) : op.op === "del" ? (
          <del key={i}>{mark("ui.diff.delMark", op.text)}</del>
        ) : op.op === "gap" ? (
          <span key={i}>
            {op.head}
            <span className="text-sm text-stone-500">{t("ui.diff.elided", { count: op.omitted })}</span>
            {op.tail}
          </span>
        ) : (
          <span key={i}>{op.text}</span>
        ),
      )}
    </p>
  );
}

function SectionItem({ t, s }: { t: T; s: DiffSection }) {
  const renamed = s.fromLabel !== undefined && (s.fromLabel !== s.label || s.fromTitle !== s.title);
  return (
    <li className="card space-y-2" data-sid={s.sid} data-status={s.status}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${BADGE[s.status]}`}>{t(`words.${s.status}`)}</span>
        {s.moved && <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${BADGE.moved}`}>{t("words.moved")}</span>}
        <h3 className={`font-medium break-words ${s.status === "removed" ? "line-through decoration-2" : ""}`}>{heading(t, s)}</h3>
        {renamed && <span className="text-xs text-stone-600">{t("ui.diff.renumbered", { label: s.fromLabel ?? "", title: s.fromTitle ?? "" })}</span>}
      </div>
      {s.status === "changed" && s.exact === false && <p className="text-xs text-stone-600">{t("ui.diff.inexact")}</p>}
      {s.status === "changed" && s.chars && <CharDiff t={t} ops={withoutUnchangedHeading(s.chars)} />}
    </li>
  );
}

/** The diff's sections; `collapseUnchanged` folds runs of unchanged sections (false: they are left out). */
export async function DiffView({ sections, showUnchanged = true }: { sections: readonly DiffSection[]; showUnchanged?: boolean }) {
  const t = await getTranslations("signoff");
  const groups: (DiffSection | DiffSection[])[] = [];
  for (const s of sections) {
    if (s.status !== "unchanged") groups.push(s);
    else if (showUnchanged) {
      const last = groups[groups.length - 1];
      if (Array.isArray(last)) last.push(s);
      else groups.push([s]);
    }
  }
  return (
    <ol className="space-y-3" data-testid="version-diff">
      {groups.map((g) =>
        Array.isArray(g) ? (
          <li key={`u-${g[0]!.sid}`} data-status="unchanged-group">
            <details className="rounded-lg border border-dashed border-stone-300 bg-white px-4 py-2 text-sm">
              <summary className="cursor-pointer text-stone-700">{t("ui.diff.unchangedGroup", { count: g.length })}</summary>
              <ul className="mt-2 space-y-1 text-stone-700">
                {g.map((s) => (
                  <li key={s.sid} data-sid={s.sid} data-status="unchanged">{heading(t, s)}</li>
                ))}
              </ul>
            </details>
          </li>
        ) : (
          <SectionItem key={g.sid} t={t} s={g} />
        ),
      )}
    </ol>
  );
}

export function diffCounts(sections: readonly DiffSection[]) {
  const n = (st: Status) => sections.filter((s) => s.status === st).length;
  return { changed: n("changed"), added: n("added"), removed: n("removed"), moved: n("moved") + sections.filter((s) => s.moved).length };
}

/** The legend: what the marks mean, in words. */
export async function DiffLegend() {
  const t = await getTranslations("signoff.ui.diff");
  return (
    <p className="char-diff text-sm text-stone-700" aria-hidden>
      {t("legendTitle")}：<ins>{t("legendIns")}</ins>　<del>{t("legendDel")}</del>
    </p>
  );
}
