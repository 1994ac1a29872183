import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSessionUser } from "@/server/auth/session";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { LanguageSwitch } from "@/components/shell/language-switch";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount");
  const t = await getTranslations();
  const profile = [
    [t("account.name"), user.name],
    [t("account.username"), user.username],
    [t("account.titleField"), user.title || "—"],
    [t("account.role"), t(`roles.global.${user.role}`)],
    [t("account.email"), user.email ?? "—"],
  ] as const;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">{t("account.title")}</h1>

      <section aria-labelledby="account-profile" className="card">
        <h2 id="account-profile" className="mb-3 text-lg font-semibold">{t("account.profile")}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {profile.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-stone-500">{term}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="account-password" className="card">
        <h2 id="account-password" className="mb-3 text-lg font-semibold">{t("account.changePassword")}</h2>
        <ChangePasswordForm />
      </section>

      <section aria-labelledby="account-language" className="card">
        <h2 id="account-language" className="mb-3 text-lg font-semibold">{t("account.language")}</h2>
        <p className="mb-3 text-sm text-stone-600">{t("account.languageHint")}</p>
        <LanguageSwitch />
      </section>
    </div>
  );
}
