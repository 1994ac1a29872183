import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

// What the browser's message catalogue must hold, read from the source (used by
// lib/i18n/client-messages.test.ts; nothing at run time imports this).
//
// From every route file under app/ (page, layout, error, not-found, …) the imports are
// followed; a file with "use client", and everything it imports, renders in the browser
// and reads its messages from the nearest NextIntlClientProvider. In those files every
// `const t = useTranslations("ns")` is followed to its calls — t("key"), t.rich, t.markup,
// t.raw, t.has — and each gives a catalogue path the provider must send:
//   t("a.b")            → "ns.a.b"
//   t(`roles.${r}`)     → everything under "ns.roles"
//   t(cond ? "a" : "b") → both
//   t(anythingElse)     → everything under "ns" (an unknown key of a namespace)
// A translator that leaves its component (passed on, stored, returned), an unknown key of
// the root namespace (useTranslations() with t(variable)) or useMessages() cannot be
// followed and is reported as a problem, so the test fails until it is rewritten or its
// keys are accounted for by hand (ALLOWED_DYNAMIC in the test).

export interface Requirement {
  /** Catalogue path: a leaf key or a subtree that must be sent whole. */
  path: string;
  /** Whether every key under `path` may be read (template or unknown key). */
  subtree: boolean;
  file: string;
  line: number;
}

export interface Problem {
  file: string;
  line: number;
  what: string;
}

export interface FileUsage {
  requirements: Requirement[];
  problems: Problem[];
}

const EXTENSIONS = [".tsx", ".ts", "/index.tsx", "/index.ts"];

export function resolveImport(root: string, from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package: its messages are not ours
  if (/\.(tsx?|json|css)$/.test(base)) return base.endsWith(".css") || base.endsWith(".json") ? null : existsSync(base) ? base : null;
  for (const ext of EXTENSIONS) if (existsSync(base + ext) && statSync(base + ext).isFile()) return base + ext;
  return null;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function directives(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) break;
    out.push(st.expression.text);
  }
  return out;
}

export const isClientFile = (sf: ts.SourceFile) => directives(sf).includes("use client");

/** Module specifiers a file imports (static, re-exports, dynamic import()); type-only imports left out. */
export function importsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && !n.importClause?.isTypeOnly && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isExportDeclaration(n) && !n.isTypeOnly && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const join = (ns: string, key: string) => (ns && key ? `${ns}.${key}` : ns || key);
/** The static part of a template's head, up to its last complete segment: `a.b.${x}` → "a.b", `a.b${x}` → "a". */
const templatePrefix = (head: string) => (head.endsWith(".") ? head.slice(0, -1) : head.includes(".") ? head.slice(0, head.lastIndexOf(".")) : "");

function lineOf(sf: ts.SourceFile, n: ts.Node) {
  return sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
}

/** `n` names a member (obj.t, { t: … }, <X t=…>, a property in a type), not a variable. */
function isMemberName(n: ts.Identifier) {
  const p = n.parent;
  return (
    ((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isJsxAttribute(p) || ts.isPropertySignature(p) ||
      ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === n) ||
    (ts.isBindingElement(p) && p.propertyName === n)
  );
}

/** The last argument of a React hook call (useEffect(fn, [deps]) …): read for identity only. */
function isHookDependencies(a: ts.ArrayLiteralExpression) {
  const call = a.parent;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && /^use[A-Z]/.test(call.expression.text) && call.arguments.at(-1) === a;
}

const TRANSLATOR_METHODS = new Set(["rich", "markup", "raw", "has"]);

/** The message paths one browser-side file reads. */
export function usageOf(root: string, file: string, sf: ts.SourceFile = parse(file)): FileUsage {
  const rel = path.relative(root, file);
  const requirements: Requirement[] = [];
  const problems: Problem[] = [];
  const need = (p: string, subtree: boolean, n: ts.Node) => requirements.push({ path: p, subtree, file: rel, line: lineOf(sf, n) });
  const problem = (what: string, n: ts.Node) => problems.push({ file: rel, line: lineOf(sf, n), what });

  const keyOf = (ns: string, arg: ts.Expression | undefined, at: ts.Node) => {
    if (!arg) return problem("a translator called without a key", at);
    if (ts.isStringLiteralLike(arg)) return need(join(ns, arg.text), false, arg);
    if (ts.isTemplateExpression(arg)) {
      const prefix = templatePrefix(arg.head.text);
      if (!prefix && !ns) return problem(`a template key with no static namespace: ${arg.getText(sf)}`, arg);
      return need(join(ns, prefix), true, arg);
    }
    if (ts.isConditionalExpression(arg)) {
      keyOf(ns, arg.whenTrue, at);
      keyOf(ns, arg.whenFalse, at);
      return;
    }
    if (ts.isParenthesizedExpression(arg) || ts.isAsExpression(arg) || ts.isSatisfiesExpression(arg)) return keyOf(ns, arg.expression, at);
    if (!ns) return problem(`an unknown key of the root namespace: t(${arg.getText(sf)})`, arg);
    need(ns, true, arg);
  };

  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const callee = n.expression.text;
      if (callee === "useMessages") problem("useMessages() reads the whole catalogue", n);
      if (callee === "useTranslations") followTranslator(n);
    }
    ts.forEachChild(n, visit);
  };

  function followTranslator(call: ts.CallExpression) {
    const arg = call.arguments[0];
    if (arg && !ts.isStringLiteralLike(arg)) return problem(`a namespace that is not a literal: ${arg.getText(sf)}`, arg);
    const ns = arg ? arg.text : "";
    const decl = call.parent;
    if (!ts.isVariableDeclaration(decl) || decl.initializer !== call || !ts.isIdentifier(decl.name)) {
      return problem("useTranslations() not assigned to a const", call);
    }
    const name = decl.name.text;
    // The translator lives in the function that called the hook (hooks run at the top of one).
    let scope: ts.Node = decl;
    while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    const binds = (b: ts.BindingName): boolean =>
      ts.isIdentifier(b) ? b.text === name : b.elements.some((e) => !ts.isOmittedExpression(e) && binds(e.name));
    const shadows = (n: ts.Node) =>
      (ts.isFunctionLike(n) && n.parameters.some((p) => binds(p.name))) ||
      (ts.isBlock(n) &&
        n.statements.some((st) => ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => d !== decl && binds(d.name))));
    const walk = (n: ts.Node) => {
      if (n !== scope && shadows(n)) return; // another `t` in there
      if (ts.isIdentifier(n) && n.text === name && n !== decl.name) {
        const p = n.parent;
        if (ts.isCallExpression(p) && p.expression === n) keyOf(ns, p.arguments[0], p);
        else if (ts.isPropertyAccessExpression(p) && p.expression === n && TRANSLATOR_METHODS.has(p.name.text) && ts.isCallExpression(p.parent) && p.parent.expression === p) keyOf(ns, p.parent.arguments[0], p.parent);
        else if (isMemberName(n)) {
          /* obj.t, { t: … }, <X t={…}>: a name of something else */
        } else if (ts.isTypeQueryNode(p)) {
          /* typeof t */
        } else if (ts.isArrayLiteralExpression(p) && isHookDependencies(p)) {
          /* [count, t]: a hook's dependency list */
        } else problem(`the translator "${name}" leaves its calls (${p.getText(sf).slice(0, 60)})`, n);
      }
      ts.forEachChild(n, walk);
    };
    walk(scope);
  }

  visit(sf);
  return { requirements, problems };
}

