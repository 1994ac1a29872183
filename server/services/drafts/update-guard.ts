import type { MarkType, NodeType, Schema } from "@tiptap/pm/model";
import * as Y from "yjs";
import { DOC_FIELD } from "@/lib/collab/protocol";
import { SECTION_LEVELS } from "@/lib/sections/numbering";
import { isSafeHref } from "@/lib/safe-href";
import { editorSchema } from "./content";

// Validation of a Yjs update BEFORE it is stored and acknowledged (shared/DESIGN.md: "an
// update is validated: it decodes, applies to a copy, and yields a document the editor
// schema accepts"). A draft must never be bricked by one bad frame, and an update whose
// nodes or marks the editor does not know must not reach other users: their editors would
// "repair" it by deleting content.
//
// The copy is a mirror Y.Doc kept in step with the live document (every update applied to
// the live document is applied to the mirror too). A candidate update is applied to the
// mirror; only what it changed is checked, from the mirror's own events, so the cost is
// proportional to the update, not to the document. A refused update leaves the mirror
// ahead of the live document: the caller rebuilds it from the live document (rare).

export type UpdateVerdict = { ok: true } | { ok: false; reason: string };

const MAX_DEPTH = 48;
const MAX_ATTR_JSON = 1024;
const SID = /^[A-Za-z0-9_-]{1,64}$/;
const LEVELS = new Set<number>(SECTION_LEVELS);

class Invalid extends Error {}
const fail = (reason: string): never => {
  throw new Invalid(reason);
};

/**
 * Plain data only: objects whose prototype is Object's or Array's, all the way down. Yjs
 * decodes objects by assignment, so a "__proto__" key in an update swaps the prototype and
 * its content becomes inherited — invisible to Object.entries and JSON.stringify, yet read
 * by anyone who looks up a property (found by test/hostile/schema-fuzz.int.test.ts).
 */
function isPlain(v: unknown): boolean {
  if (v === null || typeof v !== "object") return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(v).every(isPlain);
}

/** Attribute keys as stored: getAttributes() drops a key named "__proto__" (it assigns). */
function attributeKeys(t: Y.XmlElement | Y.XmlText): string[] {
  const keys: string[] = [];
  (t as unknown as { _map: Map<string, Y.Item> })._map.forEach((item, key) => {
    if (!item.deleted) keys.push(key);
  });
  return keys;
}

function checkAttrValue(node: string, key: string, value: unknown) {
  if (value instanceof Y.AbstractType || value instanceof Uint8Array || !isPlain(value)) fail(`${node}.${key}: not a plain value`);
  const json = JSON.stringify(value);
  if (json === undefined || json.length > MAX_ATTR_JSON) fail(`${node}.${key}: too large`);
}

/** Attributes of an element: only those its node type declares, with sane values. */
function checkNodeAttrs(type: NodeType, attrs: Record<string, unknown>) {
  const declared = type.spec.attrs ?? {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!Object.hasOwn(declared, key)) fail(`${type.name}: unknown attribute ${key}`);
    checkAttrValue(type.name, key, value);
  }
  if (type.name === "heading") {
    if (typeof attrs.sid !== "string" || !SID.test(attrs.sid)) fail("heading: missing or bad sid");
    if (typeof attrs.level !== "number" || !LEVELS.has(attrs.level)) fail("heading: bad level");
  }
  if (type.name === "orderedList" && attrs.start != null && !(Number.isInteger(attrs.start) && (attrs.start as number) >= 0 && (attrs.start as number) <= 1e6)) {
    fail("orderedList: bad start");
  }
}

/** Mark names as y-prosemirror writes them: `bold`, or `comment--<hash>` for overlapping marks. */
function markTypeOf(schema: Schema, key: string): MarkType | undefined {
  const name = key.includes("--") ? key.slice(0, key.indexOf("--")) : key;
  return schema.marks[name];
}

