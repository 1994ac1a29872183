"use client";

import { useTranslations } from "next-intl";
import type { z } from "zod";

// Turns a failed tRPC call (or a failed client-side parse with the shared schemas) into
// localized text. The server's error formatter sends `data.appError.messageKey` (a key
// under "errors") and `data.zodIssues` whose messages are catalogue keys ("validation.*").

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
      const message = (key && text(`errors.${key}`, data.appError?.params)) || t("errors.unexpected");
      const field = key ? fieldFor[key] : undefined;
      return field ? { form: null, fields: { [field]: message } } : { form: message, fields: {} };
    },
    /** One line for an action without a form (remove, enable …). */
    message(e: unknown): string {
      const data = errorData(e);
      const key = data.appError?.messageKey;
      return (key && text(`errors.${key}`, data.appError?.params)) || t("errors.unexpected");
    },
  };
}
