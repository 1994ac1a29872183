// Web-page furniture in pasted text: breadcrumbs, 发布时间/来源/浏览次数 lines, "下面是小编为大家
// 整理的…" intros, 分享到/打印本页 tools, the page title repeated above the article title,
// 相关阅读/上一篇 link lists and 版权所有/ICP备 footers. Such lines are only FLAGGED here
// (buildOutline keeps them in place, as body paragraphs, and lists them in
// `ImportResult.furniture`); the person importing decides in the preview which to drop.
//
// Precision over recall: a real paragraph flagged by mistake costs the author a click, and one
// that slips through unnoticed would be lost, so every rule is anchored to the whole line and
// the context-dependent ones only apply in the page header (before the salutation, the first
// heading or the first sentence) or in the trailing block after the article's last sentence.
// Lines longer than MAX_FURNITURE_CHARS are never furniture, which also keeps every regex here
// on short input.
//
// Pure TypeScript, no imports from Node or the framework: the browser uses it too.

import type { FurnitureLine, FurnitureReason, ImportResult, ImportedSection } from "./types";

const MAX_FURNITURE_CHARS = 200;
/** A link in a related-articles list is a short line, not a sentence. */
const MAX_LINK_CHARS = 60;
/** A page header (site name, breadcrumb, title, meta, share) is a handful of lines. */
const MAX_HEADER_LINES = 30;

export interface FurnitureInput {
  /** The paragraph as pasted (trimmed), numbering included. */
  text: string;
  /** The outline builder read it as a heading. */
  heading: boolean;
}

// ---------------------------------------------------------------------------------------------
// Single-line rules

const BRACKETS = /[【】［］\[\]〔〕（）()「」《》<>]/gu;
const SEPARATORS = /[|｜丨·•]/gu;

/** Page tools and share buttons: a line made of nothing else is furniture. */
const TOOL_TOKENS = [
  "打印本页", "打印此页", "打印文章", "打印本文", "打印", "关闭窗口", "关闭本页", "关闭", "返回顶部", "回到顶部",
  "返回列表", "返回首页", "返回", "收藏本页", "加入收藏", "收藏", "我要纠错", "纠错", "分享到", "分享", "微信好友",
  "朋友圈", "微信", "新浪微博", "腾讯微博", "微博", "QQ空间", "QQ好友", "QQ", "人人网", "豆瓣", "扫一扫",
  "手机阅读", "下载本文", "点击下载", "免费下载", "下载文档", "下载Word", "下载word", "复制全文", "展开全文",
  "全文阅读已结束", "字号", "字体", "大", "中", "小", "默认", "TOP", "top",
];
const TOOL_RE = new RegExp(TOOL_TOKENS.map(escapeRe).join("|"), "gu");
/** Tokens that alone do not make a tool line ("大" alone is a word, not a font-size switch). */
const WEAK_TOOLS = new Set(["大", "中", "小", "默认", "字号", "字体", "QQ", "TOP", "top"]);
const STRONG_TOOL_RE = new RegExp(TOOL_TOKENS.filter((t) => !WEAK_TOOLS.has(t)).map(escapeRe).join("|"), "u");

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/** What is left of `text` once tool tokens, brackets, separators, spaces and ：: are removed. */
function withoutTools(text: string): { rest: string; strong: boolean } {
  let strong = false;
  const rest = text
    .replace(BRACKETS, " ")
    .replace(TOOL_RE, (t) => {
      if (!WEAK_TOOLS.has(t)) strong = true;
      return " ";
    })
    .replace(SEPARATORS, " ")
    .replace(/[\s：:>»›\-—_/／]+/gu, "");
  return { rest, strong };
}

function isToolLine(text: string): boolean {
  if (text.length > MAX_LINK_CHARS * 2 || !STRONG_TOOL_RE.test(text)) return false;
  const { rest, strong } = withoutTools(text);
  return strong && rest === "";
}

