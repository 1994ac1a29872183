import { inflateSync } from "node:zlib";

// The text a PDF shows on its pages, for tests: a small reader of the PDF structure (objects,
// the page tree, fonts' ToUnicode CMaps) and of content streams (text-showing operators
// Tj, TJ, ' and "). Only what is drawn on pages counts — not the document information
// (/Title), not bookmarks, not the structure tree — so "the PDF contains the hash" fails when
// the page does not show it. Enough for Chromium's (Skia's) output: Type 0 (Identity-H) and
// Type 3 fonts with ToUnicode, FlateDecode streams, no object streams.

type PdfValue = number | string | boolean | null | PdfName | PdfRef | PdfValue[] | PdfDict | PdfBytes;
class PdfName {
  constructor(readonly name: string) {}
}
class PdfRef {
  constructor(readonly id: number) {}
}
class PdfBytes {
  constructor(readonly bytes: Buffer) {}
}
type PdfDict = Map<string, PdfValue>;

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([..."()<>[]{}/%"].map((c) => c.charCodeAt(0)));

/** A tokenizer/parser over PDF syntax (objects and content streams alike). */
class Parser {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  skipWs() {
    while (this.pos < this.buf.length) {
      const c = this.buf[this.pos]!;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25 /* % */) while (this.pos < this.buf.length && this.buf[this.pos] !== 0x0a && this.buf[this.pos] !== 0x0d) this.pos++;
      else break;
    }
  }

  regular(): string {
    const start = this.pos;
    while (this.pos < this.buf.length && !WS.has(this.buf[this.pos]!) && !DELIM.has(this.buf[this.pos]!)) this.pos++;
    return this.buf.subarray(start, this.pos).toString("latin1");
  }

  literal(): Buffer {
    this.pos++; // (
    const out: number[] = [];
    let depth = 1;
    while (this.pos < this.buf.length) {
      const c = this.buf[this.pos++]!;
      if (c === 0x5c /* \ */) {
        const e = this.buf[this.pos++]!;
        const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
        if (e in map) out.push(map[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let oct = e - 0x30;
          for (let k = 0; k < 2 && this.buf[this.pos]! >= 0x30 && this.buf[this.pos]! <= 0x37; k++) oct = oct * 8 + (this.buf[this.pos++]! - 0x30);
          out.push(oct & 0xff);
        } else if (e === 0x0d || e === 0x0a) {
          if (e === 0x0d && this.buf[this.pos] === 0x0a) this.pos++;
        } else out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) break;
        out.push(c);
      } else out.push(c);
    }
    return Buffer.from(out);
  }

  hex(): Buffer {
    this.pos++; // <
    const end = this.buf.indexOf(0x3e, this.pos);
    let digits = this.buf.subarray(this.pos, end).toString("latin1").replace(/\s+/g, "");
    this.pos = end + 1;
    if (digits.length % 2) digits += "0";
    return Buffer.from(digits, "hex");
  }

  /** The next value, or an operator (as { op }) in content streams; null at the end. */
  next(): PdfValue | { op: string } | undefined {
    this.skipWs();
    if (this.pos >= this.buf.length) return undefined;
    const c = this.buf[this.pos]!;
    if (c === 0x2f /* / */) {
      this.pos++;
      return new PdfName(this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === 0x28) return new PdfBytes(this.literal());
    if (c === 0x3c && this.buf[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipWs();
        if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return dict;
        }
        const key = this.next();
        if (!(key instanceof PdfName)) throw new Error(`pdf: dictionary key expected at ${this.pos}`);
        dict.set(key.name, this.value());
      }
    }
    if (c === 0x3c) return new PdfBytes(this.hex());
    if (c === 0x5b /* [ */) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.buf[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.value());
      }
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) {
      this.pos++;
      return { op: String.fromCharCode(c) };
    }
    const word = this.regular();
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "n g R" is a reference.
      const save = this.pos;
      if (/^\d+$/.test(word)) {
        this.skipWs();
        const g = this.regular();
        this.skipWs();
        if (/^\d+$/.test(g) && this.buf[this.pos] === 0x52 /* R */ && (this.pos + 1 >= this.buf.length || WS.has(this.buf[this.pos + 1]!) || DELIM.has(this.buf[this.pos + 1]!))) {
          this.pos++;
          return new PdfRef(Number(word));
        }
        this.pos = save;
      }
      return Number(word);
    }
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    if (!word) throw new Error(`pdf: unexpected byte ${c} at ${this.pos}`);
    return { op: word };
  }

  value(): PdfValue {
    const v = this.next();
    if (v === undefined || (typeof v === "object" && v !== null && "op" in v)) throw new Error(`pdf: value expected at ${this.pos}`);
    return v as PdfValue;
  }
}

