"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { CommentForm } from "./comment-form";
import { ThreadCard, type ThreadActions } from "./thread-card";
import { filterThreads, groupThreads, NO_FILTERS, type SectionLike, type ThreadFilters } from "./threads-view";
import type { ThreadView } from "./types";

/** What the composer comments on: a section, and maybe a passage inside it. */
export interface ComposerTarget {
  sid: string;
  passage: { start: string; end: string; quote: string } | null;
}

export interface NewThread {
  sid: string;
  passage: ComposerTarget["passage"];
  body: string;
  visibility: "MEMBERS" | "INTERNAL";
}

interface Props {
  draftId: string;
  threads: readonly ThreadView[] | undefined;
  loadError: string | null;
  /** The live outline once the editor has the document; null before. */
  outline: readonly SectionLike[] | null;
  /** The last title the editor showed for each section (deleted ones included). */
  lastTitles: ReadonlyMap<string, string>;
  currentSid: string | null;
  /** Where each passage is in the editor now; `bound`: the editor has resolved them. */
  passages: { ranges: ReadonlyMap<string, { from: number; to: number }>; bound: boolean };
  canComment: boolean;
  canManageMembers: boolean;
  activeId: string | null;
  /** Bumped to scroll to the active thread (a highlight was clicked), and focus it if `focus`. */
  focusRequest: { n: number; focus: boolean };
  composer: ComposerTarget | null;
  onComposer: (target: ComposerTarget | null) => void;
  onCreate: (t: NewThread) => Promise<void>;
  actions: ThreadActions;
  onActivate: (threadId: string | null) => void;
  onLocate: (threadId: string) => void;
}

