// A small QR Code encoder (ISO/IEC 18004:2015), just what the sign-off sheet needs: byte mode,
// error correction level M, versions 1–10 (up to 213 bytes — a verification URL is about 100).
// Written from the standard; checked against module matrices of an independent encoder and by
// a reading of the symbol back in qr.test.ts.
//
//   encodeQr(text) → { version, size, mask, modules[row][col] (true = dark) }
//
// Steps (clause numbers of ISO/IEC 18004:2015): data bits (7.4: mode 0100, character count,
// the bytes, terminator, pad codewords 0xEC 0x11), blocks and Reed–Solomon error correction
// (7.5, Table 9), interleaving (7.6), function patterns (6.3), data placement (7.7.3), the eight
// masks and their penalty (7.8), format and version information (7.9, 7.10).

export interface QrCode {
  version: number;
  /** Modules per side: 17 + 4 × version. */
  size: number;
  /** The mask pattern chosen (0–7). */
  mask: number;
  /** modules[row][column]; true is dark. */
  modules: boolean[][];
}

/** Error correction level M, versions 1–10 (Table 9): EC codewords per block, and the blocks as [count, data codewords]. */
const BLOCKS_M: Record<number, { ec: number; groups: [number, number][] }> = {
  1: { ec: 10, groups: [[1, 16]] },
  2: { ec: 16, groups: [[1, 28]] },
  3: { ec: 26, groups: [[1, 44]] },
  4: { ec: 18, groups: [[2, 32]] },
  5: { ec: 24, groups: [[2, 43]] },
  6: { ec: 16, groups: [[4, 27]] },
  7: { ec: 18, groups: [[4, 31]] },
  8: { ec: 22, groups: [[2, 38], [2, 39]] },
  9: { ec: 22, groups: [[3, 36], [2, 37]] },
  10: { ec: 26, groups: [[4, 43], [1, 44]] },
};

/** Row/column centres of alignment patterns (Annex E, Table E.1). */
const ALIGNMENT: Record<number, number[]> = {
  1: [],
  2: [6, 18],
  3: [6, 22],
  4: [6, 26],
  5: [6, 30],
  6: [6, 34],
  7: [6, 22, 38],
  8: [6, 24, 42],
  9: [6, 26, 46],
  10: [6, 28, 50],
};

export const QR_MAX_VERSION = 10;

/** Data codewords of a version at level M. */
export function dataCodewords(version: number): number {
  return BLOCKS_M[version]!.groups.reduce((n, [count, data]) => n + count * data, 0);
}

/** All codewords (data + error correction) of a version at level M. */
export function totalCodewords(version: number): number {
  const b = BLOCKS_M[version]!;
  return b.groups.reduce((n, [count, data]) => n + count * (data + b.ec), 0);
}

/** Bytes that fit in byte mode: 4 mode bits and an 8-bit count (16 from version 10). */
export function byteCapacity(version: number): number {
  const countBits = version < 10 ? 8 : 16;
  return Math.floor((dataCodewords(version) * 8 - 4 - countBits) / 8);
}

// ——— GF(256) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) ———

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

export const gfMul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);
export const gfExp = (i: number): number => EXP[i % 255]!;

/** Coefficients of ∏ (x − α^i), i = 0 … degree − 1, highest power first (the leading 1 included). */
export function rsGenerator(degree: number): number[] {
  let g = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(g.length + 1).fill(0);
    for (let j = 0; j < g.length; j++) {
      next[j]! ^= g[j]!; // × x
      next[j + 1]! ^= gfMul(g[j]!, EXP[i]!); // × α^i (minus is plus in GF(2^8))
    }
    g = next;
  }
  return g;
}

/** The error correction codewords of one block: the remainder of data(x)·x^n divided by the generator. */
export function rsRemainder(data: ArrayLike<number>, ecCount: number): number[] {
  const g = rsGenerator(ecCount);
  const r = new Array<number>(ecCount).fill(0);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i]! ^ r[0]!;
    r.shift();
    r.push(0);
    if (factor) for (let j = 0; j < ecCount; j++) r[j]! ^= gfMul(g[j + 1]!, factor);
  }
  return r;
}

// ——— data codewords ———

class Bits {
  readonly bits: number[] = [];
  put(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  }
}

/** The data codewords of `bytes` for a version: mode, count, data, terminator, padding (7.4.9, 7.4.10). */
export function dataCodewordsFor(bytes: Uint8Array, version: number): number[] {
  const capacity = dataCodewords(version) * 8;
  const b = new Bits();
  b.put(0b0100, 4);
  b.put(bytes.length, version < 10 ? 8 : 16);
  for (const byte of bytes) b.put(byte, 8);
  if (b.bits.length > capacity) throw new RangeError("QR: data too long for the version");
  b.put(0, Math.min(4, capacity - b.bits.length));
  while (b.bits.length % 8) b.bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < b.bits.length; i += 8) out.push(b.bits.slice(i, i + 8).reduce((a, bit) => (a << 1) | bit, 0));
  for (let pad = 0; out.length < capacity / 8; pad ^= 1) out.push(pad ? 0x11 : 0xec);
  return out;
}

