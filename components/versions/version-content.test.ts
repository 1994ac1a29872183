import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PMJSONNode } from "@/lib/sections/outline";
import { VersionContent } from "./version-content";

// A frozen version read-only: the editor's computed labels, and document text that stays text.

const render = (doc: PMJSONNode) => renderToStaticMarkup(createElement(VersionContent, { doc, label: "第 1 版正文", empty: "无正文" }));
const heading = (level: number, sid: string, text: string): PMJSONNode => ({ type: "heading", attrs: { level, sid }, content: [{ type: "text", text }] });
const para = (...content: PMJSONNode[]): PMJSONNode => ({ type: "paragraph", content });
const text = (t: string, marks?: PMJSONNode["marks"]): PMJSONNode => ({ type: "text", text: t, ...(marks ? { marks } : {}) });

describe("VersionContent", () => {
  it("labels headings as the editor numbers them (一、（一）1.（1）), one level down from the page title", () => {
    const html = render({
      type: "doc",
      content: [para(text("标题行")), heading(1, "a", "基本情况"), heading(2, "b", "现状"), heading(2, "c", "问题"), heading(1, "d", "建议"), heading(3, "e", "细项")],
    });
    expect(html).toContain('<h2 data-sid="a" data-level="1"><span class="section-label">一、</span><span>基本情况</span></h2>');
    expect(html).toContain('<span class="section-label">（一）</span><span>现状</span></h3>');
    expect(html).toContain('<span class="section-label">（二）</span><span>问题</span></h3>');
    expect(html).toContain('<span class="section-label">二、</span><span>建议</span></h2>');
    expect(html).toContain("<h4");
    expect(html).toContain("<p><span>标题行</span></p>");
  });

  it("renders document text as text: markup is escaped, unsafe links lose their href", () => {
    const html = render({
      type: "doc",
      content: [
        para(text('<script>alert(1)</script><img src=x onerror="alert(2)">')),
        para(text("点这里", [{ type: "link", attrs: { href: "javascript:alert(3)" } }]), text("官网", [{ type: "link", attrs: { href: "https://www.example.gov.cn/" } }])),
      ],
    });
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('<a href="https://www.example.gov.cn/" rel="noopener noreferrer nofollow"');
  });

  it("says so when the version has no text", () => {
    expect(render({ type: "doc", content: [] })).toContain("无正文");
  });
});
