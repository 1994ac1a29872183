"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
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
}

/** Outline on the left, the editor in the middle, the section margin on the right. */
export function DraftWorkspace({ draftId, user, canEdit: canEditAtLoad }: Props) {
  const t = useTranslations("draft");
  const trpc = useTRPC();
  const tokenMutation = useMutation(trpc.drafts.collabToken.mutationOptions());
  const { mutateAsync } = tokenMutation;
  const getToken = useCallback(async () => (await mutateAsync({ draftId })).token, [mutateAsync, draftId]);
  const { session, saveState, closeReason, liveReadOnly } = useCollab({ draftId, userId: user.id, getToken });
  const canEdit = liveReadOnly === null ? canEditAtLoad : !liveReadOnly;
  const [outline, setOutline] = useState<LiveSection[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [totalChars, setTotalChars] = useState(0);
  const presence = usePresence(session?.provider ?? null, user.id);
  const [limitReached, setLimitReached] = useState(false);
  const onLimit = useCallback(() => setLimitReached(true), []);
  const [moveRequest, setMoveRequest] = useState<{ sid: string; dir: "up" | "down"; n: number } | null>(null);

  useEffect(() => {
    session?.provider.setAwarenessField("section", current);
  }, [session, current]);

  const currentSection = outline.find((s) => s.sid === current) ?? null;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[16rem_minmax(0,1fr)_16rem]">
      <aside aria-label={t("outline")} className="order-2 lg:order-1">
        <OutlinePanel
          outline={outline}
          presence={presence}
          current={current}
          canEdit={canEdit}
          onMove={(sid, dir) => setMoveRequest((m) => ({ sid, dir, n: (m?.n ?? 0) + 1 }))}
        />
      </aside>
      <section aria-label={t("editor")} className="order-1 min-w-0 lg:order-2">
        <div className="sticky top-0 z-10 mb-2 flex flex-wrap items-center justify-between gap-2 bg-stone-50/95 py-1">
          <SaveStatus state={saveState} canEdit={canEdit} />
          {presence.length > 0 && (
            <p className="text-xs text-stone-600">
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
        {!canEdit && <p className="mb-2 rounded-md bg-stone-100 px-3 py-2 text-sm text-stone-700">{t("readOnly")}</p>}
        {session && (
          <CollabEditor
            session={session}
            user={user}
            canEdit={canEdit}
            onOutline={setOutline}
            onCurrentSection={setCurrent}
            onTextLength={setTotalChars}
            moveRequest={moveRequest}
            onLimit={onLimit}
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
      </aside>
    </div>
  );
}