/** Data and error correction codewords, split into blocks and interleaved (7.5, 7.6). */
export function finalCodewords(data: number[], version: number): number[] {
  const { ec, groups } = BLOCKS_M[version]!;
  const blocks: { data: number[]; ec: number[] }[] = [];
  let at = 0;
  for (const [count, length] of groups) {
    for (let i = 0; i < count; i++) {
      const d = data.slice(at, at + length);
      at += length;
      blocks.push({ data: d, ec: rsRemainder(d, ec) });
    }
  }
  const out: number[] = [];
  const longest = Math.max(...blocks.map((b) => b.data.length));
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.data.length) out.push(b.data[i]!);
  for (let i = 0; i < ec; i++) for (const b of blocks) out.push(b.ec[i]!);
  return out;
}

// ——— format and version information (BCH codes) ———

function bchRemainder(value: number, generator: number): number {
  const degree = Math.floor(Math.log2(generator));
  let v = value << degree;
  for (let bit = Math.floor(Math.log2(v || 1)); bit >= degree; bit--) if ((v >>> bit) & 1) v ^= generator << (bit - degree);
  return v;
}

/** The 15 format bits for level M (indicator 00) and a mask, masked with 101010000010010 (7.9.1). */
export function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask;
  return ((data << 10) | bchRemainder(data, 0x537)) ^ 0x5412;
}

/** The 18 version bits: the version and its BCH(18,6) code, generator 0x1F25 (7.10). */
export function versionBits(version: number): number {
  return (version << 12) | bchRemainder(version, 0x1f25);
}

// ——— the symbol ———

class Matrix {
  readonly modules: boolean[][];
  readonly fixed: boolean[][];
  constructor(readonly size: number) {
    this.modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.fixed = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }
  set(row: number, col: number, dark: boolean) {
    this.modules[row]![col] = dark;
    this.fixed[row]![col] = true;
  }
}

function drawFunctionPatterns(m: Matrix, version: number) {
  const n = m.size;
  // Finder patterns with their light separators (6.3.3).
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
    for (let dr = -1; dr <= 7; dr++) {
      for (let dc = -1; dc <= 7; dc++) {
        const r = r0 + dr;
        const c = c0 + dc;
        if (r < 0 || c < 0 || r >= n || c >= n) continue;
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        m.set(r, c, ring !== 2 && ring !== 4);
      }
    }
  }
  // Timing patterns (6.3.5).
  for (let i = 8; i < n - 8; i++) {
    m.set(6, i, i % 2 === 0);
    m.set(i, 6, i % 2 === 0);
  }
  // Alignment patterns, except where they would overlap a finder (6.3.6).
  const centres = ALIGNMENT[version]!;
  for (const r of centres) {
    for (const c of centres) {
      if ((r === 6 && c === 6) || (r === 6 && c === n - 7) || (r === n - 7 && c === 6)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) m.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }
  // Reserve the format information areas (drawn with each mask) and set the dark module.
  drawFormat(m, 0);
  m.set(n - 8, 8, true);
  // Version information, versions 7 and up (7.10): two 6 × 3 blocks.
  if (version >= 7) {
    const bits = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = n - 11 + (i % 3);
      const b = Math.floor(i / 3);
      m.set(b, a, dark); // top right: 6 rows × 3 columns
      m.set(a, b, dark); // bottom left: 3 rows × 6 columns
    }
  }
}

/** Both copies of the format bits (Figure 25): bit 14 is the most significant. */
function drawFormat(m: Matrix, mask: number) {
  const n = m.size;
  const bits = formatBits(mask);
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  // Around the top-left finder: bits 0–5 down column 8 (rows 0–5), 6 at row 7, 7 at (8, 8),
  // 8 at column 7, 9–14 along row 8 from column 5 to column 0.
  for (let i = 0; i <= 5; i++) m.set(i, 8, bit(i));
  m.set(7, 8, bit(6));
  m.set(8, 8, bit(7));
  m.set(8, 7, bit(8));
  for (let i = 9; i < 15; i++) m.set(8, 14 - i, bit(i));
  // Split copy: bits 0–7 along row 8 from the right edge leftwards, 8–14 up column 8 from row n − 7.
  for (let i = 0; i < 8; i++) m.set(8, n - 1 - i, bit(i));
  for (let i = 8; i < 15; i++) m.set(n - 15 + i, 8, bit(i));
}