interface PdfObject {
  value: PdfValue;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const text = pdf.toString("latin1");
  const re = /(\d+)\s+(\d+)\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const p = new Parser(pdf);
    p.pos = m.index + m[0].length;
    const value = p.value();
    p.skipWs();
    let stream: Buffer | undefined;
    if (text.startsWith("stream", p.pos)) {
      let start = p.pos + "stream".length;
      if (pdf[start] === 0x0d) start++;
      if (pdf[start] === 0x0a) start++;
      const dict = value as PdfDict;
      const len = dict.get("Length");
      const end = typeof len === "number" ? start + len : text.indexOf("endstream", start);
      stream = pdf.subarray(start, end);
      re.lastIndex = end;
    }
    objects.set(Number(m[1]), { value, stream });
  }
  return objects;
}

function inflate(obj: PdfObject): Buffer {
  const filter = (obj.value as PdfDict).get("Filter");
  const names = Array.isArray(filter) ? filter : filter ? [filter] : [];
  let data = obj.stream ?? Buffer.alloc(0);
  for (const f of names) {
    if (!(f instanceof PdfName) || f.name !== "FlateDecode") throw new Error(`pdf: unsupported filter ${String(f)}`);
    data = inflateSync(data);
  }
  return data;
}

interface CMap {
  bytes: number;
  map: Map<number, string>;
}

const utf16 = (b: Buffer) => {
  let s = "";
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
  return s;
};

function parseCMap(data: Buffer): CMap {
  const p = new Parser(data);
  const map = new Map<number, string>();
  let bytes = 0;
  const stack: PdfValue[] = [];
  const code = (b: Buffer) => b.reduce((a, x) => a * 256 + x, 0);
  for (let t = p.next(); t !== undefined; t = p.next()) {
    if (t && typeof t === "object" && "op" in t) {
      if (t.op === "begincodespacerange") stack.length = 0;
      else if (t.op === "endcodespacerange") {
        if (!bytes && stack[0] instanceof PdfBytes) bytes = stack[0].bytes.length;
      } else if (t.op === "endbfchar") {
        for (let i = 0; i + 1 < stack.length; i += 2) map.set(code((stack[i] as PdfBytes).bytes), utf16((stack[i + 1] as PdfBytes).bytes));
      } else if (t.op === "endbfrange") {
        for (let i = 0; i + 2 < stack.length; i += 3) {
          const lo = code((stack[i] as PdfBytes).bytes);
          const hi = code((stack[i + 1] as PdfBytes).bytes);
          const dst = stack[i + 2]!;
          for (let c = lo; c <= hi; c++) {
            if (Array.isArray(dst)) map.set(c, utf16((dst[c - lo] as PdfBytes).bytes));
            else {
              const b = Buffer.from((dst as PdfBytes).bytes);
              b.writeUInt16BE(b.readUInt16BE(b.length - 2) + (c - lo), b.length - 2);
              map.set(c, utf16(b));
            }
          }
        }
      }
      if (t.op.startsWith("begin")) stack.length = 0;
      continue;
    }
    stack.push(t);
  }
  return { bytes: bytes || 1, map };
}

