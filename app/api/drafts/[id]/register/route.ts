import { toLocale } from "@/lib/i18n/config";
import { fileResponse } from "@/server/http/file-response";
import { ZId } from "@/lib/schemas/text";
import { getSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { getDb } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { registerFile } from "@/server/services/export/register";

// GET /api/drafts/<id>/register?format=csv|docx — 意见采纳情况 as a file, for readers of the
// draft. The session is read like the tRPC route does (next-auth's cookie, then the user
// re-read from the database); the comments policy decides which rows; a hidden or missing
// draft is 404. File name 意见采纳情况-<标题>.<ext> (RFC 5987 filename*).

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getSessionUser();
  if (!user) return errorResponse(new AppError("UNAUTHORIZED", "signedOut"));
  const { id } = await params;
  if (!ZId.safeParse(id).success) return errorResponse(notFound()); // a NUL would reach PostgreSQL
  const format = new URL(req.url).searchParams.get("format") ?? "docx";
  try {
    const file = await registerFile({ db: getDb(), actor: user, draftId: id, format, locale: toLocale(user.locale), meta: requestMeta(req.headers) });
    return fileResponse(file);
  } catch (e) {
    if (e instanceof AppError) return errorResponse(e);
    throw e;
  }
}
