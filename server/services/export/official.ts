import { deriveOutline, type PMJSONMark, type PMJSONNode } from "@/lib/sections/outline";
import type { SectionLevel } from "@/lib/sections/numbering";
import { requiredApprovals, type Stage } from "@/lib/versions/rule";

// A version laid out like a Chinese official document (党政机关公文格式, GB/T 9704-2012): the
// layout rules and fonts in one place, and the document as a small model of blocks that the
// .docx writer (official-docx.ts) and the print HTML for the PDF (official-html.ts) both
// render — so the two files say the same thing in the same order.
//
// Content: the version's canonical ProseMirror JSON (StarterKit nodes: paragraphs, headings
// 1–4, lists, quotes, code blocks, rules, hard breaks; marks bold, italic, underline, strike,
// code, link). Only top-level headings are sections; their labels 一、（一）1.（1）are computed
// from the outline (lib/sections), never stored in the text, exactly as the portal shows them.

/** Font names, most specific first. The .docx names the first and declares the next as its
 * fallback (fontTable altName); the PDF's CSS lists them all. Noto CJK is Debian's fonts-noto-cjk. */
export const FONT_CHAINS = {
  /** 标题: 小标宋 (Song-style). */
  title: ["方正小标宋简体", "华文中宋", "宋体", "SimSun", "Noto Serif CJK SC"],
  /** 正文: 仿宋. */
  body: ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"],
  /** 一级标题: 黑体. */
  heading1: ["黑体", "SimHei", "Noto Sans CJK SC"],
  /** 二级标题: 楷体. */
  heading2: ["楷体_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC"],
  /** 页码: 宋体. */
  pageNumber: ["宋体", "SimSun", "Noto Serif CJK SC"],
  /** Hashes and links. */
  mono: ["Courier New", "DejaVu Sans Mono", "Noto Sans Mono CJK SC"],
} as const;

/** Latin letters and digits in body text. */
export const LATIN_FONT = "Times New Roman";

/** GB/T 9704-2012 page and type: A4, margins in mm (天头 37, 订口 28), sizes in points. */
export const GONGWEN = {
  margins: { top: 37, bottom: 35, left: 28, right: 26 },
  /** 2号. */
  titleSize: 22,
  /** Title lines, exact. */
  titleLine: 35,
  /** 3号. */
  bodySize: 16,
  /** Exact line pitch: the 225 mm type area holds 22 lines. */
  line: 28.95,
  /** 4号, for page numbers and the sign-off sheet's smaller text. */
  smallSize: 14,
  /** 小四, for the sign-off sheet's tables. */
  tableSize: 12,
  /** Hash on the sheet. */
  monoSize: 10.5,
  /** First-line indent, characters. */
  indentChars: 2,
  /** Page number: "— 1 —", odd pages right and even pages left, one character from the edge. */
  pageNumberFormat: "— {page} —",
} as const;

export interface OfficialRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
}

export type OfficialBlock =
  | { kind: "heading"; level: SectionLevel; label: string; runs: OfficialRun[] }
  | {
      kind: "paragraph";
      runs: OfficialRun[];
      /** List nesting and quotes, in levels of two characters. */
      indent: number;
      /** "1." or "•" before a list item's first paragraph. */
      marker?: string;
      /** Code block: no first-line indent, monospace. */
      code?: boolean;
    }
  | { kind: "rule" };

function runsOf(nodes: readonly PMJSONNode[] | undefined, inherited: Omit<OfficialRun, "text"> = {}): OfficialRun[] {
  const out: OfficialRun[] = [];
  for (const n of nodes ?? []) {
    if (typeof n.text === "string") {
      const has = (t: string) => (n.marks ?? []).some((m: PMJSONMark) => m.type === t);
      const r: OfficialRun = { text: n.text, ...inherited };
      if (has("bold")) r.bold = true;
      if (has("italic")) r.italic = true;
      if (has("underline")) r.underline = true;
      if (has("strike")) r.strike = true;
      if (has("code")) r.code = true;
      out.push(r);
    } else if (n.type === "hardBreak") out.push({ text: "\n", ...inherited });
    else out.push(...runsOf(n.content, inherited));
  }
  return out;
}

const plain = (runs: readonly OfficialRun[]) => runs.map((r) => r.text).join("");

