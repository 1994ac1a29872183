"use client";

import { useTranslations } from "next-intl";
import type { Ref } from "react";
import { numberHeadings } from "@/lib/sections/numbering";
import type { ImportPreview } from "@/server/services/drafts/import-draft";

// The detected structure before anything is created: opening paragraphs, then the section
// tree with the labels (一、/（一）/1./（1）) the draft will show — computed, as in the editor.

interface LabelledNode {
  title: string;
  level: number;
  label: string;
  children: LabelledNode[];
}

type OutlineNode = ImportPreview["outline"][number];

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

export function ImportPreviewView({
  preview, sourceName, headingRef,
}: {
  preview: ImportPreview;
  sourceName: string;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const t = useTranslations("import");
  const tree = labelOutline(preview.outline);
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
      <div>
        <h3 className="mb-1 text-sm font-semibold text-stone-700">{t("openingTitle")}</h3>
        {preview.opening.length === 0 ? (
          <p className="text-sm text-stone-500">{t("openingNone")}</p>
        ) : (
          <div className="space-y-1 rounded-md bg-stone-50 p-3 font-serif text-sm">
            {preview.opening.map((p, i) => (
              <p key={i} className="break-words">{p}</p>
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
