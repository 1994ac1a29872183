import { expect, test, type Page } from "../support/test";
import { DEMO_PASSWORD, signIn } from "../support/auth";

// A link like /login?callbackUrl=/%5Cevil.example signs a member in on the real portal and
// must then keep them on it. Browsers read `/\evil`, `/<TAB>/evil` and `//evil` as another
// host, so each of these would have sent them away.

const HOSTILE = [
  "/%5Cevil.example",
  "/%09/evil.example",
  "%2F%2Fevil.example",
  "/.//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
];

/** Any request to the hostile site gets a page saying so (nothing leaves the machine). */
async function trapEvil(page: Page) {
  await page.context().route((url) => url.hostname === "evil.example", (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>evil</title><h1>evil.example</h1>" }),
  );
}

async function expectOnPortal(page: Page, path = "/") {
  await page.waitForLoadState("load");
  const url = new URL(page.url());
  expect(url.host, `ended on ${page.url()}`).toBe(new URL(test.info().project.use.baseURL!).host);
  expect(url.pathname).toBe(path);
}

for (const target of HOSTILE) {
  test(`signing in with callbackUrl=${target} ends on 工作台`, async ({ page }) => {
    await trapEvil(page);
    await page.goto(`/login?callbackUrl=${target}`);
    await page.getByLabel("用户名或邮箱").fill("liuzhiqiang");
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page.getByRole("heading", { name: "刘志强，您好" })).toBeVisible();
    await expectOnPortal(page);
  });
}

test("a signed-in member opening a hostile sign-in link stays on the portal", async ({ page }) => {
  await trapEvil(page);
  await signIn(page, "liuzhiqiang");
  for (const target of ["/%5Cevil.example", "/%09/evil.example", "/.//evil.example"]) {
    await page.goto(`/login?callbackUrl=${target}`);
    await expectOnPortal(page);
    await expect(page.getByRole("heading", { name: "刘志强，您好" })).toBeVisible();
  }
});

test("a legitimate callbackUrl with query and hash still brings the member back", async ({ page }) => {
  await page.goto("/drafts?scope=mine");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdrafts%3Fscope%3Dmine$/);
  await page.getByLabel("用户名或邮箱").fill("liuzhiqiang");
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/drafts");
  expect(new URL(page.url()).search).toBe("?scope=mine");
});
