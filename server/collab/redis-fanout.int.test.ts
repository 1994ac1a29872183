import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HocuspocusProvider } from "@hocuspocus/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName } from "../test/factories";
import { createCommittee, addMembership } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { startCollab, type CollabHandle } from "./index";
import { mintCollabToken } from "./token";

// Two collab instances behind one load balancer: with REDIS_URL, an edit made through one
// instance reaches a client of the other (Hocuspocus's Redis extension). Runs in the CI pass
// that sets REDIS_URL (.ci/run).

process.env.AUTH_SECRET ??= "collab-integration-test-secret-0123456789abcdef";

describe.skipIf(!process.env.REDIS_URL)("two collab instances with Redis", () => {
  const servers: Server[] = [];
  const handles: CollabHandle[] = [];
  const providers: HocuspocusProvider[] = [];
  const urls: string[] = [];
  let token = "";
  let draftId = "";

  beforeAll(async () => {
    const db = useTestDatabase();
    const admin = await makeUser(db, { role: "ADMIN" });
    const head = await makeUser(db);
    const c = await createCommittee({ db, actorId: admin.id }, { name: uniqueName("委员会"), description: "" });
    await addMembership({ db, actorId: admin.id, committeeId: c.id, userId: head.id, role: "HEAD" });
    const session = await sessionFor(db, head.id);
    draftId = (await createDraft({ db, actor: session, input: { title: "多实例", kind: "OTHER", committeeId: c.id } })).id;
    token = mintCollabToken({ userId: head.id, sessionVersion: session.sessionVersion, draftId });
    for (let i = 0; i < 2; i++) {
      const server = createServer();
      handles.push(await startCollab({ server }));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      servers.push(server);
      urls.push(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab`);
    }
  });

  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const h of handles) await h.close();
    for (const s of servers) await new Promise((r) => s.close(r));
    await closeTestDatabase();
  });

  it("an edit through instance 1 reaches a client of instance 2", async () => {
    const docs = urls.map((url) => {
      const ydoc = new Y.Doc();
      providers.push(new HocuspocusProvider({ url, name: `draft:${draftId}`, document: ydoc, token }));
      return ydoc;
    });
    await expect.poll(() => providers.every((p) => p.isSynced), { timeout: 10_000 }).toBe(true);
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("跨实例同步")]);
    docs[0]!.getXmlFragment("default").push([p]);
    await expect.poll(() => docs[1]!.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("跨实例同步");
  });
});
