import { describe, expect, it } from "vitest";
import { isSafeHref } from "./safe-href";

describe("isSafeHref", () => {
  it.each(["https://www.gov.cn/zhengce/", "http://example.org/a?b=1#c", "mailto:office@example.org", "/drafts/abc", "#part-2", "?q=1"])(
    "accepts %s",
    (href) => expect(isSafeHref(href)).toBe(true),
  );
  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "//evil.example/x",
    "/\\evil.example",
    "",
    "x".repeat(3000),
  ])("refuses %s", (href) => expect(isSafeHref(href)).toBe(false));
});
