"use client";

import type { ReactNode } from "react";
import { useModalDialog } from "@/components/ui/modal-dialog";

/**
 * The comments on a phone: a modal <dialog> along the bottom of the screen. The page behind
 * is inert (focus stays inside), Escape or the close button closes it, and focus returns to
 * the control that opened it. Mount it only while open.
 */
export function BottomSheet({ title, closeLabel, onClose, children }: { title: string; closeLabel: string; onClose: () => void; children: ReactNode }) {
  const { dialogProps, titleId, close } = useModalDialog(onClose);

  return (
    <dialog
      {...dialogProps}
      data-testid="comments-sheet"
      className="fixed inset-x-0 bottom-0 top-auto m-0 max-h-[85dvh] w-full max-w-none overflow-hidden rounded-t-xl border border-stone-200 bg-white p-0 text-stone-900 shadow-2xl backdrop:bg-stone-900/40"
    >
      <div className="flex max-h-[85dvh] flex-col">
        <div className="flex items-center justify-between border-b border-stone-200 px-4 py-2">
          <h2 id={titleId} className="font-medium">{title}</h2>
          <button type="button" className="btn-secondary px-2 py-1 text-sm" onClick={close}>
            {closeLabel}
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-3 py-3">{children}</div>
      </div>
    </dialog>
  );
}
