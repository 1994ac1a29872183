import type { ReactNode } from "react";
import { deriveOutline, type PMJSONMark, type PMJSONNode } from "@/lib/sections/outline";
import { normalizeLevel } from "@/lib/sections/numbering";
import { isSafeHref } from "@/lib/safe-href";

// A frozen version's content, read-only: the canonical ProseMirror JSON rendered as plain
// React elements (no editor, no HTML from the document), headings with the same computed
// labels (一、（一）1.（1）) the editor shows. Unknown node types render their text.

type Labels = Map<number, string>;

function marked(text: string, marks: readonly PMJSONMark[] | undefined, key: string): ReactNode {
  let out: ReactNode = text;
  for (const m of marks ?? []) {
    switch (m.type) {
      case "bold":
        out = <strong>{out}</strong>;
        break;
      case "italic":
        out = <em>{out}</em>;
        break;
      case "strike":
        out = <s>{out}</s>;
        break;
      case "underline":
        out = <u>{out}</u>;
        break;
      case "code":
        out = <code className="rounded bg-stone-100 px-1">{out}</code>;
        break;
      case "link": {
        const href = typeof m.attrs?.["href"] === "string" ? (m.attrs["href"] as string) : "";
        out = isSafeHref(href) ? <a href={href} rel="noopener noreferrer nofollow" className="text-brand-700 underline">{out}</a> : out;
        break;
      }
      default:
        break;
    }
  }
  return <span key={key}>{out}</span>;
}

function inline(nodes: readonly PMJSONNode[] | undefined, key: string): ReactNode[] {
  return (nodes ?? []).map((n, i) => {
    const k = `${key}.${i}`;
    if (typeof n.text === "string") return marked(n.text, n.marks, k);
    if (n.type === "hardBreak") return <br key={k} />;
    return <span key={k}>{inline(n.content, k)}</span>;
  });
}

function block(n: PMJSONNode, key: string, labels: Labels | null, topIndex: number | null): ReactNode {
  const kids = (nodes: readonly PMJSONNode[] | undefined) => (nodes ?? []).map((c, i) => block(c, `${key}.${i}`, null, null));
  switch (n.type) {
    case "heading": {
      const level = normalizeLevel(n.attrs?.["level"]);
      const label = topIndex !== null ? labels?.get(topIndex) : undefined;
      // The page's own title is h1; a section of level 1 is h2, and so on.
      const Tag = (["h2", "h3", "h4", "h5"] as const)[level - 1]!;
      const sid = typeof n.attrs?.["sid"] === "string" ? (n.attrs["sid"] as string) : undefined;
      return (
        <Tag key={key} data-sid={sid} data-level={level}>
          {label && <span className="section-label">{label}</span>}
          {inline(n.content, key)}
        </Tag>
      );
    }
    case "paragraph":
      return <p key={key}>{inline(n.content, key)}</p>;
    case "bulletList":
      return <ul key={key}>{kids(n.content)}</ul>;
    case "orderedList": {
      const start = typeof n.attrs?.["start"] === "number" ? (n.attrs["start"] as number) : undefined;
      return <ol key={key} start={start}>{kids(n.content)}</ol>;
    }
    case "listItem":
      return <li key={key}>{kids(n.content)}</li>;
    case "blockquote":
      return <blockquote key={key}>{kids(n.content)}</blockquote>;
    case "codeBlock":
      return <pre key={key}><code>{inline(n.content, key)}</code></pre>;
    case "horizontalRule":
      return <hr key={key} />;
    default:
      return n.content?.some((c) => typeof c.text === "string") ? <p key={key}>{inline(n.content, key)}</p> : <div key={key}>{kids(n.content)}</div>;
  }
}

export function VersionContent({ doc, label, empty }: { doc: PMJSONNode; label: string; empty: string }) {
  const blocks = doc.content ?? [];
  // deriveOutline gives one entry per top-level heading, in order: map them to block indices.
  const outline = deriveOutline(doc);
  const labels: Labels = new Map();
  let h = 0;
  blocks.forEach((b, i) => {
    if (b.type === "heading") labels.set(i, outline[h++]?.label ?? "");
  });
  return (
    <article aria-label={label} className="version-content card break-words">
      {blocks.length === 0 ? <p className="text-stone-600">{empty}</p> : blocks.map((b, i) => block(b, `b${i}`, labels, i))}
    </article>
  );
}
