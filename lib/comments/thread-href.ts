// Links to one thread on its draft. The draft page reads `?thread=<threadId>` and opens that
// thread (the query string is the whole convention between the shell and the draft page).

export const THREAD_PARAM = "thread";

export function threadHref(draftId: string, threadId: string | null): string {
  const base = `/drafts/${encodeURIComponent(draftId)}`;
  return threadId ? `${base}?${THREAD_PARAM}=${encodeURIComponent(threadId)}` : base;
}
