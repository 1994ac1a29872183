"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { COMMENT_LIMITS, mentionedUserIds } from "@/lib/comments/text";
import { ZCommentBody } from "@/lib/schemas/comments";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { useAppErrors } from "@/components/ui/app-errors";
import { bodyFromReadable, readableFromBody, type ChosenMention } from "./mention-text";
import { MentionTextarea, type MentionOption } from "./mention-textarea";

interface Props {
  draftId: string;
  label: string;
  submitLabel: string;
  /** A stored body to edit. */
  initialBody?: string;
  /** Owners: people without access are suggested too, and sending offers to invite them. */
  canManageMembers: boolean;
  /** Sends the body (tokens included); throws the tRPC error to show. */
  onSubmit: (body: string) => Promise<void>;
  onCancel: () => void;
  /** Fields above the text (the quote, the section, visibility). */
  children?: ReactNode;
  autoFocus?: boolean;
}

/**
 * Writing a comment, a reply or an edit. Before sending, the people mentioned are checked
 * (`comments.checkMentions`): someone who cannot read the draft is either invited by an owner
 * (“邀请 X 为可提意见成员并发送”: `drafts.members.set` COMMENTER, then send) or, for others,
 * named in an error — nothing is sent and nothing typed is lost.
 */
export function CommentForm({ draftId, label, submitLabel, initialBody, canManageMembers, onSubmit, onCancel, children, autoFocus = true }: Props) {
  const t = useTranslations("comments");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const appErrors = useAppErrors();
  const [initial] = useState(() => readableFromBody(initialBody ?? ""));
  const [text, setText] = useState(initial.text);
  const [chosen, setChosen] = useState<ChosenMention[]>(initial.mentions);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [invite, setInvite] = useState<{ users: { id: string; name: string }[]; body: string } | null>(null);

  const candidates = useQuery(trpc.comments.mentionCandidates.queryOptions({ draftId }, { staleTime: 60_000 }));
  const everyone = useQuery(trpc.drafts.members.candidates.queryOptions({ draftId }, { enabled: canManageMembers, staleTime: 60_000 }));
  const options: MentionOption[] | undefined = candidates.data && [
    ...candidates.data,
    ...(everyone.data ?? [])
      .filter((p) => !candidates.data.some((c) => c.id === p.id))
      .map((p) => ({ id: p.id, name: p.name, title: p.title ?? "", noAccess: true })),
  ];

  async function send(body: string) {
    setPending(true);
    try {
      await onSubmit(body);
      setText("");
      setChosen([]);
      setInvite(null);
      setError(null);
    } catch (e) {
      setError(appErrors.message(e));
    } finally {
      setPending(false);
    }
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (pending) return;
    setInvite(null);
    const parsed = ZCommentBody.safeParse(bodyFromReadable(text, chosen));
    if (!parsed.success) {
      const errs = appErrors.fromZod(parsed.error);
      setError(errs.form ?? Object.values(errs.fields)[0] ?? t("form.invalid"));
      return;
    }
    const body = parsed.data;
    const ids = mentionedUserIds(body);
    if (ids.length > COMMENT_LIMITS.maxMentions) {
      setError(t("form.tooManyMentions", { max: COMMENT_LIMITS.maxMentions }));
      return;
    }
    if (ids.length > 0) {
      setPending(true);
      let check: Awaited<ReturnType<typeof client.comments.checkMentions.query>>;
      try {
        check = await client.comments.checkMentions.query({ draftId, userIds: ids });
      } catch (err) {
        setError(appErrors.message(err));
        setPending(false);
        return;
      }
      setPending(false);
      const missing = check.users.filter((u) => !u.hasAccess);
      if (missing.length > 0) {
        if (check.canInvite) {
          setError(null);
          setInvite({ users: missing.map((u) => ({ id: u.id, name: u.name })), body });
        } else {
          setError(t("form.cannotMention", { names: missing.map((u) => u.name).join("、") }));
        }
        return;
      }
    }
    await send(body);
  }

  async function inviteAndSend() {
    if (!invite || pending) return;
    setPending(true);
    try {
      for (const u of invite.users) await client.drafts.members.set.mutate({ draftId, userId: u.id, role: "COMMENTER" });
    } catch (e) {
      setError(appErrors.message(e));
      setPending(false);
      return;
    }
    void qc.invalidateQueries({ queryKey: trpc.drafts.members.list.queryKey({ draftId }) });
    void qc.invalidateQueries({ queryKey: trpc.comments.mentionCandidates.queryKey({ draftId }) });
    setPending(false);
    await send(invite.body);
  }

  const names = invite?.users.map((u) => u.name).join("、") ?? "";
  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      {children}
      <MentionTextarea
        label={label}
        value={text}
        onChange={(v) => {
          setText(v);
          if (invite) setInvite(null);
        }}
        chosen={chosen}
        onChoose={(m) => setChosen((c) => (c.some((x) => x.id === m.id) ? c : [...c, m]))}
        options={options}
        onSubmit={() => void submit()}
        onEscape={onCancel}
        error={error}
        autoFocus={autoFocus}
      />
      {invite && (
        <div role="alert" className="space-y-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p>{t("form.noAccess", { names })}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-primary px-2 py-1" onClick={() => void inviteAndSend()} disabled={pending}>
              {t("form.inviteAndSend", { names })}
            </button>
            <button type="button" className="btn-secondary px-2 py-1" onClick={() => setInvite(null)}>
              {t("form.backToText")}
            </button>
          </div>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="btn-primary px-3 py-1.5" disabled={pending || !!invite}>
          {submitLabel}
        </button>
        <button type="button" className="btn-secondary px-3 py-1.5" onClick={onCancel}>
          {t("form.cancel")}
        </button>
        <span className="ml-auto text-xs text-stone-600">{t("form.count", { count: Array.from(text).length, max: COMMENT_LIMITS.maxChars })}</span>
      </div>
    </form>
  );
}
