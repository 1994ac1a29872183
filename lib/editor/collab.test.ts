/**
 * Concurrent sid conflicts across two Yjs replicas.
 *
 * There is no DOM here, so instead of mounting ySyncPlugin we reproduce exactly
 * what its binding does (see @tiptap/y-tiptap sync-plugin):
 *   - remote change → replace the ProseMirror content from the Y fragment in a
 *     transaction tagged `ySyncPluginKey: { isChangeOrigin: true }`
 *   - after a local dispatch → `updateYFragment` diffs the PM doc into Yjs
 * and run `sectionIdRepairTransaction`, which is what SectionIds' plugin view
 * dispatches (in a microtask) after a Yjs-origin change.
 */
import { initProseMirrorDoc, prosemirrorJSONToYDoc, updateYFragment, ySyncPluginKey, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type { Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sectionIdRepairTransaction } from "./section-ids";
import { createHeadlessEditor, doc, expectUniqueSids, h, headingsOf, p } from "@/test/editor";

const FIELD = "default";

class Replica {
  readonly editor = createHeadlessEditor(doc(p()));
  readonly frag: Y.XmlFragment;
  private meta: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor(readonly ydoc: Y.Doc) {
    this.frag = ydoc.getXmlFragment(FIELD);
    this.meta = initProseMirrorDoc(this.frag, this.editor.schema).meta;
    this.pull();
  }

  /** Binding `_typeChanged`: render Y into PM as a Yjs-origin transaction. */
  pull(): void {
    const { doc: ydocNode, meta } = initProseMirrorDoc(this.frag, this.editor.schema);
    this.meta = meta;
    const { state } = this.editor;
    this.editor.view.dispatch(
      state.tr.replaceWith(0, state.doc.content.size, ydocNode.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }),
    );
  }

  /** Binding view update: write the PM doc back into Y. */
  push(): void {
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.frag, this.editor.state.doc, this.meta), ySyncPluginKey);
  }

  local(change: (tr: Transaction) => void): void {
    const tr = this.editor.state.tr;
    change(tr);
    this.editor.view.dispatch(tr);
    this.push();
  }

  /** SectionIds plugin view's deferred repair. Returns whether it wrote anything. */
  deferredRepair(): boolean {
    const tr = sectionIdRepairTransaction(this.editor.state);
    if (!tr) return false;
    this.editor.view.dispatch(tr);
    this.push();
    return true;
  }

  json(): unknown {
    return yXmlFragmentToProsemirrorJSON(this.frag);
  }
}

/** Exchange missing updates both ways, then let each replica render. */
function sync(a: Replica, b: Replica): void {
  const toB = Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc));
  const toA = Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc));
  Y.applyUpdate(b.ydoc, toB);
  Y.applyUpdate(a.ydoc, toA);
  a.pull();
  b.pull();
}

function setup() {
  const base = doc(h(1, "a", "总体要求"), p("正文"), h(1, "b", "主要任务"), p("正文二"));
  const a = new Replica(prosemirrorJSONToYDoc(createHeadlessEditor(doc(p())).schema, base, FIELD));
  const ydocB = new Y.Doc();
  Y.applyUpdate(ydocB, Y.encodeStateAsUpdate(a.ydoc));
  const b = new Replica(ydocB);
  // Each editor has its own schema instance; nodes must come from the right one.
  const node = (tr: Transaction, json: ReturnType<typeof p>) => tr.doc.type.schema.nodeFromJSON(json);
  // Both insert a heading carrying the same sid (e.g. both pasted the same
  // clipboard after the original was deleted, or two offline sessions).
  a.local((tr) => tr.insert(tr.doc.child(0).nodeSize + tr.doc.child(1).nodeSize, node(tr, h(1, "dup", "甲方插入")))); // before 主要任务
  b.local((tr) => tr.insert(tr.doc.content.size, [node(tr, h(1, "dup", "乙方插入")), node(tr, p("乙正文"))]));
  return { a, b };
}

describe("sid uniqueness under concurrent inserts (c)", () => {
  it("merged replicas repair the same element and converge", () => {
    const { a, b } = setup();
    // Locally nothing is duplicated, so nothing was renamed.
    expect(headingsOf(a.editor).filter((x) => x.sid === "dup")).toHaveLength(1);
    expect(headingsOf(b.editor).filter((x) => x.sid === "dup")).toHaveLength(1);

    sync(a, b);
    expect(a.json()).toEqual(b.json());
    // Yjs-origin transactions are not repaired inline (see section-ids.ts)…
    expect(headingsOf(a.editor).filter((x) => x.sid === "dup")).toHaveLength(2);

    // …but by the deferred repair, which both replicas run concurrently and
    // which picks different random ids on each side.
    expect(a.deferredRepair()).toBe(true);
    expect(b.deferredRepair()).toBe(true);
    expectUniqueSids(a.editor);
    expectUniqueSids(b.editor);
    const renamedByA = headingsOf(a.editor).find((x) => x.text === "乙方插入")!.sid;
    const renamedByB = headingsOf(b.editor).find((x) => x.text === "乙方插入")!.sid;
    expect(renamedByA).not.toBe(renamedByB);

    sync(a, b);
    expect(a.json()).toEqual(b.json());
    expect(a.editor.getJSON()).toEqual(b.editor.getJSON()); // rendered editors agree too
    expectUniqueSids(a.editor);
    const final = headingsOf(a.editor);
    expect(final.map((x) => x.text)).toEqual(["总体要求", "甲方插入", "主要任务", "乙方插入"]);
    // First occurrence in document order kept the sid; the other got ONE of
    // the two concurrently written ids (Yjs attribute conflict resolution) —
    // no duplicated element, no lost content.
    expect(final[1]!.sid).toBe("dup");
    expect([renamedByA, renamedByB]).toContain(final[3]!.sid);

    // Stable: no further churn.
    expect(a.deferredRepair()).toBe(false);
    expect(b.deferredRepair()).toBe(false);
  });

  it("if one replica's repair arrives first, the other writes nothing", () => {
    const { a, b } = setup();
    sync(a, b);
    expect(a.deferredRepair()).toBe(true);
    sync(a, b);
    expect(b.deferredRepair()).toBe(false);
    expect(a.json()).toEqual(b.json());
    expectUniqueSids(b.editor);
  });

  it("a local edit on top of a merged duplicate repairs it by document order too", () => {
    const { a, b } = setup();
    sync(a, b);
    // Before the deferred repair runs, A types somewhere: appendTransaction
    // sees the pre-existing duplicate and applies the same document-order rule.
    a.local((tr) => tr.insertText("！", tr.doc.content.size - 1));
    expect(headingsOf(a.editor).find((x) => x.text === "甲方插入")!.sid).toBe("dup");
    expectUniqueSids(a.editor);
    expect(b.deferredRepair()).toBe(true);
    sync(a, b);
    expect(a.json()).toEqual(b.json());
    expectUniqueSids(a.editor);
    expectUniqueSids(b.editor);
  });
});
