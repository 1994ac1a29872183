import { expect, type APIRequestContext } from "./test";

/** Calls a tRPC procedure over HTTP as the signed-in user of `request` (superjson envelope). */
export async function trpc<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation"): Promise<T> {
  const res =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input } });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  expect(res.status(), `${path}: ${JSON.stringify(body.error ?? "")}`).toBe(200);
  return body.result!.data.json;
}

/** Creates a blank draft for the signed-in user's first committee where they may create one. */
export async function createDraft(request: APIRequestContext, title: string): Promise<string> {
  const committees = await trpc<{ id: string; name: string }[]>(request, "drafts.creatableCommittees", undefined, "query");
  expect(committees.length, "user may create drafts").toBeGreaterThan(0);
  const { id } = await trpc<{ id: string }>(request, "drafts.create", { title, kind: "SPEECH", committeeId: committees[0]!.id }, "mutation");
  return id;
}
