import { describe, expect, it } from "vitest";
import fixtures from "./qr.fixtures.json";
import { byteCapacity, encodeQr, formatBits, gfExp, gfMul, MASKS, penalty, qrToSvg, qrToText, rsRemainder, totalCodewords, versionBits, type QrCode } from "./qr";

// The QR encoder, three ways:
// 1. Whole symbols equal module for module to those of an independent encoder (Project
//    Nayuki's, run once outside the repository — qr.fixtures.json names the commit): versions
//    1, 6, 7 (version information) and 10 (two block sizes, 16-bit count), masks chosen by the
//    penalty rules.
// 2. Published values of the standard: the format information table (ISO/IEC 18004 Annex C),
//    version information (Annex D), the Reed–Solomon codewords of the worked "HELLO WORLD" 1-M
//    example, capacities of Table 7.
// 3. A reader written here from the standard reads every symbol back: format bits from both
//    copies, unmasking, codewords in placement order, de-interleaving, Reed–Solomon syndromes
//    all zero, then the byte-mode segment — the text must come back.

describe("QR encoder against an independent encoder", () => {
  for (const f of fixtures.symbols) {
    it(`“${f.text.slice(0, 24)}…” (${new TextEncoder().encode(f.text).length} bytes) → version ${f.version}, mask ${f.mask}, same modules`, () => {
      const code = encodeQr(f.text);
      expect({ version: code.version, mask: code.mask }).toEqual({ version: f.version, mask: f.mask });
      expect(qrToText(code)).toEqual(f.rows);
    });
  }
});

describe("QR encoder against the standard's published values", () => {
  it("format information for level M, masks 0–7 (Annex C)", () => {
    const expected = ["101010000010010", "101000100100101", "101111001111100", "101101101001011", "100010111111001", "100000011001110", "100111110010111", "100101010100000"];
    expect(expected.map((_, mask) => formatBits(mask).toString(2).padStart(15, "0"))).toEqual(expected);
  });

  it("version information for versions 7–10 (Annex D)", () => {
    expect([7, 8, 9, 10].map(versionBits)).toEqual([0x07c94, 0x085bc, 0x09a99, 0x0a4d3]);
  });

  it("Reed–Solomon: the ten EC codewords of HELLO WORLD at 1-M", () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(rsRemainder(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it("byte capacities at level M (Table 7) and codeword totals (Table 9)", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(byteCapacity)).toEqual([14, 26, 42, 62, 84, 106, 122, 152, 180, 213]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(totalCodewords)).toEqual([26, 44, 70, 100, 134, 172, 196, 242, 292, 346]);
  });

  it("refuses data beyond version 10-M with a clear error, and takes the smallest version that fits", () => {
    expect(() => encodeQr("x".repeat(214))).toThrow(/214 bytes do not fit version 10-M \(at most 213\)/);
    expect(encodeQr("x".repeat(213)).version).toBe(10);
    expect(encodeQr("x".repeat(14)).version).toBe(1);
    expect(encodeQr("x".repeat(15)).version).toBe(2);
    expect(encodeQr("").version).toBe(1);
  });
});

// ——— a reader, from the standard ———

const FORMAT_MASK = 0x5412;

function bchCheck(value: number, generator: number, bits: number): boolean {
  const degree = Math.floor(Math.log2(generator));
  let v = value;
  for (let bit = bits - 1; bit >= degree; bit--) if ((v >>> bit) & 1) v ^= generator << (bit - degree);
  return v === 0;
}

/** Reads a symbol back to its bytes, checking everything the encoder promised on the way. */
function readQr(code: QrCode): { text: string; version: number; mask: number } {
  const m = code.modules;
  const n = m.length;
  const version = (n - 17) / 4;
  expect(Number.isInteger(version)).toBe(true);
  // Finder patterns at three corners.
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
    const rows: string[] = [];
    for (let r = 0; r < 7; r++) rows.push(m[r0 + r]!.slice(c0, c0 + 7).map((d) => (d ? "#" : ".")).join(""));
    expect(rows).toEqual(["#######", "#.....#", "#.###.#", "#.###.#", "#.###.#", "#.....#", "#######"]);
  }
  // Format information: both copies agree, are valid BCH(15,5) codewords, and say level M.
  const get = (r: number, c: number) => (m[r]![c] ? 1 : 0);
  let a = 0;
  let b = 0;
  const first: [number, number][] = [[0, 8], [1, 8], [2, 8], [3, 8], [4, 8], [5, 8], [7, 8], [8, 8], [8, 7], [8, 5], [8, 4], [8, 3], [8, 2], [8, 1], [8, 0]];
  first.forEach(([r, c], i) => (a |= get(r, c) << i));
  for (let i = 0; i < 8; i++) b |= get(8, n - 1 - i) << i;
  for (let i = 8; i < 15; i++) b |= get(n - 15 + i, 8) << i;
  expect(a).toBe(b);
  expect(bchCheck(a ^ FORMAT_MASK, 0x537, 15)).toBe(true);
  const format = (a ^ FORMAT_MASK) >>> 10;
  expect(format >>> 3).toBe(0b00); // M
  const mask = format & 7;
  expect(get(n - 8, 8)).toBe(1); // the dark module
  if (version >= 7) {
    let v1 = 0;
    let v2 = 0;
    for (let i = 0; i < 18; i++) {
      v1 |= get(Math.floor(i / 3), n - 11 + (i % 3)) << i;
      v2 |= get(n - 11 + (i % 3), Math.floor(i / 3)) << i;
    }
    expect(v1).toBe(v2);
    expect(v1 >>> 12).toBe(version);
    expect(bchCheck(v1, 0x1f25, 18)).toBe(true);
  }
  // Which modules are function patterns (the reader works them out itself).
  const fn = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const mark = (r0: number, c0: number, h: number, w: number) => {
    for (let r = Math.max(0, r0); r < Math.min(n, r0 + h); r++) for (let c = Math.max(0, c0); c < Math.min(n, c0 + w); c++) fn[r]![c] = true;
  };
  mark(0, 0, 9, 9);
  mark(0, n - 8, 9, 8);
  mark(n - 8, 0, 8, 9);
  mark(6, 0, 1, n);
  mark(0, 6, n, 1);
  if (version >= 2) {
    const last = n - 7;
    const count = Math.floor(version / 7) + 2;
    const step = count === 2 ? last - 6 : Math.ceil((last - 6) / (count - 1) / 2) * 2;
    const centres = [6, ...Array.from({ length: count - 1 }, (_, i) => last - (count - 2 - i) * step)];
    for (const r of centres) for (const c of centres) if (!((r === 6 && c === 6) || (r === 6 && c === last) || (r === last && c === 6))) mark(r - 2, c - 2, 5, 5);
  }
  if (version >= 7) {
    mark(0, n - 11, 6, 3);
    mark(n - 11, 0, 3, 6);
  }
  // Codewords in placement order, unmasked.
  const bits: number[] = [];
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let step = 0; step < n; step++) {
      const r = upward ? n - 1 - step : step;
      for (const c of [right, right - 1]) if (!fn[r]![c]) bits.push(get(r, c) ^ (MASKS[mask]!(r, c) ? 1 : 0));
    }
  }
  const total = totalCodewords(version);
  expect(bits.length - total * 8).toBeGreaterThanOrEqual(0);
  expect(bits.length - total * 8).toBeLessThan(8);
  const words = Array.from({ length: total }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((x, bit) => (x << 1) | bit, 0));
  // De-interleave with the block layout of Table 9 and check each block's syndromes.
  const layout: Record<number, [number, number[]]> = {
    1: [10, [16]], 2: [16, [28]], 3: [26, [44]], 4: [18, [32, 32]], 5: [24, [43, 43]], 6: [16, [27, 27, 27, 27]],
    7: [18, [31, 31, 31, 31]], 8: [22, [38, 38, 39, 39]], 9: [22, [36, 36, 36, 37, 37]], 10: [26, [43, 43, 43, 43, 44]],
  };
  const [ec, sizes] = layout[version]!;
  const blocks = sizes.map(() => [] as number[]);
  let at = 0;
  for (let i = 0; i < Math.max(...sizes); i++) sizes.forEach((s, k) => i < s && blocks[k]!.push(words[at++]!));
  for (let i = 0; i < ec; i++) blocks.forEach((blk) => blk.push(words[at++]!));
  for (const blk of blocks) {
    for (let j = 0; j < ec; j++) {
      // S_j = c(α^j) — zero for a codeword of a generator with roots α^0 … α^(ec−1).
      let s = 0;
      for (const w of blk) s = gfMul(s, gfExp(j)) ^ w;
      expect(s).toBe(0);
    }
  }
  // The data: mode 0100, count, bytes, then a terminator and pad codewords.
  const data = blocks.flatMap((blk, k) => blk.slice(0, sizes[k]));
  const dataBits = data.flatMap((w) => Array.from({ length: 8 }, (_, i) => (w >>> (7 - i)) & 1));
  let p = 0;
  const take = (len: number) => {
    let v = 0;
    for (let i = 0; i < len; i++) v = (v << 1) | dataBits[p++]!;
    return v;
  };
  expect(take(4)).toBe(0b0100);
  const count = take(version < 10 ? 8 : 16);
  const bytes = Uint8Array.from({ length: count }, () => take(8));
  const rest = dataBits.length - p;
  if (rest >= 4) expect(take(4)).toBe(0);
  while (p % 8) expect(take(1)).toBe(0);
  for (let pad = 0; p < dataBits.length; pad ^= 1) expect(take(8)).toBe(pad ? 0x11 : 0xec);
  return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), version, mask };
}

