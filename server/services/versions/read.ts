import type { DraftRole } from "../../db/generated/enums";
import { AppError, forbidden, notFound } from "../../errors";
import { signoffPolicy } from "../../policy/signoff";
import type { SignoffCtx } from "../signoff/common";
import type { PMJSONNode } from "@/lib/sections/outline";
import { diffVersions, type SectionDiff } from "@/lib/versions/diff";
import { PREAMBLE_SID, sectionsFromHashes, versionSectionsWithText, type SectionHashes } from "@/lib/versions/sections";

// Reading versions: the history, one version with its content, and the diff between two.
// Everyone who reads the draft may (draftProcedure has loaded the draft and the role).

interface ReadCtx extends SignoffCtx {
  role: DraftRole;
  draft: { id: string; finalVersionId: string | null };
}

function assertRead(role: DraftRole) {
  if (!signoffPolicy.read(role)) throw forbidden();
}

/** The draft's versions, newest first. */
export async function listVersions(o: ReadCtx) {
  assertRead(o.role);
  const rows = await o.db.draftVersion.findMany({
    where: { draftId: o.draft.id },
    orderBy: { number: "desc" },
    select: {
      id: true, number: true, label: true, note: true, hash: true, createdAt: true,
      createdBy: { select: { id: true, name: true } },
      round: { select: { id: true, status: true } },
    },
  });
  return rows.map((v) => ({ ...v, final: v.id === o.draft.finalVersionId, round: v.round ? { id: v.round.id, status: v.round.status } : null }));
}

async function loadVersion(o: ReadCtx, versionId: string) {
  const v = await o.db.draftVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true, draftId: true, number: true, title: true, label: true, note: true, hash: true, content: true, sectionHashes: true, createdAt: true,
      createdBy: { select: { id: true, name: true } },
      round: { select: { id: true, status: true } },
    },
  });
  if (!v || v.draftId !== o.draft.id) throw notFound();
  return v;
}

/** One version with its content and its sections (headings, in order). */
export async function getVersion(o: ReadCtx & { versionId: string }) {
  assertRead(o.role);
  const { sectionHashes, draftId: _d, ...v } = await loadVersion(o, o.versionId);
  return {
    version: { ...v, content: v.content as unknown as PMJSONNode, final: v.id === o.draft.finalVersionId },
    sections: sectionsFromHashes(sectionHashes as unknown as SectionHashes)
      .filter((s) => s.sid !== PREAMBLE_SID)
      .map((s) => ({ sid: s.sid, label: s.label, title: s.title, level: s.level, hash: s.hash })),
  };
}

// Versions never change (a trigger refuses it), so a diff between two of them can be kept:
// reopening the same comparison, or several people opening it, costs the work once.
const DIFF_CACHE_SIZE = 32;
const g = globalThis as unknown as { __xieshenDiffCache?: Map<string, SectionDiff[]> };
const diffCache = (g.__xieshenDiffCache ??= new Map());

function cachedDiff(key: string, compute: () => SectionDiff[]): SectionDiff[] {
  const hit = diffCache.get(key);
  if (hit) {
    diffCache.delete(key); // most recently used last
    diffCache.set(key, hit);
    return hit;
  }
  const value = compute();
  diffCache.set(key, value);
  if (diffCache.size > DIFF_CACHE_SIZE) diffCache.delete(diffCache.keys().next().value!);
  return value;
}

/** Section diff from one version to another, with character diffs in changed sections. */
export async function diffVersionPair(o: ReadCtx & { fromVersionId: string; toVersionId: string }) {
  assertRead(o.role);
  if (o.fromVersionId === o.toVersionId) throw new AppError("BAD_REQUEST", "signoff.diffSameVersion");
  const brief = async (versionId: string) => {
    const v = await o.db.draftVersion.findUnique({
      where: { id: versionId },
      select: { id: true, draftId: true, number: true, label: true, hash: true, createdAt: true },
    });
    if (!v || v.draftId !== o.draft.id) throw notFound();
    const { draftId: _d, ...rest } = v;
    return rest;
  };
  const from = await brief(o.fromVersionId);
  const to = await brief(o.toVersionId);
  const content = async (id: string) =>
    (await o.db.draftVersion.findUniqueOrThrow({ where: { id }, select: { content: true } })).content as unknown as PMJSONNode;
  const key = `${from.id}>${to.id}`;
  const sections = diffCache.has(key)
    ? cachedDiff(key, () => [])
    : await (async () => {
        const [a, b] = [await content(from.id), await content(to.id)];
        return cachedDiff(key, () => diffVersions(versionSectionsWithText(a), versionSectionsWithText(b)));
      })();
  return { from, to, sections };
}
