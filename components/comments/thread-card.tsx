"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/modal-dialog";
import { useAppErrors } from "@/components/ui/app-errors";
import { CommentForm } from "./comment-form";
import { CommentText } from "./comment-text";
import { DispositionForm } from "./disposition-form";
import type { Disposition, ThreadView } from "./types";

export interface ThreadActions {
  reply: (threadId: string, body: string) => Promise<void>;
  edit: (commentId: string, body: string) => Promise<void>;
  remove: (commentId: string) => Promise<void>;
  setStatus: (threadId: string, status: "OPEN" | "RESOLVED") => Promise<void>;
  setDisposition: (threadId: string, disposition: Disposition | null, reason: string) => Promise<void>;
}

interface Props {
  thread: ThreadView;
  draftId: string;
  canManageMembers: boolean;
  active: boolean;
  /** The passage's words are gone from the document: the quote is shown struck through. */
  passageGone: boolean;
  detached: boolean;
  /** The section's last known title (shown for detached threads). */
  lastTitle: string;
  actions: ThreadActions;
  onActivate: (threadId: string) => void;
  onLocate: (threadId: string) => void;
}

type Mode = { kind: "reply" } | { kind: "edit"; commentId: string } | { kind: "disposition" } | null;

const DISPOSITION_STYLE: Record<Disposition, string> = {
  ADOPTED: "bg-emerald-50 text-emerald-800",
  PARTLY_ADOPTED: "bg-sky-50 text-sky-800",
  NOT_ADOPTED: "bg-stone-200 text-stone-800",
  NOTED: "bg-amber-50 text-amber-900",
};

