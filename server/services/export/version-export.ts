import { createTranslator } from "next-intl";
import type { DownloadFile } from "./download";
import type { Db } from "../../db/client";
import { AppError, notFound } from "../../errors";
import type { Actor } from "../../policy";
import { signoffPolicy } from "../../policy/signoff";
import { loadDraftAccess } from "../drafts/draft-access";
import { recordAuditEvent, type AuditMeta } from "../audit/record-audit-event";
import { namesOf, parseStages } from "../signoff/common";
import { officialBlocks, approvalsNeeded, sheetStatusKey, type SheetStage, type SheetWords, type SignoffSheet } from "./official";
import { officialDocx } from "./official-docx";
import { officialHtml } from "./official-html";
import { htmlToPdf } from "./pdf";
import { qrPng } from "./png";
import { encodeQr, qrToSvg, type QrCode } from "./qr";
import { attachment, fileTitle } from "./register";
import type { Locale } from "@/lib/i18n/config";
import type { PMJSONNode } from "@/lib/sections/outline";
import zh from "@/messages/zh-CN/signoff.json";
import en from "@/messages/en/signoff.json";

// A version as a file — GET /api/drafts/<id>/versions/<versionId>/export?format=docx|pdf: the
// version's frozen content laid out like an official document, and its sign-off sheet (审签单)
// on the last page with the version hash and a QR code of the verification link
// PUBLIC_URL/verify/<hash>. Readers of the draft may download any of its versions; a hidden
// draft, and a version of another draft, are NOT_FOUND.

export const VERSION_EXPORT_FORMATS = ["docx", "pdf"] as const;
export type VersionExportFormat = (typeof VERSION_EXPORT_FORMATS)[number];

type Messages = typeof zh;
const translators = {
  "zh-CN": createTranslator({ locale: "zh-CN", messages: zh as Messages, namespace: "signoff" }),
  en: createTranslator({ locale: "en", messages: en as Messages, namespace: "signoff" }),
};

const TIME_ZONE = "Asia/Shanghai";
export const exportTime = (d: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d);

/** The sheet's words in a language, with the version's status already phrased. */
export function sheetWords(sheet: SignoffSheet, locale: Locale): SheetWords {
  const t = translators[locale];
  const s = sheetStatusKey(sheet);
  const statusText =
    s.key === "round" ? t(`words.roundStatus.${s.status!}`) : s.key === "statusNone" ? t("export.sheet.statusNone") : t(`export.sheet.${s.key}`, { at: s.at ? exportTime(s.at) : "" });
  return {
    title: t("export.sheet.title"),
    draft: t("export.sheet.draft"),
    version: t("export.sheet.version"),
    versionValue: (number, label) => t("export.sheet.versionValue", { number, label }),
    frozenAt: t("export.sheet.frozenAt"),
    status: t("export.sheet.status"),
    hash: t("export.sheet.hash"),
    stage: t("export.sheet.stage"),
    signer: t("export.sheet.signer"),
    decision: t("export.sheet.decision"),
    time: t("export.sheet.time"),
    comment: t("export.sheet.comment"),
    pending: t("export.sheet.pending"),
    noRound: t("export.sheet.noRound"),
    statusText,
    verify: t("export.sheet.verify"),
    qrOmitted: t("export.sheet.qrOmitted"),
    generated: t("export.sheet.generated", { at: exportTime(sheet.generatedAt) }),
    stageNo: (n) => t("words.stage", { n }),
    thresholdText: (stage: SheetStage) => (stage.threshold === "ALL" ? t("words.thresholdAll") : t("words.thresholdK", { n: stage.size, k: approvalsNeeded(stage) })),
    decisionText: (d) => (d === "APPROVE" ? t("words.approve") : t("words.return")),
    when: exportTime,
  };
}

