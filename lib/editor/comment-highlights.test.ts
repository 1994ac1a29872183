/**
 * Comment highlights follow their words across Yjs edits. As in collab.test.ts there is no
 * DOM, so the y-tiptap binding is reproduced: a remote change renders the Y fragment into
 * ProseMirror as a Yjs-origin transaction, a local one is diffed into Yjs after dispatch.
 */
import { initProseMirrorDoc, prosemirrorJSONToYDoc, updateYFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import type { Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createEditorExtensions } from "./extensions";
import { decodeAnchor, passageAnchors, passageQuote, type YBinding } from "./comment-anchors";
import { CommentHighlights, commentHighlightsKey, setCommentHighlights, type HighlightThread } from "./comment-highlights";
import { createHeadlessEditor, doc, h, p, posOfText } from "@/test/editor";

const FIELD = "default";

class Replica {
  readonly frag: Y.XmlFragment;
  private meta: ReturnType<typeof initProseMirrorDoc>["meta"] | null = null;
  readonly clicked: string[] = [];
  readonly editor = createHeadlessEditor(doc(p()), [
    ...createEditorExtensions(),
    CommentHighlights.configure({ binding: () => this.binding(), onClick: (id) => this.clicked.push(id) }),
  ]);

  constructor(readonly ydoc: Y.Doc) {
    this.frag = ydoc.getXmlFragment(FIELD);
    this.meta = initProseMirrorDoc(this.frag, this.editor.schema).meta;
    this.pull();
  }

  binding(): YBinding | null {
    return this.meta && { ydoc: this.ydoc, fragment: this.frag, mapping: this.meta.mapping };
  }

  pull(): void {
    const { doc: node, meta } = initProseMirrorDoc(this.frag, this.editor.schema);
    this.meta = meta;
    const { state } = this.editor;
    this.editor.view.dispatch(state.tr.replaceWith(0, state.doc.content.size, node.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
  }

  push(): void {
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.frag, this.editor.state.doc, this.meta!), ySyncPluginKey);
  }

  local(change: (tr: Transaction) => void): void {
    const tr = this.editor.state.tr;
    change(tr);
    this.editor.view.dispatch(tr);
    this.push();
  }

  /** Anchors a thread on the first occurrence of `text`, as the 批注 button does. */
  /** `within`: a longer text that locates the occurrence meant. */
  anchor(id: string, text: string, sid = "s1", within = text): HighlightThread {
    const from = posOfText(this.editor, within);
    const to = from + text.length;
    expect(passageQuote(this.editor.state, from, to)).toBe(text);
    const a = passageAnchors(this.binding()!, from, to)!;
    return { id, sid, quote: text, start: decodeAnchor(a.start)!, end: decodeAnchor(a.end)! };
  }

  highlighted(id: string): string | null {
    const r = commentHighlightsKey.getState(this.editor.state)!.ranges.get(id);
    return r ? this.editor.state.doc.textBetween(r.from, r.to) : null;
  }
}

function sync(a: Replica, b: Replica): void {
  Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)));
  Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)));
  a.pull();
  b.pull();
}

function setup() {
  const base = doc(h(1, "s1", "总体要求"), p("围绕城市更新开展协商议政，形成建议。"), h(1, "s2", "主要任务"), p("协商议政放在首位。"));
  const a = new Replica(prosemirrorJSONToYDoc(createHeadlessEditor(doc(p())).schema, base, FIELD));
  const b = new Replica(new Y.Doc());
  sync(a, b);
  return { a, b };
}