/** Route files of the App Router: what Next renders for a URL. */
const ROUTE_FILE = /^(page|layout|template|error|global-error|not-found|forbidden|unauthorized|loading|default)\.tsx?$/;

export function routeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (ROUTE_FILE.test(e.name)) out.push(p);
    }
  };
  walk(path.join(root, "app"));
  return out.sort();
}

/** The files a route file renders in the browser: its "use client" imports and all they import. */
export function browserFilesOf(root: string, entry: string, cache = new Map<string, ts.SourceFile>()): string[] {
  const sourceOf = (f: string) => {
    let sf = cache.get(f);
    if (!sf) cache.set(f, (sf = parse(f)));
    return sf;
  };
  const seen = new Map<string, boolean>(); // file → reached in the browser
  const browser = new Set<string>();
  const visit = (file: string, client: boolean) => {
    const sf = sourceOf(file);
    // Server actions imported by a client file stay on the server (the browser gets a reference).
    if (directives(sf).includes("use server")) return;
    const isClient = client || isClientFile(sf);
    const before = seen.get(file);
    if (before === true || (before === false && !isClient)) return;
    seen.set(file, isClient);
    if (isClient) browser.add(file);
    for (const spec of importsOf(sf)) {
      const target = resolveImport(root, file, spec);
      if (target) visit(target, isClient);
    }
  };
  visit(entry, false);
  return [...browser].sort();
}

/** Source files of the server and the shared code (tests left out). */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!["node_modules", "generated", "test", "e2e"].includes(e.name)) walk(p);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}

/** A message key of a schema (zod message): "validation.required", "comments.validation.empty". */
const SCHEMA_KEY = /^([a-z][A-Za-z]*\.)?validation\.[A-Za-z]+$/;

/**
 * The message keys the server can put in an error for the browser (useAppErrors shows them):
 * every `new AppError(code, key)` — "errors.<key>" when that exists, as the browser tries it
 * first, else the key as a path; no key means "errors.<code>" — and every schema message
 * (a "…validation.…" literal in lib/ or server/).
 * `has` tells whether a path exists in the catalogue.
 */
export function serverErrorKeys(root: string, files: readonly string[], has: (p: string) => boolean): FileUsage {
  const requirements: Requirement[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const sf = parse(file);
    const rel = path.relative(root, file);
    // Schemas live in lib/ and server/; in components such a literal is relative to a namespace.
    const schemas = /^(lib|server)\//.test(rel);
    const need = (p: string, subtree: boolean, n: ts.Node) => requirements.push({ path: p, subtree, file: rel, line: lineOf(sf, n) });
    const visit = (n: ts.Node) => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "AppError") {
        const [code, key] = n.arguments ?? [];
        if (!key) {
          if (code && ts.isStringLiteralLike(code)) need(`errors.${code.text}`, false, n);
          else problems.push({ file: rel, line: lineOf(sf, n), what: "an AppError whose code is not a literal" });
        } else if (ts.isStringLiteralLike(key)) need(has(`errors.${key.text}`) ? `errors.${key.text}` : key.text, false, key);
        else if (ts.isTemplateExpression(key) && templatePrefix(key.head.text)) need(templatePrefix(key.head.text), true, key);
        else problems.push({ file: rel, line: lineOf(sf, key), what: `an AppError key that is not a literal: ${key.getText(sf)}` });
      } else if (schemas && ts.isStringLiteralLike(n) && SCHEMA_KEY.test(n.text)) need(n.text, false, n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { requirements, problems };
}