export function CommentsPanel(p: Props) {
  const t = useTranslations("comments");
  const titleId = useId();
  const [filters, setFilters] = useState<ThreadFilters>(NO_FILTERS);
  const all = p.threads ?? [];
  const shown = filterThreads(all, filters, p.currentSid);
  const passageFrom = new Map([...p.passages.ranges].map(([id, r]) => [id, r.from]));
  const { sections, detached } = groupThreads(shown, p.outline, passageFrom);
  const openCount = all.filter((x) => x.status === "OPEN").length;
  const sectionName = (sid: string) => {
    const s = p.outline?.find((o) => o.sid === sid);
    return s ? `${s.label}${s.title || t("thread.untitled")}` : "";
  };

  // A highlight was clicked: show its thread (even if the filters hid it) and focus it, once per click.
  const { activeId, focusRequest } = p;
  const handled = useRef(0);
  useEffect(() => {
    if (!activeId || focusRequest.n === handled.current) return;
    const el = document.getElementById(`thread-${activeId}`);
    if (!el) {
      if (filters !== NO_FILTERS) setFilters(NO_FILTERS);
      else handled.current = focusRequest.n;
      return;
    }
    handled.current = focusRequest.n;
    el.scrollIntoView({ block: "nearest", behavior: "smooth" });
    if (focusRequest.focus) el.focus({ preventScroll: true });
  }, [activeId, focusRequest, filters]);

  const toggle = (key: "mine" | "mentionsMe" | "thisSection") => setFilters((f) => ({ ...f, [key]: !f[key] }));
  const status = (s: "open" | "resolved") => setFilters((f) => ({ ...f, status: f.status === s ? "all" : s }));
  const filterButton = (label: string, pressed: boolean, onClick: () => void) => (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-full border px-2 py-0.5 text-xs ${pressed ? "border-brand-600 bg-brand-50 text-brand-800" : "border-stone-300 text-stone-700 hover:bg-stone-100"}`}
    >
      {label}
    </button>
  );

  const card = (x: ThreadView, isDetached: boolean) => (
    <li key={x.id}>
      <ThreadCard
        thread={x}
        draftId={p.draftId}
        canManageMembers={p.canManageMembers}
        active={x.id === p.activeId}
        passageGone={Boolean(x.passage && p.passages.bound && !p.passages.ranges.has(x.id))}
        detached={isDetached}
        lastTitle={p.lastTitles.get(x.sid) || x.sectionTitle}
        actions={p.actions}
        onActivate={p.onActivate}
        onLocate={p.onLocate}
      />
    </li>
  );

  const firstSid = p.outline?.[0]?.sid ?? null;
  const startSectionComment = (sid: string | null) => {
    if (sid) p.onComposer({ sid, passage: null });
  };

  return (
    <section aria-labelledby={titleId} className="space-y-3" data-testid="comments-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="font-medium">
          {t("panel.title")}
          <span className="ml-1 text-sm font-normal text-stone-600">{t("panel.openCount", { count: openCount })}</span>
        </h2>
        {p.canComment && !p.composer && (
          <button
            type="button"
            className="btn-secondary px-2 py-1 text-xs"
            disabled={!p.outline?.length}
            onClick={() => startSectionComment(p.currentSid ?? firstSid)}
          >
            {t("panel.commentOnSection")}
          </button>
        )}
      </div>

      <div role="group" aria-label={t("filters.label")} className="flex flex-wrap gap-1">
        {filterButton(t("filters.open"), filters.status === "open", () => status("open"))}
        {filterButton(t("filters.resolved"), filters.status === "resolved", () => status("resolved"))}
        {filterButton(t("filters.mine"), filters.mine, () => toggle("mine"))}
        {filterButton(t("filters.mentionsMe"), filters.mentionsMe, () => toggle("mentionsMe"))}
        {filterButton(t("filters.thisSection"), filters.thisSection, () => toggle("thisSection"))}
      </div>
      {filters.thisSection && !p.currentSid && <p className="text-xs text-stone-600">{t("filters.noCurrentSection")}</p>}

      {p.composer && (
        <NewThreadForm
          key={p.composer.passage?.start ?? "section"}
          draftId={p.draftId}
          target={p.composer}
          outline={p.outline ?? []}
          canManageMembers={p.canManageMembers}
          onTarget={p.onComposer}
          onCreate={p.onCreate}
        />
      )}

      {p.loadError && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{p.loadError}</p>}
      {p.threads && all.length === 0 && <p className="text-sm text-stone-600">{p.canComment ? t("panel.emptyCanComment") : t("panel.empty")}</p>}
      {p.threads && all.length > 0 && shown.length === 0 && <p className="text-sm text-stone-600">{t("filters.none")}</p>}

      {sections.map((g) => (
        <section key={g.sid} aria-label={sectionName(g.sid) || g.title} data-section-group={g.sid} className="space-y-2">
          <div className="flex items-center justify-between gap-2 border-b border-stone-200 pb-0.5">
            <h3 className="min-w-0 truncate text-xs font-medium text-stone-700">
              <span className="text-brand-700">{g.label}</span>
              {g.title || t("thread.untitled")}
            </h3>
            {p.canComment && (
              <button
                type="button"
                className="shrink-0 text-xs text-brand-700 underline"
                aria-label={t("panel.commentOnThisSection", { section: sectionName(g.sid) || g.title })}
                onClick={() => startSectionComment(g.sid)}
              >
                {t("panel.commentShort")}
              </button>
            )}
          </div>
          <ol className="space-y-2">{g.threads.map((x) => card(x, false))}</ol>
        </section>
      ))}

      {detached.length > 0 && (
        <section aria-label={t("panel.detached")} data-section-group="detached" className="space-y-2">
          <div className="border-b border-stone-200 pb-0.5">
            <h3 className="text-xs font-medium text-stone-700">{t("panel.detached")}</h3>
            <p className="text-xs text-stone-600">{t("panel.detachedHint")}</p>
          </div>
          <ol className="space-y-2">{detached.map((x) => card(x, true))}</ol>
        </section>
      )}
    </section>
  );
}

function NewThreadForm({
  draftId,
  target,
  outline,
  canManageMembers,
  onTarget,
  onCreate,
}: {
  draftId: string;
  target: ComposerTarget;
  outline: readonly SectionLike[];
  canManageMembers: boolean;
  onTarget: (t: ComposerTarget | null) => void;
  onCreate: (t: NewThread) => Promise<void>;
}) {
  const t = useTranslations("comments");
  const id = useId();
  const [visibility, setVisibility] = useState<"MEMBERS" | "INTERNAL">("MEMBERS");
  return (
    <div className="rounded-md border border-brand-600 bg-white p-2 shadow-sm" data-testid="comment-composer">
      <CommentForm
        draftId={draftId}
        label={target.passage ? t("composer.passageLabel") : t("composer.sectionLabel")}
        submitLabel={t("composer.send")}
        canManageMembers={canManageMembers}
        onSubmit={(body) => onCreate({ sid: target.sid, passage: target.passage, body, visibility })}
        onCancel={() => onTarget(null)}
      >
        {target.passage ? (
          <p className="border-l-2 border-amber-400 pl-2 text-sm text-stone-700">
            <span className="sr-only">{t("composer.quote")}</span>
            {target.passage.quote}
          </p>
        ) : (
          <div>
            <label htmlFor={`${id}-section`} className="label">{t("composer.section")}</label>
            <select
              id={`${id}-section`}
              className="input"
              value={target.sid}
              onChange={(e) => onTarget({ sid: e.target.value, passage: null })}
            >
              {outline.map((s) => (
                <option key={s.sid} value={s.sid}>{`${s.label}${s.title || t("thread.untitled")}`}</option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend className="label">{t("composer.visibility")}</legend>
          <div className="flex flex-wrap gap-x-3 text-sm">
            <label className="inline-flex items-center gap-1">
              <input type="radio" name={`${id}-visibility`} checked={visibility === "MEMBERS"} onChange={() => setVisibility("MEMBERS")} />
              {t("composer.public")}
            </label>
            <label className="inline-flex items-center gap-1">
              <input type="radio" name={`${id}-visibility`} checked={visibility === "INTERNAL"} onChange={() => setVisibility("INTERNAL")} />
              {t("composer.internal")}
            </label>
          </div>
          <p className="mt-0.5 text-xs text-stone-600">{visibility === "INTERNAL" ? t("composer.internalHint") : t("composer.publicHint")}</p>
        </fieldset>
      </CommentForm>
    </div>
  );
}
