"use client";

// Local copies of drafts (y-indexeddb databases) are named per user, so signing out can
// remove exactly this user's copies from a shared office computer.

const PREFIX = "xieshen-draft:";

export function localStorePrefix(userId: string) {
  return `${PREFIX}${userId}:`;
}

/** Deletes every local draft copy in this browser (called at sign-out). */
export async function clearLocalDrafts(): Promise<void> {
  if (typeof indexedDB === "undefined" || !("databases" in indexedDB)) return;
  const dbs = await indexedDB.databases();
  await Promise.all(
    dbs
      .filter((d) => d.name?.startsWith(PREFIX))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(d.name!);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          }),
      ),
  );
}