/** The text drawn on each page, in content-stream order (runs separated by newlines). */
export function pdfPageTexts(pdf: Buffer): string[] {
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-") throw new Error("not a PDF");
  const objects = readObjects(pdf);
  const get = (v: PdfValue | undefined): PdfValue | undefined => (v instanceof PdfRef ? objects.get(v.id)?.value : v);
  const trailerAt = pdf.lastIndexOf("trailer");
  let root: PdfValue | undefined;
  if (trailerAt >= 0) {
    const p = new Parser(pdf);
    p.pos = trailerAt + "trailer".length;
    root = (p.value() as PdfDict).get("Root");
  } else {
    root = [...objects.entries()].find(([, o]) => o.value instanceof Map && (o.value.get("Type") as PdfName | undefined)?.name === "Catalog")?.[0];
    root = root === undefined ? undefined : new PdfRef(root as number);
  }
  const catalog = get(root) as PdfDict;
  const pages: { dict: PdfDict; resources: PdfDict | undefined }[] = [];
  const walk = (node: PdfDict, inherited: PdfDict | undefined) => {
    const resources = (get(node.get("Resources")) as PdfDict | undefined) ?? inherited;
    if ((node.get("Type") as PdfName).name === "Pages") for (const kid of get(node.get("Kids")) as PdfValue[]) walk(get(kid) as PdfDict, resources);
    else pages.push({ dict: node, resources });
  };
  walk(get(catalog.get("Pages")) as PdfDict, undefined);

  const cmaps = new Map<number, CMap | null>();
  const cmapOf = (fontRef: PdfValue | undefined): CMap | null => {
    const id = fontRef instanceof PdfRef ? fontRef.id : -1;
    if (cmaps.has(id)) return cmaps.get(id)!;
    const font = get(fontRef) as PdfDict | undefined;
    const tu = font?.get("ToUnicode");
    const cmap = tu instanceof PdfRef && objects.get(tu.id) ? parseCMap(inflate(objects.get(tu.id)!)) : null;
    cmaps.set(id, cmap);
    return cmap;
  };

  return pages.map(({ dict, resources }) => {
    const fonts = (get(resources?.get("Font")) as PdfDict | undefined) ?? new Map<string, PdfValue>();
    const contents = get(dict.get("Contents"));
    const streams = (Array.isArray(contents) ? contents : [dict.get("Contents")]).map((c) => objects.get((c as PdfRef).id)!);
    let out = "";
    for (const s of streams) {
      const p = new Parser(inflate(s));
      let operands: PdfValue[] = [];
      let cmap: CMap | null = null;
      const show = (b: Buffer) => {
        if (!cmap) return;
        for (let i = 0; i + cmap.bytes <= b.length; i += cmap.bytes) out += cmap.map.get(b.subarray(i, i + cmap.bytes).reduce((a, x) => a * 256 + x, 0)) ?? "";
      };
      for (let t = p.next(); t !== undefined; t = p.next()) {
        if (!(t && typeof t === "object" && "op" in t)) {
          operands.push(t);
          continue;
        }
        switch (t.op) {
          case "Tf":
            cmap = cmapOf(fonts.get((operands[0] as PdfName).name));
            break;
          case "Tj":
          case "'":
          case '"':
            show((operands.at(-1) as PdfBytes).bytes);
            break;
          case "TJ":
            for (const x of operands[0] as PdfValue[]) if (x instanceof PdfBytes) show(x.bytes);
            break;
          case "ET":
            out += "\n";
            break;
          case "BI":
            // Inline image: skip to EI.
            p.pos = p.buf.indexOf("EI", p.pos) + 2;
            break;
        }
        operands = [];
      }
    }
    return out;
  });
}

/** All pages' text. */
export const pdfText = (pdf: Buffer) => pdfPageTexts(pdf).join("\n");

/** Text without white space, for matching a phrase that wraps or is drawn in pieces. */
export const compact = (s: string) => s.replace(/\s+/g, "");

/** Object number → the bytes at its xref offset start with "<n> 0 obj" (a reader that seeks by the xref finds it). */
export function xrefProblems(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const at = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1] ?? -1);
  if (!text.startsWith("xref", at)) return ["startxref does not point at the xref table"];
  const problems: string[] = [];
  const lines = text.slice(at + 4, text.indexOf("trailer", at)).trim().split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; ) {
    const [start, count] = lines[i]!.trim().split(/\s+/).map(Number) as [number, number];
    for (let k = 0; k < count; k++) {
      const [offset, , kind] = lines[i + 1 + k]!.trim().split(/\s+/);
      if (kind === "n" && !text.startsWith(`${start + k} 0 obj`, Number(offset))) problems.push(`object ${start + k} is not at ${offset}`);
    }
    i += 1 + count;
  }
  return problems;
}
