import { isSafeHref } from "@/lib/safe-href";

// Comment text is plain text. Two things in it are structured, both written as text so no
// HTML is ever stored: mentions, as the token `@[显示名](u:USER_ID)`, and web links, found
// by pattern when shown. The browser renders the segments below as text nodes, mention
// chips and <a> elements — never as HTML — so whatever a comment contains stays inert.

export const COMMENT_LIMITS = {
  /** Characters of one comment (after trimming). */
  maxChars: 5000,
  /** Distinct people mentioned in one comment. */
  maxMentions: 20,
  /** Characters of a quoted passage kept with a thread. */
  maxQuote: 500,
  /** Bytes of one encoded Yjs relative position. */
  maxAnchorBytes: 256,
  /** Characters of a disposition reason. */
  maxReason: 1000,
  /** New comments (threads and replies) per person per minute. */
  perMinute: 20,
} as const;

const MENTION = /@\[([^\]\n]{1,60})\]\(u:([A-Za-z0-9_-]{1,64})\)/g;
const LINK = /\bhttps?:\/\/[^\s<>"'（）()，。；、]+/g;
/** Bidirectional overrides and isolates: shown as visible markers, never applied. */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export type CommentSegment =
  | { type: "text"; text: string }
  | { type: "mention"; userId: string; name: string }
  | { type: "link"; href: string; text: string };

export function mentionToken(userId: string, name: string): string {
  return `@[${name.replace(/[\]\n]/g, " ").slice(0, 60)}](u:${userId})`;
}

/** Distinct user ids mentioned in `body`, in order of first mention. */
export function mentionedUserIds(body: string): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(MENTION)) if (!ids.includes(m[2]!)) ids.push(m[2]!);
  return ids;
}

/** Rewrites every mention's display name from `names` (the server does this on save). */
export function normalizeMentions(body: string, names: Map<string, string>): string {
  return body.replace(MENTION, (whole, _name: string, id: string) => (names.has(id) ? mentionToken(id, names.get(id)!) : whole));
}

/** Makes bidi controls visible, e.g. U+202E becomes "⟦U+202E⟧". */
export function visibleBidi(text: string): string {
  return text.replace(BIDI, (c) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟧`);
}

function textAndLinks(text: string, out: CommentSegment[]) {
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const href = m[0];
    if (m.index! > last) out.push({ type: "text", text: visibleBidi(text.slice(last, m.index)) });
    if (isSafeHref(href)) out.push({ type: "link", href, text: visibleBidi(href) });
    else out.push({ type: "text", text: visibleBidi(href) });
    last = m.index! + href.length;
  }
  if (last < text.length) out.push({ type: "text", text: visibleBidi(text.slice(last)) });
}

/** The comment as segments to render: text, mentions and safe http(s) links. */
export function parseCommentText(body: string): CommentSegment[] {
  const out: CommentSegment[] = [];
  let last = 0;
  for (const m of body.matchAll(MENTION)) {
    if (m.index! > last) textAndLinks(body.slice(last, m.index), out);
    out.push({ type: "mention", userId: m[2]!, name: visibleBidi(m[1]!) });
    last = m.index! + m[0].length;
  }
  if (last < body.length) textAndLinks(body.slice(last), out);
  return out;
}

/** The comment as plain text (notifications, the register, exports): mentions as "@名字". */
export function plainCommentText(body: string): string {
  return body.replace(MENTION, (_w, name: string) => `@${name}`);
}
