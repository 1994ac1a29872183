import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisServer } from "@/scripts/instances/cluster";
import { documentNameOf } from "@/lib/collab/protocol";
import { freePort } from "../db/embedded";
import { resetEnvCache } from "../env";
import { createRedis } from "../redis";
import { createEventBus } from "../services/events";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { addParagraph, draftWithHead, startTestCollab, type TestCollab } from "../test/collab";

// Redis is for fan-out only: a collab instance that starts while Redis is down must open
// drafts, and join the other instances, once Redis is back — not stay broken until restarted.
// Uses our own redis-server on a free port (skipped where the binary is missing).

const hasRedisServer = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasRedisServer)("a collab instance started while Redis is down", () => {
  let redis: RedisServer;
  const instances: TestCollab[] = [];
  let userId = "";
  let draftId = "";
  const savedUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    const db = useTestDatabase();
    ({ userId, draftId } = await draftWithHead(db, "Redis 未启动"));
    redis = new RedisServer(await freePort());
    process.env.REDIS_URL = redis.url;
    resetEnvCache();
  });

  afterAll(async () => {
    for (const i of instances) await i.close();
    await redis.stop();
    if (savedUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = savedUrl;
    resetEnvCache();
    await closeTestDatabase();
  });

  it("opens a draft while Redis is down, and joins the other instances once Redis is up", async () => {
    const db = useTestDatabase();
    instances.push(await startTestCollab(db));
    const bus = createEventBus({ redisUrl: redis.url });
    const heard: string[] = [];
    bus.subscribe((e) => heard.push(e.type));
    // Long enough for the subscriptions made at start to fail (ioredis gives up a queued
    // command after 3 reconnection attempts, ~0.3 s).
    await new Promise((r) => setTimeout(r, 2_000));
    const a = await instances[0]!.connect(userId, draftId);
    await expect.poll(() => a.provider.isSynced, { timeout: 15_000 }).toBe(true);
    addParagraph(a.ydoc, "断线时写的");
    await redis.start();
    instances.push(await startTestCollab(db));
    const b = await instances[1]!.connect(userId, draftId);
    await expect.poll(() => b.provider.isSynced, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => b.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("断线时写的");
    // Both instances listen on the draft's channel again (instance 1 had opened it without).
    const probe = createRedis(redis.url, "test");
    try {
      const listeners = async () => Number(((await probe.pubsub("NUMSUB", `xieshen:collab:${documentNameOf(draftId)}`)) as [string, number])[1]);
      await expect.poll(listeners, { timeout: 10_000 }).toBe(2);
    } finally {
      probe.disconnect();
    }
    addParagraph(a.ydoc, "先起后连");
    await expect.poll(() => b.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("先起后连");
    addParagraph(b.ydoc, "回程也通");
    await expect.poll(() => a.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("回程也通");
    // App events too: a bus made while Redis was down hears another instance's events.
    const other = createEventBus({ redisUrl: redis.url });
    try {
      await expect
        .poll(async () => {
          await other.publish({ type: "access.changed", draftId });
          return heard.includes("access.changed");
        }, { timeout: 10_000, interval: 500 })
        .toBe(true);
    } finally {
      await other.close();
      await bus.close();
    }
  });
});
