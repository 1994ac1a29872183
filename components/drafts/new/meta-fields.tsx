"use client";

import { useTranslations } from "next-intl";
import { DRAFT_KINDS, DRAFT_LIMITS, ZDraftMeta } from "@/lib/schemas/draft";
import { SelectField, TextField } from "@/components/ui/form-fields";

// The draft's details, shared by the blank and the import path of /drafts/new.

export type DraftKind = (typeof DRAFT_KINDS)[number];

export interface MetaValues {
  title: string;
  kind: DraftKind;
  committeeId: string;
  /** YYYY-MM-DD from <input type="date">, "" when not set. */
  meetingDate: string;
  /** YYYY-MM-DDTHH:mm (local time) from <input type="datetime-local">, "" when not set. */
  deadline: string;
}

export type FieldErrors = Partial<Record<keyof MetaValues, string>>;

/** Local datetime-local text → ISO with offset, as ZDraftMeta expects; unparsable text is passed on to fail validation. */
export function deadlineIso(local: string): string | null {
  if (!local.trim()) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** The values as the API takes them, validated with the shared schema; error values are catalogue keys. */
export function validateMeta(v: MetaValues) {
  const input = {
    title: v.title,
    kind: v.kind,
    committeeId: v.committeeId,
    meetingDate: v.meetingDate.trim() || null,
    deadline: deadlineIso(v.deadline),
  };
  const parsed = ZDraftMeta.safeParse(input);
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const fields: Partial<Record<keyof MetaValues, string>> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? "") as keyof MetaValues;
    fields[name] ??= issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
  }
  return { ok: false as const, fields };
}

export function MetaFields({
  values, onChange, errors, committees, disabled,
}: {
  values: MetaValues;
  onChange: (patch: Partial<MetaValues>) => void;
  errors: FieldErrors;
  committees: { id: string; name: string }[];
  disabled?: boolean;
}) {
  const t = useTranslations("import");
  return (
    <fieldset className="min-w-0 space-y-4" disabled={disabled}>
      <legend className="mb-2 text-lg font-semibold">{t("meta")}</legend>
      <TextField
        name="title" label={t("titleLabel")} required maxLength={DRAFT_LIMITS.titleMax} autoComplete="off"
        value={values.title} error={errors.title} onChange={(e) => onChange({ title: e.target.value })}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="kind" label={t("kind")} value={values.kind} error={errors.kind}
          onChange={(e) => onChange({ kind: e.target.value as DraftKind })}
          options={DRAFT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <SelectField
          name="committeeId" label={t("committee")} value={values.committeeId} error={errors.committeeId} required
          onChange={(e) => onChange({ committeeId: e.target.value })}
          options={committees.map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextField
          name="meetingDate" type="date" label={t("meetingDate")} hint={t("optionalHint")}
          value={values.meetingDate} error={errors.meetingDate} onChange={(e) => onChange({ meetingDate: e.target.value })}
        />
        <TextField
          name="deadline" type="datetime-local" label={t("deadline")} hint={t("deadlineHint")}
          value={values.deadline} error={errors.deadline} onChange={(e) => onChange({ deadline: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
