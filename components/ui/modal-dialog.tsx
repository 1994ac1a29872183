"use client";

import { useCallback, useEffect, useId, useRef, type ReactNode, type SyntheticEvent } from "react";

// A native modal <dialog>: the page behind is inert, Escape closes it, focus moves into it
// and goes back to the control that opened it. Mount it only while open, so its fields
// never duplicate labels elsewhere on the page.

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * What every modal <dialog> here needs: shown modal on mount, the element marked
 * `data-autofocus` focused, Escape routed to `onClose`, closed and focus returned to the
 * opener on unmount. Spread `dialogProps` onto the <dialog>; label it with `titleId`.
 */
export function useModalDialog(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const close = useCallback(() => onCloseRef.current(), []);
  const dialogProps = {
    ref,
    "aria-labelledby": titleId,
    onCancel: (e: SyntheticEvent<HTMLDialogElement>) => {
      e.preventDefault();
      onCloseRef.current();
    },
  };
  return { dialogProps, titleId, close };
}

export function ModalDialog({ title, onClose, children }: Props) {
  const { dialogProps, titleId } = useModalDialog(onClose);

  return (
    <dialog
      {...dialogProps}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-stone-200 bg-white p-0 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
    >
      <div className="p-5">
        <h2 id={titleId} className="mb-4 text-lg font-semibold">{title}</h2>
        {children}
      </div>
    </dialog>
  );
}

/** A yes/no question about a consequential action. */
export function ConfirmDialog({
  title, message, confirmLabel, cancelLabel, pending, error, onConfirm, onClose,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <ModalDialog title={title} onClose={onClose}>
      <p className="text-sm text-stone-700">{message}</p>
      {error && <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onClose} data-autofocus>
          {cancelLabel}
        </button>
        <button type="button" className="btn-danger" onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