/** A version of a draft the actor reads, with what its sign-off sheet needs. */
export async function loadVersionForExport(o: { db: Db; actor: Actor; draftId: string; versionId: string; verifyBase: string; now?: Date }) {
  const { draft, role } = await loadDraftAccess({ db: o.db, actor: o.actor, draftId: o.draftId });
  if (!signoffPolicy.read(role)) throw notFound();
  const v = await o.db.draftVersion.findUnique({
    where: { id: o.versionId },
    select: {
      id: true, draftId: true, number: true, title: true, label: true, hash: true, content: true, createdAt: true,
      round: { select: { status: true, completedAt: true, stages: true } },
      signoffs: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { signerId: true, stageIndex: true, decision: true, comment: true, createdAt: true } },
    },
  });
  if (!v || v.draftId !== draft.id) throw notFound();

  const stages = parseStages(v.round?.stages);
  const names = await namesOf(o.db, [...stages.flatMap((s) => s.signerIds), ...v.signoffs.map((s) => s.signerId)]);
  const sheetStages: SheetStage[] = stages.map((stage, i) => {
    const decisions = v.signoffs.filter((s) => s.stageIndex === i);
    const listed = stage.signerIds.map((id) => {
      const d = decisions.find((s) => s.signerId === id);
      return { name: names.get(id)?.name ?? "", decision: d?.decision ?? null, at: d?.createdAt ?? null, comment: d?.comment ?? "" };
    });
    // A decision by someone the stage no longer lists (it cannot happen today) is still printed.
    const extra = decisions
      .filter((d) => !stage.signerIds.includes(d.signerId))
      .map((d) => ({ name: names.get(d.signerId)?.name ?? "", decision: d.decision, at: d.createdAt, comment: d.comment }));
    return { name: stage.name, threshold: stage.threshold, size: stage.signerIds.length, signers: [...listed, ...extra] };
  });
  const sheet: SignoffSheet = {
    title: v.title,
    number: v.number,
    label: v.label,
    hash: v.hash,
    frozenAt: v.createdAt,
    final: draft.finalVersionId === v.id,
    round: v.round ? { status: v.round.status, completedAt: v.round.completedAt } : null,
    stages: sheetStages,
    verifyUrl: `${o.verifyBase.replace(/\/$/, "")}/verify/${v.hash}`,
    generatedAt: o.now ?? new Date(),
  };
  return { version: { ...v, content: v.content as unknown as PMJSONNode }, sheet };
}

export type VersionExportFile = DownloadFile;

const CONTENT_TYPES: Record<VersionExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/** The QR code of the link, or null when it does not fit (a PUBLIC_URL of well over 100 characters). */
function qrOf(url: string): QrCode | null {
  try {
    return encodeQr(url);
  } catch (e) {
    console.error(`[export] no QR code for the verification link: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** `<标题>-v2-送审稿.docx`, with an ASCII fallback `version-2.docx`. */
export function versionFileName(v: { title: string; number: number; label: string }, format: VersionExportFormat) {
  const label = v.label.trim() ? `-${fileTitle(v.label)}` : "";
  const name = `${fileTitle(v.title)}-v${v.number}${label}.${format}`;
  return { name, ascii: `version-${v.number}.${format}` };
}

export async function versionExportFile(o: {
  db: Db;
  actor: Actor;
  draftId: string;
  versionId: string;
  format: string;
  locale: Locale;
  /** PUBLIC_URL: the verification link's origin. */
  publicUrl: string;
  /** Chromium for PDF. */
  chromium: string;
  now?: Date;
  /** Who asked, from where: the download is an audit event. */
  meta?: AuditMeta;
}): Promise<VersionExportFile> {
  if (!(VERSION_EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new AppError("BAD_REQUEST", "signoff.export.badFormat");
  const format = o.format as VersionExportFormat;
  const { version, sheet } = await loadVersionForExport({ ...o, verifyBase: o.publicUrl });
  const words = sheetWords(sheet, o.locale);
  const blocks = officialBlocks(version.content, version.title);
  const qr = qrOf(sheet.verifyUrl);
  const body =
    format === "docx"
      ? officialDocx({ title: version.title, blocks, sheet, words, qrPng: qr ? qrPng(qr, { scale: 8, dpi: 300 }) : null })
      : await htmlToPdf(officialHtml({ title: version.title, blocks, sheet, words, qrSvg: qr ? qrToSvg(qr, { title: sheet.verifyUrl }) : null, lang: o.locale }), { chromium: o.chromium });
  const { name, ascii } = versionFileName(version, format);
  // Who took a copy of which version, and in which form: written once the file is made.
  await o.db.$transaction((tx) =>
    recordAuditEvent({
      tx, actorId: o.actor.id, type: "version.exported", target: { type: "DraftVersion", id: version.id },
      data: { draftId: version.draftId, number: version.number, format }, meta: o.meta,
    }),
  );
  return { fileName: name, contentType: CONTENT_TYPES[format], contentDisposition: attachment(name, ascii), body };
}