export function ThreadCard({ thread, draftId, canManageMembers, active, passageGone, detached, lastTitle, actions, onActivate, onLocate }: Props) {
  const t = useTranslations("comments");
  const format = useFormatter();
  const appErrors = useAppErrors();
  const [mode, setMode] = useState<Mode>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolved = thread.status === "RESOLVED";
  const headingId = `thread-${thread.id}-title`;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });

  async function run(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(appErrors.message(e));
    }
  }

  return (
    <article
      id={`thread-${thread.id}`}
      data-thread-id={thread.id}
      data-status={thread.status}
      data-active={active || undefined}
      tabIndex={-1}
      aria-labelledby={headingId}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onActivate(thread.id);
      }}
      onClick={() => onActivate(thread.id)}
      className={`rounded-md border p-2 text-sm shadow-sm outline-none transition-colors ${
        active ? "border-brand-600 ring-1 ring-brand-600" : "border-stone-200"
      } ${resolved ? "bg-stone-50" : "bg-white"}`}
    >
      <h4 id={headingId} className="sr-only">
        {thread.passage ? t("thread.onPassage", { quote: thread.passage.quote }) : t("thread.onSection")}
        {" — "}
        {thread.comments[0]?.author.name ?? thread.author.name}
      </h4>
      <div className="mb-1 flex flex-wrap items-center gap-1 text-xs">
        {thread.visibility === "INTERNAL" && <span className="rounded bg-stone-800 px-1.5 py-0.5 text-white">{t("thread.internal")}</span>}
        {resolved && <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800">{t("thread.resolved")}</span>}
        {thread.disposition && (
          <span className={`rounded px-1.5 py-0.5 ${DISPOSITION_STYLE[thread.disposition]}`} data-disposition={thread.disposition}>
            {t("disposition.label")}：{t(`disposition.${thread.disposition}`)}
          </span>
        )}
        {detached && <span className="text-stone-600">{t("thread.fromSection", { title: lastTitle || t("thread.untitled") })}</span>}
      </div>
      {thread.passage &&
        (passageGone || detached ? (
          <p className="mb-1 border-l-2 border-stone-300 pl-2 text-stone-600" data-quote data-passage-gone="true">
            <del>{thread.passage.quote}</del>
            <span className="ml-1 text-xs">{t("thread.passageGone")}</span>
          </p>
        ) : (
          <button
            type="button"
            data-quote
            className="mb-1 block w-full border-l-2 border-amber-400 pl-2 text-left text-stone-700 hover:bg-amber-50"
            onClick={(e) => {
              e.stopPropagation();
              onActivate(thread.id);
              onLocate(thread.id);
            }}
            aria-label={t("thread.locate", { quote: thread.passage.quote })}
          >
            <span className="line-clamp-3">{thread.passage.quote}</span>
          </button>
        ))}
      <ol className="space-y-2">
        {thread.comments.map((c) => (
          <li key={c.id} data-comment-id={c.id}>
            <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-stone-600">
              <span className="font-medium text-stone-900">{c.author.name}</span>
              <time dateTime={c.createdAt.toISOString()}>{when(c.createdAt)}</time>
              {c.edited && !c.deleted && <span>{t("thread.edited")}</span>}
            </p>
            {c.deleted ? (
              <p className="text-sm italic text-stone-600">{t("thread.deleted")}</p>
            ) : mode?.kind === "edit" && mode.commentId === c.id ? (
              <CommentForm
                draftId={draftId}
                label={t("thread.editLabel")}
                submitLabel={t("form.save")}
                initialBody={c.body}
                canManageMembers={canManageMembers}
                onSubmit={async (body) => {
                  await actions.edit(c.id, body);
                  setMode(null);
                }}
                onCancel={() => setMode(null)}
              />
            ) : (
              <CommentText body={c.body} />
            )}
            {!c.deleted && mode?.kind !== "edit" && (c.can.edit || c.can.delete) && (
              <p className="mt-0.5 flex gap-2 text-xs">
                {c.can.edit && (
                  <button type="button" className="text-stone-600 underline hover:text-stone-900" onClick={() => setMode({ kind: "edit", commentId: c.id })}>
                    {t("thread.edit")}
                  </button>
                )}
                {c.can.delete && (
                  <button type="button" className="text-red-700 underline hover:text-red-900" onClick={() => setConfirmDelete(c.id)}>
                    {t("thread.delete")}
                  </button>
                )}
              </p>
            )}
          </li>
        ))}
      </ol>
      {thread.disposition && (thread.dispositionReason || thread.dispositionBy) && mode?.kind !== "disposition" && (
        <p className="mt-2 rounded bg-stone-50 px-2 py-1 text-xs text-stone-700">
          {thread.dispositionReason && <span className="whitespace-pre-wrap break-words">{t("disposition.reasonShown", { reason: thread.dispositionReason })}</span>}
          {thread.dispositionBy && <span className="ml-1 text-stone-600">（{thread.dispositionBy.name}）</span>}
        </p>
      )}
      {resolved && thread.resolvedBy && (
        <p className="mt-1 text-xs text-stone-600">{t("thread.resolvedBy", { name: thread.resolvedBy.name })}</p>
      )}
      {error && <p role="alert" className="mt-1 text-xs text-red-700">{error}</p>}
      {mode?.kind === "reply" && (
        <div className="mt-2">
          <CommentForm
            draftId={draftId}
            label={t("thread.replyLabel")}
            submitLabel={t("thread.sendReply")}
            canManageMembers={canManageMembers}
            onSubmit={async (body) => {
              await actions.reply(thread.id, body);
              setMode(null);
            }}
            onCancel={() => setMode(null)}
          />
        </div>
      )}
      {mode?.kind === "disposition" && (
        <div className="mt-2">
          <DispositionForm
            draftId={draftId}
            threadId={thread.id}
            current={thread.disposition}
            reason={thread.dispositionReason}
            onSave={async ({ disposition, reason }) => {
              await actions.setDisposition(thread.id, disposition, reason);
              setMode(null);
            }}
            onCancel={() => setMode(null)}
          />
        </div>
      )}
      {mode === null && (thread.can.reply || thread.can.resolve || thread.can.setDisposition) && (
        <div className="mt-2 flex flex-wrap gap-1.5">
          {thread.can.reply && (
            <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => setMode({ kind: "reply" })}>
              {t("thread.reply")}
            </button>
          )}
          {thread.can.resolve && (
            <button type="button" className="btn-secondary px-2 py-1 text-xs"
              onClick={() => void run(() => actions.setStatus(thread.id, resolved ? "OPEN" : "RESOLVED"))}>
              {resolved ? t("thread.reopen") : t("thread.resolve")}
            </button>
          )}
          {thread.can.setDisposition && (
            <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => setMode({ kind: "disposition" })}>
              {thread.disposition ? t("disposition.change") : t("disposition.set")}
            </button>
          )}
        </div>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t("thread.deleteTitle")}
          message={t("thread.deleteMessage")}
          confirmLabel={t("thread.delete")}
          cancelLabel={t("form.cancel")}
          pending={deleting}
          error={error}
          onClose={() => setConfirmDelete(null)}
          onConfirm={() => {
            setDeleting(true);
            void run(async () => {
              await actions.remove(confirmDelete);
              setConfirmDelete(null);
            }).finally(() => setDeleting(false));
          }}
        />
      )}
    </article>
  );
}
