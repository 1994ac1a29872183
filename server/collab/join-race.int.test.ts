import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection, connectedPayload, onAuthenticatePayload } from "@hocuspocus/server";
import { CLOSE, documentNameOf } from "@/lib/collab/protocol";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import type { Db } from "../db/client";
import { SYSTEM } from "../services/options";
import { addMembership, createCommittee, removeMembership } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { authExtension } from "./auth-extension";
import type { CollabContext } from "./context";
import { mintCollabToken } from "./token";

// A join takes one policy decision when it authenticates. A change of access announced
// while it was authenticating (it had not joined the document yet, so the announcement found
// no connection to update) is decided again as it joins; otherwise it is not decided twice.
// The extension's hooks run here against the real database and event bus; only the
// Hocuspocus connection — the outside world of this unit — is a stand-in that records closes.

process.env.AUTH_SECRET ??= "collab-integration-test-secret-0123456789abcdef";

let db: Db;
let member: TestUser;
let draftId: string;
let membershipId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const c = await createCommittee({ db, actor: SYSTEM, name: uniqueName("委员会"), description: "" });
  const head = await makeUser(db);
  member = await makeUser(db);
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: head.id, role: "HEAD" });
  membershipId = (await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: member.id, role: "MEMBER" })).id;
  draftId = (await createDraft({ db, actor: await sessionFor(db, head.id), input: { title: "加入竞态", kind: "SPEECH", committeeId: c.id } })).id;
});

afterAll(async () => {
  await closeTestDatabase();
});

function standIn() {
  const closes: number[] = [];
  const connection = {
    readOnly: false,
    close: ({ code }: { code: number }) => void closes.push(code),
    sendStateless: () => {},
  } as unknown as Connection<CollabContext>;
  return { connection, closes };
}

async function authenticate(ext: ReturnType<typeof authExtension>) {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: member.id }, select: { sessionVersion: true } });
  const token = mintCollabToken({ userId: member.id, sessionVersion, draftId });
  const connectionConfig = { readOnly: false, isAuthenticated: false };
  const context = (await ext.onAuthenticate!({
    token,
    documentName: documentNameOf(draftId),
    connectionConfig,
    request: new Request("http://localhost/collab"),
  } as unknown as onAuthenticatePayload<CollabContext>)) as CollabContext;
  return context;
}

describe("joining a draft while access changes", () => {
  it("lets a join through when nothing changed meanwhile", async () => {
    const ext = authExtension();
    const context = await authenticate(ext);
    const { connection, closes } = standIn();
    await ext.connected!({ connection, context } as unknown as connectedPayload<CollabContext>);
    expect(closes).toEqual([]);
    expect(connection.readOnly).toBe(false);
    await ext.onDestroy!({} as never);
  });

  it("closes a join whose access was removed, and announced, while it authenticated", async () => {
    const ext = authExtension();
    const context = await authenticate(ext);
    await removeMembership({ db, actor: SYSTEM, membershipId }); // commits, then announces
    const { connection, closes } = standIn();
    await ext.connected!({ connection, context } as unknown as connectedPayload<CollabContext>);
    expect(closes).toEqual([CLOSE.ACCESS_REVOKED.code]);
    await ext.onDestroy!({} as never);
  });
});
