import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName } from "../test/factories";
import { createCommittee, addMembership } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { addParagraph, startTestCollab, type TestCollab } from "../test/collab";

// Two collab instances behind one load balancer: with REDIS_URL, an edit made through one
// instance reaches a client of the other (Hocuspocus's Redis extension). Runs in the CI pass
// that sets REDIS_URL (.ci/run).

describe.skipIf(!process.env.REDIS_URL)("two collab instances with Redis", () => {
  const instances: TestCollab[] = [];
  let userId = "";
  let draftId = "";

  beforeAll(async () => {
    const db = useTestDatabase();
    const admin = await makeUser(db, { role: "ADMIN" });
    const head = await makeUser(db);
    const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
    await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
    userId = head.id;
    draftId = (await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "多实例", kind: "OTHER", committeeId: c.id } })).id;
    for (let i = 0; i < 2; i++) instances.push(await startTestCollab(db));
  });

  afterAll(async () => {
    for (const i of instances) await i.close();
    await closeTestDatabase();
  });

  it("an edit through instance 1 reaches a client of instance 2", async () => {
    const [a, b] = await Promise.all(instances.map((i) => i.connect(userId, draftId)));
    await expect.poll(() => a!.provider.isSynced && b!.provider.isSynced, { timeout: 10_000 }).toBe(true);
    addParagraph(a!.ydoc, "跨实例同步");
    await expect.poll(() => b!.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("跨实例同步");
  });
});
