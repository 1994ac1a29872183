import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { CLIENT_MESSAGES, mergeMessages, pickMessages, type ClientMessageScope } from "./client-messages";
import { browserFilesOf, routeFiles, serverErrorKeys, sourceFiles, usageOf, type Problem, type Requirement } from "./client-message-usage";
import { LOCALES } from "./config";

// The browser gets only the messages listed in ./client-messages.ts. This test reads the
// source and fails when a client component reachable from a route reads a message the
// route's providers do not send, or when the server can send an error key the shell does
// not carry (a missing one would show the raw key, or the generic error instead of the
// real one).

const ROOT = path.resolve(import.meta.dirname, "../..");
const AREAS = ["common", "admin", "drafts", "import", "comments", "signoff"];
const catalogues = Object.fromEntries(
  LOCALES.map((l) => [l, Object.assign({}, ...AREAS.map((a) => JSON.parse(readFileSync(path.join(ROOT, "messages", l, `${a}.json`), "utf8"))))]),
) as Record<string, Record<string, unknown>>;

const at = (m: unknown, p: string) => p.split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined), m);
const inEvery = (p: string) => LOCALES.every((l) => at(catalogues[l], p) !== undefined);

/**
 * Reads the scanner cannot follow, each with what makes it safe. A new one fails the test
 * until it is rewritten with literal keys or accounted for here.
 */
const ALLOWED_PROBLEMS: Record<string, { reason: string; covers: readonly string[] }> = {
  // t.has(key) / t(key) with the key from the server's error: every such key is checked
  // below against the shell ("the server's error keys").
  "components/ui/app-errors.ts": { reason: "server error keys", covers: [] },
  // Reads the messages above it to merge a segment's over them; no key.
  "components/i18n/more-messages.tsx": { reason: "merges providers", covers: [] },
  // uniqueViolation(e, "usernameTaken") is its only caller's key.
  "server/services/users/users.ts": { reason: "AppError(code, field)", covers: ["errors.usernameTaken"] },
  // ruleProblems' keys are signoff.validation.* literals (found as schema keys too).
  "server/services/signoff/rule.ts": { reason: "AppError(code, problem.key)", covers: ["signoff.validation"] },
};

/** The scopes a route file's client components get: every layout's from app/ down to it, merged. */
function scopesOf(file: string): ClientMessageScope[] {
  const rel = path.relative(path.join(ROOT, "app"), file);
  if (path.basename(rel).startsWith("global-error.")) return []; // replaces the root layout
  const dirs = path.dirname(rel).split(path.sep).filter((d) => d && d !== ".");
  const scopes: ClientMessageScope[] = [];
  for (let i = 0; i <= dirs.length; i++) {
    const layout = path.join(ROOT, "app", ...dirs.slice(0, i), "layout.tsx");
    let src: string;
    try {
      src = readFileSync(layout, "utf8");
    } catch {
      continue;
    }
    for (const m of src.matchAll(/<ClientMessages\s+scope="(\w+)"/g)) scopes.push(m[1] as ClientMessageScope);
  }
  return scopes;
}

const pathsOf = (scopes: readonly ClientMessageScope[]) => scopes.flatMap((s) => [...CLIENT_MESSAGES[s]]);
const covered = (r: Pick<Requirement, "path" | "subtree">, sent: readonly string[]) =>
  sent.some((p) => r.path === p || r.path.startsWith(`${p}.`));
const where = (r: { file: string; line: number }) => `${r.file}:${r.line}`;

function unexplained(problems: readonly Problem[]) {
  return problems.filter((p) => !ALLOWED_PROBLEMS[p.file]).map((p) => `${where(p)} ${p.what}`);
}

