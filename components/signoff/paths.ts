/** Paths of a draft's pages. */
export const draftPath = (draftId: string, rest = "") => `/drafts/${encodeURIComponent(draftId)}${rest}`;

/** The first characters of a version hash, as shown next to a version. */
export const hashPrefix = (hash: string) => hash.slice(0, 12);
