import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import type { Editor } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createHeadlessEditor, doc, h, p, posOfText, typeText } from "@/test/editor";
import { yStateFromJson } from "./content";
import { checkWholeDocument, UpdateGuard } from "./update-guard";

// The guard must never refuse what the real editor writes. A headless Tiptap editor (the
// same extensions as the browser) is bound to a Y.Doc the way y-tiptap binds it; every Yjs
// update it produces goes through the guard of a "server" document before being applied
// there, exactly as the collab server does.

class EditorClient {
  readonly ydoc = new Y.Doc();
  readonly frag = this.ydoc.getXmlFragment("default");
  readonly editor: Editor;
  readonly sent: Uint8Array[] = [];
  private meta: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor(initial: Uint8Array) {
    Y.applyUpdate(this.ydoc, initial);
    this.editor = createHeadlessEditor(doc(p()));
    const pm = initProseMirrorDoc(this.frag, this.editor.schema);
    this.meta = pm.meta;
    const { state } = this.editor;
    this.editor.view.dispatch(state.tr.replaceWith(0, state.doc.content.size, pm.doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    this.ydoc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin === ySyncPluginKey) this.sent.push(u);
    });
  }

  /** What the binding does after each local dispatch: write the PM doc into Yjs. */
  act(change: (editor: Editor) => void) {
    change(this.editor);
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.frag, this.editor.state.doc, this.meta), ySyncPluginKey);
  }
}

let guard: UpdateGuard | undefined;
afterEach(() => guard?.destroy());

function setup() {
  const initial = yStateFromJson(doc(h(1, null, "总体要求"), p("同志们："), h(2, null, "主要任务"), p("正文一段。")));
  const server = new Y.Doc();
  Y.applyUpdate(server, initial);
  guard = new UpdateGuard(server);
  const client = new EditorClient(initial);
  /** Sends everything the client produced since the last call through the guard. */
  const flush = () => {
    const verdicts = client.sent.splice(0).map((u) => {
      const v = guard!.check(u);
      if (v.ok) Y.applyUpdate(server, u);
      return v;
    });
    return verdicts;
  };
  return { server, client, flush };
}

