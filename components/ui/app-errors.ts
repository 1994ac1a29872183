"use client";

import { useTranslations } from "next-intl";
import type { z } from "zod";

// Turns a failed tRPC call, a failed plain-route call (sign-in, import: their JSON body's
// `error` has the same `data`, server/http/error-response.ts) or a failed client-side parse
// with the shared schemas into localized text. `data.appError.messageKey` is a key under
// "errors" or a full catalogue path ("import.errors.CORRUPT"); `data.zodIssues` messages are
// catalogue keys ("validation.*").

export interface FormErrors {
  /** Message for the whole form (not tied to one field). */
  form: string | null;
  /** First message per top-level field name. */
  fields: Record<string, string>;
}

export const NO_ERRORS: FormErrors = { form: null, fields: {} };

interface Issue {
  path: readonly PropertyKey[] | string[];
  message: string;
}

interface ErrorData {
  appError?: { messageKey: string; params?: Record<string, string | number> } | null;
  zodIssues?: Issue[] | null;
}

function errorData(e: unknown): ErrorData {
  if (typeof e !== "object" || e === null || !("data" in e)) return {};
  const data = (e as { data: unknown }).data;
  return typeof data === "object" && data !== null ? (data as ErrorData) : {};
}

export function useAppErrors() {
  const t = useTranslations();

  const text = (key: string, params?: Record<string, string | number>) =>
    t.has(key) ? t(key, params) : null;
  const keyText = (key: string | undefined, params?: Record<string, string | number>) =>
    (key && (text(`errors.${key}`, params) ?? text(key, params))) || null;

  function fromIssues(issues: readonly Issue[]): FormErrors {
    const fields: Record<string, string> = {};
    let form: string | null = null;
    for (const issue of issues) {
      const message = text(issue.message) ?? t("errors.BAD_REQUEST");
      const field = issue.path[0];
      if (field === undefined) form ??= message;
      else fields[String(field)] ??= message;
    }
    return { form, fields };
  }

  return {
    /** Errors from a client-side `safeParse` with the shared schema. */
    fromZod: (error: z.ZodError) => fromIssues(error.issues),
    /**
     * Errors from a tRPC call. `fieldFor` places a domain error next to its field
     * (e.g. usernameTaken under 用户名) instead of above the form.
     */
    fromServer(e: unknown, fieldFor: Record<string, string> = {}): FormErrors {
      const data = errorData(e);
      if (data.zodIssues?.length) return fromIssues(data.zodIssues);
      const key = data.appError?.messageKey;
      const message = keyText(key, data.appError?.params) ?? t("errors.unexpected");
      const field = key ? fieldFor[key] : undefined;
      return field ? { form: null, fields: { [field]: message } } : { form: message, fields: {} };
    },
    /** One line for an action without a form (remove, enable …). */
    message(e: unknown): string {
      const data = errorData(e);
      return keyText(data.appError?.messageKey, data.appError?.params) ?? t("errors.unexpected");
    },
    /** The `error` of a plain route's JSON body, ready for fromServer / message. */
    fromBody: (body: unknown): unknown => (typeof body === "object" && body !== null && "error" in body ? (body as { error: unknown }).error : body),
  };
}
