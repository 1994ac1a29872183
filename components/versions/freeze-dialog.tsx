"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { VERSION_LABELS, VERSION_LIMITS, ZFreeze } from "@/lib/schemas/signoff";
import { useAppErrors, NO_ERRORS, type FormErrors } from "@/components/ui/app-errors";
import { FormError, SelectField, TextAreaField, TextField } from "@/components/ui/form-fields";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { StatusNotice, useNotice } from "@/components/ui/status-notice";

const CUSTOM = "__custom";
/** The labels offered first: 征求意见稿 / 送审稿 (定稿 is what sign-off makes, not a freeze label). */
const OFFERED = VERSION_LABELS.filter((l) => l !== "定稿");

/** 冻结版本 (the owner): a label (征求意见稿 / 送审稿 / custom) and a note. */
export function FreezeButton({ draftId }: { draftId: string }) {
  const t = useTranslations("signoff.ui");
  const [open, setOpen] = useState(false);
  const { notice, announce } = useNotice();
  return (
    <>
      <button type="button" className="btn-primary" aria-haspopup="dialog" onClick={() => setOpen(true)}>{t("freeze.title")}</button>
      <div className="basis-full"><StatusNotice notice={notice} /></div>
      {open && (
        <FreezeDialog
          draftId={draftId}
          onClose={() => setOpen(false)}
          onDone={(number) => {
            setOpen(false);
            announce(t("freeze.done", { number }));
          }}
        />
      )}
    </>
  );
}

function FreezeDialog({ draftId, onClose, onDone }: { draftId: string; onClose: () => void; onDone: (number: number) => void }) {
  const t = useTranslations("signoff.ui");
  const trpc = useTRPC();
  const router = useRouter();
  const appErrors = useAppErrors();
  const [choice, setChoice] = useState<string>(OFFERED[0] ?? CUSTOM);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const freeze = useMutation(trpc.versions.freeze.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const label = choice === CUSTOM ? String(f.get("customLabel") ?? "") : choice;
    const parsed = ZFreeze.safeParse({ draftId, label, note: String(f.get("note") ?? "") });
    if (!parsed.success) {
      const found = appErrors.fromZod(parsed.error);
      // The label's message belongs under the field the person types into.
      setErrors(choice === CUSTOM && found.fields["label"] ? { ...found, fields: { ...found.fields, customLabel: found.fields["label"] } } : found);
      return;
    }
    setErrors(NO_ERRORS);
    try {
      const r = await freeze.mutateAsync(parsed.data);
      router.refresh();
      onDone(r.number);
    } catch (err) {
      setErrors(appErrors.fromServer(err));
    }
  }

  return (
    <ModalDialog title={t("freeze.title")} onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <p className="text-sm text-stone-700">{t("freeze.intro")}</p>
        <FormError message={errors.form ?? (choice !== CUSTOM ? (errors.fields["label"] ?? null) : null)} />
        <SelectField
          label={t("freeze.label")}
          name="choice"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          options={[...OFFERED.map((l) => ({ value: l, label: l })), { value: CUSTOM, label: t("freeze.custom") }]}
          data-autofocus
        />
        {choice === CUSTOM && (
          <TextField label={t("freeze.customLabel")} name="customLabel" maxLength={VERSION_LIMITS.maxLabel} required error={errors.fields["customLabel"]} />
        )}
        <TextAreaField label={t("freeze.note")} name="note" maxLength={VERSION_LIMITS.maxNote} error={errors.fields["note"]} />
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" className="btn-secondary" onClick={onClose}>{t("cancel")}</button>
          <button type="submit" className="btn-primary" disabled={freeze.isPending}>
            {freeze.isPending ? t("freeze.pending") : t("freeze.submit")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
