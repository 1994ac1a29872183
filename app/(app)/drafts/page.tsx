import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { ZDraftListFilter, DRAFT_STATUSES } from "@/lib/schemas/draft";

export async function generateMetadata() {
  const t = await getTranslations("drafts");
  return { title: t("title") };
}

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function DraftsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const parsed = ZDraftListFilter.safeParse({
    scope: one(sp.scope),
    committeeId: one(sp.committee),
    status: one(sp.status),
    query: one(sp.q),
    page: Number(one(sp.page) ?? 1) || 1,
  });
  const filter = parsed.success ? parsed.data : ZDraftListFilter.parse({});
  const api = await serverApi();
  // The filter's committees and "may create" in one query (the committee directory with its
  // members, and the committees a second time, were loaded for two names lists before).
  const [list, { committees, creatable }] = await Promise.all([api.drafts.list(filter), api.drafts.committeeChoices()]);
  const t = await getTranslations("drafts");
  const format = await getFormatter();
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const now = Date.now();
  const pageHref = (page: number) => {
    const q = new URLSearchParams();
    if (filter.scope !== "all") q.set("scope", filter.scope);
    if (filter.committeeId) q.set("committee", filter.committeeId);
    if (filter.status) q.set("status", filter.status);
    if (filter.query) q.set("q", filter.query);
    q.set("page", String(page));
    return `/drafts?${q}`;
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        {creatable.length > 0 && (
          <Link href="/drafts/new" className="btn-primary">{t("new")}</Link>
        )}
      </div>

      <form className="card flex flex-wrap items-end gap-3" role="search" action="/drafts">
        <div className="min-w-40 flex-1">
          <label htmlFor="q" className="label">{t("search")}</label>
          <input id="q" name="q" className="input" defaultValue={filter.query ?? ""} maxLength={100} />
        </div>
        <div>
          <label htmlFor="scope" className="label">{t("filter")}</label>
          <select id="scope" name="scope" className="input" defaultValue={filter.scope}>
            <option value="all">{t("scope.all")}</option>
            <option value="mine">{t("scope.mine")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="committee" className="label">{t("columns.committee")}</label>
          <select id="committee" name="committee" className="input" defaultValue={filter.committeeId ?? ""}>
            <option value="">{t("allCommittees")}</option>
            {committees.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="label">{t("columns.status")}</label>
          <select id="status" name="status" className="input" defaultValue={filter.status ?? ""}>
            <option value="">{t("allStatuses")}</option>
            {DRAFT_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="btn-secondary">{t("filter")}</button>
      </form>

      <p className="text-sm text-stone-600" aria-live="polite">{t("total", { total: list.total })}</p>
      {list.items.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <ul className="space-y-2">
          {list.items.map((d) => {
            const overdue = d.deadline && d.status !== "FINAL" && d.deadline.getTime() < now;
            return (
              <li key={d.id} className="card" data-draft-id={d.id}>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <Link href={`/drafts/${d.id}`} className="text-base font-medium text-brand-700 hover:underline">
                    {d.title}
                  </Link>
                  <span className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-700">{t(`status.${d.status}`)}</span>
                </div>
                <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600">
                  <div><dt className="sr-only">{t("columns.kind")}</dt><dd>{t(`kind.${d.kind}`)}</dd></div>
                  <div><dt className="sr-only">{t("columns.committee")}</dt><dd>{d.committee.name}</dd></div>
                  <div><dt className="inline">{t("columns.owner")}：</dt><dd className="inline">{d.owner.name}</dd></div>
                  <div><dt className="inline">{t("columns.role")}：</dt><dd className="inline">{t(`role.${d.role}`)}</dd></div>
                  <div>
                    <dt className="inline">{t("columns.deadline")}：</dt>
                    <dd className={`inline ${overdue ? "font-medium text-red-700" : ""}`}>
                      {d.deadline ? format.dateTime(d.deadline, { dateStyle: "medium", timeStyle: "short" }) : t("noDeadline")}
                      {overdue ? `（${t("overdue")}）` : ""}
                    </dd>
                  </div>
                  <div><dd>{t("sections", { count: d.sectionCount })}</dd></div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      {pages > 1 && (
        <nav className="flex items-center justify-between text-sm" aria-label={t("page", { page: filter.page, pages })}>
          {filter.page > 1 ? <Link className="btn-secondary" href={pageHref(filter.page - 1)}>{t("prev")}</Link> : <span />}
          <span>{t("page", { page: filter.page, pages })}</span>
          {filter.page < pages ? <Link className="btn-secondary" href={pageHref(filter.page + 1)}>{t("next")}</Link> : <span />}
        </nav>
      )}
    </div>
  );
}
