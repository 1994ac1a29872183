"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import { decodeAnchor } from "@/lib/editor/comment-anchors";
import { THREAD_PARAM } from "@/lib/comments/thread-href";
import type { HighlightThread } from "@/lib/editor/comment-highlights";
import { useAppErrors } from "@/components/ui/app-errors";
import { useHydrated } from "@/components/ui/use-hydrated";
import { BottomSheet } from "@/components/comments/bottom-sheet";
import { CommentsPanel, type ComposerTarget, type NewThread } from "@/components/comments/comments-panel";
import type { ThreadActions } from "@/components/comments/thread-card";
import { useComments } from "@/components/comments/use-comments";
import { useDraftFinal } from "@/components/signoff/use-draft-final";
import { CollabEditor } from "./collab-editor";
import { OutlinePanel } from "./outline-panel";
import { SaveStatus } from "./save-status";
import { useCollab } from "./use-collab";
import { usePresence } from "./use-presence";
import type { LiveSection } from "./outline-state";
import "./editor.css";

interface Props {
  draftId: string;
  user: { id: string; name: string };
  canEdit: boolean;
  /** Role COMMENTER or above: may comment (the read-only editor still allows selecting). */
  canComment: boolean;
  /** Owners and the secretariat: a mention of someone without access offers to invite them. */
  canManageMembers: boolean;
  /** The draft was 定稿 when the page was rendered (it may become final, or be reopened, while open). */
  finalAtLoad?: boolean;
}

/** Phones (≤ 640 px): the comments open as a bottom sheet instead of the margin. */
const PHONE = "(max-width: 640px)";
function usePhone(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(PHONE);
      m.addEventListener("change", cb);
      return () => m.removeEventListener("change", cb);
    },
    () => window.matchMedia(PHONE).matches,
    () => false,
  );
}

const PENDING = "__pending";
const NO_PASSAGES = { ranges: new Map<string, { from: number; to: number }>(), bound: false };

/**
 * Rendered in the browser only: everything in it comes from the live document (websocket) and
 * the comment queries, none of it from the server's render, which showed an empty, "offline"
 * workspace at about a third of the draft page's server time (docs/performance.md, "Pages").
 * Until hydration a status line holds its place.
 */
export function DraftWorkspace(props: Props) {
  const t = useTranslations("draft");
  if (!useHydrated()) {
    return (
      <p role="status" className="min-h-[50vh] text-sm text-stone-500" data-testid="workspace-loading">
        {t("connecting")}
      </p>
    );
  }
  return <Workspace {...props} />;
}

