import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { VersionContent } from "@/components/versions/version-content";
import { draftPath } from "@/components/signoff/paths";
import { loadOr404 } from "../../load-or-404";
import "@/components/versions/versions.css";

async function load(draftId: string, versionId: string) {
  return loadOr404(async (api) => {
    const [data, v, list] = await Promise.all([
      api.drafts.get({ draftId }),
      api.versions.get({ draftId, versionId }),
      api.versions.list({ draftId }),
    ]);
    return { draft: data.draft, ...v, list };
  });
}

export async function generateMetadata({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const { id, versionId } = await params;
  const { draft, version } = await load(id, versionId);
  const t = await getTranslations("signoff.ui");
  return { title: `${t("versionTitle", { number: version.number, label: version.label })} · ${draft.title}` };
}

/** One frozen version, read-only, with its downloads (.docx / PDF through the export route). */
export default async function VersionPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const { id, versionId } = await params;
  const { draft, version, list } = await load(id, versionId);
  const t = await getTranslations("signoff");
  const format = await getFormatter();
  const exportHref = (f: "docx" | "pdf") =>
    `/api/drafts/${encodeURIComponent(draft.id)}/versions/${encodeURIComponent(version.id)}/export?format=${f}`;
  const previous = list.find((v) => v.number < version.number);

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={draftPath(draft.id)} className="text-brand-700 hover:underline">{t("ui.backToDraft", { title: draft.title })}</Link>
          <Link href={draftPath(draft.id, "/versions")} className="text-brand-700 hover:underline">{t("ui.backToVersions")}</Link>
        </p>
        <h1 className="flex flex-wrap items-baseline gap-2 font-serif text-2xl font-semibold">
          <span>{t("ui.versionTitle", { number: version.number, label: version.label })}</span>
          {version.final && <span className="rounded bg-brand-600 px-1.5 py-0.5 font-sans text-xs font-medium text-white">{t("ui.finalBadge")}</span>}
        </h1>
        <p className="break-words text-sm text-stone-600">{version.title}</p>
        <p className="text-xs text-stone-600">
          {t("ui.frozenMeta", { name: version.createdBy.name, at: format.dateTime(version.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
          {" · "}
          {version.round ? t(`words.roundStatus.${version.round.status}`) : t("ui.versions.noRound")}
        </p>
        {version.note && <p className="break-words text-sm text-stone-700">{t("ui.versions.note", { note: version.note })}</p>}
      </header>
      <dl className="card space-y-1 text-sm">
        <dt className="text-stone-600">{t("ui.hashFull")}</dt>
        <dd className="break-all font-mono text-xs" data-testid="version-hash">{version.hash}</dd>
        <dd className="text-xs">
          <Link href={`/verify/${version.hash}`} className="text-brand-700 hover:underline">{t("ui.view.verifyLink")}</Link>
        </dd>
      </dl>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-stone-700">{t("ui.view.downloads")}：</span>
        <a href={exportHref("docx")} download className="btn-secondary">{t("ui.view.docx")}</a>
        <a href={exportHref("pdf")} download className="btn-secondary">{t("ui.view.pdf")}</a>
        {previous && (
          <Link
            href={draftPath(draft.id, `/versions/compare?from=${encodeURIComponent(previous.id)}&to=${encodeURIComponent(version.id)}`)}
            className="text-sm text-brand-700 underline"
          >
            {t("ui.versions.compareWithPrevious", { number: previous.number })}
          </Link>
        )}
      </div>
      <p className="text-sm text-stone-600">{t("ui.view.readOnly")}</p>
      <VersionContent doc={version.content} label={t("ui.view.content", { number: version.number })} empty={t("ui.view.empty")} />
    </div>
  );
}
