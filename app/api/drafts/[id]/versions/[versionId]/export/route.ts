import { toLocale } from "@/lib/i18n/config";
import { fileResponse } from "@/server/http/file-response";
import { ZId } from "@/lib/schemas/text";
import { getSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { getDb } from "@/server/db/client";
import { env, publicUrl } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { versionExportFile } from "@/server/services/export/version-export";

// GET /api/drafts/<id>/versions/<versionId>/export?format=docx|pdf — a version laid out like an
// official document, with its sign-off sheet (审签单) last, for readers of the draft. The
// session is read like the tRPC route does; a hidden or missing draft, and a version that is
// not this draft's, are 404; a PDF while Chromium is missing or busy is 503. File name
// <标题>-v<n>-<label>.<ext> (RFC 5987 filename*).

export async function GET(req: Request, { params }: { params: Promise<{ id: string; versionId: string }> }): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return errorResponse(new AppError("UNAUTHORIZED", "signedOut"));
  const { id, versionId } = await params;
  if (!ZId.safeParse(id).success || !ZId.safeParse(versionId).success) return errorResponse(notFound()); // a NUL would reach PostgreSQL
  const format = new URL(req.url).searchParams.get("format") ?? "docx";
  try {
    const e = env();
    const file = await versionExportFile({
      db: getDb(),
      actor: user,
      draftId: id,
      versionId,
      format,
      locale: toLocale(user.locale),
      publicUrl: publicUrl(e),
      chromium: e.CHROMIUM_PATH,
      meta: requestMeta(req.headers),
    });
    return fileResponse(file);
  } catch (e) {
    if (e instanceof AppError) return errorResponse(e, e.code === "SERVICE_UNAVAILABLE" ? { headers: { "retry-after": "10" } } : {});
    throw e;
  }
}
