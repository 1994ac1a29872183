"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { FURNITURE_FIELD, removeLines } from "@/lib/import/furniture";
import { IMPORT_LIMITS } from "@/lib/import/types";
import { useTRPC } from "@/lib/trpc/client";
import { FormError, TextAreaField, TextField } from "@/components/ui/form-fields";
import { useAppErrors } from "@/components/ui/app-errors";
import type { ImportPreview } from "@/server/services/drafts/import-draft";
import { ImportPreviewView } from "./import-preview";
import { MetaFields, validateMeta, type FieldErrors, type MetaValues } from "./meta-fields";

// /drafts/new: 空白稿件 (details → tRPC drafts.create) or 导入 (paste or file → 预览 via
// POST /api/drafts/import → details → 创建稿件). Both end on /drafts/<id>. The input step
// stays mounted (hidden) during the preview so 返回修改 finds the text and the file as left.

type Start = "blank" | "import";
type Source = "paste" | "file";

const ACCEPT = ".docx,.txt,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown";

/**
 * What was previewed; create sends it again with the furniture lines the person left checked
 * removed: from the pasted text itself, or, for a file, named in FURNITURE_FIELD.
 */
type Previewed = { preview: ImportPreview; input: { file: File } | { text: string } };

/** A failed call to the import route: its error body (the one error shape), or no answer. */
type ApiError = { network: true } | { network: false; error: unknown };

