import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { contextFor, sessionFor } from "@/server/test/factories";
import type { Db } from "@/server/db/client";
import { appRouter } from "@/server/api/root";
import { createCallerFactory } from "@/server/api/trpc";
import { signoffFixture, type SignoffFixture } from "@/server/services/signoff/test-fixture";
import { reportSummary, warmUp } from "./support";

// The IDOR sweep (issue #11), generated from the router: every tRPC procedure whose input
// names a resource by id is called by the member of another committee — an owner of their
// own draft — with the ids of a draft they cannot see and of its threads, comments, versions,
// sign-off round and notifications; and, where it also takes a draft id, with their OWN draft
// and the other draft's thread/version/round ids. Each must answer NOT_FOUND (FORBIDDEN only
// where the design says so, below), reveal nothing of the other draft, and change nothing in
// the database. A new procedure taking an id is swept without a line here; one whose input
// this file cannot generate, or whose id it does not know, fails the sweep until it is added.

type Def = { type: string; [k: string]: unknown };
type Schema = { _zod: { def: Def } };
interface Proc {
  _def: { type: "query" | "mutation" | "subscription"; inputs: Schema[] };
}

// At run time `_def.procedures` is flat ("drafts.members.set" → procedure).
const procedures = appRouter._def.procedures as unknown as Record<string, Proc>;
const createCaller = createCallerFactory(appRouter);

const ID_KEY = /(^ids?$|Ids?$)/;

/** Where the design answers FORBIDDEN rather than NOT_FOUND, and why. */
const FORBIDDEN_BY_DESIGN: Record<string, string> = {
  "admin.": "the secretariat's procedures refuse everyone else before looking at any id",
  "drafts.create": "committees are not secret (the list names them); creating in one you do not lead is refused",
};
const forbiddenByDesign = (path: string) => Object.keys(FORBIDDEN_BY_DESIGN).some((p) => (p.endsWith(".") ? path.startsWith(p) : path === p));

/** Procedures whose id input only filters what the caller may see anyway: a foreign id matches nothing. */
const FILTERS_ONLY: Record<string, string> = {
  "notifications.markRead": "marks the caller's own notifications; another person's id matches none",
  "drafts.list": "committeeId filters the caller's visible drafts; another committee's gives an empty list",
};

let db: Db;
let victim: SignoffFixture;
let attacker: SignoffFixture;
/** Ids of the other committee's resources, by input key. */
let ids: Record<string, string>;
/** The attacker's own draft (for the mixed variant). */
let ownDraftId: string;
/** Text only the victim's draft holds: must never appear in an answer. */
const SECRETS = ["机密稿件标题甲乙丙", "机密意见正文丁戊己", "机密版本说明庚辛"];

beforeAll(async () => {
  db = useTestDatabase();
  await warmUp(db);
  victim = await signoffFixture(db);
  attacker = await signoffFixture(db);
  const owner = await victim.as(victim.people.owner);
  const draft = await victim.newDraft(SECRETS[0]);
  await owner.signoff.setRule({ draftId: draft.id, ...victim.committeeRule });
  const v1 = await owner.versions.freeze({ draftId: draft.id, label: "征求意见稿", note: SECRETS[2] });
  const v2 = await owner.versions.freeze({ draftId: draft.id, label: "送审稿", note: SECRETS[2] });
  const { roundId } = await owner.signoff.request({ draftId: draft.id, versionId: v2.versionId });
  const { threadId } = await owner.comments.create({ draftId: draft.id, sid: "s-yi", body: `${SECRETS[1]} @[${victim.people.member.name}](u:${victim.people.member.id})` });
  const comment = await db.comment.findFirstOrThrow({ where: { threadId }, select: { id: true } });
  const notification = await db.notification.findFirstOrThrow({ where: { userId: victim.people.member.id }, select: { id: true } });
  const membership = await db.membership.findFirstOrThrow({ where: { committeeId: victim.committee.id }, select: { id: true } });
  ids = {
    draftId: draft.id,
    threadId,
    commentId: comment.id,
    versionId: v1.versionId,
    fromVersionId: v1.versionId,
    toVersionId: v2.versionId,
    roundId,
    userId: victim.people.head.id,
    actorId: victim.people.head.id,
    signerId: victim.people.head.id,
    committeeId: victim.committee.id,
    membershipId: membership.id,
    id: notification.id,
    notificationId: notification.id,
  };
  ownDraftId = attacker.draft.id;
});