function checkMark(schema: Schema, parent: NodeType, key: string, value: unknown) {
  const mark = markTypeOf(schema, key);
  if (!mark) fail(`unknown mark ${key}`);
  if (!parent.allowsMarkType(mark!)) fail(`${parent.name}: mark ${mark!.name} not allowed`);
  if (value === null || typeof value !== "object" || Array.isArray(value) || !isPlain(value)) fail(`${key}: bad mark attributes`);
  const declared = mark!.spec.attrs ?? {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(declared, k)) fail(`${mark!.name}: unknown attribute ${k}`);
    checkAttrValue(mark!.name, k, v);
  }
  if (mark!.name === "link") {
    const href = (value as { href?: unknown }).href;
    if (typeof href !== "string" || !isSafeHref(href)) fail("link: unsafe href");
  }
}

/** A text run inside `parent`: plain strings only, marks the parent allows. */
function checkText(schema: Schema, parent: NodeType, text: Y.XmlText) {
  if (!parent.inlineContent) fail(`${parent.name}: text not allowed`);
  if (attributeKeys(text).length > 0) fail("text: attributes not allowed");
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== "string") fail("text: embedded content not allowed");
    if (op.attributes && !isPlain(op.attributes)) fail("text: bad marks");
    for (const [key, value] of Object.entries(op.attributes ?? {})) checkMark(schema, parent, key, value);
  }
}

/** The children of an element (or the root) match its content expression. */
function checkChildren(schema: Schema, type: NodeType, parent: Y.XmlFragment, isRoot: boolean) {
  let match = type.contentMatch;
  let count = 0;
  for (const child of parent.toArray() as unknown[]) {
    let childType: NodeType | undefined;
    if (child instanceof Y.XmlText) {
      if (child.length === 0) continue; // an emptied run maps to no node
      childType = schema.nodes.text;
    } else if (child instanceof Y.XmlElement) {
      childType = schema.nodes[child.nodeName];
      if (!childType || childType === schema.topNodeType || childType.isText) fail(`unknown node ${child.nodeName}`);
    } else {
      fail(`${type.name}: child is not an element or text`);
    }
    const next = match.matchType(childType!);
    if (!next) fail(`${type.name}: ${childType!.name} not allowed here`);
    match = next!;
    count++;
  }
  // An empty root is tolerated (every editor refills it with one paragraph on its own).
  if (!match.validEnd && !(isRoot && count === 0)) fail(`${type.name}: content incomplete`);
}

function checkElement(schema: Schema, el: Y.XmlElement): NodeType {
  const type = schema.nodes[el.nodeName];
  if (!type || type === schema.topNodeType || type.isText) return fail(`unknown node ${el.nodeName}`);
  for (const key of attributeKeys(el)) if (!Object.hasOwn(type.spec.attrs ?? {}, key)) fail(`${type.name}: unknown attribute ${key}`);
  checkNodeAttrs(type, el.getAttributes() as Record<string, unknown>);
  return type;
}

interface Nested {
  _item: Y.Item | null;
}

function depthOf(type: Nested): number {
  let d = 0;
  for (let t: Nested | null = type; t?._item; t = t._item.parent as Nested | null) d++;
  return d;
}

/** A subtree that did not exist before this update: checked whole (it is part of the update). */
function checkNewSubtree(schema: Schema, el: Y.XmlElement, depth: number) {
  if (depth > MAX_DEPTH) fail("nesting too deep");
  const type = checkElement(schema, el);
  checkChildren(schema, type, el, false);
  for (const child of el.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement) checkNewSubtree(schema, child, depth + 1);
    else if (child instanceof Y.XmlText) checkText(schema, type, child);
  }
}

/** A mark as one formatting item writes it: its value, or null where the mark ends. */
function checkFormat(schema: Schema, parent: NodeType, key: string, value: unknown) {
  if (value !== null) return checkMark(schema, parent, key, value);
  const mark = markTypeOf(schema, key);
  if (!mark) fail(`unknown mark ${key}`);
  if (!parent.allowsMarkType(mark!)) fail(`${parent.name}: mark ${mark!.name} not allowed`);
}