describe("UpdateGuard accepts what the editor writes", () => {
  it.each<[string, (e: Editor) => void]>([
    ["typing into a paragraph", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段", 2)); typeText(e, "新增的文字"); }],
    ["Enter to split a paragraph", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段", 2)); e.commands.splitBlock(); }],
    // e2e/comments/highlight.spec.ts: Enter at a paragraph's start, after typing in it.
    ["Enter at the start of a paragraph after a heading", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段")); e.commands.splitBlock(); }],
    ["typing at a paragraph's start, then Enter there", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段")); typeText(e, "今年以来，"); e.commands.setTextSelection(posOfText(e, "今年以来")); e.commands.splitBlock(); }],
    ["typing 一、 at the start of an empty line makes a heading", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段。", 5)); e.commands.splitBlock(); typeText(e, "二、保障措施"); }],
    ["toolbar: paragraph to heading", (e) => { e.commands.setTextSelection(posOfText(e, "同志们")); e.commands.setHeading({ level: 3 }); }],
    ["bold and italic", (e) => { const a = posOfText(e, "正文一段"); e.commands.setTextSelection({ from: a, to: a + 2 }); e.commands.toggleBold(); e.commands.toggleItalic(); }],
    ["a link", (e) => { const a = posOfText(e, "正文一段"); e.commands.setTextSelection({ from: a, to: a + 2 }); e.commands.setLink({ href: "https://www.cppcc.gov.cn/" }); }],
    ["bullet and ordered lists", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段")); e.commands.toggleBulletList(); e.commands.toggleOrderedList(); }],
    ["a blockquote", (e) => { e.commands.setTextSelection(posOfText(e, "同志们")); e.commands.toggleBlockquote(); }],
    ["a hard break", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段", 2)); e.commands.setHardBreak(); }],
    ["a code block and a rule", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段")); e.commands.setCodeBlock(); e.commands.setHorizontalRule(); }],
    ["deleting everything", (e) => { e.commands.selectAll(); e.commands.deleteSelection(); }],
    ["pasting a heading and paragraphs", (e) => { e.commands.setTextSelection(posOfText(e, "正文一段。", 5)); e.commands.insertContent([h(1, null, "三、贴入的章节"), p("贴入的正文")]); }],
  ])("%s", (_name, change) => {
    const { server, client, flush } = setup();
    client.act(change);
    const verdicts = flush();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts).toEqual(verdicts.map(() => ({ ok: true })));
    expect(checkWholeDocument(server)).toEqual({ ok: true });
    expect(server.getXmlFragment("default").toString()).toBe(client.frag.toString());
  });

  it("a refused update leaves the guard in step: the next good update passes", () => {
    const { server, client, flush } = setup();
    const bad = new Y.Doc();
    Y.applyUpdate(bad, Y.encodeStateAsUpdate(server));
    const sv = Y.encodeStateVector(bad);
    bad.getXmlFragment("default").push([new Y.XmlElement("iframe")]);
    expect(guard!.check(Y.encodeStateAsUpdate(bad, sv)).ok).toBe(false);
    client.act((e) => { e.commands.setTextSelection(posOfText(e, "同志们", 1)); typeText(e, "各位"); });
    expect(flush()).toEqual([{ ok: true }]);
    expect(server.getXmlFragment("default").toString()).not.toContain("iframe");
  });
});

describe("UpdateGuard's copy stays in step with the live document", () => {
  // As the collab server does: the live document applies a checked update with the sender
  // named in the transaction's origin, and the guard does not give its copy that update twice.
  const senderOf = (origin: unknown) => (origin as { sender?: object } | null)?.sender ?? null;
  const applyLive = (live: Y.Doc, update: Uint8Array, sender: object) => Y.applyUpdate(live, update, { sender });

  /** An edit made on a copy of what `live` holds now (a client in step with the server). */
  function edit(live: Y.Doc, change: (frag: Y.XmlFragment) => void) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(live));
    const sv = Y.encodeStateVector(ydoc);
    change(ydoc.getXmlFragment("default"));
    return Y.encodeStateAsUpdate(ydoc, sv);
  }
  const addParagraph = (live: Y.Doc) =>
    edit(live, (frag) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("新的一段")]);
      frag.push([paragraph]);
    });
  const last = (frag: Y.XmlFragment) => frag.get(frag.length - 1) as Y.XmlElement;
  /** An <iframe> inside `live`'s last paragraph: refused, if the copy has that paragraph. */
  const iframeInLast = (live: Y.Doc) => edit(live, (frag) => last(frag).push([new Y.XmlElement("iframe")]));
  const typeInLast = (live: Y.Doc) => edit(live, (frag) => (last(frag).get(0) as Y.XmlText).insert(0, "又"));

  function setup() {
    const live = new Y.Doc();
    Y.applyUpdate(live, yStateFromJson(doc(h(1, null, "总体要求"), p("正文一段。"))));
    guard = new UpdateGuard(live, senderOf);
    return live;
  }

  it("an update checked and then applied live is in the copy: what builds on it is still checked", () => {
    const live = setup();
    const a = {};
    const add = addParagraph(live);
    expect(guard!.check(add, a)).toEqual({ ok: true });
    applyLive(live, add, a);
    // The iframe refers to the new paragraph: a copy without it would hold the iframe back
    // as "pending", see no change, and let it through.
    expect(guard!.check(iframeInLast(live), a).ok).toBe(false);
    const type = typeInLast(live);
    expect(guard!.check(type, a)).toEqual({ ok: true });
    applyLive(live, type, a);
    expect(live.getXmlFragment("default").toString()).toContain("又新的一段");
    expect(checkWholeDocument(live)).toEqual({ ok: true });
  });

  it("a copy rebuilt between the check and the live apply still gets that update", () => {
    const live = setup();
    const a = {};
    const add = addParagraph(live);
    expect(guard!.check(add, a)).toEqual({ ok: true });
    guard!.rebuild(); // another sender's write failed meanwhile: the copy is made again from live…
    guard!.warm(); // …before the live document has this update
    applyLive(live, add, a);
    expect(guard!.check(iframeInLast(live), a).ok).toBe(false);
  });

  it("updates the guard did not check (another instance's, the server's own) reach the copy", () => {
    const live = setup();
    guard!.warm();
    applyLive(live, addParagraph(live), {}); // a sender with no check here
    expect(guard!.check(iframeInLast(live), {}).ok).toBe(false);
  });
});

describe("UpdateGuard: edits inside an existing paragraph's text are checked by what they insert", () => {
  function setup() {
    const live = new Y.Doc();
    Y.applyUpdate(live, yStateFromJson(doc(h(1, null, "总体要求"), p("正文一段，已有的文字。"))));
    guard = new UpdateGuard(live);
    guard.warm();
    return live;
  }
  /** An edit of the paragraph's existing text run, made by a client in step with `live`. */
  function editText(live: Y.Doc, change: (t: Y.XmlText) => void) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(live));
    const sv = Y.encodeStateVector(ydoc);
    change((ydoc.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText);
    return Y.encodeStateAsUpdate(ydoc, sv);
  }

  it.each<[string, (t: Y.XmlText) => void]>([
    ["typing", (t) => t.insert(2, "新增")],
    ["bold on a range", (t) => t.format(0, 2, { bold: {} })],
    ["a safe link on a range", (t) => t.format(0, 2, { link: { href: "https://www.cppcc.gov.cn/" } })],
    ["typing inside a bold range", (t) => t.insert(1, "加粗", { bold: {} })],
    ["deleting", (t) => t.delete(0, 3)],
  ])("accepts %s", (_name, change) => {
    const live = setup();
    const update = editText(live, change);
    expect(guard!.check(update)).toEqual({ ok: true });
    Y.applyUpdate(live, update);
    expect(checkWholeDocument(live)).toEqual({ ok: true });
  });

  it.each<[string, (t: Y.XmlText) => void]>([
    ["an unknown mark on a range", (t) => t.format(0, 2, { blink: {} })],
    ["a link with a script URL on a range", (t) => t.format(0, 2, { link: { href: "javascript:alert(1)" } })],
    ["a mark with an undeclared attribute", (t) => t.format(0, 2, { bold: { onclick: "alert(1)" } })],
    ["a mark smuggled through __proto__", (t) => t.format(0, 2, { link: { ["__proto__"]: { href: "javascript:alert(1)" } } })],
    ["typed text carrying an unknown mark", (t) => t.insert(1, "闪", { blink: {} })],
    ["embedded content", (t) => t.insertEmbed(1, { image: "javascript:alert(1)" })],
    ["an element inside the text", (t) => t.insertEmbed(1, new Y.XmlElement("script") as unknown as object)],
    ["an attribute on the text", (t) => t.setAttribute("onclick", "alert(1)")],
  ])("refuses %s, and the next good edit still passes", (_name, change) => {
    const live = setup();
    expect(guard!.check(editText(live, change)).ok).toBe(false);
    const good = editText(live, (t) => t.insert(0, "好"));
    expect(guard!.check(good)).toEqual({ ok: true });
  });
});