describe("comment highlights", () => {
  it("keeps covering the same words when someone else inserts text before them", () => {
    const { a, b } = setup();
    const t = a.anchor("t1", "开展协商议政");
    setCommentHighlights(a.editor.view, [t], null);
    expect(a.highlighted("t1")).toBe("开展协商议政");

    b.local((tr) => tr.insertText("在区委领导下，", posOfText(b.editor, "围绕")));
    sync(a, b);
    expect(a.editor.state.doc.textContent).toContain("在区委领导下，围绕城市更新");
    expect(a.highlighted("t1")).toBe("开展协商议政");

    // Text typed by someone else right before the first quoted character stays outside,
    // and right after the last one too.
    b.local((tr) => tr.insertText("积极", posOfText(b.editor, "开展")));
    b.local((tr) => tr.insertText("活动", posOfText(b.editor, "，形成")));
    sync(a, b);
    expect(a.highlighted("t1")).toBe("开展协商议政");
  });

  it("a passage at the start of a paragraph does not swallow text typed before it", () => {
    const { a, b } = setup();
    const t = a.anchor("t2", "协商议政放在", "s2");
    setCommentHighlights(a.editor.view, [t], null);
    b.local((tr) => tr.insertText("要把", posOfText(b.editor, "协商议政放在")));
    sync(a, b);
    expect(a.highlighted("t2")).toBe("协商议政放在");
  });

  it("follows the words through the reader's own typing and line breaks", () => {
    const { a, b } = setup();
    const t = a.anchor("t3", "形成建议");
    setCommentHighlights(a.editor.view, [t], "t3");
    a.local((tr) => tr.insertText("认真", posOfText(a.editor, "围绕")));
    expect(a.highlighted("t3")).toBe("形成建议");
    // The active thread's highlight is marked as such.
    const deco = commentHighlightsKey.getState(a.editor.state)!.decorations.find();
    expect(deco).toHaveLength(1);
    expect((deco[0] as unknown as { type: { attrs: Record<string, string> } }).type.attrs).toMatchObject({
      class: "comment-highlight comment-highlight-active",
      "data-thread-id": "t3",
    });

    // Enter before the passage (a structural change) is mapped too.
    a.local((tr) => tr.split(posOfText(a.editor, "认真")));
    expect(a.highlighted("t3")).toBe("形成建议");
    sync(a, b);
    expect(a.highlighted("t3")).toBe("形成建议");

    // Someone else moves the section (y-tiptap deletes its blocks and inserts them again).
    b.editor.commands.moveSectionDown("s1");
    b.push();
    sync(a, b);
    expect(a.editor.state.doc.firstChild?.textContent).toBe("主要任务");
    expect(a.highlighted("t3")).toBe("形成建议");
  });

  it("keeps following a passage found again by its quote after y-tiptap recreated its text", () => {
    const { a, b } = setup();
    const t = a.anchor("t6", "形成建议");
    setCommentHighlights(a.editor.view, [t], null);
    // Enter at the start of the paragraph: y-tiptap empties the old paragraph and inserts
    // the text again in a new one, so the stored anchors collapse.
    b.local((tr) => tr.split(posOfText(b.editor, "围绕")));
    sync(a, b);
    expect(a.highlighted("t6")).toBe("形成建议");
    // Typed inside the passage afterwards: followed, though the quote no longer matches.
    b.local((tr) => tr.insertText("二", posOfText(b.editor, "建议")));
    sync(a, b);
    expect(a.highlighted("t6")).toBe("形成二建议");
  });

  it("a deleted passage (shown struck through in the margin)", () => {
    const { a, b } = setup();
    const t = a.anchor("t4", "城市更新");
    setCommentHighlights(a.editor.view, [t], null);
    const from = posOfText(b.editor, "城市更新");
    b.local((tr) => tr.delete(from - 2, from + 6));
    sync(a, b);
    expect(a.highlighted("t4")).toBeNull();
    expect(commentHighlightsKey.getState(a.editor.state)!.ranges.size).toBe(0);
  });

  it("looks for a collapsed passage's words only in its own section", () => {
    const { a, b } = setup();
    const t = a.anchor("t5", "协商议政", "s2", "协商议政放在");
    setCommentHighlights(a.editor.view, [t], null);
    expect(a.highlighted("t5")).toBe("协商议政");
    // The words are deleted from 二 but still occur in 一: not the same passage.
    const from = posOfText(b.editor, "协商议政放在");
    b.local((tr) => tr.delete(from, from + 4));
    sync(a, b);
    expect(a.highlighted("t5")).toBeNull();
  });

  it("anchors fit the contract's limits and decode", () => {
    const { a } = setup();
    const from = posOfText(a.editor, "城市");
    const anchors = passageAnchors(a.binding()!, from, from + 2)!;
    expect(anchors.start).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(decodeAnchor(anchors.end)).not.toBeNull();
    expect(decodeAnchor("not base64!")).toBeNull();
    expect(passageAnchors(a.binding()!, from, from)).toBeNull();
  });
});
