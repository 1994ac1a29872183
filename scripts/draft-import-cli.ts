// Imports a draft file from the command line.
//
//   tsx scripts/draft-import-cli.ts --file 讲话稿.docx --dry-run [--json]
//       parse only and print the detected outline (JSON: exactly toOutlineJson's shape);
//       never loads the database layer.
//   tsx scripts/draft-import-cli.ts --file 报告.docx --owner zhangsan [--title …] [--committee …] [--json]
//       create a draft through server/services/drafts/import-draft.ts.
//
// Exit codes: 0 ok, 2 bad arguments or import error (message on stderr).

import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { assertFileAcceptable } from "../lib/import/import-file";
import { toOutlineJson, type ImportedSection, type ImportResult } from "../lib/import/index";
import { importUntrustedFile, PARSE_LIMITS } from "../server/import/untrusted";
import type { Db } from "../server/db/client";

export interface CreateDraftOptions {
  result: ImportResult;
  ownerUsername: string;
  title?: string;
  committee?: string;
}
export type CreateDraft = (opts: CreateDraftOptions) => Promise<{ id: string }>;

export interface CliDeps {
  createDraft?: CreateDraft;
  /** Injected by tests; default to the process streams. */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const USAGE =
  "用法 / usage: tsx scripts/draft-import-cli.ts --file <path> [--dry-run] [--json] " +
  "[--owner <username>] [--title <title>] [--committee <committee>]\n";

export async function main(argv: string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = deps.stderr ?? ((text: string) => void process.stderr.write(text));

  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        owner: { type: "string" },
        title: { type: "string" },
        committee: { type: "string" },
      },
    }));
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (!values.file) {
    err(`缺少 --file / missing --file\n${USAGE}`);
    return 2;
  }
  if (!values["dry-run"] && !values.owner) {
    // Checked before reading the file so a mistyped command fails fast.
    err(`创建文稿需要 --owner / --owner is required unless --dry-run\n${USAGE}`);
    return 2;
  }

  try {
    // Not read at all when too big; parsed in a worker with memory and time limits, like uploads.
    assertFileAcceptable({ fileName: basename(values.file), byteLength: (await stat(values.file)).size });
    const bytes = new Uint8Array(await readFile(values.file));
    // Limits of its own (a copy): a one-off run neither uses nor starts the server's spare worker.
    const result = await importUntrustedFile({ fileName: basename(values.file), bytes }, { ...PARSE_LIMITS });
    if (values["dry-run"]) {
      out(values.json ? `${JSON.stringify(toOutlineJson(result), null, 2)}\n` : renderOutline(result));
      return 0;
    }
    if (!deps.createDraft) throw new Error("未配置文稿创建服务 / no draft creator configured");
    const { id } = await deps.createDraft({
      result,
      ownerUsername: values.owner ?? "",
      title: values.title,
      committee: values.committee,
    });
    out(values.json ? `${JSON.stringify({ id })}\n` : `已创建文稿 / draft created: ${id}\n`);
    return 0;
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

/** Human-readable dry run: the outline as an indented tree, so an operator can eyeball it. */
export function renderOutline(result: ImportResult): string {
  const lines = [`开头段落 / opening paragraphs: ${result.opening.length}`];
  if (result.sections.length === 0) lines.push("未识别到章节 / no sections detected");
  const visit = (s: ImportedSection): void => {
    lines.push(`${"  ".repeat(s.level - 1)}[${s.level}] ${s.title} (${s.body.length})`);
    s.children.forEach(visit);
  };
  result.sections.forEach(visit);
  return `${lines.join("\n")}\n`;
}

/**
 * The lead's service, expected as:
 *   // server/services/drafts/import-draft.ts
 *   export async function createDraftFromImport(opts: {
 *     result: ImportResult; ownerUsername: string; title?: string; committee?: string;
 *   }): Promise<{ id: string }>;
 * Loaded by URL rather than a literal specifier so this file type-checks before that module
 * exists, and only when a draft is actually created, so --dry-run never opens a database.
 */
type CreateDraftWithDb = (opts: Parameters<CreateDraft>[0] & { db: Db }) => Promise<{ id: string }>;

async function loadCreateDraft(): Promise<CreateDraftWithDb> {
  const url = new URL("../server/services/drafts/import-draft.ts", import.meta.url).href;
  const mod = (await import(url)) as { createDraftFromImport?: unknown };
  if (typeof mod.createDraftFromImport !== "function") {
    throw new Error("server/services/drafts/import-draft.ts 未导出 createDraftFromImport");
  }
  return mod.createDraftFromImport as CreateDraftWithDb;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const argv = process.argv.slice(2);
  const createDraft: CreateDraft = async (opts) => {
    const [create, { withPortalDatabase }] = await Promise.all([loadCreateDraft(), import("./lib/portal-database")]);
    return withPortalDatabase((db) => create({ ...opts, db }));
  };
  void main(argv, { createDraft }).then((code) => {
    process.exitCode = code;
    // The write path may leave database/Redis pools open; exit once stdout has flushed.
    if (!argv.includes("--dry-run")) process.stdout.write("", () => process.exit(code));
  });
}
