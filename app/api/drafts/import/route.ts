import { FURNITURE_FIELD, IMPORT_LIMITS, ImportError, parseFurnitureChoice, withoutFurniture, type ImportErrorCode, type ImportResult } from "@/lib/import/index";
import { ZDraftMeta } from "@/lib/schemas/draft";
import { stripControlChars } from "@/lib/schemas/text";
import { requestMeta } from "@/server/auth/request-meta";
import { isCrossSite } from "@/server/auth/same-origin";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { BodyTooLargeError, readBodyLimited } from "@/server/http/read-body";
import { createDraft } from "@/server/services/drafts/create-draft";
import { importedContent, importPreview } from "@/server/services/drafts/import-draft";
import { importUntrustedFile, importUntrustedText } from "@/server/import/untrusted";

// New draft from a file or pasted text (multipart/form-data):
//   mode=preview  file=<File> | text=<string>             → 200 { outline, opening, sectionCount, suggested, furniture }
//   mode=create   file | text, title, kind, committeeId,
//                 meetingDate (YYYY-MM-DD), deadline (ISO),
//                 removeFurniture ("3,4,17": flagged lines to drop; the client sends pasted
//                 text with them removed already)          → 201 { id }
// Errors: the one error shape (server/http/error-response.ts) — 401 signed out, 403 cross-site or not
// allowed, 400 bad input / corrupt / empty / too complex or slow to parse, 413 over 10 MB, over
// the unpacked limits of a .docx (lib/import/zip-guard.ts) or 500,000 characters, 415 wrong
// file type, 503 too many imports being parsed. Files and pasted text are parsed in a worker
// thread with memory and time limits (server/import/untrusted.ts). Every check runs before
// createDraft, whose transaction is the only write.

/** Room for the form's other fields and the multipart framing on top of the file itself. */
const FORM_OVERHEAD = 256 * 1024;
const MAX_BODY = IMPORT_LIMITS.maxBytes + FORM_OVERHEAD;

/** What each verdict on the file is, as an AppError code (and so an HTTP status). */
const IMPORT_CODE: Record<ImportErrorCode, AppErrorCode> = {
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNPACKED_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_LONG: "PAYLOAD_TOO_LARGE",
  TOO_COMPLEX: "BAD_REQUEST",
  PARSE_TIMEOUT: "BAD_REQUEST",
  BUSY: "SERVICE_UNAVAILABLE",
  UNSUPPORTED_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  CORRUPT: "BAD_REQUEST",
  EMPTY: "BAD_REQUEST",
};

/** An import-specific refusal: the message is `import.errors.<code>`. */
const fail = (code: AppErrorCode, importCode: string) => errorResponse(new AppError(code, `import.errors.${importCode}`));

/** The form, read with the byte limit counted while reading (a chunked or lying body stops at it). */
async function readForm(req: Request): Promise<FormData> {
  const bytes = await readBodyLimited(req, MAX_BODY);
  return new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
}

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export async function POST(req: Request): Promise<Response> {
  if (isCrossSite(req)) return errorResponse(new AppError("FORBIDDEN", "CROSS_SITE_REQUEST"));
  const user = await getSessionUser();
  if (!user) return errorResponse(new AppError("UNAUTHORIZED", "signedOut"));

  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/iu.test(type)) return errorResponse(new AppError("BAD_REQUEST"));

  let form: FormData;
  try {
    form = await readForm(req);
  } catch (e) {
    return e instanceof BodyTooLargeError ? fail("PAYLOAD_TOO_LARGE", "TOO_LARGE") : errorResponse(new AppError("BAD_REQUEST"));
  }

  const mode = field(form, "mode");
  if (mode !== "preview" && mode !== "create") return fail("BAD_REQUEST", "BAD_MODE");

  // Meta first on create: a mistake there needs no parsing of the file.
  let meta: ReturnType<typeof ZDraftMeta.parse> | null = null;
  const removeFurniture = parseFurnitureChoice(field(form, FURNITURE_FIELD));
  if (removeFurniture === null) return errorResponse(new AppError("BAD_REQUEST"));
  if (mode === "create") {
    const parsed = ZDraftMeta.safeParse({
      title: field(form, "title"),
      kind: field(form, "kind"),
      committeeId: field(form, "committeeId"),
      meetingDate: field(form, "meetingDate").trim() || null,
      deadline: field(form, "deadline").trim() || null,
    });
    if (!parsed.success) return errorResponse(new AppError("BAD_REQUEST", "import.errors.VALIDATION"), { zod: parsed.error });
    meta = parsed.data;
  }

  const file = form.get("file");
  const text = form.get("text");
  let result: ImportResult;
  let fileName: string | undefined;
  try {
    if (file instanceof File && file.name) {
      if (file.size > IMPORT_LIMITS.maxBytes) throw new ImportError("TOO_LARGE");
      fileName = file.name;
      result = await importUntrustedFile({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } else if (typeof text === "string" && text.trim()) {
      // Pasted text: control characters (a NUL would fail the database write) are dropped.
      result = await importUntrustedText(stripControlChars(text));
    } else {
      return fail("BAD_REQUEST", "NO_INPUT");
    }
  } catch (e) {
    if (e instanceof ImportError) return fail(IMPORT_CODE[e.code], e.code);
    // Every verdict on the file is an ImportError (the worker maps parser failures to CORRUPT);
    // anything else is the server's own failure and must not blame the file.
    console.error("draft import failed:", e);
    return errorResponse(new AppError("INTERNAL_SERVER_ERROR"));
  }

  if (!meta) return Response.json(importPreview(result, fileName));

  try {
    const draft = await createDraft({
      db: getDb(),
      actor: user,
      meta: requestMeta(req.headers),
      input: meta,
      content: importedContent(withoutFurniture(result, removeFurniture)),
      source: "import",
    });
    return Response.json({ id: draft.id }, { status: 201 });
  } catch (e) {
    if (e instanceof AppError) return errorResponse(e);
    throw e;
  }
}