describe("QR encoder, read back", () => {
  const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const cases = [
    "",
    "协审",
    `http://127.0.0.1:3200/verify/${hash}`,
    `https://xieshen.example.gov.cn/verify/${hash}`,
    `https://政协.example/verify/${hash}?lang=zh-CN#审签单`,
    "x".repeat(152),
    "y".repeat(153),
    "z".repeat(213),
  ];
  for (const text of cases) {
    it(`reads back ${JSON.stringify(text.slice(0, 30))} (${new TextEncoder().encode(text).length} bytes)`, () => {
      const code = encodeQr(text);
      expect(readQr(code).text).toBe(text);
    });
  }

  it("every mask gives a symbol that reads back, and the chosen one has the lowest penalty", () => {
    const text = `http://127.0.0.1:3200/verify/${hash}`;
    const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => {
      const code = encodeQr(text, { mask });
      expect(readQr(code)).toMatchObject({ text, mask });
      return penalty(code.modules);
    });
    expect(scores[encodeQr(text).mask]).toBe(Math.min(...scores));
  });

  it("draws SVG with a quiet zone and one square per dark module", () => {
    const code = encodeQr("协审");
    const svg = qrToSvg(code, { px: 120, title: "<核验>" });
    expect(svg).toContain('viewBox="0 0 29 29"');
    expect(svg).toContain("<title>&lt;核验&gt;</title>");
    const dark = code.modules.flat().filter(Boolean).length;
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(dark);
    expect(svg).toContain("M4 4h1v1h-1z"); // the finder's corner, after 4 modules of quiet zone
  });
});