/** Block-level content (inside lists and quotes) as paragraphs. */
function bodyBlocks(node: PMJSONNode, indent: number, marker?: string): OfficialBlock[] {
  switch (node.type) {
    case "paragraph":
      return [{ kind: "paragraph", runs: runsOf(node.content), indent, marker }];
    case "heading":
      // A heading inside a quote or list is not a section: bold text.
      return [{ kind: "paragraph", runs: runsOf(node.content, { bold: true }), indent, marker }];
    case "codeBlock":
      return [{ kind: "paragraph", runs: [{ text: plain(runsOf(node.content)) }], indent, marker, code: true }];
    case "horizontalRule":
      return [{ kind: "rule" }];
    case "blockquote":
      return (node.content ?? []).flatMap((c, i) => bodyBlocks(c, indent + 1, i === 0 ? marker : undefined));
    case "bulletList":
    case "orderedList": {
      const start = typeof node.attrs?.["start"] === "number" ? (node.attrs["start"] as number) : 1;
      return (node.content ?? []).flatMap((item, i) => {
        const mark = node.type === "orderedList" ? `${start + i}.` : "•";
        return (item.content ?? []).flatMap((c, j) => bodyBlocks(c, indent + 1, j === 0 ? mark : undefined));
      });
    }
    default:
      // Anything else with text (a future node type) still prints as a paragraph.
      return node.content || typeof node.text === "string" ? [{ kind: "paragraph", runs: runsOf(node.content ?? [node]), indent, marker }] : [];
  }
}

/**
 * The document's blocks: sections' headings with their computed labels, and everything else
 * as paragraphs. A first paragraph that only repeats the title (imports keep the title line)
 * is left out — the title is printed once, from the version.
 */
export function officialBlocks(content: PMJSONNode, title: string): OfficialBlock[] {
  const outline = deriveOutline(content);
  let headingIndex = 0;
  const out: OfficialBlock[] = [];
  (content.content ?? []).forEach((node, i) => {
    if (node.type === "heading") {
      const section = outline[headingIndex++];
      out.push({ kind: "heading", level: section?.level ?? 1, label: section?.label ?? "", runs: runsOf(node.content) });
      return;
    }
    if (i === 0 && node.type === "paragraph" && plain(runsOf(node.content)).trim() === title.trim()) return;
    out.push(...bodyBlocks(node, 0));
  });
  // Empty paragraphs at the end print as blank pages' worth of nothing.
  while (out.length && out.at(-1)!.kind === "paragraph" && plain((out.at(-1) as { runs: OfficialRun[] }).runs).trim() === "") out.pop();
  return out;
}

// ——— the sign-off sheet (审签单) ———

export type RoundStatus = "OPEN" | "APPROVED" | "RETURNED" | "SUPERSEDED" | "REOPENED";

export interface SheetSigner {
  name: string;
  decision: "APPROVE" | "RETURN" | null;
  at: Date | null;
  comment: string;
}

export interface SheetStage {
  name: string;
  threshold: Stage["threshold"];
  /** How many signers the stage names (for “n 人中 k 人”). */
  size: number;
  signers: SheetSigner[];
}

export interface SignoffSheet {
  title: string;
  number: number;
  label: string;
  hash: string;
  frozenAt: Date;
  /** The draft's final version now. */
  final: boolean;
  /** null when sign-off was never requested for this version. */
  round: { status: RoundStatus; completedAt: Date | null } | null;
  stages: SheetStage[];
  verifyUrl: string;
  generatedAt: Date;
}

/** Words the sheet needs, from the catalogue (namespace signoff), already in the reader's language. */
export interface SheetWords {
  title: string;
  draft: string;
  version: string;
  versionValue: (number: number, label: string) => string;
  frozenAt: string;
  status: string;
  hash: string;
  stage: string;
  signer: string;
  decision: string;
  time: string;
  comment: string;
  pending: string;
  noRound: string;
  statusText: string;
  verify: string;
  qrOmitted: string;
  generated: string;
  stageNo: (n: number) => string;
  thresholdText: (stage: SheetStage) => string;
  decisionText: (d: "APPROVE" | "RETURN") => string;
  when: (d: Date) => string;
}

/** Approvals a stage needs (for “n 人中 k 人”): the rule's own arithmetic. */
export const approvalsNeeded = (s: SheetStage) => requiredApprovals({ name: s.name, signerIds: new Array<string>(s.size).fill(""), threshold: s.threshold });

/** Where a version stands, as the sheet prints it. */
export function sheetStatusKey(s: Pick<SignoffSheet, "final" | "round">): { key: "statusFinal" | "statusReopened" | "statusNone" | "round"; at: Date | null; status?: RoundStatus } {
  if (!s.round) return { key: "statusNone", at: null };
  if (s.final) return { key: "statusFinal", at: s.round.completedAt };
  if (s.round.status === "REOPENED" && s.round.completedAt) return { key: "statusReopened", at: s.round.completedAt };
  return { key: "round", at: null, status: s.round.status };
}

/** Rows of the stage table: one per signer, the stage named on its first row. */
export function sheetRows(sheet: SignoffSheet, w: SheetWords): { stage: string | null; first: boolean; signer: string; decision: string; time: string; comment: string }[] {
  return sheet.stages.flatMap((stage, i) =>
    stage.signers.map((s, j) => ({
      stage: j === 0 ? `${w.stageNo(i + 1)}　${stage.name}（${w.thresholdText(stage)}）` : null,
      first: j === 0,
      signer: s.name,
      decision: s.decision ? w.decisionText(s.decision) : w.pending,
      time: s.at ? w.when(s.at) : "",
      comment: s.comment,
    })),
  );
}
