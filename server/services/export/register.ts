import { createTranslator } from "next-intl";
import type { DownloadFile } from "./download";
import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import type { Actor } from "../../policy";
import { registerRows, type RegisterRow } from "../comments/read";
import { loadDraftAccess } from "../drafts/draft-access";
import { recordAuditEvent, type AuditMeta } from "../audit/record-audit-event";
import { toCsv } from "./csv";
import { cell, paragraph, writeDocx, type TableCell } from "./docx";
import type { Locale } from "@/lib/i18n/config";
import zh from "@/messages/zh-CN/comments.json";
import en from "@/messages/en/comments.json";

// 意见采纳情况 as a file: .csv (spreadsheets) or .docx (a table on A4 landscape, to print or
// attach to the committee's report). The same rows as comments.register — the same policy,
// internal threads included only for those who may read them; a hidden draft is NOT_FOUND.

export const REGISTER_FORMATS = ["csv", "docx"] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

type Messages = typeof zh;
const translators = {
  "zh-CN": createTranslator({ locale: "zh-CN", messages: zh as Messages, namespace: "comments.export" }),
  en: createTranslator({ locale: "en", messages: en as Messages, namespace: "comments.export" }),
};

const TIME_ZONE = "Asia/Shanghai";
const when = (d: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d);

/** A title as a file name: no path separators, reserved or control characters; at most 80 characters. */
export function fileTitle(title: string): string {
  const clean = title.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, " ").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  return [...clean].slice(0, 80).join("") || "draft";
}

/** Content-Disposition with an ASCII fallback and the real (UTF-8) name per RFC 5987 / RFC 6266. */
export function attachment(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

function texts(locale: Locale) {
  const t = translators[locale];
  return {
    t,
    section: (r: RegisterRow) => {
      const name = [r.sectionLabel, r.sectionTitle].filter(Boolean).join("") || t("wholeDraft");
      return r.detached ? `${name}${t("detached")}` : name;
    },
    comment: (r: RegisterRow) => r.comment || t("deleted"),
    status: (r: RegisterRow) => t(`status.${r.status}`),
    disposition: (r: RegisterRow) => t(`disposition.${r.disposition ?? "none"}`),
    columns: (["index", "section", "commenter", "comment", "createdAt", "status", "disposition", "reason"] as const).map((k) => t(`columns.${k}`)),
  };
}

export function registerCsv(rows: RegisterRow[], locale: Locale): string {
  const x = texts(locale);
  return toCsv([
    x.columns,
    ...rows.map((r, i) => [i + 1, x.section(r), r.commenter, x.comment(r), when(r.createdAt), x.status(r), x.disposition(r), r.reason]),
  ]);
}

export function registerDocx(o: { rows: RegisterRow[]; draftTitle: string; locale: Locale; now?: Date }): Buffer {
  const x = texts(o.locale);
  const now = o.now ?? new Date();
  const head = (s: string): TableCell => cell(s, { bold: true, align: "center", fill: "E7E6E6", font: "黑体", size: 10.5 });
  const body = (s: string, align: "left" | "center" = "left"): TableCell => cell(s, { align, size: 10.5 });
  return writeDocx(
    {
      title: `${x.t("title")} — ${o.draftTitle}`,
      // A4 landscape: eight columns fit at 五号 (10.5 pt).
      page: { size: "A4", orientation: "landscape", margins: { top: 20, right: 20, bottom: 20, left: 20 } },
      defaults: { font: "仿宋_GB2312", size: 12 },
      pageNumbers: { format: o.locale === "zh-CN" ? "— {page} —" : x.t("page", { page: "{page}" }), size: 10.5 },
      blocks: [
        paragraph(x.t("title"), { align: "center", font: "黑体", size: 22, spaceAfter: 12 }),
        paragraph(x.t("draft", { title: o.draftTitle }), { size: 14 }),
        paragraph(`${x.t("generated", { at: when(now) })}　　${x.t("count", { count: o.rows.length })}`, { size: 12, spaceAfter: 8 }),
        o.rows.length
          ? {
              kind: "table",
              columns: [10, 36, 20, 92, 25, 16, 20, 38],
              header: x.columns.map(head),
              rows: o.rows.map((r, i) => [
                body(String(i + 1), "center"),
                body(x.section(r)),
                body(r.commenter),
                body(x.comment(r)),
                body(when(r.createdAt), "center"),
                body(x.status(r), "center"),
                body(x.disposition(r), "center"),
                body(r.reason),
              ]),
            }
          : paragraph(x.t("empty")),
      ],
    },
    { modified: now },
  );
}

export type RegisterFile = DownloadFile;

/** The register of a draft the actor may read, as a file. */
export async function registerFile(o: { db: Db; actor: Actor; draftId: string; format: string; locale: Locale; /** The download is an audit event. */ meta?: AuditMeta }): Promise<RegisterFile> {
  if (!(REGISTER_FORMATS as readonly string[]).includes(o.format)) throw new AppError("BAD_REQUEST", "comments.export.badFormat");
  const { draft, role } = await loadDraftAccess({ db: o.db, actor: o.actor, draftId: o.draftId });
  const rows = await registerRows({ db: o.db, actor: o.actor, role, draftId: draft.id });
  await o.db.$transaction((tx) =>
    recordAuditEvent({
      tx, actorId: o.actor.id, type: "register.exported", target: { type: "Draft", id: draft.id },
      data: { format: o.format, threads: rows.length }, meta: o.meta,
    }),
  );
  const base = `${translators[o.locale]("title")}-${fileTitle(draft.title)}`;
  if (o.format === "csv") {
    return {
      fileName: `${base}.csv`,
      contentType: "text/csv; charset=utf-8",
      contentDisposition: attachment(`${base}.csv`, "register.csv"),
      body: Buffer.from(registerCsv(rows, o.locale), "utf8"),
    };
  }
  return {
    fileName: `${base}.docx`,
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    contentDisposition: attachment(`${base}.docx`, "register.docx"),
    body: registerDocx({ rows, draftTitle: draft.title, locale: o.locale }),
  };
}
