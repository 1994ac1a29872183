"use client";

import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useTranslations } from "next-intl";

const LEVELS = [1, 2, 3, 4] as const;
const LEVEL_SAMPLE = { 1: "一、", 2: "（一）", 3: "1.", 4: "（1）" } as const;

export function Toolbar({ editor }: { editor: Editor }) {
  const t = useTranslations("draft.toolbar");
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      level: LEVELS.find((l) => e.isActive("heading", { level: l })) ?? 0,
      bold: e.isActive("bold"),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const btn = (active: boolean) =>
    `rounded px-2 py-1 text-sm ${active ? "bg-brand-50 text-brand-700 font-medium" : "text-stone-700 hover:bg-stone-100"} disabled:opacity-40`;
  return (
    <div role="toolbar" aria-label={t("label")} className="flex flex-wrap items-center gap-1 border-b border-stone-200 px-2 py-1">
      <label className="sr-only" htmlFor="block-type">{t("paragraph")}</label>
      <select
        id="block-type"
        className="rounded border border-stone-300 bg-white px-1 py-1 text-sm"
        value={state.level}
        onChange={(e) => {
          const level = Number(e.target.value);
          const chain = editor.chain().focus();
          if (level === 0) chain.setParagraph().run();
          else chain.setHeading({ level: level as 1 | 2 | 3 | 4 }).run();
        }}
      >
        <option value={0}>{t("paragraph")}</option>
        {LEVELS.map((l) => (
          <option key={l} value={l}>{`${LEVEL_SAMPLE[l]} ${t("heading", { level: l })}`}</option>
        ))}
      </select>
      <button type="button" className={btn(state.bold)} aria-pressed={state.bold} onClick={() => editor.chain().focus().toggleBold().run()}>
        <b>{t("bold")}</b>
      </button>
      <button type="button" className={btn(state.bullet)} aria-pressed={state.bullet} onClick={() => editor.chain().focus().toggleBulletList().run()}>
        {t("bulletList")}
      </button>
      <button type="button" className={btn(state.ordered)} aria-pressed={state.ordered} onClick={() => editor.chain().focus().toggleOrderedList().run()}>
        {t("orderedList")}
      </button>
      <span className="mx-1 h-5 w-px bg-stone-200" aria-hidden />
      <button type="button" className={btn(false)} disabled={!state.canUndo} onClick={() => editor.chain().focus().undo().run()}>
        {t("undo")}
      </button>
      <button type="button" className={btn(false)} disabled={!state.canRedo} onClick={() => editor.chain().focus().redo().run()}>
        {t("redo")}
      </button>
    </div>
  );
}
