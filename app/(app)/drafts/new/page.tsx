import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { NewDraft } from "@/components/drafts/new/new-draft";

export async function generateMetadata() {
  const t = await getTranslations("import");
  return { title: t("title") };
}

/** /drafts/new — blank or imported; `?committee=<id>` preselects a committee (e.g. from its drafts list). */
export default async function NewDraftPage({ searchParams }: { searchParams: Promise<{ committee?: string | string[] }> }) {
  const [committees, t, params] = await Promise.all([
    (await serverApi()).drafts.creatableCommittees(),
    getTranslations("import"),
    searchParams,
  ]);
  const wanted = typeof params.committee === "string" ? params.committee : undefined;
  const initialCommitteeId = committees.find((c) => c.id === wanted)?.id ?? committees[0]?.id ?? "";
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <NewDraft committees={committees} initialCommitteeId={initialCommitteeId} />
    </div>
  );
}
