import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center px-4 text-center">
      <p className="font-serif text-5xl font-bold text-brand-700">404</p>
      <h1 className="mt-4 text-xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-stone-600">{t("notFound")}</p>
      <Link href="/" className="btn-primary mt-6">{t("home")}</Link>
    </main>
  );
}