/** Codeword bits into the free modules, two columns at a time from the bottom right, skipping the vertical timing column (7.7.3). */
function placeData(m: Matrix, codewords: number[]) {
  const n = m.size;
  const total = codewords.length * 8;
  let i = 0;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let step = 0; step < n; step++) {
      const row = upward ? n - 1 - step : step;
      for (let j = 0; j < 2; j++) {
        const col = right - j;
        if (m.fixed[row]![col]) continue;
        // Remainder bits (modules left over after the last codeword) are light.
        m.modules[row]![col] = i < total && ((codewords[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
  if (i < total) throw new Error("QR: codewords do not fit the symbol");
}

/** Mask conditions (Table 10), i = row, j = column. */
export const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function applyMask(m: Matrix, mask: number) {
  const cond = MASKS[mask]!;
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (!m.fixed[r]![c] && cond(r, c)) m.modules[r]![c] = !m.modules[r]![c];
}

/**
 * The penalty of a masked symbol (7.8.3, Table 11): N1 = 3 for each run of five same-colour
 * modules in a row or column plus 1 per extra module; N2 = 3 per 2 × 2 block of one colour;
 * N3 = 40 per finder-like run pattern dark:light:dark:light:dark = 1:1:3:1:1 (any module
 * width) with a light run of four widths on one side — once per side that has one; the area
 * outside the symbol counts as light, being quiet zone; N4 = 10 per whole 5 % the dark share
 * is away from 50 %.
 */
export function penalty(modules: boolean[][]): number {
  const n = modules.length;
  let score = 0;
  const at = (r: number, c: number, byRow: boolean) => (byRow ? modules[r]![c]! : modules[c]![r]!);
  for (const byRow of [true, false]) {
    for (let line = 0; line < n; line++) {
      let run = 1;
      for (let k = 1; k <= n; k++) {
        if (k < n && at(line, k, byRow) === at(line, k - 1, byRow)) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      // Runs of this line, alternating light/dark, starting and ending with light: the quiet
      // zone outside the symbol is light and wider than any pattern here.
      const runs: number[] = [Infinity];
      let colour = false;
      for (let k = 0; k < n; k++) {
        const d = at(line, k, byRow);
        if (d === colour) runs[runs.length - 1]!++;
        else {
          runs.push(1);
          colour = d;
        }
      }
      if (colour) runs.push(Infinity);
      else runs[runs.length - 1] = Infinity;
      // Dark runs sit at odd indices: dark n, light n, dark 3n, light n, dark n.
      for (let k = 1; k + 4 < runs.length; k += 2) {
        const u = runs[k]!;
        if (runs[k + 1] !== u || runs[k + 2] !== 3 * u || runs[k + 3] !== u || runs[k + 4] !== u) continue;
        const before = runs[k - 1]!;
        const after = runs[k + 5]!;
        if (before >= 4 * u && after >= u) score += 40;
        if (after >= 4 * u && before >= u) score += 40;
      }
    }
  }
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = modules[r]![c];
      if (modules[r]![c + 1] === v && modules[r + 1]![c] === v && modules[r + 1]![c + 1] === v) score += 3;
    }
  }
  const darkCount = modules.reduce((a, row) => a + row.filter(Boolean).length, 0);
  score += Math.floor(Math.abs((darkCount * 100) / (n * n) - 50) / 5) * 10;
  return score;
}

/** Encodes text (UTF-8) or bytes. `mask` forces a mask pattern (tests); otherwise the one with the lowest penalty. */
export function encodeQr(input: string | Uint8Array, o: { mask?: number; minVersion?: number } = {}): QrCode {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  let version = Math.max(1, o.minVersion ?? 1);
  while (version <= QR_MAX_VERSION && byteCapacity(version) < bytes.length) version++;
  if (version > QR_MAX_VERSION) throw new RangeError(`QR: ${bytes.length} bytes do not fit version ${QR_MAX_VERSION}-M (at most ${byteCapacity(QR_MAX_VERSION)})`);
  const size = 17 + 4 * version;
  const codewords = finalCodewords(dataCodewordsFor(bytes, version), version);

  const build = (mask: number) => {
    const m = new Matrix(size);
    drawFunctionPatterns(m, version);
    placeData(m, codewords);
    applyMask(m, mask);
    drawFormat(m, mask);
    return m;
  };
  let best: { mask: number; matrix: Matrix; score: number } | null = null;
  for (const mask of o.mask !== undefined ? [o.mask] : [0, 1, 2, 3, 4, 5, 6, 7]) {
    const matrix = build(mask);
    const score = penalty(matrix.modules);
    if (!best || score < best.score) best = { mask, matrix, score };
  }
  return { version, size, mask: best!.mask, modules: best!.matrix.modules };
}

/** The symbol as text rows ("#" dark, "." light), for tests and debugging. */
export function qrToText(code: QrCode): string[] {
  return code.modules.map((row) => row.map((d) => (d ? "#" : ".")).join(""));
}

/** The symbol as SVG (a path of unit squares, 4 modules of quiet zone), `px` pixels wide. */
export function qrToSvg(code: QrCode, o: { px?: number; quiet?: number; title?: string } = {}): string {
  const quiet = o.quiet ?? 4;
  const side = code.size + 2 * quiet;
  const px = o.px ?? side * 4;
  let d = "";
  code.modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
    }),
  );
  const title = o.title ? `<title>${o.title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</title>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${px}" height="${px}" shape-rendering="crispEdges" role="img">` +
    `${title}<rect width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}
