import { PRESENCE_LIMITS } from "@/lib/collab/protocol";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import * as Y from "yjs";
import { CollabRefusal } from "./context";

// What one connection may send: a message rate, and no additions to a draft over its
// character limit. The frame size is enforced by `ws` (maxPayload) in index.ts.

/** Update rate per connection: a burst, then a sustained number of messages per second. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  /** Messages refused or dropped so far. */
  refused = 0;
  constructor(private readonly perSecond: number = DRAFT_LIMITS.maxMessagesPerSecond, private readonly burst: number = perSecond * 4) {
    this.tokens = burst;
  }
  /** Takes one message's token, or refuses the connection. */
  take() {
    if (!this.tryTake()) throw new CollabRefusal("RATE_LIMITED");
  }
  /** Takes one message's token if there is one. */
  tryTake(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.refused++;
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}

/**
 * The budgets of one connection. Updates: refused past the rate (the client resends after
 * reconnecting). Presence (caret moves): past the rate, messages are dropped, not refused —
 * the next caret move that fits corrects what others see. A full sync (SyncStep1, which makes
 * the server encode the whole document): a client sends one per connection; a few spare,
 * then refused.
 */
export function connectionBudgets() {
  return {
    rate: new TokenBucket(),
    presenceRate: new TokenBucket(PRESENCE_LIMITS.maxMessagesPerSecond),
    syncRate: new TokenBucket(1, 8),
  };
}

function addsContent(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length > 0;
}

/**
 * A draft already over the limit takes deletions only. The editor refuses typing past the
 * limit itself (lib/editor/document-limit.ts); this is the backstop for crafted clients.
 */
export function checkDocumentSize(textLength: number, update: Uint8Array) {
  if (textLength > DRAFT_LIMITS.maxChars && addsContent(update)) throw new CollabRefusal("DOCUMENT_TOO_LARGE");
}
