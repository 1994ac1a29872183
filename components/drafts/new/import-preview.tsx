"use client";

import { useTranslations } from "next-intl";
import { useId, type Ref } from "react";
import { numberHeadings } from "@/lib/sections/numbering";
import type { ImportPreview } from "@/server/services/drafts/import-draft";

// The detected structure before anything is created: web-page furniture offered for removal
// (checked = removed on create, the person can keep any line), opening paragraphs without the
// lines to be removed, then the section tree with the labels (一、/（一）/1./（1）) the draft
// will show — computed, as in the editor.

interface LabelledNode {
  title: string;
  level: number;
  label: string;
  children: LabelledNode[];
}

type OutlineNode = ImportPreview["outline"][number];
type Furniture = ImportPreview["furniture"][number];

export function labelOutline(outline: OutlineNode[]): LabelledNode[] {
  const flat: OutlineNode[] = [];
  const walk = (n: OutlineNode) => {
    flat.push(n);
    n.children.forEach(walk);
  };
  outline.forEach(walk);
  const labels = numberHeadings(flat);
  const labelOf = new Map(flat.map((n, i) => [n, labels[i] ?? ""]));
  const convert = (n: OutlineNode): LabelledNode => ({
    title: n.title, level: n.level, label: labelOf.get(n) ?? "", children: n.children.map(convert),
  });
  return outline.map(convert);
}

function Tree({ nodes, nested }: { nodes: LabelledNode[]; nested?: boolean }) {
  return (
    <ul className={nested ? "mt-1 space-y-1 border-l border-stone-200 pl-4" : "space-y-1"}>
      {nodes.map((n, i) => (
        <li key={i}>
          <span className={n.level === 1 ? "font-semibold" : ""}>
            <span className="text-brand-700">{n.label}</span>
            {n.title}
          </span>
          {n.children.length > 0 && <Tree nodes={n.children} nested />}
        </li>
      ))}
    </ul>
  );
}

function FurnitureList({
  furniture, removed, onChange,
}: {
  furniture: Furniture[];
  removed: ReadonlySet<number>;
  onChange: (removed: Set<number>) => void;
}) {
  const t = useTranslations("import");
  const hintId = useId();
  const count = furniture.filter((f) => removed.has(f.line)).length;
  const toggle = (line: number, remove: boolean) => {
    const next = new Set(removed);
    if (remove) next.add(line);
    else next.delete(line);
    onChange(next);
  };
  return (
    <fieldset className="min-w-0 rounded-md border border-amber-300 bg-amber-50 p-3" aria-describedby={hintId}>
      <legend className="px-1 text-sm font-semibold text-amber-900">{t("furnitureTitle")}</legend>
      <p id={hintId} className="text-sm text-amber-900">
        {t("furnitureHint")} {t("furnitureSummary", { count: furniture.length, removed: count })}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => onChange(new Set(furniture.map((f) => f.line)))}>
          {t("furnitureRemoveAll")}
        </button>
        <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => onChange(new Set())}>
          {t("furnitureKeepAll")}
        </button>
      </div>
      <ul className="mt-2 max-h-72 space-y-1 overflow-y-auto">
        {furniture.map((f) => (
          <li key={f.line}>
            <label className="flex cursor-pointer items-start gap-2 text-sm">
              <input
                type="checkbox" className="mt-1 shrink-0 accent-brand-600"
                checked={removed.has(f.line)} onChange={(e) => toggle(f.line, e.target.checked)}
              />
              <span className="min-w-0">
                <span className={`break-words font-serif ${removed.has(f.line) ? "text-stone-500 line-through" : ""}`}>{f.text}</span>
                <span className="ml-2 whitespace-nowrap rounded bg-white px-1 text-xs text-amber-900">{t(`furnitureReason.${f.reason}`)}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function ImportPreviewView({
  preview, sourceName, headingRef, removed, onRemovedChange,
}: {
  preview: ImportPreview;
  sourceName: string;
  headingRef?: Ref<HTMLHeadingElement>;
  /** Furniture lines (FurnitureLine.line) to drop on create. */
  removed: ReadonlySet<number>;
  onRemovedChange: (removed: Set<number>) => void;
}) {
  const t = useTranslations("import");
  const tree = labelOutline(preview.outline);
  // Opening paragraphs that will be dropped are not shown as the draft's opening.
  const droppedOpening = new Set(
    preview.furniture.filter((f) => f.at.path.length === 0 && removed.has(f.line)).map((f) => f.at.index),
  );
  const opening = preview.opening.map((text, i) => ({ text, i })).filter((p) => !droppedOpening.has(p.i));
  return (
    <section aria-labelledby="import-preview-title" className="card space-y-4">
      <div>
        <h2 id="import-preview-title" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          {t("previewTitle")}
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          {t("previewSource", { name: sourceName })} · {t("previewSummary", { count: preview.sectionCount })}
        </p>
      </div>
      {preview.sectionCount === 0 && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("noSections")}
        </p>
      )}
      {preview.furniture.length > 0 && (
        <FurnitureList furniture={preview.furniture} removed={removed} onChange={onRemovedChange} />
      )}
      <div>
        <h3 className="mb-1 text-sm font-semibold text-stone-700">{t("openingTitle")}</h3>
        {opening.length === 0 ? (
          <p className="text-sm text-stone-500">{t("openingNone")}</p>
        ) : (
          <div className="space-y-1 rounded-md bg-stone-50 p-3 font-serif text-sm">
            {opening.map((p) => (
              <p key={p.i} className="break-words">{p.text}</p>
            ))}
          </div>
        )}
      </div>
      {tree.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold text-stone-700">{t("outlineTitle")}</h3>
          <div className="break-words rounded-md bg-stone-50 p-3 font-serif text-sm">
            <Tree nodes={tree} />
          </div>
        </div>
      )}
    </section>
  );
}
