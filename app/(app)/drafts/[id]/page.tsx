import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { DraftWorkspace } from "@/components/editor/draft-workspace";
import { DraftMembersPanel } from "@/components/drafts/members-panel";
import { RegisterLink } from "@/components/comments/register-link";
import { SignoffLinks } from "@/components/signoff/draft-links";

/**
 * The draft (through drafts.head: drafts.get's access check and policy, without the outline the
 * workspace reads live over the websocket) and the signed-in person, once
 * per request: generateMetadata and the page both need them, and React's cache() lets the
 * second caller reuse the first's answer (or its 404) instead of running the reads again.
 */
const load = cache(async (draftId: string) => {
  const api = await serverApi();
  try {
    const [data, me] = await Promise.all([api.drafts.head({ draftId }), api.me.get()]);
    return { data, me };
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data } = await load(id);
  return { title: data.draft.title };
}

export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data, me } = await load(id);
  const { draft, role, can } = data;
  const t = await getTranslations("drafts");
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="font-serif text-2xl font-semibold">{draft.title}</h1>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-600">
          <span>{t(`kind.${draft.kind}`)}</span>
          <span>{draft.committee.name}</span>
          <span>{t(`status.${draft.status}`)}</span>
          <span>{t("columns.owner")}：{draft.owner.name}</span>
          <span>{t("columns.role")}：<span data-testid="my-role">{t(`role.${role}`)}</span></span>
          {draft.meetingDate && <span>{t("meetingDate")}：{format.dateTime(draft.meetingDate, { dateStyle: "long", timeZone: "UTC" })}</span>}
          {draft.deadline && <span>{t("deadline")}：{format.dateTime(draft.deadline, { dateStyle: "medium", timeStyle: "short" })}</span>}
          <RegisterLink draftId={draft.id} />
          <SignoffLinks draftId={draft.id} final={draft.status === "FINAL"} />
        </p>
      </header>
      <DraftWorkspace
        draftId={draft.id}
        user={{ id: me.id, name: me.name }}
        canEdit={can.edit}
        canComment={can.comment}
        canManageMembers={can.manageMembers}
        finalAtLoad={draft.status === "FINAL"}
      />
      {can.manageMembers && <DraftMembersPanel draftId={draft.id} />}
    </div>
  );
}
