import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { WaitingForMe } from "@/components/comments/waiting-for-me";
import { WaitingSignoffs } from "@/components/signoff/waiting-signoffs";

export async function generateMetadata() {
  const t = await getTranslations("dashboard");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const api = await serverApi();
  const [me, committees, drafts, waiting, signoffs] = await Promise.all([
    api.me.get(),
    api.me.committees(),
    api.drafts.list({ scope: "mine", status: "DRAFTING", page: 1, pageSize: 5 }),
    api.comments.waiting(),
    api.signoff.waiting(),
  ]);
  const t = await getTranslations();
  const format = await getFormatter();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("dashboard.greeting", { name: me.name })}</h1>
        <p className="mt-1 text-sm text-stone-600">
          {me.title}
          {me.title ? " · " : ""}
          {t("dashboard.globalRole")}：{t(`roles.global.${me.role}`)}
        </p>
      </div>
      <WaitingSignoffs waiting={signoffs} now={Date.now()} />
      <WaitingForMe waiting={waiting} now={Date.now()} />
      <section aria-labelledby="my-drafts">
        <div className="mb-3 flex items-baseline justify-between gap-2">
          <h2 id="my-drafts" className="text-lg font-semibold">{t("dashboard.myDrafts")}</h2>
          <Link href="/drafts?scope=mine" className="text-sm text-brand-700 hover:underline">{t("dashboard.allMyDrafts")}</Link>
        </div>
        {drafts.items.length === 0 ? (
          <p className="card text-sm text-stone-600">{t("dashboard.noDrafts")}</p>
        ) : (
          <ul className="card divide-y divide-stone-100 p-0">
            {drafts.items.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <Link href={`/drafts/${d.id}`} className="font-medium text-brand-700 hover:underline">{d.title}</Link>
                <span className="text-xs text-stone-600">
                  {t(`drafts.role.${d.role}`)} ·{" "}
                  {d.deadline
                    ? t("dashboard.due", { when: format.relativeTime(d.deadline) })
                    : t("drafts.noDeadline")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="my-committees">
        <h2 id="my-committees" className="mb-3 text-lg font-semibold">{t("dashboard.myCommittees")}</h2>
        {committees.length === 0 ? (
          <p className="card text-sm text-stone-600">{t("dashboard.noCommittees")}</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {committees.map((c) => (
              <li key={c.committeeId} className="card">
                <div className="flex items-start justify-between gap-2">
                  <h3 className="font-medium">{c.name}</h3>
                  <span className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">
                    {t(`roles.committee.${c.role}`)}
                  </span>
                </div>
                <p className="mt-2 text-sm text-stone-600">{c.description}</p>
                <p className="mt-3 text-xs text-stone-500">
                  {t("dashboard.leaders")}：
                  {c.leaders.map((l) => `${l.name}（${t(`roles.committee.${l.role}`)}）`).join("、")}
                  {" · "}
                  {t("dashboard.members", { count: c.memberCount })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