// Meta fields ("发布时间：2026-03-01 来源：区政协 浏览次数：128"). Longest names first so
// "发布时间" is not read as "时间".
type FieldKind = "publishDate" | "date" | "source" | "person" | "count" | "font";
const FIELDS: ReadonlyArray<readonly [FieldKind, readonly string[]]> = [
  ["publishDate", ["发布时间", "发布日期", "发表时间", "发表日期", "更新时间", "更新日期", "发稿时间", "录入时间", "上传时间"]],
  ["date", ["时间", "日期"]],
  ["source", ["信息来源", "文章来源", "稿件来源", "新闻来源", "来源", "出处"]],
  ["person", ["责任编辑", "编辑", "作者", "发布者", "发布人", "发布机构", "发布单位", "供稿", "审核", "审核人", "摄影", "通讯员", "撰稿", "录入", "责编", "文", "图"]],
  ["count", ["浏览次数", "浏览量", "浏览", "点击数", "点击量", "点击次数", "点击", "阅读数", "阅读量", "阅读次数", "阅读", "访问量", "访问次数", "人气", "热度"]],
  ["font", ["字号", "字体大小", "字体"]],
];
const FIELD_KIND = new Map<string, FieldKind>(FIELDS.flatMap(([kind, names]) => names.map((n) => [n, kind] as const)));
const FIELD_RE = new RegExp(
  `(${[...FIELD_KIND.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join("|")})\\s*[：:]`,
  "gu",
);
const ISO_DATE = "\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}";
const CN_DATE = "\\d{4}年\\d{1,2}月\\d{1,2}日";
const CLOCK = "(?:\\s*\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?)?";
const ISO_DATE_VALUE = new RegExp(`^${ISO_DATE}${CLOCK}`, "u");
const ANY_DATE_VALUE = new RegExp(`^(?:${ISO_DATE}|${CN_DATE})${CLOCK}`, "u");

type MetaStrength = "strong" | "weak" | null;

/**
 * A line made only of meta fields (and tool buttons). Strong — furniture anywhere — with two
 * or more fields, a 发布时间-type date, a counter or a font switch; weak — furniture only in the
 * page header or footer — for a lone 来源：/作者： or 时间：2026-03-01.
 */
function metaStrength(text: string): MetaStrength {
  if (!/[：:]/u.test(text)) return null;
  const line = text.replace(BRACKETS, " ").replace(SEPARATORS, " ").trim();
  const fields: Array<{ kind: FieldKind; start: number; end: number }> = [];
  for (const m of line.matchAll(FIELD_RE)) {
    const kind = FIELD_KIND.get(m[1] ?? "");
    if (kind) fields.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  const first = fields[0];
  if (!first || withoutTools(line.slice(0, first.start)).rest !== "") return null;
  let strong = fields.length >= 2;
  for (const [i, f] of fields.entries()) {
    const value = line.slice(f.end, fields[i + 1]?.start ?? line.length).trim();
    if (!validValue(f.kind, value)) return null;
    if (f.kind === "publishDate" || f.kind === "count" || f.kind === "font") strong = true;
  }
  // "文：" / "图：" alone are too short to mean anything by themselves.
  if (fields.length === 1 && /^[文图]/u.test(line)) return null;
  return strong ? "strong" : "weak";
}

function validValue(kind: FieldKind, value: string): boolean {
  switch (kind) {
    case "publishDate":
      return afterMatch(ANY_DATE_VALUE, value);
    case "date":
      return afterMatch(ISO_DATE_VALUE, value);
    case "count":
      return afterMatch(/^\d*\s*(?:次|人次)?/u, value);
    case "font":
      return withoutTools(value).rest === "";
    case "source":
    case "person":
      return value.length <= 30 && !/[。，,；;！!？?：:]/u.test(value);
  }
}

/** The value starts with `re` and whatever follows is tool buttons or nothing. */
function afterMatch(re: RegExp, value: string): boolean {
  const m = re.exec(value);
  return m !== null && withoutTools(value.slice(m[0].length)).rest === "";
}

const BREADCRUMB_RE =
  /^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|你当前的位置|您所在的位置|所在位置|当前页面)\s*[：:]/u;
const HOME_CRUMB_RE = /^(?:网站首页|首页|主页)\s*(?:[>›»＞→]|&gt;)/u;
const CRUMB_SEP = /\s*(?:[>›»＞→]|&gt;)\s*/gu;
const PAGER_RE = /^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页)[】\]]?\s*[：:]/u;
const RELATED_MARKER_RE =
  /^[【\[]?(?:相关阅读|相关文章|相关链接|相关新闻|相关推荐|相关内容|相关稿件|相关范文|相关资料|推荐阅读|延伸阅读|更多阅读|热门文章|热门推荐|热点推荐|精彩推荐|精选范文|热门范文|推荐文章|最新文章|最新范文|阅读排行|点击排行|猜你喜欢|你可能感兴趣的(?:文章)?|您可能感兴趣的(?:文章)?)[】\]]?\s*[：:]?\s*(?:更多\s*[>»]*|more\s*[>»]*)?$/iu;
