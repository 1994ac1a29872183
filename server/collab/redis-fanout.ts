import type { onChangePayload } from "@hocuspocus/server";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import { createRedis } from "../redis";

// Yjs fan-out between collab instances (Hocuspocus's Redis extension), made whole again after
// Redis comes back. The extension sends a document's state vector (SyncStep1) to the other
// instances only after a local change; a peer answers with what is missing and its own
// SyncStep1, so both sides catch up. Updates published while Redis was unreachable are gone,
// so after an outage the instances differ until someone types — possibly never, if the
// outage ended in a lull. So when our subscriber connection is back, every loaded document
// announces its state vector once more (a few times: peers may resubscribe a moment later
// than we do). Only state vectors travel; the content follows as a normal sync.

const RESYNC_AFTER_MS = [300, 2_000, 6_000];

export class ResyncingRedisExtension extends RedisExtension {
  constructor(url: string) {
    super({ createClient: () => createRedis(url, "collab"), prefix: "xieshen:collab" });
    let lost = false;
    this.sub.on("close", () => {
      lost = true;
    });
    this.sub.on("ready", () => {
      if (!lost) return;
      lost = false;
      for (const ms of RESYNC_AFTER_MS) setTimeout(() => this.announceAll(), ms).unref();
    });
  }

  /** Publishes a SyncStep1 for every loaded document (the extension's own path for a local change). */
  announceAll() {
    if (!this.instance) return;
    for (const [documentName, document] of this.instance.documents) {
      void this.onChange({ documentName, document, transactionOrigin: undefined } as unknown as onChangePayload);
    }
  }
}
