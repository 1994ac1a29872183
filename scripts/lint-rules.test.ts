import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The lint rule that keeps server code out of client bundles: components/ and lib/ may
// import types from server/, never values.

const eslint = new ESLint();

// Loading the config and its plugins takes seconds on a busy machine: once, up front.
beforeAll(() => eslint.lintText("export {};\n", { filePath: "lib/warm-up.ts" }), 60_000);

async function messagesFor(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports");
}

describe("server/ is server-only", () => {
  it.each([
    ["components/editor/example.tsx", 'import { getDb } from "@/server/db/client";\nexport const x = getDb;\n'],
    ["lib/example.ts", 'import { env } from "../server/env";\nexport const x = env;\n'],
    ["components/drafts/example.tsx", 'import { env } from "../../server/env";\nexport const x = env;\n'],
  ])("refuses a value import in %s", async (file, code) => {
    const messages = await messagesFor(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain("server-only");
  });

  it("allows type imports, and server code importing server code", async () => {
    expect(await messagesFor("components/ui/example.ts", 'import type { AppRouter } from "@/server/api/root";\nexport type X = AppRouter;\n')).toEqual([]);
    expect(await messagesFor("server/services/example.ts", 'import { getDb } from "../db/client";\nexport const x = getDb;\n')).toEqual([]);
  });
});

describe("routers and routes only call services", () => {
  async function syntaxMessages(filePath: string, code: string) {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
  }

  it.each([
    ["server/api/routers/drafts/example.ts", "export const f = (ctx: any) => ctx.db.user.findMany();\n", "Routers only call services"],
    ["app/api/example/route.ts", 'import { getDb } from "@/server/db/client";\nexport const f = () => getDb().draft.count();\n', "Routes only call services"],
    ["server/api/routers/committees/example.ts", 'export const f = (ctx: any) => ctx.user.role === "ADMIN";\n', "server/policy"],
    ["app/(app)/example/page.tsx", 'export const f = (m: { role: string }) => m.role !== "HEAD";\n', "server/policy"],
  ])("refuses %s", async (file, code, message) => {
    const messages = await syntaxMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(message);
  });

  it("allows handing the database to a service, and queries in services and the sign-in route", async () => {
    expect(await syntaxMessages("server/api/routers/drafts/example.ts", "declare const s: (o: object) => void;\nexport const f = (ctx: any) => s({ db: ctx.db, actor: ctx.user });\n")).toEqual([]);
    expect(await syntaxMessages("app/api/example/route.ts", 'import { getDb } from "@/server/db/client";\ndeclare const s: (o: object) => void;\nexport const f = () => s({ db: getDb() });\n')).toEqual([]);
    expect(await syntaxMessages("server/services/example.ts", "export const f = (ctx: any) => ctx.db.user.findMany();\n")).toEqual([]);
    expect(await syntaxMessages("app/api/auth/login/example.ts", 'import { getDb } from "@/server/db/client";\nexport const f = () => getDb().user.count();\n')).toEqual([]);
  });
});
