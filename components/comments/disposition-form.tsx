"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { DISPOSITIONS, ZThreadDisposition } from "@/lib/schemas/comments";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { useAppErrors } from "@/components/ui/app-errors";
import type { Disposition } from "./types";

interface Props {
  draftId: string;
  threadId: string;
  current: Disposition | null;
  reason: string;
  onSave: (v: { disposition: Disposition | null; reason: string }) => Promise<void>;
  onCancel: () => void;
}

/** 采纳情况, set by the draft's owner or editors: 采纳 / 部分采纳 / 未采纳 (reason required) / 留作参考. */
export function DispositionForm({ draftId, threadId, current, reason: initialReason, onSave, onCancel }: Props) {
  const t = useTranslations("comments");
  const appErrors = useAppErrors();
  const id = useId();
  const [value, setValue] = useState<Disposition | "">(current ?? "");
  const [reason, setReason] = useState(initialReason);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = ZThreadDisposition.safeParse({ draftId, threadId, disposition: value || null, reason });
    if (!parsed.success) {
      const errs = appErrors.fromZod(parsed.error);
      setError(errs.fields.reason ?? errs.form ?? Object.values(errs.fields)[0] ?? null);
      return;
    }
    setPending(true);
    try {
      await onSave({ disposition: parsed.data.disposition, reason: parsed.data.reason });
    } catch (err) {
      setError(appErrors.message(err));
    } finally {
      setPending(false);
    }
  }

  const reasonRequired = value === "NOT_ADOPTED";
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-md border border-stone-200 bg-stone-50 p-2"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
      noValidate
    >
      <fieldset>
        <legend className="label">{t("disposition.title")}</legend>
        <div className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
          {DISPOSITIONS.map((d, i) => (
            <label key={d} className="inline-flex items-center gap-1">
              <input
                type="radio"
                name={`${id}-disposition`}
                value={d}
                checked={value === d}
                onChange={() => setValue(d)}
                autoFocus={current ? current === d : i === 0}
              />
              {t(`disposition.${d}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${id}-reason`} className="label">
          {reasonRequired ? t("disposition.reasonRequired") : t("disposition.reason")}
        </label>
        <textarea
          id={`${id}-reason`}
          className="input min-h-16"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-required={reasonRequired}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <p className="mt-1 text-xs text-stone-600">{t("form.count", { count: Array.from(reason).length, max: COMMENT_LIMITS.maxReason })}</p>
        {error && <p id={`${id}-error`} role="alert" className="field-error">{error}</p>}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary px-3 py-1.5" disabled={pending || !value}>{t("disposition.save")}</button>
        {current && (
          <button type="button" className="btn-secondary px-3 py-1.5" disabled={pending}
            onClick={() => { setPending(true); onSave({ disposition: null, reason: "" }).catch((err: unknown) => setError(appErrors.message(err))).finally(() => setPending(false)); }}>
            {t("disposition.clear")}
          </button>
        )}
        <button type="button" className="btn-secondary px-3 py-1.5" onClick={onCancel}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}
