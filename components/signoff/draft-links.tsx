import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { draftPath } from "./paths";

/** The draft header's ways to 版本 and 审签, and the 定稿 badge when the draft is final. */
export async function SignoffLinks({ draftId, final }: { draftId: string; final: boolean }) {
  const t = await getTranslations("signoff.ui");
  return (
    <>
      <Link href={draftPath(draftId, "/versions")} className="text-brand-700 hover:underline">{t("versionsLink")}</Link>
      <Link href={draftPath(draftId, "/signoff")} className="text-brand-700 hover:underline">{t("signoffLink")}</Link>
      {final && (
        <span className="rounded bg-brand-600 px-1.5 text-xs font-medium leading-5 text-white" data-testid="final-badge">{t("finalBadge")}</span>
      )}
    </>
  );
}
