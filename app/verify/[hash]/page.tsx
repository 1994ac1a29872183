import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { VERSION_HASH_RE } from "@/lib/versions/canonical";
import { getDb } from "@/server/db/client";
import { verifyVersionHash, type VersionVerification } from "@/server/services/versions/verify";

// /verify/<hash> — public, no sign-in (outside the (app) group, whose layout asks for one): the
// link and QR code printed on every sign-off sheet. Says whether a version with this hash
// exists, whether it is final and since when, and who signed it — names, stages, decisions
// and times only; never the text, the comments or any id. A malformed hash gets a message,
// never an error page.

export async function generateMetadata() {
  const t = await getTranslations("signoff.verify");
  return { title: t("title"), robots: { index: false, follow: false } };
}

type Outcome = { kind: "malformed" } | { kind: "missing"; hash: string } | { kind: "found"; v: VersionVerification };

async function check(raw: string): Promise<Outcome> {
  let hash: string;
  try {
    hash = decodeURIComponent(raw).trim().toLowerCase();
  } catch {
    return { kind: "malformed" };
  }
  if (!VERSION_HASH_RE.test(hash)) return { kind: "malformed" };
  const v = await verifyVersionHash({ db: getDb(), hash });
  return v ? { kind: "found", v } : { kind: "missing", hash };
}

export default async function VerifyPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const outcome = await check(hash);
  const t = await getTranslations("signoff");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <main className="flex min-h-dvh flex-col items-center px-4 py-10">
      <div className="w-full max-w-xl">
        <div className="mb-6 text-center">
          <div className="font-serif text-3xl font-bold text-brand-700">{t("words.verify")}</div>
          <h1 className="mt-2 text-lg font-semibold">{t("verify.title")}</h1>
          <p className="mt-1 text-sm text-stone-600">{t("verify.intro")}</p>
        </div>
        <section className="card p-6" data-testid="verify-result" data-outcome={outcome.kind === "found" ? (outcome.v.final ? "final" : "not-final") : outcome.kind}>
          {outcome.kind === "malformed" && (
            <p role="alert" className="text-red-700">
              {t("verify.malformed")}
            </p>
          )}
          {outcome.kind === "missing" && (
            <>
              <p role="alert" className="text-red-700">
                {t("verify.notFound")}
              </p>
              <p className="mt-3 break-all font-mono text-xs text-stone-500">
                {t("verify.hash")}：{outcome.hash}
              </p>
            </>
          )}
          {outcome.kind === "found" && <Found v={outcome.v} t={t} when={when} />}
        </section>
        <p className="mt-4 text-center text-xs text-stone-500">{t("verify.privacy")}</p>
        <div className="mt-6 flex items-center justify-center gap-6">
          <Link href="/login" className="text-sm text-brand-700 hover:underline">
            {t("verify.signIn")}
          </Link>
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}

function Found({ v, t, when }: { v: VersionVerification; t: Awaited<ReturnType<typeof getTranslations<"signoff">>>; when: (d: Date) => string }) {
  const status = v.final ? t("verify.final") : v.reopened ? t("verify.reopened") : t("verify.notFinal");
  const row = (label: string, value: string, testId?: string) => (
    <div className="grid grid-cols-[6rem_1fr] gap-2 py-1.5">
      <dt className="text-stone-500">{label}</dt>
      <dd className="break-words" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <>
      <p className={v.final ? "font-semibold text-emerald-700" : "font-semibold text-amber-700"} data-testid="verify-status">
        {t("verify.found")} · {status}
      </p>
      <dl className="mt-3 divide-y divide-stone-100 text-sm">
        {row(t("verify.draft"), v.title, "verify-title")}
        {row(t("verify.version"), `${t("words.versionNumber", { number: v.number })} ${v.label}`)}
        {row(t("verify.frozenAt"), when(v.frozenAt))}
        {row(t("verify.status"), status)}
        {v.finalAt && row(t("verify.finalAt"), when(v.finalAt))}
        <div className="grid grid-cols-[6rem_1fr] gap-2 py-1.5">
          <dt className="text-stone-500">{t("verify.hash")}</dt>
          <dd className="break-all font-mono text-xs" data-testid="verify-hash">
            {v.hash}
          </dd>
        </div>
      </dl>
      <h2 className="mt-5 text-sm font-semibold">{t("verify.signers")}</h2>
      {v.signers.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">{t("verify.noSigners")}</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm" data-testid="verify-signers">
          {v.signers.map((s, i) => (
            <li key={i} className="flex flex-wrap gap-x-3">
              <span className="font-medium">{s.name}</span>
              {s.stage && <span className="text-stone-500">{s.stage}</span>}
              <span className={s.decision === "APPROVE" ? "text-emerald-700" : "text-amber-700"}>{s.decision === "APPROVE" ? t("words.approve") : t("words.return")}</span>
              <span className="text-stone-500">{when(s.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
