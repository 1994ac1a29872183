import { expect, type APIRequestContext, type Browser, type Page } from "../support/test";
import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD, signIn, uniqueUsername } from "../support/auth";
import { trpc } from "../support/drafts";

// Helpers of the bell / notifications / 工作台 / register specs: people and drafts of their
// own, so these specs run in parallel with everything else without sharing a count.

export const SPEECH = [
  "在提案工作座谈会上的讲话",
  "同志们：",
  "一、过去一年的主要工作",
  "（一）政治引领有新亮点。全年组织集中学习十一次。",
  "（二）协商议政有新成效。围绕中心工作开展协商。",
  "二、今年的重点任务",
  "（一）聚焦高质量发展",
  "围绕产业升级建言献策。",
].join("\n");

export const PASSWORD = "Xieshen-e2e-2026";

/** A signed-in page in a context of its own (demo people by default, or `password`). */
export async function pageAs(
  browser: Browser,
  login: string,
  o: { password?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext(o.viewport ? { viewport: o.viewport } : {});
  const page = await context.newPage();
  await signIn(page, login, o.password ?? DEMO_PASSWORD);
  return page;
}

/** A new member made by the secretariat (no committee): their notifications are theirs alone. */
export async function newPerson(browser: Browser, name: string): Promise<{ id: string; username: string; name: string }> {
  const admin = await pageAs(browser, "bangongshi");
  const username = uniqueUsername("e2enotify");
  const user = await trpc<{ id: string }>(admin.request, "admin.users.create", { username, name, title: "区政协委员", role: "MEMBER", password: PASSWORD }, "mutation");
  await admin.context().close();
  return { id: user.id, username, name };
}

/** A draft imported from text, so it has numbered sections at once. */
export async function importDraft(request: APIRequestContext, title: string, o: { text?: string; deadline?: Date } = {}): Promise<string> {
  const committees = await trpc<{ id: string }[]>(request, "drafts.creatableCommittees", undefined, "query");
  const res = await request.post("/api/drafts/import", {
    multipart: {
      mode: "create", title, kind: "SPEECH", committeeId: committees[0]!.id, text: o.text ?? SPEECH,
      ...(o.deadline ? { deadline: o.deadline.toISOString() } : {}),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The sid of the section whose label and title start with `heading`, e.g. "（二）协商议政". */
export async function sectionSid(request: APIRequestContext, draftId: string, heading: string): Promise<string> {
  const { sections } = await trpc<{ sections: { sid: string; label: string; title: string }[] }>(request, "drafts.get", { draftId }, "query");
  const section = sections.find((s) => `${s.label}${s.title}`.startsWith(heading));
  expect(section, `section ${heading} in ${JSON.stringify(sections)}`).toBeTruthy();
  return section!.sid;
}

export function mention(user: { id: string; name: string }) {
  return `@[${user.name}](u:${user.id})`;
}

export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}
