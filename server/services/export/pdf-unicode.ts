import { deflateSync, inflateSync } from "node:zlib";

// Chromium's PDFs name some Chinese characters by the wrong code point in their text layer:
// Noto CJK draws an ideograph and its look-alike radical with one glyph (一 and ⼀ U+2F00, 页
// and ⻚ U+2EDA …), and Skia's ToUnicode map gives each glyph the lowest code point that uses
// it — the radical. The page looks right, but copying, searching and text extraction get
// radicals: “⼀、总体要求”, “第⼀⻚”. This rewrites each font's ToUnicode CMap so those glyphs map
// to the ideographs, and leaves everything else byte for byte.
//
// Only PDFs of the shape Chromium writes are touched (one classic xref table, no object or
// xref streams, not encrypted); anything else is returned unchanged, as is a PDF with nothing
// to fix.

/**
 * Radical → ideograph where Noto Sans/Serif CJK SC draw both with one glyph, read from the
 * fonts' cmap tables (Debian fonts-noto-cjk; the Kangxi radicals agree with Unicode's NFKC
 * except ⼾, drawn as 戶). Pairs of characters.
 */
const PAIRS =
  "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹" +
  "⻀艹⻁虎⻂衤⻃覀⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐" +
  "⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂" +
  "⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木" +
  "⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾" +
  "⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走" +
  "⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香⾺馬⾼高⾽髟⾾鬥⾿鬯⿀鬲⿁鬼⿂魚⿃鳥⿄鹵" +
  "⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒⿓龍⿕龠";

export const RADICAL_TO_IDEOGRAPH: ReadonlyMap<number, number> = (() => {
  const chars = Array.from(PAIRS);
  const m = new Map<number, number>();
  for (let i = 0; i + 1 < chars.length; i += 2) m.set(chars[i]!.codePointAt(0)!, chars[i + 1]!.codePointAt(0)!);
  return m;
})();

const hexOf = (s: string) => Buffer.from(s, "hex");

function utf16Hex(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return out;
}

function fromUtf16Hex(hex: string): string {
  const b = hexOf(hex.length % 4 ? hex.padEnd(hex.length + (4 - (hex.length % 4)), "0") : hex);
  let s = "";
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
  return s;
}

const ideographs = (s: string) => Array.from(s, (ch) => String.fromCodePoint(RADICAL_TO_IDEOGRAPH.get(ch.codePointAt(0)!) ?? ch.codePointAt(0)!)).join("");

