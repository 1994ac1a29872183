import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import * as Y from "yjs";
import { CollabRefusal } from "./context";

// What one connection may send: a message rate, and no additions to a draft over its
// character limit. The frame size is enforced by `ws` (maxPayload) in index.ts.

/** Update rate per connection: a burst, then a sustained number of messages per second. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond = DRAFT_LIMITS.maxMessagesPerSecond, private readonly burst = perSecond * 4) {
    this.tokens = burst;
  }
  take() {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) throw new CollabRefusal("RATE_LIMITED");
    this.tokens -= 1;
  }
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
