// Free text with a NUL byte (or another control character) through tRPC's HTTP handler, the
// way the browser sends it: a clear 400 with a localized message key, never a 500 from
// PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00"), and nothing written.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import type { SessionUser } from "../auth/session";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { contextFor, makeUser, sessionFor, uniqueName } from "../test/factories";
import { appRouter } from "./root";

let db: Db;
let head: SessionUser;
let admin: SessionUser;
let committeeId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const committee = await db.committee.create({ data: { name: uniqueName("控制字符委员会") } });
  committeeId = committee.id;
  const h = await makeUser(db);
  await db.membership.create({ data: { userId: h.id, committeeId, role: "HEAD" } });
  head = await sessionFor(db, h.id);
  admin = await sessionFor(db, (await makeUser(db, { role: "ADMIN" })).id);
});

afterAll(async () => {
  await closeTestDatabase();
});

interface TrpcAnswer {
  status: number;
  error?: { message: string; data: { code: string; zodIssues: { path: string[]; message: string }[] | null } };
  data?: unknown;
}

/** One call through tRPC's fetch handler (the route's own), as `user`. */
async function call(user: SessionUser, path: string, input: unknown, kind: "query" | "mutation"): Promise<TrpcAnswer> {
  const payload = JSON.stringify(superjson.serialize(input));
  const url = `http://127.0.0.1/api/trpc/${path}`;
  const req =
    kind === "query"
      ? new Request(`${url}?input=${encodeURIComponent(payload)}`)
      : new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => contextFor(user) });
  const body = (await res.json()) as { error?: { json: TrpcAnswer["error"] }; result?: { data: { json: unknown } } };
  return { status: res.status, error: body.error?.json, data: body.result?.data.json };
}

function expectRefused(answer: TrpcAnswer, field: string) {
  expect(answer.status, JSON.stringify(answer.error)).toBe(400);
  expect(answer.error?.data.code).toBe("BAD_REQUEST");
  expect(answer.error?.data.zodIssues).toContainEqual({ path: [field], message: "validation.controlChars" });
}

describe("control characters in free text", () => {
  it("a NUL in the drafts search is a 400, not a 500", async () => {
    expectRefused(await call(head, "drafts.list", { query: "提案\u0000" }, "query"), "query");
    expectRefused(await call(head, "drafts.list", { committeeId: "x\u0000" }, "query"), "committeeId");
    // The same search without it works.
    expect((await call(head, "drafts.list", { query: "提案" }, "query")).status).toBe(200);
  });

  it("a NUL or another control character in a draft title is a 400, and no draft is created", async () => {
    const before = await db.draft.count();
    expectRefused(await call(head, "drafts.create", { title: "关于\u0000的报告", kind: "OTHER", committeeId }, "mutation"), "title");
    expectRefused(await call(head, "drafts.create", { title: "关于\u0007的报告", kind: "OTHER", committeeId }, "mutation"), "title");
    expectRefused(await call(head, "drafts.create", { title: "报告", kind: "OTHER", committeeId: `${committeeId}\u0000` }, "mutation"), "committeeId");
    expect(await db.draft.count()).toBe(before);
  });

  it("a tab or line break pasted into a title becomes a space", async () => {
    const created = await call(head, "drafts.create", { title: "关于\t数字政协\r\n建设的报告\n", kind: "OTHER", committeeId }, "mutation");
    expect(created.status).toBe(200);
    const { id } = created.data as { id: string };
    expect((await db.draft.findUniqueOrThrow({ where: { id } })).title).toBe("关于 数字政协 建设的报告");
  });

  it("a NUL in a draft id is a 400, not a 500", async () => {
    expectRefused(await call(head, "drafts.get", { draftId: "abc\u0000" }, "query"), "draftId");
  });

  it("people's names, titles and the user search refuse NUL with a 400", async () => {
    const username = uniqueName("ctl");
    expectRefused(await call(admin, "admin.users.create", { username, name: "张\u0000三", password: "Control-pass-2026" }, "mutation"), "name");
    expectRefused(await call(admin, "admin.users.create", { username, name: "张三", title: "委员\u0000", password: "Control-pass-2026" }, "mutation"), "title");
    expect(await db.user.count({ where: { username } })).toBe(0);
    expectRefused(await call(admin, "admin.users.update", { userId: head.id, name: "李\u0000四" }, "mutation"), "name");
    expectRefused(await call(admin, "admin.users.update", { userId: `${head.id}\u0000`, title: "x" }, "mutation"), "userId");
    expectRefused(await call(admin, "admin.users.list", { query: "\u0000" }, "query"), "query");
  });

  it("committee names refuse NUL; descriptions keep line breaks and refuse NUL", async () => {
    expectRefused(await call(admin, "admin.committees.create", { name: `委员会\u0000${uniqueName()}` }, "mutation"), "name");
    expectRefused(await call(admin, "admin.committees.create", { name: uniqueName("委员会"), description: "职责\u0000" }, "mutation"), "description");
    const name = uniqueName("委员会");
    const ok = await call(admin, "admin.committees.create", { name, description: "第一行\n第二行\t缩进" }, "mutation");
    expect(ok.status).toBe(200);
    expect((await db.committee.findFirstOrThrow({ where: { name } })).description).toBe("第一行\n第二行\t缩进");
  });
});
