import { DRAFT_LIMITS } from "@/lib/schemas/draft";

/** Closes a connection with a code the editor maps to a message (components/editor). */
export class CollabRefusal extends Error {
  constructor(readonly code: number, readonly reason: string) {
    super(reason);
  }
}

/** Per-connection state set by authentication. */
export interface CollabContext {
  userId: string;
  sessionVersion: number;
  draftId: string;
  rate: TokenBucket;
}

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
    if (this.tokens < 1) throw new CollabRefusal(4429, "RATE_LIMITED");
    this.tokens -= 1;
  }
}
