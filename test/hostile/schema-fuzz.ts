import * as Y from "yjs";
import { DOC_FIELD } from "@/lib/collab/protocol";
import { editorSchema } from "@/server/services/drafts/content";
import type { Random } from "@/scripts/durability/util";
import { pick } from "./support";

// A generator of Yjs updates that are well-formed — they decode and apply — but hold content
// the editor schema does not allow: unknown node types, marks with script URLs or unknown
// names, headings without `sid` or with bad levels, undeclared and huge attributes, text
// where blocks belong, incomplete content, nesting past the depth limit, other root types.
// Each case says which rule it breaks; placement and payloads are drawn from the seed.

const SCRIPT_HREFS = [
  "javascript:alert(document.cookie)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:alert(1)",
  "javascript&colon;alert(1)",
  "\u0000javascript:alert(1)",
  "vbscript:msgbox(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "//evil.example/login",
  "/\\evil.example",
  "\\\\evil.example\\share",
  "file:///etc/passwd",
  "blob:https://evil.example/x",
];

const BAD_SIDS: unknown[] = [undefined, "", " ", "a b", "<script>", "s".repeat(65), "节一", 42, null, { sid: "x" }, "s-1\n"];
const BAD_LEVELS: unknown[] = [0, 7, 9, -1, 1.5, "1", null, undefined, 1e9, Number.NaN];

function schemaNames() {
  const s = editorSchema();
  return { nodes: new Set(Object.keys(s.nodes)), marks: new Set(Object.keys(s.marks)) };
}

function unknownName(r: Random, known: Set<string>, preset: string[]): string {
  for (;;) {
    const name = r.next() < 0.6 ? pick(r, preset) : `x${Math.floor(r.next() * 1e9).toString(36)}`;
    if (!known.has(name)) return name;
  }
}

const para = (text: string, marks?: Record<string, unknown>) => {
  const t = new Y.XmlText();
  t.insert(0, text, marks);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [t]);
  return p;
};

const heading = (attrs: Record<string, unknown>, text = "标题") => {
  const h = new Y.XmlElement("heading");
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) h.setAttribute(k, v as string);
  h.insert(0, [new Y.XmlText(text)]);
  return h;
};

export interface SchemaBreaker {
  kind: string;
  /** Changes the copy of the document so that it breaks the schema. */
  change(doc: Y.Doc): void;
}

