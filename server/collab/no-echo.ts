import type { Document, Extension, afterLoadDocumentPayload } from "@hocuspocus/server";
import type * as Y from "yjs";

// Hocuspocus 4.7 merges the updates that arrive in one event-loop turn and sends the merged
// update to every connection of the document, the ones it came from included. When a turn's
// updates all came from one connection (the common case: one person typing), that connection
// already has every item in it; sending it back costs the server an encode-and-send and the
// client a decode for nothing on every keystroke. This leaves the sender out of that
// broadcast. Updates from more than one connection, or from anything else (another
// instance's fan-out, the server's own edits), still go to everyone.

interface Broadcasting {
  broadcast(encode: (address: string) => Uint8Array, filter?: (connection: unknown) => boolean): void;
  broadcastUpdate(update: Uint8Array): void;
}

const MIXED = Symbol("several senders");

function connectionOf(origin: unknown): unknown {
  if (typeof origin !== "object" || origin === null) return MIXED;
  const o = origin as { source?: unknown; connection?: unknown };
  return o.source === "connection" && o.connection ? o.connection : MIXED;
}

/** Whether Yjs will emit an update for this transaction: a deletion, or a clock that moved. */
function madeAnUpdate(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true;
  return false;
}

/** Patches one document so a broadcast of updates that all came from one connection skips it. */
export function leaveOutSender(document: Document): void {
  const d = document as unknown as Partial<Broadcasting>;
  if (typeof d.broadcast !== "function" || typeof d.broadcastUpdate !== "function") {
    throw new Error("@hocuspocus/server: Document.broadcast/broadcastUpdate not found (check the version)");
  }
  const broadcast = d.broadcast.bind(document);
  const broadcastUpdate = d.broadcastUpdate.bind(document);
  // The sender of everything pending since the last broadcast (null: nothing yet). Taken when
  // a transaction starts, so it is known before the transaction's update event, where
  // Hocuspocus may flush at once (over its byte limit); given back when the transaction made
  // no update (an empty SyncStep2 when a tab connects), so a sender is only ever counted for
  // an update it made. The test for "made an update" may say yes where Yjs emits nothing
  // (that only sends to more connections); it never says no where Yjs emits one.
  let sender: unknown = null;
  let before: unknown = null;
  document.on("beforeTransaction", (tr: Y.Transaction) => {
    before = sender;
    const from = connectionOf(tr.origin);
    sender = sender === null || sender === from ? from : MIXED;
  });
  document.on("afterTransaction", (tr: Y.Transaction) => {
    if (!madeAnUpdate(tr)) sender = before;
  });
  let skip: unknown = null;
  d.broadcast = (encode, filter) => broadcast(encode, skip === null ? filter : (c) => c !== skip && (!filter || filter(c)));
  d.broadcastUpdate = (update) => {
    skip = sender === MIXED ? null : sender;
    sender = null;
    try {
      broadcastUpdate(update);
    } finally {
      skip = null;
    }
  };
}

export function noEchoExtension(): Extension {
  return {
    extensionName: "xieshen-no-echo",
    async afterLoadDocument({ document }: afterLoadDocumentPayload) {
      leaveOutSender(document);
    },
  };
}
