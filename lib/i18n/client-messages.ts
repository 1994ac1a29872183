// The messages the browser gets: not the whole catalogue (~33 KB of JSON, in every page's
// HTML), only what client components read. The root layout sends the shell's; a route
// segment's layout adds its pages' with <ClientMessages scope="…"> (components/i18n/
// client-messages.tsx), merged over what the layouts above it sent. Server components read
// the full catalogue on the server and need nothing here.
//
// Each entry is a catalogue path: a namespace, a subtree or one message. The unit test
// lib/i18n/client-messages.test.ts reads every client component reachable from each route
// (useTranslations("ns") and its t("key") calls, template keys as their subtree) and every
// error key the server can send, and fails when a path is not covered for that route.

/** Keys the server sends in errors (AppError messageKey, schema messages), shown through useAppErrors on any page. */
const SERVER_ERRORS = [
  "errors",
  "validation",
  "login.invalid_credentials",
  "login.rate_limited",
  "login.rate_limited_seconds",
  "import.errors",
  "comments.invalidPassage",
  "comments.mentionNoAccess",
  "comments.rateLimited",
  "comments.tooManyMentions",
  "comments.reasonRequired",
  "comments.validation",
  "comments.export.badFormat",
  "signoff.draftFinal",
  "signoff.diffSameVersion",
  "signoff.notFinal",
  "signoff.notLatest",
  "signoff.notSigner",
  "signoff.notYourTurn",
  "signoff.openThreads",
  "signoff.openThreadsWarn",
  "signoff.reauthLimited",
  "signoff.reauthRequired",
  "signoff.roundClosed",
  "signoff.ruleLocked",
  "signoff.signerUnavailable",
  "signoff.staleHash",
  "signoff.versionHadRound",
  "signoff.wrongPassword",
  "signoff.validation",
  "signoff.export.badFormat",
  "signoff.export.pdfBusy",
  "signoff.export.pdfFailed",
  "signoff.export.pdfUnavailable",
] as const;

export const CLIENT_MESSAGES = {
  /** Every page (app/layout.tsx): error pages, the header's bell and language switch, every server error. */
  shell: [...SERVER_ERRORS, "common.language", "locales", "bell", "notifications.someone", "notifications.what"],
  /** app/login */
  login: ["login"],
  /** app/(app)/account */
  account: ["account"],
  /** app/(app)/notifications */
  notifications: ["notifications"],
  /** app/(app)/admin */
  admin: ["admin.users", "admin.committees", "admin.audit", "roles"],
  /** app/(app)/drafts/new */
  newDraft: ["import"],
  /** app/(app)/drafts/[id] and below: the workspace (editor, outline, comments, members). */
  draft: [
    "draft",
    "drafts.role",
    "roles.committee",
    "comments.panel",
    "comments.filters",
    "comments.composer",
    "comments.form",
    "comments.thread",
    "comments.disposition",
    "comments.selection",
    "comments.outline",
    "comments.sheet",
    "signoff.ui.editorFinal",
  ],
  /** app/(app)/drafts/[id]/signoff */
  signoff: ["signoff.ui", "signoff.words"],
  /** app/(app)/drafts/[id]/versions */
  versions: ["signoff.ui"],
} as const satisfies Record<string, readonly string[]>;

export type ClientMessageScope = keyof typeof CLIENT_MESSAGES;

type Messages = Record<string, unknown>;

/** The part of `messages` under `paths` (each a dot path); shared subtrees are not copied. */
export function pickMessages(messages: Messages, paths: readonly string[]): Messages {
  const out: Messages = {};
  for (const p of paths) {
    const keys = p.split(".");
    let from: unknown = messages;
    for (const k of keys) from = typeof from === "object" && from !== null ? (from as Messages)[k] : undefined;
    if (from === undefined) continue;
    let to = out;
    for (const k of keys.slice(0, -1)) {
      const next = to[k];
      // A copy: `next` may be a subtree of the catalogue itself, picked whole by an earlier path.
      to = to[k] = isObject(next) ? { ...next } : {};
    }
    const last = keys.at(-1)!;
    const existing = to[last];
    to[last] = isObject(existing) && isObject(from) ? mergeMessages(existing, from) : from;
  }
  return out;
}

const isObject = (v: unknown): v is Messages => typeof v === "object" && v !== null && !Array.isArray(v);

/** `more` laid over `base`, subtree by subtree; neither is changed. */
export function mergeMessages(base: Messages, more: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(more)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeMessages(b, v) : v;
  }
  return out;
}
