import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The draft page's way to 意见采纳情况 (everyone who reads the draft may read the register). */
export async function RegisterLink({ draftId }: { draftId: string }) {
  const t = await getTranslations("commentRegister");
  return (
    <Link href={`/drafts/${encodeURIComponent(draftId)}/register`} className="text-brand-700 hover:underline">
      {t("title")}
    </Link>
  );
}
