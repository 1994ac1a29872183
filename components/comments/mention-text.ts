import { mentionToken } from "@/lib/comments/text";

// The composer shows mentions readably: the textarea holds "@高雪", and a side list remembers
// which person each "@名字" chosen from the suggestions stands for. On sending, each "@名字"
// of the list becomes the stored token `@[高雪](u:ID)` (lib/comments/text.ts); a mention whose
// text was deleted is simply gone. Two different people with the same name cannot both be
// shown as "@名字": the second is inserted as its token, which stays unambiguous.

export interface ChosenMention {
  id: string;
  name: string;
}

const TOKEN = /@\[([^\]\n]{1,60})\]\(u:([A-Za-z0-9_-]{1,64})\)/g;

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What the textarea shows for `mention` given the mentions already chosen. */
export function mentionDisplay(mention: ChosenMention, chosen: readonly ChosenMention[]): string {
  const clash = chosen.some((m) => m.name === mention.name && m.id !== mention.id);
  return clash ? mentionToken(mention.id, mention.name) : `@${mention.name}`;
}

/** A stored body as the composer shows it (to edit a comment). */
export function readableFromBody(body: string): { text: string; mentions: ChosenMention[] } {
  const mentions: ChosenMention[] = [];
  const text = body.replace(TOKEN, (whole, name: string, id: string) => {
    const m = { id, name };
    const shown = mentionDisplay(m, mentions);
    if (!mentions.some((x) => x.id === id) && shown !== whole) mentions.push(m);
    return shown;
  });
  return { text, mentions };
}

/** The body to send: each chosen "@名字" still in the text becomes its token. */
export function bodyFromReadable(text: string, chosen: readonly ChosenMention[]): string {
  const byName = new Map<string, ChosenMention>();
  for (const m of chosen) if (!byName.has(m.name)) byName.set(m.name, m);
  if (byName.size === 0) return text;
  // Longest names first, so "@王建国" is not taken as "@王建" followed by "国".
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // A token already in the text is kept as it is.
  const pattern = new RegExp(`${TOKEN.source}|@(${names.join("|")})`, "g");
  return text.replace(pattern, (whole, _tn: string | undefined, _ti: string | undefined, name: string | undefined) => {
    if (!name) return whole;
    const m = byName.get(name)!;
    return mentionToken(m.id, m.name);
  });
}

/** The mentions of `chosen` that the text still contains (shown under the textarea). */
export function presentMentions(text: string, chosen: readonly ChosenMention[]): ChosenMention[] {
  return chosen.filter((m) => text.includes(mentionDisplay(m, chosen)));
}

/** The "@query" being typed just before the caret, or null. */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  // Chinese text puts "@" right after a character; only an e-mail address (a@b) is not a mention.
  const m = /(^|[^A-Za-z0-9_.+-])@([^\s@\][()（）]{0,20})$/.exec(before);
  if (!m) return null;
  return { query: m[2]!, start: caret - m[2]!.length - 1 };
}
