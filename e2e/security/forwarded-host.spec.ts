import { expect, test } from "../support/test";
import WebSocket from "ws";
import { signIn } from "../support/auth";

// The portal under test runs without TRUST_PROXY: a request naming its own site in
// X-Forwarded-Host is still judged by its Host header, so a cross-site page cannot pass the
// same-origin check by sending both headers.

const FORGED = { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

test("a cross-site tRPC mutation and sign-in with a forged X-Forwarded-Host are refused", async ({ page }) => {
  await signIn(page, "zhouwenbo");
  const create = await page.request.post("/api/trpc/drafts.create", {
    headers: FORGED,
    data: { json: { title: "跨站伪造", kind: "OTHER", committeeId: "x" } },
  });
  expect(create.status()).toBe(403);
  const login = await page.request.post("/api/auth/login", { headers: FORGED, data: { login: "zhouwenbo", password: "x" } });
  expect(login.status()).toBe(403);
  // The same request from the portal's own origin goes through to the procedure.
  const own = await page.request.post("/api/trpc/drafts.create", {
    headers: { origin: new URL(test.info().project.use.baseURL!).origin },
    data: { json: { title: "", kind: "OTHER", committeeId: "x" } },
  });
  expect(own.status()).toBe(400);
});

test("a /collab upgrade with a forged X-Forwarded-Host is refused", async ({ baseURL }) => {
  const url = `${baseURL!.replace(/^http/, "ws")}/collab`;
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, { headers: FORGED });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("error", reject);
  });
  expect(status).toBe(403);
});
