// CSV for spreadsheets (RFC 4180): UTF-8 with a byte-order mark (Excel on Windows reads
// Chinese correctly only with it), CRLF line ends, fields quoted when they hold a comma, a
// quote or a line break, quotes doubled. A text field that a spreadsheet would take for a
// formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so
// a comment like "=HYPERLINK(...)" stays text (CSV/formula injection).

export type CsvValue = string | number | boolean | Date | null | undefined;

const BOM = "\ufeff";
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text value made inert for spreadsheets. Numbers are left alone (a negative number is no formula). */
export function guardFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function field(v: CsvValue): string {
  let s: string;
  if (v === null || v === undefined) s = "";
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === "number") s = Number.isFinite(v) ? String(v) : "";
  else if (typeof v === "boolean") s = v ? "true" : "false";
  else s = guardFormula(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The file's text: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: CsvValue[][]): string {
  return BOM + rows.map((r) => `${r.map(field).join(",")}\r\n`).join("");
}