/** Outline on the left, the editor in the middle, the comment threads in the margin on the right. */
function Workspace({ draftId, user, canEdit: canEditAtLoad, canComment, canManageMembers, finalAtLoad = false }: Props) {
  const t = useTranslations("draft");
  const tc = useTranslations("comments");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const appErrors = useAppErrors();
  const tokenMutation = useMutation(trpc.drafts.collabToken.mutationOptions());
  const { mutateAsync } = tokenMutation;
  const getToken = useCallback(async () => (await mutateAsync({ draftId })).token, [mutateAsync, draftId]);
  const { session, saveState, closeReason, liveReadOnly, synced } = useCollab({ draftId, userId: user.id, readOnlyAtLoad: !canEditAtLoad, getToken });
  const canEdit = liveReadOnly === null ? canEditAtLoad : !liveReadOnly;
  const final = useDraftFinal(draftId, finalAtLoad, liveReadOnly);
  const ts = useTranslations("signoff.ui");
  const [outline, setOutline] = useState<LiveSection[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [totalChars, setTotalChars] = useState(0);
  const presence = usePresence(session?.provider ?? null, user.id);
  const [limitReached, setLimitReached] = useState(false);
  const onLimit = useCallback(() => setLimitReached(true), []);
  const [moveRequest, setMoveRequest] = useState<{ sid: string; dir: "up" | "down"; n: number } | null>(null);
  const [everSynced, setEverSynced] = useState(false);
  // The last title seen for each section, so a thread whose section is deleted while the
  // page is open is listed under 已脱离 with that title.
  const [lastTitles, setLastTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const onOutline = useCallback((o: LiveSection[]) => {
    setOutline(o);
    setLastTitles((prev) => {
      let next: Map<string, string> | null = null;
      for (const s of o) {
        if (s.title && prev.get(s.sid) !== s.title) (next ??= new Map(prev)).set(s.sid, s.title);
      }
      return next ?? prev;
    });
  }, []);
  useEffect(() => {
    if (synced) setEverSynced(true);
  }, [synced]);

  // Comments
  const { list, refresh } = useComments(draftId);
  const threads = list.data?.threads;
  const [composer, setComposer] = useState<ComposerTarget | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState({ n: 0, focus: false });
  const [passages, setPassages] = useState<{ ranges: ReadonlyMap<string, { from: number; to: number }>; bound: boolean }>(NO_PASSAGES);
  const phone = usePhone();
  const [sheetOpen, setSheetOpen] = useState(false);

  // A link to one thread (/drafts/<id>?thread=<threadId>, from the bell, 工作台 …) opens it
  // once the threads are loaded: active, focused, and on a phone in the sheet.
  const linkHandled = useRef(false);
  useEffect(() => {
    if (linkHandled.current || !threads) return;
    linkHandled.current = true;
    const id = new URLSearchParams(window.location.search).get(THREAD_PARAM);
    if (!id || !threads.some((x) => x.id === id)) return;
    setActiveId(id);
    setFocusRequest((r) => ({ n: r.n + 1, focus: true }));
    if (phone) setSheetOpen(true);
  }, [threads, phone]);

  const highlights = useMemo<HighlightThread[]>(() => {
    const out: HighlightThread[] = [];
    for (const th of threads ?? []) {
      if (!th.passage) continue;
      const start = decodeAnchor(th.passage.start);
      const end = decodeAnchor(th.passage.end);
      if (start && end) out.push({ id: th.id, sid: th.sid, quote: th.passage.quote, start, end, hidden: th.status !== "OPEN" });
    }
    if (composer?.passage) {
      const start = decodeAnchor(composer.passage.start);
      const end = decodeAnchor(composer.passage.end);
      if (start && end) out.push({ id: PENDING, sid: composer.sid, quote: composer.passage.quote, start, end });
    }
    return out;
  }, [threads, composer]);

  const activate = useCallback((id: string | null) => setActiveId(id), []);
  // A click on a highlight shows its thread. In a read-only editor it also takes the focus
  // there (on a phone: opens the sheet); someone who edits clicked to place the cursor, and
  // keeps it.
  const onHighlightClick = useCallback(
    (id: string) => {
      if (id === PENDING) return;
      setActiveId(id);
      setFocusRequest((r) => ({ n: r.n + 1, focus: !canEdit }));
      if (phone && !canEdit) setSheetOpen(true);
    },
    [phone, canEdit],
  );
  const onLocate = useCallback(
    (id: string) => {
      if (phone) setSheetOpen(false);
      requestAnimationFrame(() =>
        document.querySelector(`.draft-editor [data-thread-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "center", behavior: "smooth" }),
      );
    },
    [phone],
  );
  const openComposer = useCallback(
    (target: ComposerTarget | null) => {
      setComposer(target);
      if (target && phone) setSheetOpen(true);
    },
    [phone],
  );

  const onCreate = useCallback(
    async (n: NewThread) => {
      const r = await client.comments.create.mutate({
        draftId,
        sid: n.sid,
        ...(n.passage ? { passage: n.passage } : {}),
        body: n.body,
        visibility: n.visibility,
      });
      setComposer(null);
      setActiveId(r.threadId);
      await refresh();
    },
    [client, draftId, refresh],
  );
  const actions = useMemo<ThreadActions>(
    () => ({
      reply: async (threadId, body) => {
        await client.comments.reply.mutate({ draftId, threadId, body });
        await refresh();
      },
      edit: async (commentId, body) => {
        await client.comments.edit.mutate({ draftId, commentId, body });
        await refresh();
      },
      remove: async (commentId) => {
        await client.comments.delete.mutate({ draftId, commentId });
        await refresh();
      },
      setStatus: async (threadId, status) => {
        await client.comments.setStatus.mutate({ draftId, threadId, status });
        await refresh();
      },
      setDisposition: async (threadId, disposition, reason) => {
        await client.comments.setDisposition.mutate({ draftId, threadId, disposition, reason });
        await refresh();
      },
    }),
    [client, draftId, refresh],
  );

  useEffect(() => {
    session?.provider.setAwarenessField("section", current);
  }, [session, current]);

  const currentSection = outline.find((s) => s.sid === current) ?? null;
  const openCount = (threads ?? []).filter((x) => x.status === "OPEN").length;

  const panel = (
    <CommentsPanel
      draftId={draftId}
      threads={threads}
      loadError={list.error ? appErrors.message(list.error) : null}
      outline={everSynced ? outline : null}
      lastTitles={lastTitles}
      currentSid={current}
      passages={passages}
      canComment={canComment}
      canManageMembers={canManageMembers}
      activeId={activeId}
      focusRequest={focusRequest}
      composer={composer}
      onComposer={openComposer}
      onCreate={onCreate}
      actions={actions}
      onActivate={activate}
      onLocate={onLocate}
    />
  );

  return (
    <div className={`grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[14rem_minmax(0,1fr)_20rem] ${phone ? "pb-16" : ""}`}>
      <aside aria-label={t("outline")} className="order-2 lg:order-1">
        <OutlinePanel
          outline={outline}
          presence={presence}
          current={current}
          canEdit={canEdit}
          onMove={(sid, dir) => setMoveRequest((m) => ({ sid, dir, n: (m?.n ?? 0) + 1 }))}
          openCounts={list.data?.openCounts}
        />
      </aside>
      <section aria-label={t("editor")} className="order-1 min-w-0 lg:order-2">
        <div className="sticky top-0 z-10 mb-2 flex flex-wrap items-center justify-between gap-2 bg-stone-50/95 py-1">
          <SaveStatus state={saveState} canEdit={canEdit} />
          {presence.length > 0 && (
            <p className="text-xs text-stone-600" data-testid="presence">
              {t("presence")}
              {presence.map((p) => (
                <span key={p.clientId} className="ml-1 inline-flex items-center gap-1">
                  <span className="inline-block h-2 w-2 rounded-full" style={{ background: p.color }} aria-hidden />
                  {p.name}
                  {p.isSelf ? t("you") : ""}
                </span>
              ))}
            </p>
          )}
        </div>
        {closeReason && (
          <p role="alert" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t.has(`closed.${closeReason}`) ? t(`closed.${closeReason}`) : t("closed.generic")}
          </p>
        )}
        {limitReached && (
          <p role="alert" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t("limitReached", { max: DRAFT_LIMITS.maxChars })}
          </p>
        )}
        {!canEdit && (
          <p className="mb-2 rounded-md bg-stone-100 px-3 py-2 text-sm text-stone-700" data-testid="read-only-notice" data-final={final || undefined}>
            {final ? ts("editorFinal") : t("readOnly")}
            {canComment && ` ${tc("selection.readOnlyHint")}`}
          </p>
        )}
        {session && (
          <CollabEditor
            session={session}
            user={user}
            canEdit={canEdit}
            onOutline={onOutline}
            onCurrentSection={setCurrent}
            onTextLength={setTotalChars}
            moveRequest={moveRequest}
            onLimit={onLimit}
            highlights={highlights}
            activeThreadId={composer?.passage ? PENDING : activeId}
            onHighlightClick={onHighlightClick}
            onPassages={setPassages}
            canComment={canComment}
            onCommentPassage={openComposer}
          />
        )}
      </section>
      <aside aria-label={t("margin")} className="order-3 space-y-3">
        <div className="card text-sm">
          <h2 className="mb-2 font-medium">{t("currentSection")}</h2>
          {currentSection ? (
            <>
              <p>
                <span className="text-brand-700">{currentSection.label}</span>
                {currentSection.title}
              </p>
              <p className="mt-2 text-xs text-stone-600">{t("here")}：{presence.filter((p) => p.section === currentSection.sid).map((p) => p.name).join("、") || "—"}</p>
            </>
          ) : (
            <p className="text-stone-500">—</p>
          )}
          <p className="mt-3 text-xs text-stone-500">{t("totalChars", { count: totalChars })}</p>
        </div>
        {!phone && <div className="card p-3 lg:sticky lg:top-2 lg:max-h-[calc(100vh-1rem)] lg:overflow-y-auto">{panel}</div>}
      </aside>
      {phone && (
        <>
          <button
            type="button"
            aria-haspopup="dialog"
            className="btn-primary fixed bottom-3 left-1/2 z-30 -translate-x-1/2 rounded-full px-5 py-2 shadow-lg"
            onClick={() => setSheetOpen(true)}
          >
            {tc("sheet.open", { count: openCount })}
          </button>
          {sheetOpen && (
            <BottomSheet title={tc("panel.title")} closeLabel={tc("sheet.close")} onClose={() => setSheetOpen(false)}>
              {panel}
            </BottomSheet>
          )}
        </>
      )}
    </div>
  );
}
