import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { signoffPolicy } from "@/server/policy/signoff";
import { FreezeButton } from "@/components/versions/freeze-dialog";
import { draftPath, hashPrefix } from "@/components/signoff/paths";
import { loadOr404 } from "../load-or-404";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft } = await loadOr404((api) => api.drafts.get({ draftId: id }));
  const t = await getTranslations("signoff.ui.versions");
  return { title: `${t("title")} · ${draft.title}` };
}

/** Version history: v1, v2 … with label, note, who, when, hash, 定稿 and the round's status; freeze for the owner. */
export default async function VersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { data, versions } = await loadOr404(async (api) => {
    const [data, versions] = await Promise.all([api.drafts.get({ draftId: id }), api.versions.list({ draftId: id })]);
    return { data, versions };
  });
  const { draft, role } = data;
  const t = await getTranslations("signoff");
  const format = await getFormatter();
  const canFreeze = signoffPolicy.freeze(role, draft.status);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href={draftPath(draft.id)} className="text-brand-700 hover:underline">{t("ui.backToDraft", { title: draft.title })}</Link>
        </p>
        <h1 className="font-serif text-2xl font-semibold">{t("ui.versions.title")}</h1>
        <p className="break-words text-sm text-stone-600">{draft.title}</p>
      </header>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-stone-700">{t("ui.versions.intro")}</p>
        <div className="flex flex-wrap gap-2">
          {versions.length >= 2 && (
            <Link href={draftPath(draft.id, "/versions/compare")} className="btn-secondary">{t("ui.versions.compareAny")}</Link>
          )}
          <Link href={draftPath(draft.id, "/signoff")} className="btn-secondary">{t("ui.signoffLink")}</Link>
          {canFreeze && <FreezeButton draftId={draft.id} />}
        </div>
      </div>
      {versions.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("ui.versions.empty")}</p>
      ) : (
        <ol className="card divide-y divide-stone-100 p-0" aria-label={t("ui.versions.title")}>
          {versions.map((v, i) => {
            const previous = versions[i + 1];
            return (
              <li key={v.id} className="space-y-1 px-4 py-3" data-version={v.number}>
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <h2 className="font-medium">{t("ui.versionTitle", { number: v.number, label: v.label })}</h2>
                  {v.final && <span className="rounded bg-brand-600 px-1.5 py-0.5 text-xs font-medium text-white">{t("ui.finalBadge")}</span>}
                  <span className="text-xs text-stone-600" data-testid="round-status">
                    {v.round ? t(`words.roundStatus.${v.round.status}`) : t("ui.versions.noRound")}
                  </span>
                </div>
                {v.note && <p className="break-words text-sm text-stone-700">{t("ui.versions.note", { note: v.note })}</p>}
                <p className="flex flex-wrap gap-x-3 text-xs text-stone-600">
                  <span>{t("ui.frozenMeta", { name: v.createdBy.name, at: when(v.createdAt) })}</span>
                  <span className="font-mono" title={v.hash}>{t("ui.hashPrefix", { hash: hashPrefix(v.hash) })}</span>
                </p>
                <p className="flex flex-wrap gap-x-4 text-sm">
                  <Link href={draftPath(draft.id, `/versions/${v.id}`)} className="text-brand-700 hover:underline">
                    {t("ui.versions.view", { number: v.number })}
                  </Link>
                  {previous && (
                    <Link
                      href={draftPath(draft.id, `/versions/compare?from=${encodeURIComponent(previous.id)}&to=${encodeURIComponent(v.id)}`)}
                      className="text-brand-700 hover:underline"
                    >
                      {t("ui.versions.compareWithPrevious", { number: previous.number })}
                    </Link>
                  )}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
