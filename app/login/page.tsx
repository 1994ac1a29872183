import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/server/auth/session";
import { env, oidcEnabled, publicUrl } from "@/server/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { LanguageSwitch } from "@/components/shell/language-switch";

export async function generateMetadata() {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const e = env();
  // Only paths on this site: an open redirect after sign-in would be a phishing aid.
  const next = safeRedirectPath(callbackUrl, { origin: publicUrl(e) });
  if (await getSessionUser()) redirect(next);
  const t = await getTranslations();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="font-serif text-4xl font-bold text-brand-700">{t("app.name")}</div>
          <p className="mt-2 text-sm text-stone-600">{t("app.tagline")}</p>
        </div>
        <div className="card p-6">
          <h1 className="mb-4 text-lg font-semibold">{t("login.title")}</h1>
          <LoginForm next={next} oidcName={oidcEnabled(e) ? e.OIDC_NAME : null} />
        </div>
        <div className="mt-6 flex justify-center">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
