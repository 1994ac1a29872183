import { z } from "zod";
import "../zod-browser";

// Free text from people (titles, names, search, descriptions) goes through these, on the
// client (forms) and the server (tRPC inputs) alike. Control characters have no place in
// any of it: PostgreSQL refuses U+0000 in text outright (a NUL in a search used to be a
// 500), and the others are invisible junk from copy-paste or crafted requests. They are
// refused with "validation.controlChars", so nothing is silently changed — except tabs and
// line breaks in one-line fields, which become a space (pasting a title from a table cell).

/** C0 controls (U+0000–U+001F), DEL and C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** The same, but tab, line feed and carriage return are allowed (multi-line text). */
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_BREAKS_AND_TABS = /[\t\n\r\u2028\u2029]+/gu;

export const CONTROL_CHARS_MESSAGE = "validation.controlChars";

export function hasControlChars(text: string, o: { multiline?: boolean } = {}): boolean {
  return (o.multiline ? CONTROL_EXCEPT_WHITESPACE : CONTROL).test(text);
}

/** Removes what `multiline` text may not contain (for text that is imported, not typed: a paste of a whole document). */
export function stripControlChars(text: string): string {
  return text.replace(new RegExp(CONTROL_EXCEPT_WHITESPACE.source, "gu"), "");
}

/**
 * One line of text (a title, a name, a search): tabs and line breaks become one space, the
 * result is trimmed, any other control character is refused. Chain `.min()` / `.max()`.
 */
export const zLine = () =>
  z
    .string()
    .overwrite((s) => s.replace(LINE_BREAKS_AND_TABS, " "))
    .trim()
    .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE);

/** Text that may span lines (a description, a note): trimmed; controls other than tab and line breaks refused. */
export const zText = () =>
  z
    .string()
    .trim()
    .refine((s) => !hasControlChars(s, { multiline: true }), CONTROL_CHARS_MESSAGE);

/** A record id (cuid) as sent by clients: bounded, and no control characters to reach a query. */
export const zId = (required = "validation.required") =>
  z.string().min(1, required).max(64).refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE);
export const ZId = zId();
