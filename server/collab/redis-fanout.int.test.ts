import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import * as encoding from "lib0/encoding";
import { documentNameOf } from "@/lib/collab/protocol";
import { createRedis } from "../redis";
import { addParagraph, draftWithHead, startTestCollab, type TestCollab } from "../test/collab";
import { ResyncingRedisExtension } from "./redis-fanout";

// Two collab instances behind one load balancer: with REDIS_URL, an edit made through one
// instance reaches a client of the other (Hocuspocus's Redis extension). Runs in the CI pass
// that sets REDIS_URL (.ci/run).

describe.skipIf(!process.env.REDIS_URL)("two collab instances with Redis", () => {
  const instances: TestCollab[] = [];
  let userId = "";
  let draftId = "";

  beforeAll(async () => {
    const db = useTestDatabase();
    ({ userId, draftId } = await draftWithHead(db, "多实例"));
    for (let i = 0; i < 2; i++) instances.push(await startTestCollab(db));
  });

  afterAll(async () => {
    for (const i of instances) await i.close();
    await closeTestDatabase();
  });

  /** Promise rejections nobody handled while `run` ran: each one would have ended the portal. */
  async function unhandledDuring(run: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const listener = (reason: unknown) => seen.push(String((reason as Error)?.message ?? reason));
    process.on("unhandledRejection", listener);
    try {
      await run();
      await new Promise((r) => setTimeout(r, 300)); // a rejection is reported a tick after it happens
    } finally {
      process.off("unhandledRejection", listener);
    }
    return seen;
  }

  const fanoutOf = (i: TestCollab) => i.handle.hocuspocus.configuration.extensions.find((e) => e instanceof ResyncingRedisExtension) as ResyncingRedisExtension;

  it("an edit through instance 1 reaches a client of instance 2", async () => {
    const [a, b] = await Promise.all(instances.map((i) => i.connect(userId, draftId)));
    await expect.poll(() => a!.provider.isSynced && b!.provider.isSynced, { timeout: 10_000 }).toBe(true);
    addParagraph(a!.ydoc, "跨实例同步");
    await expect.poll(() => b!.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("跨实例同步");
  });

  it("a message from Redis that cannot be read is dropped; the instances go on syncing", async () => {
    const [a, b] = await Promise.all(instances.map((i) => i.connect(userId, draftId)));
    await expect.poll(() => a!.provider.isSynced && b!.provider.isSynced, { timeout: 10_000 }).toBe(true);
    const raw = createRedis(process.env.REDIS_URL!, "test");
    try {
      const unhandled = await unhandledDuring(async () => {
        // Another sender's frame for this draft: a Sync message of a kind that does not exist.
        const m = encoding.createEncoder();
        encoding.writeVarString(m, documentNameOf(draftId));
        encoding.writeVarUint(m, 0); // Sync
        encoding.writeVarUint(m, 9); // no such step
        const sender = Buffer.from("intruder");
        await raw.publish(`xieshen:collab:${documentNameOf(draftId)}`, Buffer.concat([Buffer.from([sender.length]), sender, Buffer.from(encoding.toUint8Array(m))]));
      });
      expect(unhandled).toEqual([]);
    } finally {
      raw.disconnect();
    }
    addParagraph(a!.ydoc, "坏消息之后");
    await expect.poll(() => b!.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("坏消息之后");
  });

  it("an instance that cannot publish its answer to a peer keeps serving", async () => {
    const pair = [await startTestCollab(useTestDatabase()), await startTestCollab(useTestDatabase())] as const;
    try {
      const [a, b] = await Promise.all(pair.map((i) => i.connect(userId, draftId)));
      await expect.poll(() => a!.provider.isSynced && b!.provider.isSynced, { timeout: 10_000 }).toBe(true);
      // Instance 2 loses its publishing connection (as when Redis goes down); instance 1's
      // next change asks it for its state, and its answer cannot be sent.
      fanoutOf(pair[1]).pub.disconnect();
      const unhandled = await unhandledDuring(async () => {
        addParagraph(a!.ydoc, "发布失败");
        await new Promise((r) => setTimeout(r, 1_000));
      });
      expect(unhandled).toEqual([]);
      // Instance 2 still serves its own clients.
      addParagraph(b!.ydoc, "实例二仍在");
      const c = await pair[1].connect(userId, draftId);
      await expect.poll(() => c.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("实例二仍在");
    } finally {
      for (const i of pair) await i.close();
    }
  });
});