export function NewDraft({
  committees, initialCommitteeId,
}: {
  committees: { id: string; name: string }[];
  initialCommitteeId: string;
}) {
  const t = useTranslations("import");
  const router = useRouter();
  const trpc = useTRPC();
  const appErrors = useAppErrors();

  const [start, setStart] = useState<Start>("blank");
  const [source, setSource] = useState<Source>("paste");
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [meta, setMeta] = useState<MetaValues>({
    title: "", kind: "SPEECH", committeeId: initialCommitteeId, meetingDate: "", deadline: "",
  });
  const touched = useRef({ title: false, kind: false });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [removedFurniture, setRemovedFurniture] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState<"preview" | "create" | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const previewButton = useRef<HTMLButtonElement>(null);
  // Where focus goes once the step has rendered: the preview's heading, or back to 预览.
  const focusNext = useRef<"preview" | "back" | null>(null);

  useEffect(() => {
    const target = focusNext.current === "preview" ? previewHeading.current : focusNext.current === "back" ? previewButton.current : null;
    focusNext.current = null;
    target?.focus();
  }, [previewed]);

  const fieldText = (key: string) => (t.has(key) ? t(key) : t("validation.invalid"));
  const fieldsText = (fields: Record<string, string | undefined>): FieldErrors =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldText(v ?? "validation.invalid")]));

  function clearErrors() {
    setFieldErrors({});
    setFormError(null);
  }

  /** Shows a server error: field messages beside their fields, the rest above the form. */
  function showServerError(e: unknown) {
    const { form, fields } = appErrors.fromServer(e);
    setFieldErrors(fields);
    setFormError(Object.keys(fields).length ? t("errors.VALIDATION") : form);
  }

  const showApiError = (e: ApiError) => (e.network ? setFormError(t("errors.network")) : showServerError(e.error));

  function changeMeta(patch: Partial<MetaValues>) {
    if ("title" in patch) touched.current.title = true;
    if ("kind" in patch) touched.current.kind = true;
    setMeta((m) => ({ ...m, ...patch }));
  }

  const createBlank = useMutation(
    trpc.drafts.create.mutationOptions({
      onSuccess: ({ id }) => router.push(`/drafts/${encodeURIComponent(id)}`),
      onError: showServerError,
    }),
  );

  const creating = busy === "create" || createBlank.isPending || createBlank.isSuccess;

  /** Checks the meta fields, showing their errors; the valid input or null. */
  function checkedMeta() {
    clearErrors();
    const v = validateMeta(meta);
    if (v.ok) return v.data;
    setFieldErrors(fieldsText(v.fields));
    setFormError(t("errors.VALIDATION"));
    return null;
  }

  function onCreateBlank(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (creating) return;
    const data = checkedMeta();
    if (!data) return;
    createBlank.mutate(data);
  }

  async function post(body: FormData): Promise<{ ok: true; data: unknown } | { ok: false; error: ApiError }> {
    try {
      const res = await fetch("/api/drafts/import", { method: "POST", body, credentials: "same-origin" });
      const data = (await res.json().catch(() => ({}))) as unknown;
      return res.ok ? { ok: true, data } : { ok: false, error: { network: false, error: appErrors.fromBody(data) } };
    } catch {
      return { ok: false, error: { network: true } };
    }
  }

  function inputForm(mode: "preview" | "create", input: Previewed["input"]): FormData {
    const body = new FormData();
    body.set("mode", mode);
    if ("file" in input) body.set("file", input.file, input.file.name);
    else body.set("text", input.text);
    return body;
  }

  async function onPreview(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    clearErrors();
    let input: Previewed["input"];
    if (source === "file") {
      if (!file) return setFormError(t("errors.NO_INPUT"));
      if (file.size > IMPORT_LIMITS.maxBytes) return setFormError(t("errors.TOO_LARGE"));
      input = { file };
    } else {
      if (!text.trim()) return setFormError(t("errors.NO_INPUT"));
      input = { text };
    }
    setBusy("preview");
    const r = await post(inputForm("preview", input));
    setBusy(null);
    if (!r.ok) return showApiError(r.error);
    const preview = r.data as ImportPreview;
    setMeta((m) => ({
      ...m,
      title: touched.current.title && m.title.trim() ? m.title : preview.suggested.title,
      kind: touched.current.kind ? m.kind : preview.suggested.kind,
    }));
    focusNext.current = "preview";
    // Furniture is offered for removal, checked by default.
    setRemovedFurniture(new Set(preview.furniture.map((f) => f.line)));
    setPreviewed({ preview, input });
  }

  function onBack() {
    clearErrors();
    focusNext.current = "back";
    setPreviewed(null);
  }

  async function onCreateImported(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!previewed || creating) return;
    const data = checkedMeta();
    if (!data) return;
    const removed = previewed.preview.furniture.filter((f) => removedFurniture.has(f.line));
    const input = previewed.input;
    const body = inputForm("create", "text" in input ? { text: removeLines(input.text, removed) } : input);
    if ("file" in input && removed.length > 0) body.set(FURNITURE_FIELD, removed.map((f) => f.line).join(","));
    body.set("title", data.title);
    body.set("kind", data.kind);
    body.set("committeeId", data.committeeId);
    if (data.meetingDate) body.set("meetingDate", data.meetingDate);
    if (data.deadline) body.set("deadline", data.deadline);
    setBusy("create");
    const r = await post(body);
    if (!r.ok) {
      setBusy(null);
      return showApiError(r.error);
    }
    // Stays busy while the draft page loads, so a second click cannot create a second draft.
    router.push(`/drafts/${encodeURIComponent((r.data as { id: string }).id)}`);
  }

  if (committees.length === 0) {
    return <p role="note" className="card text-sm text-stone-700">{t("noCommittees")}</p>;
  }

  return (
    <div className="space-y-6">
      <p className="text-sm text-stone-600">{t("intro")}</p>

      <div className="card">
        <fieldset className="min-w-0" disabled={busy !== null || creating}>
          <legend className="mb-2 text-sm font-medium text-stone-700">{t("start")}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {(["blank", "import"] as const).map((s) => (
              <label
                key={s}
                className={`flex cursor-pointer items-start gap-3 rounded-md border p-3 ${
                  start === s ? "border-brand-600 bg-brand-50" : "border-stone-300 bg-white hover:bg-stone-50"
                }`}
              >
                <input
                  type="radio" name="start" value={s} checked={start === s} className="mt-1 accent-brand-600"
                  aria-describedby={`start-${s}-hint`}
                  onChange={() => {
                    setStart(s);
                    clearErrors();
                  }}
                />
                <span>
                  <span className="block font-medium">{t(s)}</span>
                  <span id={`start-${s}-hint`} className="block text-sm text-stone-600">{t(`${s}Hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      {start === "blank" && (
        <form aria-label={t("blank")} onSubmit={onCreateBlank} noValidate className="card space-y-4">
          <MetaFields values={meta} onChange={changeMeta} errors={fieldErrors} committees={committees} disabled={creating} />
          <FormError message={formError} />
          <div className="flex justify-end">
            <button type="submit" className="btn-primary w-full aria-disabled:opacity-50 sm:w-auto" aria-disabled={creating} aria-busy={creating}>
              {creating ? t("creating") : t("create")}
            </button>
          </div>
        </form>
      )}

      {start === "import" && (
        <>
          <form aria-label={t("import")} onSubmit={onPreview} noValidate className="card space-y-4" hidden={previewed !== null}>
            <fieldset className="min-w-0" disabled={busy !== null}>
              <legend className="mb-2 text-sm font-medium text-stone-700">{t("source")}</legend>
              <div className="flex flex-wrap gap-x-6 gap-y-2">
                {(["paste", "file"] as const).map((s) => (
                  <label key={s} className="flex cursor-pointer items-center gap-2 text-sm">
                    <input
                      type="radio" name="source" value={s} checked={source === s} className="accent-brand-600"
                      onChange={() => {
                        setSource(s);
                        clearErrors();
                      }}
                    />
                    {t(s === "paste" ? "sourcePaste" : "sourceFile")}
                  </label>
                ))}
              </div>
            </fieldset>
            <div hidden={source !== "paste"}>
              <TextAreaField
                name="text" label={t("pasteLabel")} hint={t("pasteHint")} rows={12} className="font-serif"
                value={text} onChange={(e) => setText(e.target.value)}
              />
            </div>
            <div hidden={source !== "file"}>
              <TextField
                name="file" type="file" label={t("fileLabel")} hint={t("fileHint")} accept={ACCEPT}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  clearErrors();
                }}
              />
            </div>
            <FormError message={previewed ? null : formError} />
            <div className="flex justify-end">
              <button
                ref={previewButton} type="submit" className="btn-primary w-full aria-disabled:opacity-50 sm:w-auto"
                aria-disabled={busy !== null} aria-busy={busy === "preview"}
              >
                {busy === "preview" ? t("previewing") : t("preview")}
              </button>
            </div>
          </form>

          {previewed && (
            <>
              <ImportPreviewView
                preview={previewed.preview}
                sourceName={"file" in previewed.input ? previewed.input.file.name : t("pastedText")}
                headingRef={previewHeading}
                removed={removedFurniture}
                onRemovedChange={setRemovedFurniture}
              />
              <form aria-label={t("meta")} onSubmit={onCreateImported} noValidate className="card space-y-4">
                <MetaFields values={meta} onChange={changeMeta} errors={fieldErrors} committees={committees} disabled={creating} />
                <FormError message={formError} />
                <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                  <button type="button" className="btn-secondary" onClick={onBack} disabled={creating}>
                    {t("back")}
                  </button>
                  <button type="submit" className="btn-primary aria-disabled:opacity-50" aria-disabled={creating} aria-busy={creating}>
                    {creating ? t("creating") : t("create")}
                  </button>
                </div>
              </form>
            </>
          )}
        </>
      )}
    </div>
  );
}
