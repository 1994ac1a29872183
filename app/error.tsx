"use client";

import { useTranslations } from "next-intl";

// No error details reach the page: the digest lets the secretariat find the server log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center px-4 text-center">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-stone-600">{t("unexpected")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-stone-400">{error.digest}</p>}
      <div className="mt-6 flex gap-3">
        <button type="button" className="btn-primary" onClick={reset}>{t("retry")}</button>
        {/* A full page load, not a client navigation: the client state may be what broke. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="btn-secondary">{t("home")}</a>
      </div>
    </main>
  );
}
