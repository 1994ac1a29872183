import { expect, test } from "./support/test";
import { postLogin } from "./support/auth";
import { DEMO_PASSWORD } from "./support/auth";

// Runs before every spec (the chromium project depends on it), so that its teardown —
// e2e/audit.teardown.ts — runs after all of them, while the server is still up.
test("the portal answers and its demo people can sign in", async ({ request }) => {
  const res = await postLogin(request, "zhaolixin", DEMO_PASSWORD);
  expect(res.status()).toBe(200);
});