/**
 * The items this transaction inserted (and did not delete again), by the type they went into:
 * read from the struct store between the transaction's before and after states, so the cost
 * is the update's size, not the size of the types it touched.
 */
function insertedByParent(tr: Y.Transaction): Map<unknown, Y.Item[]> {
  const out = new Map<unknown, Y.Item[]>();
  tr.afterState.forEach((after, client) => {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) return;
    const structs = tr.doc.store.clients.get(client);
    if (!structs) return;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      const list = out.get(struct.parent);
      if (list) list.push(struct);
      else out.set(struct.parent, [struct]);
    }
  });
  return out;
}

/**
 * What a transaction inserted into an existing text run: strings, and marks its block allows.
 * Only the new items are read — a keystroke into a paragraph that has seen thousands of edits
 * costs what the keystroke costs (toDelta of the whole run made every keystroke O(paragraph),
 * and a 10-minute soak of 200 drafts fell behind).
 */
function checkTextInsertions(schema: Schema, parent: NodeType, items: Y.Item[]) {
  if (!parent.inlineContent) fail(`${parent.name}: text not allowed`);
  for (const item of items) {
    if (item.parentSub !== null) fail("text: attributes not allowed");
    const content = item.content;
    if (content instanceof Y.ContentString) continue;
    if (content instanceof Y.ContentFormat) {
      if (!isPlain(content.value)) fail("text: bad marks");
      checkFormat(schema, parent, content.key, content.value);
      continue;
    }
    fail("text: embedded content not allowed");
  }
}

function checkEvent(schema: Schema, root: Y.XmlFragment, event: Y.YEvent<Y.AbstractType<unknown>>, inserted: () => Map<unknown, Y.Item[]>) {
  const target = event.target;
  if (target instanceof Y.XmlText) {
    const parent = target._item?.parent;
    if (!(parent instanceof Y.XmlElement)) return fail("text outside a block");
    checkTextInsertions(schema, checkElement(schema, parent), inserted().get(target) ?? []);
    return;
  }
  if (!(target instanceof Y.XmlFragment)) return fail("unexpected shared type");
  const isRoot = target === root;
  const type = isRoot ? schema.topNodeType : checkElement(schema, target as Y.XmlElement);
  if (isRoot && (target as unknown as { _map: Map<string, unknown> })._map.size > 0) fail("root: attributes not allowed");
  const depth = depthOf(target);
  checkChildren(schema, type, target, isRoot);
  for (const item of event.changes.added) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentType) {
      const child = content.type;
      if (child instanceof Y.XmlElement) checkNewSubtree(schema, child, depth + 1);
      else if (child instanceof Y.XmlText) checkText(schema, type, child);
      else if (item.parentSub === null) fail("unexpected shared type");
      else fail("attribute holds a shared type");
    }
  }
}

/**
 * Keeps a copy of a document for validating updates against it. `live` is the document
 * clients see; every update applied to it reaches the mirror through `observe`.
 *
 * The copy is made when it is first needed (`check`, or `warm` once the document has been
 * served), not when the guard is created: copying a large document costs as much as loading
 * it (~100–180 ms for 50,000 characters with a long history), and someone opening a draft to
 * read should not wait for a copy that only an edit needs. Until then the live document is
 * the whole truth, so nothing is lost by not mirroring its updates.
 */