/** One schema-invalid change, drawn from the seed. */
export function schemaBreaker(r: Random): SchemaBreaker {
  const { nodes, marks } = schemaNames();
  const root = (d: Y.Doc) => d.getXmlFragment(DOC_FIELD);
  const at = (d: Y.Doc) => r.int(0, root(d).length + 1);
  const insert = (d: Y.Doc, el: Y.XmlElement | Y.XmlText) => root(d).insert(at(d), [el]);
  const kinds: (() => SchemaBreaker)[] = [
    () => {
      const name = unknownName(r, nodes, ["script", "iframe", "img", "object", "svg", "style", "div", "a", "doc", "text", "customNode"]);
      return { kind: "unknown node type", change: (d) => insert(d, (() => { const e = new Y.XmlElement(name); e.insert(0, [new Y.XmlText("alert(1)")]); return e; })()) };
    },
    () => {
      const href = pick(r, SCRIPT_HREFS);
      return { kind: "link mark with a script URL", change: (d) => insert(d, para("点这里", { link: { href, target: "_blank", rel: "noopener noreferrer nofollow", class: null, title: null } })) };
    },
    () => {
      const name = unknownName(r, marks, ["blink", "script", "style", "onclick", "font", "comment"]);
      return { kind: "unknown mark", change: (d) => insert(d, para("文字", { [name]: {} })) };
    },
    () => {
      const extra = pick(r, [{ onclick: "alert(1)" }, { style: "background:url(javascript:alert(1))" }, { href: "javascript:alert(1)" }, { class: "x" }]);
      return { kind: "mark with an undeclared attribute", change: (d) => insert(d, para("粗体", { bold: extra })) };
    },
    () => {
      const sid = pick(r, BAD_SIDS);
      return { kind: "heading without a valid sid", change: (d) => insert(d, heading({ level: r.int(1, 5), sid })) };
    },
    () => {
      const level = pick(r, BAD_LEVELS);
      return { kind: "heading with a bad level", change: (d) => insert(d, heading({ level, sid: `s-${r.int(0, 1e6)}` })) };
    },
    () => {
      const n = 1025 + r.int(0, 200_000);
      const where = r.int(0, 3);
      return {
        kind: "huge attribute",
        change: (d) => {
          if (where === 0) insert(d, heading({ level: 1, sid: "s-huge", title: "长".repeat(n) }));
          else if (where === 1) insert(d, para("链接", { link: { href: `https://example.org/${"a".repeat(n)}`, target: null, rel: null, class: null, title: null } }));
          else {
            const l = new Y.XmlElement("orderedList");
            l.setAttribute("start", { n: "9".repeat(n) } as unknown as string);
            const li = new Y.XmlElement("listItem");
            li.insert(0, [para("项")]);
            l.insert(0, [li]);
            insert(d, l);
          }
        },
      };
    },
    () => {
      const key = pick(r, ["onclick", "onerror", "style", "src", "data-x", "__proto__", "constructor"]);
      return { kind: "undeclared node attribute", change: (d) => { const p = para("正文"); p.setAttribute(key, "alert(1)"); insert(d, p); } };
    },
    () => {
      // Yjs decodes objects by assignment: an own "__proto__" key becomes the prototype.
      const poisoned = pick(r, [
        { href: "https://www.cppcc.gov.cn/", ["__proto__"]: { class: "长".repeat(5000), target: "_top" } },
        { ["__proto__"]: { href: "javascript:alert(1)" } },
      ]);
      const where = r.int(0, 3);
      return {
        kind: "attribute or mark smuggled through __proto__",
        change: (d) => {
          if (where === 0) insert(d, para("链接", { link: poisoned }));
          else if (where === 1) insert(d, heading({ level: 1, sid: "s-proto", ["__proto__"]: { title: "长".repeat(5000) } }));
          else insert(d, heading({ level: 1, sid: "s-proto", ["__proto__"]: "x" }));
        },
      };
    },
    () => ({ kind: "text directly in the root", change: (d) => insert(d, new Y.XmlText("裸文字")) }),
    () => ({
      kind: "incomplete content (list item without its paragraph)",
      change: (d) => {
        const l = new Y.XmlElement(pick(r, ["bulletList", "orderedList"]));
        l.insert(0, [new Y.XmlElement("listItem")]);
        insert(d, l);
      },
    }),
    () => ({
      kind: "block inside a paragraph",
      change: (d) => {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [heading({ level: 1, sid: "s-in-p" })]);
        insert(d, p);
      },
    }),
    () => {
      const depth = 49 + r.int(0, 200);
      return {
        kind: "nesting past the depth limit",
        change: (d) => {
          let inner: Y.XmlElement = para("深");
          for (let i = 0; i < depth; i++) {
            const q = new Y.XmlElement("blockquote");
            q.insert(0, [inner]);
            inner = q;
          }
          insert(d, inner);
        },
      };
    },
    () => ({ kind: "text with attributes", change: (d) => { const t = new Y.XmlText("文"); t.setAttribute("onclick", "alert(1)"); const p = new Y.XmlElement("paragraph"); p.insert(0, [t]); insert(d, p); } }),
    () => ({ kind: "embedded content in text", change: (d) => { const t = new Y.XmlText(); t.insertEmbed(0, { image: "javascript:alert(1)" }); const p = new Y.XmlElement("paragraph"); p.insert(0, [t]); insert(d, p); } }),
    () => {
      const name = pick(r, ["evil", "prosemirror", "meta", "", "default2", "__proto__"]);
      const kind = r.int(0, 3);
      return {
        kind: "another root type",
        change: (d) => {
          if (kind === 0) d.getMap(name).set("x", "<script>");
          else if (kind === 1) d.getArray(name).push(["x"]);
          else d.getText(name).insert(0, "x");
        },
      };
    },
  ];
  return pick(r, kinds)();
}

/** The update a change to a copy of `base` makes; `base` itself is not touched. */
export function updateFor(base: Y.Doc, change: (copy: Y.Doc) => void, clientId: number): Uint8Array {
  const copy = new Y.Doc();
  copy.clientID = clientId;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}