const LINK_FIELD_RE = /^(?:本文链接|原文链接|原文地址|文章地址|本文地址|网址)\s*[：:]/u;
const COPYRIGHT_RE =
  /版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|网站识别码|All Rights Reserved|(?:如有|若有|涉嫌)侵权|侵删|转载请注明|(?:本文|文章|图片|内容|资料)(?:来源|来自|均来自)于?(?:网络|互联网)/iu;
/** Footer lines that are ordinary in a notice's body ("主办单位：区政协"), so tail-only. */
const FOOTER_RE = /^(?:主办单位|承办单位|协办单位|技术支持|维护单位|网站维护|联系电话|联系我们|地址|邮编|邮箱)\s*[：:]/u;
/** Only web pages call their author 小编. */
const INTRO_RE = /小编|范文网/u;
/**
 * "以下是为大家整理的…，供大家参考。" / "以上就是为大家收集的…": furniture in the page header or
 * footer. Not "为大家分享/准备": a speech may well end "以上是我给大家分享的几点体会。".
 */
const INTRO_GENERIC_RE =
  /^(?:下面|以下|如下|这|以上|上面|上述)(?:就)?是.{0,80}?(?:为大家|为您|给大家|给您|帮大家)(?:精心)?(?:整理|收集|搜集|汇总|精选)/u;
const SHARE_RE = /^(?:分享到|分享至|分享)\s*[：:]|^扫一扫.{0,20}(?:手机|打开|查看|分享|阅读)/u;
const URL_RE = /https?:\/\/|www\.[a-z0-9-]+\./iu;

/** Furniture wherever it stands: no article has a line like these. */
function strongReason(text: string): FurnitureReason | null {
  if (BREADCRUMB_RE.test(text)) return "breadcrumb";
  if (HOME_CRUMB_RE.test(text)) return "breadcrumb";
  if (PAGER_RE.test(text) || RELATED_MARKER_RE.test(text) || LINK_FIELD_RE.test(text)) return "related";
  if (SHARE_RE.test(text) || isToolLine(text)) return "tools";
  if (metaStrength(text) === "strong") return "meta";
  if (COPYRIGHT_RE.test(text) && !endsAsSentence(text)) return "copyright";
  // A copyright notice phrased as a sentence ("本文来源于网络，如有侵权请联系删除。").
  if (COPYRIGHT_RE.test(text) && /侵权|侵删|转载|网络|互联网/u.test(text)) return "copyright";
  if (INTRO_RE.test(text)) return "intro";
  return null;
}

/** Furniture in the page header or footer only. */
function weakReason(text: string, where: "header" | "tail"): FurnitureReason | null {
  if (INTRO_GENERIC_RE.test(text)) return "intro";
  if (metaStrength(text) === "weak") return "meta";
  if (isNavLine(text)) return "breadcrumb";
  if (isCrumbTrail(text)) return "breadcrumb";
  if (URL_RE.test(text) && !endsAsSentence(text)) return "related";
  if (where === "header" && isBareTimestamp(text)) return "meta";
  if (where === "tail" && FOOTER_RE.test(text)) return "copyright";
  return null;
}

/** "首页 | 机构概况 | 新闻中心 | 履职工作": three or more short menu items. */
function isNavLine(text: string): boolean {
  if (!/[|｜丨]/u.test(text)) return false;
  const parts = text.split(/\s*[|｜丨]\s*/u);
  return parts.length >= 3 && parts.every((p) => p.length > 0 && p.length <= 8 && !/[。，,；;！？]/u.test(p));
}

/** "中国政协网 > 新闻中心 > 工作动态" without the leading 首页. */
function isCrumbTrail(text: string): boolean {
  if (!/[>›»＞→]|&gt;/u.test(text)) return false;
  const parts = text.split(CRUMB_SEP);
  return parts.length >= 3 && parts.every((p) => p.length > 0 && p.length <= 16 && !/[。，,；;！？]/u.test(p));
}

function isBareTimestamp(text: string): boolean {
  return new RegExp(`^${ISO_DATE}${CLOCK}$`, "u").test(text);
}