afterAll(closeTestDatabase);

/** The id to use for an input key, or null when this file does not know the key. */
function idFor(key: string): string | null {
  const singular = key.endsWith("Ids") ? key.slice(0, -1) : key === "ids" ? "id" : key;
  return ids[singular] ?? null;
}

const STRINGS = ["越权测试", "征求意见稿", "0".repeat(64), "zh-CN", "2030-06-30T09:00:00.000Z", "2030-06-30", "s-yi", "https://www.cppcc.gov.cn/", "a@example.org"];

/**
 * A value the schema accepts, for a key; id keys get the other committee's ids (or the
 * caller's own draft in the mixed variant). Returns undefined for optional non-id keys.
 */
function sample(schema: Schema, key: string, o: { draftId: string; unknownIds: Set<string> }): unknown {
  const def = schema._zod.def;
  const accepts = (v: unknown) => (schema as unknown as z.ZodType).safeParse(v).success;
  const isId = ID_KEY.test(key);
  switch (def.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(def.shape as Record<string, Schema>)) {
        const v = sample(child, k, o);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      if (!isId && (def.type === "optional" || def.type === "default" || def.type === "prefault")) return undefined;
      return sample(def.innerType as Schema, key, o);
    case "pipe":
      return sample(def.in as Schema, key, o);
    case "lazy":
      return sample((def.getter as () => Schema)(), key, o);
    case "array": {
      const v = sample(def.element as Schema, key, o);
      return v === undefined ? [] : [v];
    }
    case "string": {
      if (isId) {
        const id = key === "draftId" ? o.draftId : idFor(key);
        if (id === null) o.unknownIds.add(key);
        return id ?? "unknown-id";
      }
      return STRINGS.find(accepts) ?? "x";
    }
    case "number":
    case "int":
      return [1, 0, 5, 100].find(accepts) ?? 1;
    case "boolean":
      return false;
    case "date":
      return new Date("2030-06-30T09:00:00.000Z");
    case "enum":
      return Object.values(def.entries as Record<string, string>)[0];
    case "literal":
      return (def.values as unknown[])[0];
    case "union": {
      for (const option of def.options as Schema[]) {
        const v = sample(option, key, o);
        if ((option as unknown as z.ZodType).safeParse(v).success) return v;
      }
      return sample((def.options as Schema[])[0]!, key, o);
    }
    case "record":
      return {};
    default:
      return undefined;
  }
}

/** Input keys (nested in objects and arrays) that name something by id. */
function idKeys(schema: Schema | undefined, out = new Set<string>(), key = ""): Set<string> {
  if (!schema) return out;
  const def = schema._zod.def;
  if (ID_KEY.test(key) && (def.type === "string" || def.type === "array" || def.type === "optional" || def.type === "default" || def.type === "nullable")) out.add(key);
  if (def.type === "object") for (const [k, child] of Object.entries(def.shape as Record<string, Schema>)) idKeys(child, out, k);
  for (const inner of ["innerType", "element", "in"] as const) if (def[inner]) idKeys(def[inner] as Schema, out, key);
  if (def.type === "union") for (const option of def.options as Schema[]) idKeys(option, out, key);
  return out;
}

type Outcome = { ok: true; result: unknown } | { ok: false; code: string; zod: boolean };

async function call(path: string, input: unknown): Promise<Outcome> {
  const caller = createCaller({ ...contextFor(await sessionFor(db, attacker.people.owner.id)), authTime: new Date() }) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
  const controller = new AbortController();
  try {
    let result = await fn(input);
    // A subscription that was allowed: its first event (or error) decides.
    if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
      const it = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const first = await Promise.race([it.next(), new Promise<"open">((r) => setTimeout(() => r("open"), 1500))]);
      await it.return?.();
      result = first === "open" ? "an open stream" : first;
    }
    return { ok: true, result };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code, zod: e.code === "BAD_REQUEST" && /issues|invalid|expected/i.test(JSON.stringify(e.cause ?? e.message)) };
    throw e;
  } finally {
    controller.abort();
  }
}

