import { FURNITURE_FIELD, IMPORT_LIMITS, ImportError, parseFurnitureChoice, withoutFurniture, type ImportErrorCode, type ImportResult } from "@/lib/import/index";
import { ZDraftMeta } from "@/lib/schemas/draft";
import { stripControlChars } from "@/lib/schemas/text";
import { requestMeta } from "@/server/auth/request-meta";
import { isCrossSite } from "@/server/auth/same-origin";
import { getSessionUser } from "@/server/auth/session";
import { getDb } from "@/server/db/client";
import { APP_ERROR_CODES, AppError } from "@/server/errors";
import { createDraft } from "@/server/services/drafts/create-draft";
import { importedContent, importPreview } from "@/server/services/drafts/import-draft";
import { importUntrustedFile, importUntrustedText } from "@/server/import/untrusted";
import zh from "@/messages/zh-CN/import.json";
import en from "@/messages/en/import.json";

// New draft from a file or pasted text (multipart/form-data):
//   mode=preview  file=<File> | text=<string>             → 200 { outline, opening, sectionCount, suggested, furniture }
//   mode=create   file | text, title, kind, committeeId,
//                 meetingDate (YYYY-MM-DD), deadline (ISO),
//                 removeFurniture ("3,4,17": flagged lines to drop; the client sends pasted
//                 text with them removed already)          → 201 { id }
// Errors: JSON { code, message (zh-CN), messageEn } — 401 signed out, 403 cross-site or not
// allowed, 400 bad input / corrupt / empty / too complex or slow to parse, 413 over 10 MB, over
// the unpacked limits of a .docx (lib/import/zip-guard.ts) or 500,000 characters, 415 wrong
// file type, 503 too many imports being parsed. Files and pasted text are parsed in a worker
// thread with memory and time limits (server/import/untrusted.ts). Every check runs before
// createDraft, whose transaction is the only write.

/** Room for the form's other fields and the multipart framing on top of the file itself. */
const FORM_OVERHEAD = 256 * 1024;
const MAX_BODY = IMPORT_LIMITS.maxBytes + FORM_OVERHEAD;

type ErrorKey = keyof typeof zh.import.errors;

const IMPORT_STATUS: Record<ImportErrorCode, number> = {
  TOO_LARGE: 413,
  UNPACKED_TOO_LARGE: 413,
  TOO_LONG: 413,
  TOO_COMPLEX: 400,
  PARSE_TIMEOUT: 400,
  BUSY: 503,
  UNSUPPORTED_TYPE: 415,
  CORRUPT: 400,
  EMPTY: 400,
};

function fail(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  const key = (code in zh.import.errors ? code : "unexpected") as ErrorKey;
  return Response.json({ code, message: zh.import.errors[key], messageEn: en.import.errors[key], ...extra }, { status });
}

class BodyTooLarge extends Error {}

/** Parses the form while counting bytes, so a body without (or lying about) Content-Length stops at the limit. */
async function readForm(req: Request): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!req.body) return new FormData();
  let seen = 0;
  let exceeded = false;
  const limited = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_BODY) {
          exceeded = true;
          controller.error(new BodyTooLarge());
        } else {
          controller.enqueue(chunk);
        }
      },
    }),
  );
  try {
    return await new Response(limited, { headers: { "content-type": type } }).formData();
  } catch (e) {
    throw exceeded ? new BodyTooLarge() : e;
  }
}

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export async function POST(req: Request): Promise<Response> {
  if (isCrossSite(req)) return fail(403, "CROSS_SITE_REQUEST");
  const user = await getSessionUser();
  if (!user) return fail(401, "UNAUTHORIZED");

  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_BODY) return fail(413, "TOO_LARGE");
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/iu.test(type)) return fail(400, "BAD_REQUEST");

  let form: FormData;
  try {
    form = await readForm(req);
  } catch (e) {
    return e instanceof BodyTooLarge ? fail(413, "TOO_LARGE") : fail(400, "BAD_REQUEST");
  }

  const mode = field(form, "mode");
  if (mode !== "preview" && mode !== "create") return fail(400, "BAD_MODE");

  // Meta first on create: a mistake there needs no parsing of the file.
  let meta: ReturnType<typeof ZDraftMeta.parse> | null = null;
  const removeFurniture = parseFurnitureChoice(field(form, FURNITURE_FIELD));
  if (removeFurniture === null) return fail(400, "BAD_REQUEST");
  if (mode === "create") {
    const parsed = ZDraftMeta.safeParse({
      title: field(form, "title"),
      kind: field(form, "kind"),
      committeeId: field(form, "committeeId"),
      meetingDate: field(form, "meetingDate").trim() || null,
      deadline: field(form, "deadline").trim() || null,
    });
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? "");
        // Messages are catalogue keys ("validation.required"); zod's own defaults are not.
        fields[name] ??= issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
      }
      return fail(400, "VALIDATION", { fields });
    }
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
      return fail(400, "NO_INPUT");
    }
  } catch (e) {
    if (e instanceof ImportError) return fail(IMPORT_STATUS[e.code], e.code);
    // Every verdict on the file is an ImportError (the worker maps parser failures to CORRUPT);
    // anything else is the server's own failure and must not blame the file.
    console.error("draft import failed:", e);
    return fail(500, "INTERNAL_SERVER_ERROR");
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
    if (e instanceof AppError) {
      const key = e.messageKey in zh.import.errors ? e.messageKey : e.code;
      return fail(APP_ERROR_CODES[e.code], key);
    }
    throw e;
  }
}