function endsAsSentence(text: string): boolean {
  return /[。！？!?…”’"]$/u.test(text);
}

/** A related-articles entry: dated ("… 2026-02-26", "[02-26] …") or bulleted ("· …"). */
function isListyLink(text: string): boolean {
  if (text.length > MAX_LINK_CHARS + 12) return false;
  const date = LINK_DATE_END.exec(text) ?? SHORT_DATE_END.exec(text);
  if (date && date.index >= 4) return true;
  const lead = SHORT_DATE_START.exec(text) ?? BULLET_START.exec(text);
  return lead !== null && text.length - lead[0].length >= 2;
}

const LINK_DATE_END = new RegExp(`[\\s(（\\[【]${ISO_DATE}[)）\\]】]?$`, "u");
const SHORT_DATE_END = /[\s(（[【]\d{2}-\d{2}[)）\]】]?$/u;
const SHORT_DATE_START = /^[(（[【]?\d{2}-\d{2}[)）\]】]?\s*/u;
const BULLET_START = /^[·•▪►▶◆◇○●■□>》\-*]\s*/u;

/** Short, not a sentence: what a link in a list (or a signature line) looks like. */
function isShortLine(text: string): boolean {
  return text.length <= MAX_LINK_CHARS && !/[。！？!?；;，,：:]$/u.test(text);
}

// ---------------------------------------------------------------------------------------------
// Salutation and title

const SALUTATION_RE =
  /^(?:(?:各位|尊敬的|亲爱的|在座的|全体)[^：:。！？]{0,36}|[^：:。！？]{0,36}(?:同志们|委员们|朋友们|代表们|同事们|先生们|女士们))[：:]$/u;

/** "同志们：", "各位委员：", "各位领导、同志们：", "尊敬的主席、各位委员：". */
export function isSalutation(text: string): boolean {
  return text.length <= 40 && SALUTATION_RE.test(text);
}

/** A sentence or a long paragraph: the article has begun. */
function isProse(text: string): boolean {
  return endsAsSentence(text) || text.length > 80;
}

// ---------------------------------------------------------------------------------------------
// Detection

/**
 * Flags web-page furniture among the non-blank lines of a text. Returns line index → reason.
 * Linear in the number of lines; each test is on a line of at most MAX_FURNITURE_CHARS.
 */
export function detectFurniture(lines: readonly FurnitureInput[]): Map<number, FurnitureReason> {
  const flagged = new Map<number, FurnitureReason>();
  const n = lines.length;
  const text = (i: number) => lines[i]?.text ?? "";
  const short = (i: number) => text(i).length <= MAX_FURNITURE_CHARS;

  for (let i = 0; i < n; i++) {
    if (!short(i) || lines[i]?.heading) continue;
    const reason = strongReason(text(i));
    if (reason) flagged.set(i, reason);
  }

  // Header: everything before the salutation, the first heading or the first sentence.
  let headerEnd = 0;
  while (headerEnd < Math.min(n, MAX_HEADER_LINES)) {
    const line = lines[headerEnd];
    if (!line) break;
    const furniture = flagged.has(headerEnd) || (!line.heading && INTRO_GENERIC_RE.test(line.text));
    if (!furniture && (line.heading || isSalutation(line.text) || isProse(line.text))) break;
    headerEnd++;
  }
  for (let i = 0; i < headerEnd; i++) {
    if (flagged.has(i) || !short(i)) continue;
    const reason = weakReason(text(i), "header");
    if (reason) flagged.set(i, reason);
  }
  flagRepeatedTitles(lines, headerEnd, flagged);

  flagTail(lines, headerEnd, flagged);
  return flagged;
}

/**
 * The page title above the article title ("在…上的讲话_××区政协网" and "在…上的讲话"), or the
 * same title twice: the earlier copy, or the one with a site-name suffix, is furniture.
 */
function flagRepeatedTitles(lines: readonly FurnitureInput[], headerEnd: number, flagged: Map<number, FurnitureReason>): void {
  const norm = (i: number) => (lines[i]?.text ?? "").replace(/\s+/gu, "");
  const candidates: number[] = [];
  for (let i = 0; i < headerEnd; i++) {
    if (!flagged.has(i) && norm(i).length >= 4 && norm(i).length <= MAX_FURNITURE_CHARS) candidates.push(i);
  }
  for (const [a, i] of candidates.entries()) {
    for (const j of candidates.slice(a + 1)) {
      const [x, y] = [norm(i), norm(j)];
      if (x === y) flagged.set(i, "repeatedTitle");
      else if (hasSiteSuffix(x, y)) flagged.set(i, "repeatedTitle");
      else if (hasSiteSuffix(y, x)) flagged.set(j, "repeatedTitle");
    }
  }
}

/** `withSuffix` is `title` + " - 中国政协网" / "_区政协" / "｜…". */
function hasSiteSuffix(withSuffix: string, title: string): boolean {
  if (!withSuffix.startsWith(title) || withSuffix.length === title.length) return false;
  const rest = withSuffix.slice(title.length);
  return /^[-_—–|｜·:：]+.{1,40}$/u.test(rest) && !/[。，,；;！？]/u.test(rest);
}

/**
 * The footer: walking back from the end over furniture and short lines, stopping at the
 * article's last sentence. In that block, short lines count as links only after a 相关阅读 /
 * 上一篇 marker, or when at least two of them are dated or bulleted; lone 来源：/主办单位：
 * lines only when the block also holds definite furniture. A signature and date closing a
 * notice ("政协××区委员会办公室" / "2025年2月20日") are short lines too, but have neither.
 */
function flagTail(lines: readonly FurnitureInput[], headerEnd: number, flagged: Map<number, FurnitureReason>): void {
  let start = lines.length;
  while (start > headerEnd) {
    const line = lines[start - 1];
    if (!line) break;
    const i = start - 1;
    const candidate =
      flagged.has(i) ||
      (line.text.length <= MAX_FURNITURE_CHARS &&
        (isShortLine(line.text) || isListyLink(line.text) || weakReason(line.text, "tail") !== null));
    if (!candidate) break;
    start--;
  }
  if (start >= lines.length) return;

  const block = lines.slice(start).map((l, k) => ({ ...l, index: start + k }));
  const hasStrong = block.some((l) => flagged.has(l.index));
  const listy = block.filter((l) => !flagged.has(l.index) && isListyLink(l.text));
  let afterMarker = false;
  for (const l of block) {
    const reason = flagged.get(l.index);
    if (reason === "related") {
      afterMarker = true;
      continue;
    }
    if (reason) continue;
    const weak = weakReason(l.text, "tail");
    if (weak === "intro") flagged.set(l.index, weak);
    else if (weak && hasStrong) flagged.set(l.index, weak);
    else if (afterMarker && (isShortLine(l.text) || isListyLink(l.text))) flagged.set(l.index, "related");
    else if (listy.length >= 2 && isListyLink(l.text)) flagged.set(l.index, "related");
  }
}

// ---------------------------------------------------------------------------------------------
// Using the result

/**
 * The document's title: the title line before the salutation (同志们： / 各位委员：), or before
 * the first section heading when there is no salutation, skipping furniture, dates in brackets
 * and "——…" subtitles; among several candidates the nearest that reads like a title (讲话,
 * 报告, 关于…). Null when no opening paragraph qualifies.
 */
export function guessTitle(result: ImportResult): string | null {
  const furniture = new Set((result.furniture ?? []).filter((f) => f.at.path.length === 0).map((f) => f.at.index));
  const opening = result.opening.map((text, i) => ({ text: text.trim(), i })).filter((p) => !furniture.has(p.i) && p.text);
  const salutation = opening.findIndex((p) => isSalutation(p.text));
  const anchor = salutation >= 0 ? salutation : result.sections.length > 0 ? opening.length : -1;
  if (anchor < 0) return opening.find((p) => isTitleLike(p.text))?.text ?? null;

  // The block of non-sentence lines right above the anchor: title, speaker, date, subtitle.
  const block: string[] = [];
  for (let k = anchor - 1; k >= 0; k--) {
    const t = opening[k]?.text ?? "";
    if (isProse(t) && !isTitleLike(t)) {
      if (block.length > 0) break;
      continue; // a preamble sentence between the title and the first heading
    }
    block.unshift(t);
  }
  const titles = block.filter(isTitleLike);
  return titles.findLast((t) => TITLE_WORDS.test(t)) ?? titles[0] ?? null;
}

const TITLE_WORDS = /讲话|致辞|发言|报告|意见|方案|通知|决定|总结|要点|规则|办法|规定|纪要|提案|建议|计划|调研|汇报|主持词|说明|通报|关于|会议/u;

function isTitleLike(text: string): boolean {
  return (
    text.length >= 2 &&
    text.length <= 120 &&
    !/[。！？!?；;，,、：:]$/u.test(text) &&
    !/^[（(].*[）)]$/u.test(text) &&
    !/^[—–-]/u.test(text) &&
    !new RegExp(`^(?:${ISO_DATE}|${CN_DATE})${CLOCK}$`, "u").test(text)
  );
}

/**
 * The result without the furniture lines listed in `lines` (indices from `FurnitureLine.line`);
 * lines that were not flagged are ignored. Used when a file is created with the preview's
 * choices: furniture is always a body or opening paragraph, so removing it changes no heading.
 */
export function withoutFurniture(result: ImportResult, lines: Iterable<number>): ImportResult {
  const remove = new Set(lines);
  const all = result.furniture ?? [];
  const gone = all.filter((f) => remove.has(f.line));
  if (gone.length === 0) return result;
  const key = (path: readonly number[]) => path.join(".");
  const byContainer = new Map<string, Set<number>>();
  for (const f of gone) {
    const k = key(f.at.path);
    byContainer.set(k, (byContainer.get(k) ?? new Set()).add(f.at.index));
  }
  const keep = (paragraphs: readonly string[], path: readonly number[]) => {
    const drop = byContainer.get(key(path));
    return drop ? paragraphs.filter((_, i) => !drop.has(i)) : [...paragraphs];
  };
  const visit = (s: ImportedSection, path: number[]): ImportedSection => ({
    ...s,
    body: keep(s.body, path),
    children: s.children.map((c, i) => visit(c, [...path, i])),
  });
  const sorted = new Map([...byContainer].map(([k, set]) => [k, [...set].sort((a, b) => a - b)]));
  const remaining: FurnitureLine[] = all
    .filter((f) => !remove.has(f.line))
    .map((f) => {
      const shift = countBelow(sorted.get(key(f.at.path)) ?? [], f.at.index);
      return { ...f, at: { path: f.at.path, index: f.at.index - shift } };
    });
  const out: ImportResult = {
    opening: keep(result.opening, []),
    sections: result.sections.map((s, i) => visit(s, [i])),
  };
  if (remaining.length > 0) out.furniture = remaining;
  return out;
}

/** How many of the ascending `values` are below `limit` (binary search). */
function countBelow(values: readonly number[], limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pasted text without the given furniture lines, for the create request, so what is created is
 * what the preview showed. A line is found by its number (non-blank lines in order, split as
 * parseOutlineText splits) when its text matches there; otherwise — the server may have
 * cleaned the text before parsing, e.g. dropped control characters, which can turn a line blank
 * — by its text, at the first unremoved line after the previous match. A line found neither way
 * stays: nothing is removed by guesswork.
 */
export function removeLines(text: string, lines: ReadonlyArray<Pick<FurnitureLine, "line" | "text">>): string {
  if (lines.length === 0) return text;
  const raw = text.split(/\r\n|[\r\n\u2028\u2029]/u);
  const cleaned = raw.map(comparable);
  const numbered: number[] = []; // raw index of each non-blank line
  cleaned.forEach((c, i) => {
    if (c) numbered.push(i);
  });
  const drop = new Set<number>();
  let from = 0;
  for (const want of [...lines].sort((a, b) => a.line - b.line)) {
    const target = comparable(want.text);
    if (!target) continue;
    let at = numbered[want.line];
    if (at === undefined || at < from || drop.has(at) || cleaned[at] !== target) {
      at = undefined;
      for (let i = from; i < raw.length; i++) {
        if (cleaned[i] === target && !drop.has(i)) {
          at = i;
          break;
        }
      }
    }
    if (at === undefined) continue;
    drop.add(at);
    from = at + 1;
  }
  return raw.filter((_, i) => !drop.has(i)).join("\n");
}

/** A line as the parser sees it: controls, zero-width spaces and edge spaces removed. */
function comparable(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b]/gu, "").trim();
}

/** The create request's field for a file's removed furniture: "3,4,17" (line indices). */
export const FURNITURE_FIELD = "removeFurniture";
const MAX_CHOICES = 100_000;

/** Parses FURNITURE_FIELD; "" → []; null when malformed (answer 400 BAD_REQUEST). */
export function parseFurnitureChoice(value: string): number[] | null {
  const trimmed = value.trim();
  if (!trimmed) return [];
  if (trimmed.length > MAX_CHOICES * 8 || !/^\d{1,7}(?:,\d{1,7})*$/u.test(trimmed)) return null;
  const lines = trimmed.split(",").map(Number);
  return lines.length > MAX_CHOICES ? null : lines;
}