/** A fingerprint of every table but the audit log and rate counters (which may record attempts). */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ t: string }[]>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('AuditEvent', 'RateLimiterFlexible', '_prisma_migrations') ORDER BY 1`;
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await db.$queryRawUnsafe<{ h: string }[]>(`SELECT md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${t}" x`);
    out[t] = row!.h;
  }
  return out;
}

describe("IDOR sweep generated from the tRPC router", () => {
  it("every procedure taking an id answers NOT_FOUND for another committee's resources, reveals nothing and changes nothing", { timeout: 300_000 }, async () => {
    const withIds = Object.entries(procedures)
      .map(([path, p]) => ({ path, p, keys: p._def.inputs.reduce((set, schema) => idKeys(schema, set), new Set<string>()) }))
      .filter((x) => x.keys.size > 0)
      .sort((a, b) => a.path.localeCompare(b.path));
    expect(withIds.length, "procedures taking an id").toBeGreaterThan(20);

    // The caller is a working owner: their own draft answers (so NOT_FOUND below is the policy's).
    expect(await call("drafts.get", { draftId: ownDraftId })).toMatchObject({ ok: true });
    expect(await call("versions.list", { draftId: ownDraftId })).toMatchObject({ ok: true });

    const before = await fingerprint();
    const problems: string[] = [];
    let tried = 0;
    let refused = 0;
    const covered = new Set<string>();
    for (const { path, p, keys } of withIds) {
      const variants: [string, string][] = [["foreign ids", ids.draftId!]];
      // Mixed: the caller's own draft with the other draft's threads, comments, versions, rounds.
      if (keys.has("draftId") && [...keys].some((k) => !["draftId", "userId", "userIds", "signerIds", "committeeId"].includes(k))) variants.push(["own draft, foreign ids", ownDraftId]);
      for (const [variant, draftId] of variants) {
        const unknownIds = new Set<string>();
        // tRPC merges the inputs of a procedure and its builders (draftProcedure's draftId).
        const input = p._def.inputs.reduce<unknown>((merged, schema) => {
          const part = sample(schema, "", { draftId, unknownIds });
          return part && typeof part === "object" && !Array.isArray(part) ? { ...(merged as object), ...part } : (part ?? merged);
        }, undefined);
        if (unknownIds.size > 0) {
          problems.push(`${path}: input key(s) ${[...unknownIds].join(", ")} name something this sweep has no id for — add it to \`ids\``);
          continue;
        }
        if (!p._def.inputs.every((schema) => (schema as unknown as z.ZodType).safeParse(input).success)) {
          problems.push(`${path}: could not generate an input its schema accepts (${JSON.stringify(input)}) — teach sample() the schema`);
          continue;
        }
        tried++;
        const got = await call(path, input);
        const label = `${path} (${variant}) ${JSON.stringify(input)}`;
        if (got.ok) {
          const text = JSON.stringify(got.result ?? null);
          const leaked = SECRETS.filter((s) => text.includes(s));
          if (!(path in FILTERS_ONLY) || leaked.length > 0) problems.push(`${label}: answered ${text.slice(0, 200)}`);
          else refused++;
        } else if (got.zod) {
          problems.push(`${label}: input refused by its schema — teach sample() the schema`);
        } else if (got.code === "NOT_FOUND" || (got.code === "FORBIDDEN" && forbiddenByDesign(path))) {
          refused++;
        } else {
          problems.push(`${label}: ${got.code}, expected NOT_FOUND${forbiddenByDesign(path) ? " or FORBIDDEN" : ""}`);
        }
        covered.add(path);
      }
    }
    const after = await fingerprint();
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    const uncovered = withIds.map((x) => x.path).filter((p) => !covered.has(p));
    reportSummary({ suite: "IDOR sweep (tRPC router)", tried, refused, stored: changed.length, notes: `${withIds.length} procedures taking an id: ${withIds.map((x) => x.path).join(", ")}` });

    expect(problems).toEqual([]);
    expect(uncovered, "procedures taking an id without a generated case").toEqual([]);
    expect(changed, "tables changed by the sweep").toEqual([]);
  });
});
