import type { JSONContent } from "@tiptap/core";
import type { z } from "zod";
import { guessTitle, toEditorDoc, toOutlineJson, type FurnitureLine, type ImportResult, type OutlineNode } from "@/lib/import/index";
import { DRAFT_KINDS, DRAFT_LIMITS, type ZDraftMeta } from "@/lib/schemas/draft";
import { newSectionId } from "@/lib/sections/ids";
import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import type { Actor } from "../../policy";
import { draftPolicy } from "../../policy/drafts";
import type { AuditMeta } from "../audit/record-audit-event";
import { emptyDoc } from "./content";
import { createDraft } from "./create-draft";

// Drafts made from an imported file or pasted text: the content conversion shared by the
// upload route (app/api/drafts/import), the demo data and the secretariat's CLI
// (scripts/draft-import-cli.ts), plus the CLI's own entry, which finds the owner and the
// committee by name and opens the database itself when run outside the portal.

export type DraftKind = (typeof DRAFT_KINDS)[number];

/** The editor document for an import: opening paragraphs, then headings (fresh sids) and bodies. */
export function importedContent(result: ImportResult): JSONContent {
  const doc = toEditorDoc(result, newSectionId);
  return doc.content.length > 0 ? (doc as JSONContent) : emptyDoc();
}

/** What the upload route's preview returns; the /drafts/new page renders it. */
export interface ImportPreview {
  outline: OutlineNode[];
  opening: string[];
  sectionCount: number;
  suggested: { title: string; kind: DraftKind };
  /** Web-page furniture offered for removal (lib/import/furniture.ts); [] for a clean text. */
  furniture: FurnitureLine[];
}

export function importPreview(result: ImportResult, fileName?: string): ImportPreview {
  const outline = toOutlineJson(result);
  const count = (nodes: OutlineNode[]): number => nodes.reduce((n, s) => n + 1 + count(s.children), 0);
  const title = suggestedTitle(result, fileName);
  return {
    outline, opening: result.opening, sectionCount: count(outline), suggested: { title, kind: suggestedKind(title) },
    furniture: result.furniture ?? [],
  };
}

const FALLBACK_TITLE = "导入的稿件";

/**
 * A title for an imported draft: the title line before the salutation or the first heading,
 * web-page furniture skipped (guessTitle); else the first opening paragraph that reads like a
 * title (not a salutation such as “同志们：”, not a dated line in brackets, short enough), else
 * the file name without its extension, else the first opening paragraph cut to length.
 */
export function suggestedTitle(result: ImportResult, fileName?: string): string {
  const max = DRAFT_LIMITS.titleMax;
  const guessed = guessTitle(result);
  if (guessed && guessed.length <= max) return guessed;
  const candidate = result.opening.find((p) => {
    const t = p.trim();
    return t.length > 0 && t.length <= max && !/[：:]$/u.test(t) && !/^[（(].*[）)]$/u.test(t);
  });
  if (candidate) return candidate.trim();
  const base = fileName?.split(/[\\/]/u).pop()?.replace(/\.[^.]+$/u, "").trim();
  if (base) return base.slice(0, max);
  const first = result.opening[0]?.trim() || result.sections[0]?.title.trim();
  return first ? [...first].slice(0, max).join("") : FALLBACK_TITLE;
}

/** The draft kind a title suggests (讲话 → speech …), OTHER when nothing fits. */
export function suggestedKind(title: string): DraftKind {
  if (/讲话|致辞|发言/u.test(title)) return "SPEECH";
  if (/调研|调查/u.test(title)) return "RESEARCH_REPORT";
  if (/工作报告|报告/u.test(title)) return "WORK_REPORT";
  if (/提案|建议案/u.test(title)) return "PROPOSAL";
  if (/纪要|记录/u.test(title)) return "MINUTES";
  return "OTHER";
}

export interface CreateDraftFromImportOptions {
  result: ImportResult;
  ownerUsername: string;
  title?: string;
  /** Committee name or id; default: the owner's first committee where they may create drafts. */
  committee?: string;
  /** Used for the default title when the text has no title line. */
  fileName?: string;
  kind?: DraftKind;
  meetingDate?: string | null;
  deadline?: string | null;
  meta?: AuditMeta;
  /** The CLI opens the portal's database with scripts/lib/portal-database.ts. */
  db: Db;
}

/** Why the CLI could not create a draft; the message is for the operator (zh / en). */
export class ImportDraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportDraftError";
  }
}

/**
 * Creates a draft from an import result for a named owner, through the same service (policy,
 * audit, snapshot, derived sections) as the portal. Used by scripts/draft-import-cli.ts.
 */
export async function createDraftFromImport(opts: CreateDraftFromImportOptions): Promise<{ id: string }> {
  const db = opts.db;
  const username = opts.ownerUsername.trim().toLowerCase();
  const owner = await db.user.findUnique({
    where: { username },
    select: { id: true, role: true, disabled: true, memberships: { select: { committeeId: true, role: true } } },
  });
  if (!owner) throw new ImportDraftError(`找不到用户 ${username} / no user named ${username}`);
  if (owner.disabled) throw new ImportDraftError(`用户 ${username} 已停用 / user ${username} is disabled`);
  const actor: Actor = owner;

  const committeeId = await resolveCommittee(db, actor, username, opts.committee);
  const title = (opts.title?.trim() || suggestedTitle(opts.result, opts.fileName)).slice(0, DRAFT_LIMITS.titleMax);
  const input: z.output<typeof ZDraftMeta> = {
    title,
    kind: opts.kind ?? suggestedKind(title),
    committeeId,
    meetingDate: opts.meetingDate ?? null,
    deadline: opts.deadline ?? null,
  };
  try {
    const draft = await createDraft({
      db, actor, meta: opts.meta ?? { userAgent: "draft-import-cli" }, input,
      content: importedContent(opts.result), source: "import",
    });
    return { id: draft.id };
  } catch (e) {
    if (e instanceof AppError && e.messageKey === "draftTooLong") {
      throw new ImportDraftError(`文稿超过 ${DRAFT_LIMITS.maxChars} 字 / the draft exceeds ${DRAFT_LIMITS.maxChars} characters`);
    }
    throw e;
  }
}

async function resolveCommittee(db: Db, actor: Actor, username: string, wanted: string | undefined): Promise<string> {
  const committees = await db.committee.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  if (wanted?.trim()) {
    const w = wanted.trim();
    const found = committees.find((c) => c.id === w) ?? committees.find((c) => c.name === w);
    if (!found) throw new ImportDraftError(`找不到专委会 ${w} / no committee named ${w}`);
    if (!draftPolicy.create(actor, found.id)) {
      throw new ImportDraftError(`${username} 无权为 ${found.name} 创建稿件 / ${username} may not create drafts for ${found.name}`);
    }
    return found.id;
  }
  const creatable = committees.filter((c) => draftPolicy.create(actor, c.id));
  const own = creatable.find((c) => actor.memberships.some((m) => m.committeeId === c.id));
  const chosen = own ?? creatable[0];
  if (!chosen) throw new ImportDraftError(`${username} 无权创建稿件 / ${username} may not create drafts`);
  return chosen.id;
}