describe("the messages sent to the browser", () => {
  const routes = routeFiles(ROOT);
  const cache = new Map();

  it("finds the routes and their client components", () => {
    expect(routes.map((r) => path.relative(ROOT, r))).toContain("app/(app)/drafts/[id]/page.tsx");
    const draft = browserFilesOf(ROOT, path.join(ROOT, "app/(app)/drafts/[id]/page.tsx"), cache).map((f) => path.relative(ROOT, f));
    expect(draft).toContain("components/editor/draft-workspace.tsx");
    expect(draft).toContain("components/comments/thread-card.tsx");
    expect(scopesOf(path.join(ROOT, "app/(app)/drafts/[id]/signoff/page.tsx"))).toEqual(["shell", "draft", "signoff"]);
  });

  it.each(routes.map((r) => [path.relative(ROOT, r), r]))("%s: every message its client components read is sent", (_rel, route) => {
    const sent = pathsOf(scopesOf(route));
    const missing: string[] = [];
    const problems: Problem[] = [];
    for (const file of browserFilesOf(ROOT, route, cache)) {
      const u = usageOf(ROOT, file);
      problems.push(...u.problems);
      for (const r of u.requirements) {
        if (!covered(r, sent)) missing.push(`${r.path}${r.subtree ? ".*" : ""} (${where(r)})`);
        else if (!inEvery(r.path)) missing.push(`${r.path} is in no catalogue (${where(r)})`);
      }
    }
    expect(unexplained(problems), "reads the test cannot follow").toEqual([]);
    expect(missing, `not sent (lib/i18n/client-messages.ts scopes: ${scopesOf(route).join(", ") || "none"})`).toEqual([]);
  });

  it("the shell carries every error key the server can send", () => {
    const files = sourceFiles(ROOT, ["server", "lib", "app", "components"]);
    const { requirements, problems } = serverErrorKeys(ROOT, files, inEvery);
    expect(requirements.length).toBeGreaterThan(30);
    expect(unexplained(problems)).toEqual([]);
    const dynamic = problems.flatMap((p) => ALLOWED_PROBLEMS[p.file]!.covers.map((c) => ({ path: c, subtree: true, file: p.file, line: p.line })));
    const shell = CLIENT_MESSAGES.shell;
    // A key in no catalogue has nothing to send: the browser shows the error's generic text.
    const missing = [...requirements, ...dynamic].filter((r) => inEvery(r.path) && !covered(r, shell)).map((r) => `${r.path} (${where(r)})`);
    expect(missing).toEqual([]);
  });

  it("every listed path exists in every catalogue", () => {
    const absent = Object.entries(CLIENT_MESSAGES).flatMap(([s, ps]) => ps.filter((p) => !inEvery(p)).map((p) => `${s}: ${p}`));
    expect(absent).toEqual([]);
  });

  it("every scope is used by a layout, the shell by the root layout", () => {
    const used = new Set(routes.flatMap(scopesOf));
    expect([...used].sort()).toEqual(Object.keys(CLIENT_MESSAGES).sort());
    expect(scopesOf(path.join(ROOT, "app/page.tsx"))).toEqual(["shell"]);
  });
});

describe("the scanner", () => {
  const usage = (src: string) => {
    const file = path.join(ROOT, "components/x.tsx");
    const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const u = usageOf(ROOT, file, sf);
    return { paths: u.requirements.map((r) => r.path + (r.subtree ? ".*" : "")), problems: u.problems.map((p) => p.what) };
  };

  it("follows keys, templates, conditionals, rich/has, and names what it cannot follow", () => {
    const u = usage(`"use client";
      function A({ on }: { on: (t: number) => void }) {
        const t = useTranslations("comments");
        const tr = useTranslations();
        useEffect(() => {}, [t]);
        return <p title={t("a.b")}>{t.rich("c", {})}{tr(\`roles.committee.\${x}\`)}{tr(ok ? "x.y" : "x.z")}{t(state)}{t.has("d") && 1}</p>;
      }
      function B() {
        const t = useTranslations();
        const m = useMessages();
        return <C t={t} label={t(key)} />;
      }`);
    expect(u.paths.sort()).toEqual(["comments.*", "comments.a.b", "comments.c", "comments.d", "roles.committee.*", "x.y", "x.z"]);
    expect(u.problems.sort()).toEqual([
      "an unknown key of the root namespace: t(key)",
      'the translator "t" leaves its calls ({t})',
      "useMessages() reads the whole catalogue",
    ]);
  });

  it("collects the server's error keys", () => {
    const { requirements, problems } = serverErrorKeys(ROOT, [path.join(ROOT, "server/errors.ts"), path.join(ROOT, "server/services/users/users.ts")], inEvery);
    expect(requirements.map((r) => r.path)).toEqual(expect.arrayContaining(["errors.notFound", "errors.forbidden", "errors.lastAdmin"]));
    expect(problems.map((p) => p.what)).toEqual(["an AppError key that is not a literal: field"]);
  });
});

describe("pickMessages / mergeMessages", () => {
  const m = { a: { b: { c: "1", d: "2" }, e: "3" }, f: "4" };

  it("keeps only the listed paths and does not change the catalogue", () => {
    const before = JSON.stringify(m);
    expect(pickMessages(m, ["a.b", "a.b.c", "f", "missing.x"])).toEqual({ a: { b: { c: "1", d: "2" } }, f: "4" });
    expect(pickMessages(m, ["a.b.c"])).toEqual({ a: { b: { c: "1" } } });
    expect(pickMessages(m, ["a.e", "a.b.d"])).toEqual({ a: { e: "3", b: { d: "2" } } });
    expect(JSON.stringify(m)).toBe(before);
  });

  it("merges a segment's messages over the ones above", () => {
    expect(mergeMessages({ a: { b: { c: "1" } }, f: "4" }, { a: { b: { d: "2" }, e: "3" } })).toEqual({ a: { b: { c: "1", d: "2" }, e: "3" }, f: "4" });
  });
});
