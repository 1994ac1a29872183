import { CLOSE, type CloseReason } from "@/lib/collab/protocol";
import type { TokenBucket } from "./limits";

/** Closes a connection with one of the protocol's close reasons (lib/collab/protocol.ts). */
export class CollabRefusal extends Error {
  readonly code: number;
  constructor(readonly reason: CloseReason) {
    super(reason);
    this.code = CLOSE[reason].code;
  }
}

/** Per-connection state set by authentication. */
export interface CollabContext {
  userId: string;
  /** The name and colour others see in presence: from the database, never from the client. */
  userName: string;
  sessionVersion: number;
  draftId: string;
  /** Update messages (limits.ts connectionBudgets). */
  rate: TokenBucket;
  /** Presence messages: past the rate they are dropped. */
  presenceRate: TokenBucket;
  /** Full syncs asked for (SyncStep1). */
  syncRate: TokenBucket;
  /** access.changed events heard before this connection was authenticated (auth-extension.ts). */
  accessEpoch: number;
}
