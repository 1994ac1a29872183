import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { DISPOSITIONS } from "@/lib/schemas/comments";
import { RegisterTable } from "@/components/comments/register-table";

async function load(draftId: string) {
  const api = await serverApi();
  try {
    const [{ draft }, register] = await Promise.all([api.drafts.get({ draftId }), api.comments.register({ draftId })]);
    return { draft, rows: register.rows };
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft } = await load(id);
  const t = await getTranslations("commentRegister");
  return { title: `${t("title")} · ${draft.title}` };
}

/** 意见采纳情况: every comment thread of the draft with what became of it, and its downloads. */
export default async function RegisterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { draft, rows } = await load(id);
  const t = await getTranslations("commentRegister");
  const download = (format: "docx" | "csv") => `/api/drafts/${encodeURIComponent(draft.id)}/register?format=${format}`;
  const counts = DISPOSITIONS.map((d) => ({ d, n: rows.filter((r) => r.disposition === d).length }));
  const pending = rows.filter((r) => r.disposition === null).length;

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href={`/drafts/${encodeURIComponent(draft.id)}`} className="text-brand-700 hover:underline">
            {t("backToDraft", { title: draft.title })}
          </Link>
        </p>
        <h1 className="font-serif text-2xl font-semibold">{t("title")}</h1>
        <p className="break-words text-sm text-stone-600">{draft.title}</p>
      </header>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-stone-700" data-testid="register-summary">
          {t("summary", { total: rows.length })}
          {rows.length > 0 && (
            <>
              {"："}
              {[...counts.filter((c) => c.n > 0).map((c) => `${t(`disposition.${c.d}`)} ${c.n}`), ...(pending > 0 ? [`${t("noDisposition")} ${pending}`] : [])].join(t("listSeparator"))}
            </>
          )}
        </p>
        <div className="flex flex-wrap gap-2">
          <a href={download("docx")} download className="btn-secondary">{t("downloadDocx")}</a>
          <a href={download("csv")} download className="btn-secondary">{t("downloadCsv")}</a>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <div className="sm:card sm:overflow-x-auto sm:p-0">
          <RegisterTable draftId={draft.id} rows={rows} />
        </div>
      )}
    </div>
  );
}
