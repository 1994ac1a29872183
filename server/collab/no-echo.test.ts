import { Document } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { leaveOutSender } from "./no-echo";

// A Hocuspocus document (the library's own class) with stand-in connections that record what
// they are sent: the broadcast leaves out a sender only when it has everything broadcast.

class Recorder {
  readonly messageAddress = "d";
  readonly updates: Uint8Array[] = [];
  send(m: Uint8Array) {
    const d = decoding.createDecoder(m);
    decoding.readVarString(d);
    if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2) this.updates.push(decoding.readVarUint8Array(d));
  }
}

function setup(o: { flushMaxBytes?: number } = {}) {
  const doc = new Document("d", {}, { flushDelay: 0, flushMaxBytes: o.flushMaxBytes ?? 1024 * 1024 });
  doc.isLoading = false;
  leaveOutSender(doc);
  const [a, b, c] = [new Recorder(), new Recorder(), new Recorder()];
  for (const r of [a, b, c]) doc.addConnection(r as never);
  return { doc, a, b, c };
}

/** An update a client makes: a paragraph with `text`, from its own Y.Doc. */
function edit(text: string): Uint8Array {
  const y = new Y.Doc();
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  y.getXmlFragment("default").push([p]);
  return Y.encodeStateAsUpdate(y);
}

const from = (connection: Recorder) => ({ source: "connection", connection });

describe("leaveOutSender", () => {
  it("one sender in a turn: everyone else gets it, the sender does not", () => {
    const { doc, a, b, c } = setup();
    Y.applyUpdate(doc, edit("甲"), from(a));
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([0, 1, 1]);
  });

  it("two senders merged into one turn: both get the merged update (each lacks the other's part)", () => {
    const { doc, a, b, c } = setup();
    Y.applyUpdate(doc, edit("甲"), from(a));
    Y.applyUpdate(doc, edit("乙"), from(b));
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([1, 1, 1]);
  });

  it("an update not from a connection (another instance, the server) goes to everyone, its neighbours in the turn too", () => {
    const { doc, a, b, c } = setup();
    Y.applyUpdate(doc, edit("甲"), from(a));
    Y.applyUpdate(doc, edit("实例"), { source: "redis" });
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([1, 1, 1]);
    Y.applyUpdate(doc, edit("服务器"), null);
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([2, 2, 2]);
  });

  it("the sender state starts over at every broadcast", () => {
    const { doc, a, b, c } = setup();
    Y.applyUpdate(doc, edit("甲"), from(a));
    doc.flush();
    Y.applyUpdate(doc, edit("乙"), from(b));
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([1, 1, 2]);
  });

  it("a flush Hocuspocus makes at once (over its byte limit) leaves out its own sender only", () => {
    const { doc, a, b, c } = setup({ flushMaxBytes: 1 });
    Y.applyUpdate(doc, edit("甲"), from(a)); // flushed inside the update event, not at the end of the turn
    Y.applyUpdate(doc, edit("乙"), from(b));
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([1, 1, 2]);
    // A got B's edit and B got A's: nobody is left without what they lack.
    const text = (r: Recorder) => {
      const y = new Y.Doc();
      for (const u of r.updates) Y.applyUpdate(y, u);
      return y.getXmlFragment("default").toString();
    };
    expect(text(a)).toContain("乙");
    expect(text(b)).toContain("甲");
  });

  it("a transaction that changes nothing (a tab's empty SyncStep2 as it connects) does not count its tab as a sender", () => {
    const { doc, a, b, c } = setup();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), from(b));
    Y.applyUpdate(doc, edit("甲"), from(a));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), from(c));
    doc.flush();
    expect([a.updates.length, b.updates.length, c.updates.length]).toEqual([0, 1, 1]);
  });

  it("what reaches the others is the sender's edit", () => {
    const { doc, a, b } = setup();
    Y.applyUpdate(doc, edit("原文"), from(a));
    doc.flush();
    const seen = new Y.Doc();
    for (const u of b.updates) Y.applyUpdate(seen, u);
    expect(seen.getXmlFragment("default").toString()).toContain("原文");
  });
});
