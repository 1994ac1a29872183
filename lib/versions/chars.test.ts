import { describe, expect, it } from "vitest";
import { charDiff, graphemes, myers, sidesOf, type CharOp } from "./chars";

const show = (ops: CharOp[]) => ops.map((o) => (o.op === "eq" ? o.text : o.op === "del" ? `[-${o.text}-]` : `{+${o.text}+}`)).join("");

describe("graphemes", () => {
  it("keeps what a reader sees as one character whole", () => {
    expect(graphemes("政协👍🏽é𠀋")).toEqual(["政", "协", "👍🏽", "é", "𠀋"]);
  });
});

describe("myers", () => {
  it("finds a shortest edit script", () => {
    const a = Int32Array.from([1, 2, 3, 1, 2, 2, 1]); // ABCABBA
    const b = Int32Array.from([3, 2, 1, 2, 1, 3]); // CBABAC
    const edits = myers(a, b, 100)!;
    expect(edits.filter((e) => e !== "eq")).toHaveLength(5); // D = 5 in Myers' paper
  });
  it("gives up past the edit limit", () => {
    expect(myers(Int32Array.from([1, 2, 3]), Int32Array.from([4, 5, 6]), 5)).toBeNull();
    expect(myers(Int32Array.from([1, 2, 3]), Int32Array.from([4, 5, 6]), 6)).not.toBeNull();
  });
});

describe("charDiff", () => {
  it("reconstructs both texts, for random edits", () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const alphabet = [..."的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"];
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(60) }, () => alphabet[rnd(40)]!).join("");
      const chars = [...a];
      for (let e = rnd(8); e > 0; e--) {
        const at = rnd(chars.length + 1);
        if (rnd(2)) chars.splice(at, rnd(4));
        else chars.splice(at, 0, ...Array.from({ length: rnd(5) + 1 }, () => alphabet[rnd(40)]!));
      }
      const b = chars.join("");
      const { ops, exact } = charDiff(a, b);
      expect(exact).toBe(true);
      expect(sidesOf(ops)).toEqual({ from: a, to: b });
      // Normalized: no two neighbouring runs of the same kind, never an insertion before a deletion.
      ops.forEach((o, i) => {
        expect(o.text).not.toBe("");
        if (i > 0) expect(o.op).not.toBe(ops[i - 1]!.op);
        if (i > 0 && o.op === "del") expect(ops[i - 1]!.op).not.toBe("ins");
      });
    }
  });

  it("shows a changed phrase as one phrase, not as scattered characters", () => {
    const { ops } = charDiff("要认真研究并提出意见。", "要深入调研并形成建议。");
    expect(show(ops)).toBe("要[-认真研究并提出意见-]{+深入调研并形成建议+}。");
  });

  it("keeps long unchanged stretches between changes", () => {
    const { ops } = charDiff("加强基层协商民主建设", "推进基层协商民主制度建设");
    expect(show(ops)).toBe("[-加强-]{+推进+}基层协商民主{+制度+}建设");
  });

  it("does not split an emoji or a combining mark", () => {
    const { ops } = charDiff("点赞👍🏻好", "点赞👍🏿好");
    expect(show(ops)).toBe("点赞[-👍🏻-]{+👍🏿+}好");
  });

  it("falls back to replacing the whole section beyond the limits", () => {
    const long = "政".repeat(50);
    const r = charDiff(long, long + "协", { maxGraphemes: 40 });
    expect(r).toEqual({ exact: false, ops: [{ op: "del", text: long }, { op: "ins", text: long + "协" }] });
    const edits = charDiff("甲乙丙丁戊己", "子丑寅卯辰巳", { maxEdits: 4 });
    expect(edits.exact).toBe(false);
    expect(sidesOf(edits.ops)).toEqual({ from: "甲乙丙丁戊己", to: "子丑寅卯辰巳" });
  });

  // A quadratic-space or exponential diff of 9,900 graphemes does not finish in the timeout.
  it("stays fast on a large section with scattered edits", { timeout: 30_000 }, () => {
    const base = Array.from({ length: 9_900 }, (_, i) => "委员会协商民主建言资政"[i % 11]).join("");
    const edited = base.replace(/建言/g, (m, at: number) => (at % 997 === 0 ? "献策" : m));
    const r = charDiff(base, edited);
    expect(r.exact).toBe(true);
    expect(sidesOf(r.ops)).toEqual({ from: base, to: edited });
  });
});
