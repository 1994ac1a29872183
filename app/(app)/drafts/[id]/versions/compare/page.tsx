import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DiffLegend, DiffView, diffCounts } from "@/components/versions/diff-view";
import { draftPath } from "@/components/signoff/paths";
import { loadOr404 } from "../../load-or-404";

type Search = Promise<{ from?: string | string[]; to?: string | string[] }>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft } = await loadOr404((api) => api.drafts.get({ draftId: id }));
  const t = await getTranslations("signoff.ui.diff");
  return { title: `${t("title")} · ${draft.title}` };
}

/**
 * 版本比较: any two versions (?from=&to=; by default the two newest), by section, with the
 * character diff inside changed sections. The choice is a plain GET form: it works without script.
 */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const { id } = await params;
  const q = await searchParams;
  const { draft, versions } = await loadOr404(async (api) => {
    const [data, versions] = await Promise.all([api.drafts.get({ draftId: id }), api.versions.list({ draftId: id })]);
    return { draft: data.draft, versions };
  });
  const known = (vid: string) => versions.find((v) => v.id === vid);
  const to = known(one(q.to)) ?? versions[0];
  const from = known(one(q.from)) ?? versions.find((v) => to && v.number < to.number) ?? versions[1];
  const diff =
    from && to && from.id !== to.id
      ? await loadOr404((api) => api.versions.diff({ draftId: draft.id, fromVersionId: from.id, toVersionId: to.id }))
      : null;
  const t = await getTranslations("signoff");
  const option = (v: (typeof versions)[number]) => (
    <option key={v.id} value={v.id}>{t("ui.versionTitle", { number: v.number, label: v.label })}</option>
  );
  const counts = diff ? diffCounts(diff.sections) : null;

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={draftPath(draft.id)} className="text-brand-700 hover:underline">{t("ui.backToDraft", { title: draft.title })}</Link>
          <Link href={draftPath(draft.id, "/versions")} className="text-brand-700 hover:underline">{t("ui.backToVersions")}</Link>
        </p>
        <h1 className="font-serif text-2xl font-semibold">{t("ui.diff.title")}</h1>
        <p className="break-words text-sm text-stone-600">{draft.title}</p>
      </header>
      {versions.length < 2 ? (
        <p className="card text-sm text-stone-600">{t("ui.diff.needTwo")}</p>
      ) : (
        <form method="get" className="card flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1 basis-40">
            <label htmlFor="diff-from" className="label">{t("ui.diff.from")}</label>
            <select id="diff-from" name="from" className="input" defaultValue={from?.id}>{versions.map(option)}</select>
          </div>
          <div className="min-w-0 flex-1 basis-40">
            <label htmlFor="diff-to" className="label">{t("ui.diff.to")}</label>
            <select id="diff-to" name="to" className="input" defaultValue={to?.id}>{versions.map(option)}</select>
          </div>
          <button type="submit" className="btn-primary">{t("ui.diff.submit")}</button>
        </form>
      )}
      {from && to && from.id === to.id && versions.length >= 2 && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("diffSameVersion")}</p>
      )}
      {diff && counts && (
        <section aria-labelledby="diff-heading" className="space-y-3">
          <h2 id="diff-heading" className="text-lg font-semibold">{t("ui.diff.heading", { from: diff.from.number, to: diff.to.number })}</h2>
          <p className="text-sm text-stone-700" data-testid="diff-summary">
            {counts.changed + counts.added + counts.removed + counts.moved === 0 ? t("ui.diff.noChanges") : t("ui.diff.summary", counts)}
          </p>
          <DiffLegend />
          <DiffView sections={diff.sections} />
        </section>
      )}
    </div>
  );
}
