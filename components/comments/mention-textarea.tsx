"use client";

import { useTranslations } from "next-intl";
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { mentionDisplay, mentionQueryAt, presentMentions, type ChosenMention } from "./mention-text";

export interface MentionOption {
  id: string;
  name: string;
  title: string;
  /** Cannot read the draft yet (only owners see such people: sending offers to invite them). */
  noAccess?: boolean;
}

interface Props {
  label: string;
  value: string;
  onChange: (text: string) => void;
  chosen: readonly ChosenMention[];
  onChoose: (m: ChosenMention) => void;
  options: readonly MentionOption[] | undefined;
  onSubmit: () => void;
  onEscape: () => void;
  error?: string | null | undefined;
  autoFocus?: boolean;
}

const MAX_SUGGESTIONS = 8;

/**
 * A textarea where "@" suggests the draft's people: arrow keys move, Enter or Tab choose,
 * Escape closes the list (a second Escape cancels the form). The chosen person shows as
 * "@名字"; the side list of chosen people is what the form turns into mention tokens, and
 * is shown under the field ("将通知：…"). Ctrl+Enter (⌘+Enter) sends.
 */
export function MentionTextarea({ label, value, onChange, chosen, onChoose, options, onSubmit, onEscape, error, autoFocus }: Props) {
  const t = useTranslations("comments.form");
  const id = useId();
  const listId = `${id}-mentions`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ query: string; start: number; caret: number } | null>(null);
  const [index, setIndex] = useState(0);
  // Where the caret goes after a suggestion is inserted: set as soon as the new text is in the
  // field, before the next keystroke can land elsewhere.
  const caretAfterChoose = useRef<number | null>(null);
  useLayoutEffect(() => {
    const caret = caretAfterChoose.current;
    if (caret === null || !ref.current) return;
    caretAfterChoose.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(caret, caret);
  });

  const matches = query && options ? options.filter((o) => o.name.includes(query.query)).slice(0, MAX_SUGGESTIONS) : [];
  const open = matches.length > 0;
  const active = open ? Math.min(index, matches.length - 1) : -1;
  const present = presentMentions(value, chosen);

  function track(text: string, caret: number) {
    const q = mentionQueryAt(text, caret);
    setQuery(q ? { ...q, caret } : null);
    setIndex(0);
  }

  function choose(o: MentionOption) {
    if (!query) return;
    const m = { id: o.id, name: o.name };
    const shown = `${mentionDisplay(m, chosen)} `;
    const next = value.slice(0, query.start) + shown + value.slice(query.caret);
    onChoose(m);
    onChange(next);
    setQuery(null);
    caretAfterChoose.current = query.start + shown.length;
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setIndex((active + step + matches.length) % matches.length);
        return;
      }
      if ((e.key === "Enter" && !e.nativeEvent.isComposing) || e.key === "Tab") {
        e.preventDefault();
        choose(matches[active]!);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onEscape();
      return;
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    }
  }

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="relative">
      <label htmlFor={id} className="label">{label}</label>
      <textarea
        id={id}
        ref={ref}
        className="input min-h-20"
        value={value}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setQuery(null)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t("suggestions")}
          className="absolute left-0 right-0 z-30 mt-1 max-h-56 overflow-y-auto rounded-md border border-stone-200 bg-white py-1 text-sm shadow-lg"
        >
          {matches.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-brand-50 text-brand-800" : ""}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(o)}
            >
              <span className="font-medium">{o.name}</span>
              {o.title && <span className="ml-2 text-xs text-stone-600">{o.title}</span>}
              {o.noAccess && <span className="ml-2 text-xs text-amber-800">{t("noAccessYet")}</span>}
            </li>
          ))}
        </ul>
      )}
      <p id={hintId} className="mt-1 text-xs text-stone-600">
        {present.length > 0 ? t("willNotify", { names: present.map((m) => m.name).join("、") }) : t("hint")}
      </p>
      {error && <p id={errorId} role="alert" className="field-error">{error}</p>}
    </div>
  );
}
