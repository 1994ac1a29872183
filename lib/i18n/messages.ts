import type { Locale } from "./config";

// Catalogues are split by area (messages/<locale>/<area>.json) so features own their
// files; each file's top-level keys are namespaces and must not repeat across files.
const AREAS = ["common", "admin", "drafts", "import", "comments", "signoff"] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    AREAS.map((a) => import(`../../messages/${locale}/${a}.json`).then((m) => m.default as Record<string, unknown>).catch(() => ({}))),
  );
  return Object.assign({}, ...parts);
}