export class UpdateGuard {
  private mirror: Y.Doc | null = null;
  /** Which copy `mirror` is: every new copy gets the next number. */
  private generation = 0;
  /**
   * Senders whose last checked update is already in the copy, with the copy's generation:
   * when the live document applies that update (its transaction's origin names the sender),
   * the copy is not given it a second time. Applying an update twice is harmless but costs
   * about half as much as the first time, on every keystroke (a profile of 200 drafts × 5
   * editors: 5.8% of the portal's busy time).
   */
  private readonly checkedFrom = new WeakMap<object, number>();
  private readonly schema = editorSchema();
  private readonly onLiveUpdate = (update: Uint8Array, origin: unknown) => {
    if (!this.mirror) return; // copied from the live document when first needed
    const sender = this.senderOf(origin);
    if (sender && this.checkedFrom.get(sender) === this.generation) {
      this.checkedFrom.delete(sender);
      return;
    }
    try {
      Y.applyUpdate(this.mirror, update);
    } catch {
      this.rebuild();
    }
  };

  /**
   * `senderOf` names the sender in a live transaction's origin (the collab server: the
   * connection), so that an update checked here and then applied to the live document as it
   * was checked reaches the copy once. Without it every live update is applied to the copy.
   */
  constructor(
    private readonly live: Y.Doc,
    private readonly senderOf: (origin: unknown) => object | null = () => null,
  ) {
    live.on("update", this.onLiveUpdate);
  }

  private copyOfLive() {
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.live));
    this.generation++;
    return doc;
  }

  private mirrorNow(): Y.Doc {
    this.mirror ??= this.copyOfLive();
    return this.mirror;
  }

  /** Makes the copy now if it is not made yet (after the document was served, before an edit). */
  warm() {
    this.mirrorNow();
  }

  /** Back in step with the live document (after a refused or unstored update). */
  rebuild() {
    this.release();
  }

  /** Whether the copy is made (it costs about as much memory as the live document). */
  get holdsCopy() {
    return this.mirror !== null;
  }

  /** Drops the copy (a draft nobody has edited for a while); the next check makes it again. */
  release() {
    this.mirror?.destroy();
    this.mirror = null;
  }

  /**
   * Applies `update` to the copy and checks what it changed. The live document is untouched.
   * `sender` (the same object `senderOf` finds in the origin of the live transaction that
   * will apply this update) marks the update as already in the copy; the caller applies it
   * to the live document next, unchanged, or not at all.
   */
  check(update: Uint8Array, sender?: object): UpdateVerdict {
    if (sender) this.checkedFrom.delete(sender);
    const mirror = this.mirrorNow();
    const root = mirror.getXmlFragment(DOC_FIELD);
    const rootsBefore = mirror.share.size;
    let problem: string | null = null;
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
      // Event data (changes) is only valid inside the handler.
      let byParent: Map<unknown, Y.Item[]> | null = null;
      const inserted = () => (byParent ??= insertedByParent(tr));
      try {
        for (const e of events) checkEvent(this.schema, root, e, inserted);
      } catch (e) {
        problem = e instanceof Invalid ? e.message : `check failed: ${(e as Error).message}`;
      }
    };
    root.observeDeep(observer);
    try {
      // Malformed bytes throw here; whatever they did to the copy goes with the rebuild below.
      Y.applyUpdate(mirror, update);
    } catch (e) {
      problem = `does not apply: ${(e as Error).message}`;
    } finally {
      root.unobserveDeep(observer);
    }
    if (!problem && mirror.share.size !== rootsBefore) problem = "unknown root type";
    if (problem) {
      this.rebuild();
      return { ok: false, reason: problem };
    }
    if (sender) this.checkedFrom.set(sender, this.generation);
    return { ok: true };
  }

  destroy() {
    this.live.off("update", this.onLiveUpdate);
    this.release();
  }
}

/** The whole document against the editor schema (drafts:check, tests); O(document). */
export function checkWholeDocument(doc: Y.Doc): UpdateVerdict {
  const schema = editorSchema();
  try {
    const root = doc.getXmlFragment(DOC_FIELD);
    checkChildren(schema, schema.topNodeType, root, true);
    for (const child of root.toArray() as unknown[]) {
      if (child instanceof Y.XmlElement) checkNewSubtree(schema, child, 1);
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof Invalid ? e.message : (e as Error).message };
  }
}