/** A ToUnicode CMap with radicals replaced by ideographs, all mappings as bfchar; null when nothing changes. */
export function fixCMap(cmap: string): string | null {
  const mappings: [string, string][] = [];
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    const hexes = [...block[1]!.matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((m) => m[1]!.replace(/\s+/g, ""));
    for (let i = 0; i + 1 < hexes.length; i += 2) mappings.push([hexes[i]!, hexes[i + 1]!]);
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const re = /<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])/g;
    for (const m of block[1]!.matchAll(re)) {
      const lo = parseInt(m[1]!.replace(/\s+/g, ""), 16);
      const hi = parseInt(m[2]!.replace(/\s+/g, ""), 16);
      const width = m[1]!.replace(/\s+/g, "").length;
      const dst = m[3]!;
      if (!(hi >= lo) || hi - lo > 0xffff) return null;
      const list = dst.startsWith("[") ? [...dst.matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((x) => x[1]!.replace(/\s+/g, "")) : null;
      const first = list ? "" : dst.slice(1, -1).replace(/\s+/g, "");
      for (let c = lo; c <= hi; c++) {
        const src = c.toString(16).toUpperCase().padStart(width, "0");
        if (list) mappings.push([src, list[c - lo] ?? ""]);
        else {
          // The last UTF-16 unit counts up across the range.
          const b = hexOf(first);
          if (b.length < 2) return null;
          b.writeUInt16BE((b.readUInt16BE(b.length - 2) + (c - lo)) & 0xffff, b.length - 2);
          mappings.push([src, b.toString("hex").toUpperCase()]);
        }
      }
    }
  }
  let changed = false;
  const fixed = mappings.map(([src, dst]) => {
    const text = fromUtf16Hex(dst);
    const better = ideographs(text);
    if (better !== text) changed = true;
    return [src, better === text ? dst : utf16Hex(better)] as const;
  });
  if (!changed) return null;
  const codespace = cmap.match(/\d+\s+begincodespacerange[\s\S]*?endcodespacerange/)?.[0];
  if (!codespace) return null;
  const blocks: string[] = [];
  for (let i = 0; i < fixed.length; i += 100) {
    const chunk = fixed.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([s, d]) => `<${s}> <${d}>`).join("\n")}\nendbfchar`);
  }
  return (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
    `${codespace}\n${blocks.join("\n")}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`
  );
}

/** The PDF with its ToUnicode CMaps fixed (see above); the same bytes when there is nothing to fix or the file is not of the expected shape. */
export function fixPdfToUnicode(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-100));
  if (!tail) return pdf;
  const xrefAt = Number(tail[1]);
  if (!text.startsWith("xref", xrefAt)) return pdf;
  const trailerAt = text.indexOf("trailer", xrefAt);
  const startxrefAt = text.lastIndexOf("startxref");
  if (trailerAt < 0 || startxrefAt < trailerAt) return pdf;
  const trailer = text.slice(trailerAt + "trailer".length, startxrefAt).trim();
  if (/\/(Encrypt|Prev|XRefStm)\b/.test(trailer) || /\/Type\s*\/(ObjStm|XRef)\b/.test(text)) return pdf;

  // The xref table: object number → offset.
  const offsets = new Map<number, number>();
  const lines = text.slice(xrefAt + 4, trailerAt).trim().split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; ) {
    const head = /^(\d+)\s+(\d+)$/.exec(lines[i]!.trim());
    if (!head) return pdf;
    const start = Number(head[1]);
    const count = Number(head[2]);
    for (let k = 0; k < count; k++) {
      const e = /^(\d{10}) (\d{5}) ([nf])/.exec(lines[i + 1 + k] ?? "");
      if (!e) return pdf;
      if (e[3] === "n") offsets.set(start + k, Number(e[1]));
    }
    i += 1 + count;
  }

  const replaced = new Map<number, Buffer>();
  const ids = new Set([...text.matchAll(/\/ToUnicode\s+(\d+)\s+0\s+R/g)].map((m) => Number(m[1])));
  for (const id of ids) {
    const at = offsets.get(id);
    if (at === undefined) continue;
    const head = new RegExp(`^${id}\\s+0\\s+obj\\s*(<<[\\s\\S]*?>>)\\s*stream(\\r\\n|\\n|\\r)`).exec(text.slice(at, at + 400));
    if (!head) continue;
    const dict = head[1]!;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!length) continue;
    const start = at + head[0].length;
    const raw = pdf.subarray(start, start + Number(length[1]));
    const filters = /\/Filter\s*\/FlateDecode\b/.test(dict) ? 1 : /\/Filter/.test(dict) ? -1 : 0;
    if (filters < 0) continue;
    let cmap: string;
    try {
      cmap = (filters ? inflateSync(raw) : raw).toString("latin1");
    } catch {
      continue;
    }
    if (!cmap.includes("begincmap")) continue;
    const fixed = fixCMap(cmap);
    if (!fixed) continue;
    const data = deflateSync(Buffer.from(fixed, "latin1"));
    replaced.set(id, Buffer.concat([Buffer.from(`${id} 0 obj\n<</Filter /FlateDecode\n/Length ${data.length}>> stream\n`, "latin1"), data, Buffer.from("\nendstream\nendobj\n", "latin1")]));
  }
  if (!replaced.size) return pdf;

  // Rebuild: every object's bytes as they were (up to the next object), the fixed ones anew,
  // then a new xref table and the same trailer.
  const order = [...offsets.entries()].sort((a, b) => a[1] - b[1]);
  const parts: Buffer[] = [pdf.subarray(0, order[0]![1])];
  let size = order[0]![1];
  const newOffsets = new Map<number, number>();
  order.forEach(([id, at], i) => {
    const end = i + 1 < order.length ? order[i + 1]![1] : xrefAt;
    const chunk = replaced.get(id) ?? pdf.subarray(at, end);
    newOffsets.set(id, size);
    parts.push(chunk);
    size += chunk.length;
  });
  const maxId = Math.max(...offsets.keys());
  let xref = `xref\n0 ${maxId + 1}\n0000000000 65535 f \n`;
  for (let id = 1; id <= maxId; id++) {
    const at = newOffsets.get(id);
    xref += at === undefined ? "0000000000 65535 f \n" : `${String(at).padStart(10, "0")} 00000 n \n`;
  }
  parts.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${size}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}
