import type { afterLoadDocumentPayload, Document, onChangePayload } from "@hocuspocus/server";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import type { Redis } from "ioredis";
import { createRedis } from "../redis";

// Yjs fan-out between collab instances (Hocuspocus's Redis extension), made whole again after
// Redis comes back. Redis carries messages only (PostgreSQL has every acknowledged edit), so
// an outage may cost fan-out for a while, never a crash, a refused draft or a lost edit.
//
// - After an outage. The extension sends a document's state vector (SyncStep1) to the other
//   instances only after a local change; a peer answers with what is missing and its own
//   SyncStep1, so both sides catch up. Updates published while Redis was unreachable are
//   gone, so the instances would differ until someone types — possibly never, if the outage
//   ended in a lull. So when our subscriber connection is back, every loaded document
//   announces its state vector once more (a few times: peers may resubscribe a moment later
//   than we do). Only state vectors travel; the content follows as a normal sync.
// - No crash. The extension answers a peer's message with a publish whose promise nobody
//   awaits (Hocuspocus's MessageReceiver ignores what its reply callback returns), and its
//   subscriber callback is an async function nobody awaits either: with Redis down, or a
//   message it cannot read, either rejection was unhandled and Node exited (faults scenario
//   b caught an instance dying so). Every publish promise is observed here (a caller that
//   awaits still gets the error), and a message that fails is dropped with a line in the log.
// - No refused draft. The extension subscribes to a draft's channel when the draft loads, and
//   a failure there fails the load, which Hocuspocus reports to the client as "permission
//   denied" (the editor would say 无权访问 and stop). A draft that loads while Redis is down
//   is served from this instance alone and joins the fan-out when Redis is back. The same
//   for the reply channel, which the extension subscribes once, in its constructor: it is
//   subscribed again whenever the connection is ready and it is not in place.

const RESYNC_AFTER_MS = [300, 2_000, 6_000];

type MessageHandler = (channel: Buffer, data: Buffer) => Promise<void>;

/** What of the extension's private state this class relies on (checked at construction). */
interface ExtensionInternals {
  handleIncomingMessage: MessageHandler;
  replySubscription: Promise<void>;
  replyKey(identifier: string): string;
  subKey(documentName: string): string;
  documents: Map<string, Document>;
  configuration: { identifier: string };
}

/** The client with every `publish` promise given a handler, so an unawaited one cannot crash the process. */
function observePublishes(redis: Redis): Redis {
  const publish = redis.publish.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  (redis as unknown as { publish: typeof publish }).publish = (...args) => {
    const pending = publish(...args);
    pending.catch(() => {}); // Redis down: createRedis has said so once; the resync repairs
    return pending;
  };
  return redis;
}

export class ResyncingRedisExtension extends RedisExtension {
  private readonly internals: ExtensionInternals;
  /** Loaded drafts whose channel is not subscribed (they loaded while Redis was down). */
  private readonly detached = new Set<string>();
  private replySubscribed = false;

  constructor(url: string) {
    super({ createClient: () => observePublishes(createRedis(url, "collab")), prefix: "xieshen:collab" });
    const x = this as unknown as Partial<ExtensionInternals>;
    if (
      typeof x.handleIncomingMessage !== "function" || !(x.replySubscription instanceof Promise) || typeof x.replyKey !== "function" ||
      typeof x.subKey !== "function" || !(x.documents instanceof Map)
    ) {
      throw new Error("@hocuspocus/extension-redis: internals this extension relies on are missing (check the version)");
    }
    this.internals = x as ExtensionInternals;
    const handle = this.internals.handleIncomingMessage;
    // The extension subscribed its own handler in its constructor; put a guarded one in its place.
    this.sub.off("messageBuffer", handle);
    this.sub.on("messageBuffer", (channel: Buffer, data: Buffer) => {
      handle(channel, data).catch((e: Error) => {
        console.error(`[collab] a message from Redis (${channel.toString("utf8").slice(0, 120)}) was dropped: ${e.message}`);
      });
    });
    this.internals.replySubscription.then(() => (this.replySubscribed = true), () => {});
    let lost = false;
    this.sub.on("close", () => {
      lost = true;
    });
    this.sub.on("ready", () => {
      if (!this.replySubscribed) this.subscribeReplies();
      const rejoined = this.rejoinDetached();
      if (!lost && !rejoined) return;
      lost = false;
      for (const ms of RESYNC_AFTER_MS) setTimeout(() => this.announceAll(), ms).unref();
    });
  }

  override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
    if ((this.sub as Redis).status === "ready") {
      try {
        await super.afterLoadDocument(payload);
        return;
      } catch (e) {
        console.error(`[collab] ${payload.documentName}: opened without fan-out to other instances until Redis is back (${(e as Error).message})`);
      }
    }
    // Served from this instance alone for now (the extension dropped it from its map on failure).
    this.internals.documents.delete(payload.documentName);
    this.detached.add(payload.documentName);
  }

  override async afterUnloadDocument(data: Parameters<RedisExtension["afterUnloadDocument"]>[0]): Promise<void> {
    if (!data.instance.documents.has(data.documentName)) this.detached.delete(data.documentName);
    return super.afterUnloadDocument(data);
  }

  private subscribeReplies() {
    const again = (this.sub as Redis).subscribe(this.internals.replyKey(this.internals.configuration.identifier)).then(() => {
      this.replySubscribed = true;
    });
    again.catch(() => {}); // a load awaiting it goes on without fan-out; the next "ready" tries again
    this.internals.replySubscription = again;
  }

  /** Subscribes the channels of drafts that loaded while Redis was down. Whether there were any. */
  private rejoinDetached(): boolean {
    if (!this.instance || this.detached.size === 0) return false;
    for (const name of [...this.detached]) {
      const document = this.instance.documents.get(name);
      this.detached.delete(name);
      if (!document) continue;
      this.internals.documents.set(name, document);
      (this.sub as Redis).subscribe(this.internals.subKey(name)).catch(() => {
        this.internals.documents.delete(name);
        this.detached.add(name); // down again: the next "ready" tries again
      });
    }
    return true;
  }

  /** Publishes a SyncStep1 for every loaded document (the extension's own path for a local change). */
  announceAll() {
    if (!this.instance) return;
    for (const [documentName, document] of this.instance.documents) {
      void this.onChange({ documentName, document, transactionOrigin: undefined } as unknown as onChangePayload);
    }
  }
}
