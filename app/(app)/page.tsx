import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";

export async function generateMetadata() {
  const t = await getTranslations("dashboard");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const api = await serverApi();
  const [me, committees] = await Promise.all([api.me.get(), api.me.committees()]);
  const t = await getTranslations();
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
