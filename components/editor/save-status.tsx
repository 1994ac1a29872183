"use client";

import { useTranslations } from "next-intl";
import type { SaveState } from "./use-collab";

const STYLE: Record<SaveState, string> = {
  saved: "bg-emerald-50 text-emerald-800",
  saving: "bg-stone-100 text-stone-700",
  unsaved: "bg-amber-50 text-amber-900",
  offline: "bg-amber-50 text-amber-900",
  connecting: "bg-stone-100 text-stone-700",
};

export function SaveStatus({ state, canEdit }: { state: SaveState; canEdit: boolean }) {
  const t = useTranslations("draft");
  const text =
    state === "offline" ? t("offline") : state === "connecting" ? t("connecting") : canEdit ? t(state) : t("saved");
  return (
    <p role="status" aria-live="polite" data-save-state={state} className={`rounded-full px-3 py-1 text-xs font-medium ${STYLE[state]}`}>
      {state === "offline" ? `${t("unsaved")} · ${text}` : text}
    </p>
  );
}
