import { createTranslator } from "next-intl";
import type { ZodError } from "zod";
import { AppError, APP_ERROR_CODES, type AppErrorCode } from "../errors";
import zhCommon from "@/messages/zh-CN/common.json";
import zhImport from "@/messages/zh-CN/import.json";
import zhDrafts from "@/messages/zh-CN/drafts.json";
import zhComments from "@/messages/zh-CN/comments.json";
import zhSignoff from "@/messages/zh-CN/signoff.json";
import enCommon from "@/messages/en/common.json";
import enImport from "@/messages/en/import.json";
import enDrafts from "@/messages/en/drafts.json";
import enComments from "@/messages/en/comments.json";
import enSignoff from "@/messages/en/signoff.json";

// The one error answer of the plain HTTP routes (sign-in, import, downloads) and of the
// tRPC route's checks before tRPC runs. The body carries the same `data` as a tRPC error
// (code, httpStatus, appError { messageKey, params }, zodIssues), so the browser reads every
// error through `useAppErrors` (components/ui/app-errors.ts); `message` (zh-CN) and
// `messageEn` serve other clients (curl, scripts).
//
// messageKey is a catalogue key: "errors.<key>" is tried first, then the key as a full path
// (e.g. "import.errors.CORRUPT"), then "errors.<code>".

const catalogues = {
  "zh-CN": { ...zhCommon, ...zhImport, ...zhDrafts, ...zhComments, ...zhSignoff },
  en: { ...enCommon, ...enImport, ...enDrafts, ...enComments, ...enSignoff },
};
type Params = Record<string, string | number>;
/** Keys are built at run time here, so the translator is used untyped. */
type Translate = { (key: string, params?: Params): string; has(key: string): boolean };

const translators: Record<"zh-CN" | "en", Translate> = {
  "zh-CN": createTranslator({ locale: "zh-CN", messages: catalogues["zh-CN"] }) as unknown as Translate,
  en: createTranslator({ locale: "en", messages: catalogues.en }) as unknown as Translate,
};

export interface ErrorData {
  code: AppErrorCode;
  httpStatus: number;
  appError: { messageKey: string; params: Params };
  zodIssues: { path: string[]; message: string }[] | null;
}

export interface ErrorBody {
  error: { message: string; messageEn: string; data: ErrorData };
}

/** The localized text for an error key, as the browser would show it. */
export function errorText(locale: keyof typeof translators, code: AppErrorCode, messageKey: string, params: Params = {}): string {
  const t = translators[locale];
  for (const key of [`errors.${messageKey}`, messageKey, `errors.${code}`]) if (t.has(key)) return t(key, params);
  return t("errors.unexpected");
}

export function errorBody(e: AppError, zodIssues: ErrorData["zodIssues"] = null): ErrorBody {
  return {
    error: {
      message: errorText("zh-CN", e.code, e.messageKey, e.params),
      messageEn: errorText("en", e.code, e.messageKey, e.params),
      data: { code: e.code, httpStatus: APP_ERROR_CODES[e.code], appError: { messageKey: e.messageKey, params: e.params }, zodIssues },
    },
  };
}

export function zodIssuesOf(e: ZodError): NonNullable<ErrorData["zodIssues"]> {
  return e.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
}

/** The HTTP answer for an AppError (or invalid input): status from its code, one body shape. */
export function errorResponse(e: AppError, o: { zod?: ZodError; headers?: HeadersInit } = {}): Response {
  return Response.json(errorBody(e, o.zod ? zodIssuesOf(o.zod) : null), { status: APP_ERROR_CODES[e.code], headers: o.headers });
}

export { AppError };
