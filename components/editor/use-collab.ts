"use client";

import { HocuspocusProvider, WebSocketStatus } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { AUTH_FAILED_REASON, CLOSE, COLLAB_PATH, documentNameOf, parseStateless, shownCloseReason } from "@/lib/collab/protocol";
import { localStorePrefix } from "./local-store";

export type SaveState = "connecting" | "saved" | "saving" | "unsaved" | "offline";

/**
 * A tab left in the background holds a socket and keeps the draft loaded on the server for
 * nobody. Once it has been hidden this long with everything saved, it lets go, and connects
 * again the moment it is shown (the local copy in IndexedDB and in memory stays; the sync
 * on return brings what others wrote meanwhile). Browser tests shorten it through
 * `window.__XIESHEN_HIDDEN_RELEASE_MS`.
 */
const HIDDEN_RELEASE_MS = 10 * 60_000;

function hiddenReleaseMs() {
  const v = (window as { __XIESHEN_HIDDEN_RELEASE_MS?: unknown }).__XIESHEN_HIDDEN_RELEASE_MS;
  return typeof v === "number" && v > 0 ? v : HIDDEN_RELEASE_MS;
}

export interface CollabSession {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
}

/**
 * One Y.Doc per open draft, kept in IndexedDB (unacknowledged edits survive reload and tab
 * crash) and synced through /collab. "saved" means the server acknowledged every change —
 * it acknowledges only after the update is committed to PostgreSQL.
 */
export function useCollab(o: { draftId: string; userId: string; readOnlyAtLoad: boolean; getToken: () => Promise<string> }) {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<WebSocketStatus>(WebSocketStatus.Connecting);
  const [unsynced, setUnsynced] = useState(0);
  const [closeReason, setCloseReason] = useState<string | null>(null);
  const [synced, setSynced] = useState(false);
  const [online, setOnline] = useState(true);
  const [slow, setSlow] = useState(false);
  /** Access as the server last announced it (null: as the page was rendered). */
  const [liveReadOnly, setLiveReadOnly] = useState<boolean | null>(null);
  const { draftId, userId, readOnlyAtLoad, getToken } = o;

  useEffect(() => {
    const ydoc = new Y.Doc();
    const local = new IndexeddbPersistence(`${localStorePrefix(userId)}${draftId}`, ydoc);
    /** Access ended or an update was refused: this page never reconnects by itself. */
    let halted = false;
    /** Disconnected because the tab stayed hidden; reconnects when it is shown. */
    let pausedWhileHidden = false;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new HocuspocusProvider({
      url: `${scheme}://${window.location.host}${COLLAB_PATH}`,
      name: documentNameOf(draftId),
      document: ydoc,
      token: getToken,
      onStatus: ({ status }) => setStatus(status),
      // On a reconnection the server still holds this tab's presence as removed, one clock
      // tick past the last state it had from us (y-protocols removes by raising the clock),
      // and would ignore our state until the 15 s renewal — others would not see us. Move our
      // clock two ticks on before the sync starts.
      onOpen: () => {
        const awareness = provider.awareness;
        const state = awareness?.getLocalState();
        if (!awareness || !state) return;
        awareness.setLocalState(state);
        awareness.setLocalState(state);
      },
      onSynced: ({ state }) => setSynced(state),
      onUnsyncedChanges: ({ number }) => setUnsynced(number),
      // A refused reconnect after a revocation must not hide why access ended.
      onAuthenticationFailed: () => setCloseReason((r) => (r === CLOSE.ACCESS_REVOKED.reason ? r : AUTH_FAILED_REASON)),
      // A document-level close from the server carries a protocol reason (ACCESS_REVOKED …);
      // transient ones (RETRY, SERVER_SHUTDOWN) are not shown, the provider reconnects.
      onClose: ({ event }) => {
        const shown = shownCloseReason(event.reason);
        if (shown) setCloseReason(shown);
        // A refused update would be resent on every reconnect, and from this device's copy
        // after a reload: stop, and drop the local copy so a reload starts from the server's.
        // Access ended: reconnecting could only be refused. The page says so; a reload asks again.
        if (event.reason === CLOSE.ACCESS_REVOKED.reason) {
          halted = true;
          provider.disconnect();
        }
        if (event.reason === CLOSE.INVALID_UPDATE.reason) {
          halted = true;
          provider.disconnect();
          void local.clearData();
        }
      },
      // Every (re)connection states the access the server decided; the editor follows it.
      // (null while it matches the page as rendered: nothing has changed yet).
      onAuthenticated: ({ scope }) => {
        setCloseReason(null);
        const readOnly = scope === "readonly";
        setLiveReadOnly((known) => (known === null && readOnly === readOnlyAtLoad ? null : readOnly));
      },
      onStateless: ({ payload }) => {
        const msg = parseStateless(payload);
        if (msg?.type === "access") setLiveReadOnly(msg.readOnly);
      },
    });
    setSession({ ydoc, provider });
    // A dropped network often leaves the socket looking open; trust the browser's signal, and
    // on return start a fresh connection instead of waiting for the socket to time out.
    const onOffline = () => setOnline(false);
    const onOnline = () => {
      setOnline(true);
      if (halted || pausedWhileHidden) return;
      provider.configuration.websocketProvider.disconnect();
      void provider.configuration.websocketProvider.connect();
    };
    setOnline(navigator.onLine);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    let hiddenTimer: number | undefined;
    const releaseWhenSaved = () => {
      // Unsaved edits keep the connection until the server has them.
      if (provider.unsyncedChanges > 0) {
        hiddenTimer = window.setTimeout(releaseWhenSaved, 5_000);
        return;
      }
      pausedWhileHidden = true;
      provider.disconnect();
    };
    const onVisibility = () => {
      window.clearTimeout(hiddenTimer);
      if (document.visibilityState === "hidden") {
        if (!halted && !pausedWhileHidden) hiddenTimer = window.setTimeout(releaseWhenSaved, hiddenReleaseMs());
      } else if (pausedWhileHidden) {
        pausedWhileHidden = false;
        if (!halted) void provider.connect();
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    onVisibility();
    return () => {
      window.clearTimeout(hiddenTimer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      provider.destroy();
      void local.destroy();
      ydoc.destroy();
      setSession(null);
    };
  }, [draftId, userId, readOnlyAtLoad, getToken]);

  // An acknowledgement normally takes milliseconds; one that has not come after a few seconds
  // is shown as 未保存, not as an endless 保存中.
  useEffect(() => {
    setSlow(false);
    if (unsynced === 0) return;
    const timer = setTimeout(() => setSlow(true), 4_000);
    return () => clearTimeout(timer);
  }, [unsynced]);

  const saveState: SaveState =
    !online || status !== WebSocketStatus.Connected
      ? unsynced > 0 || !synced || !online ? "offline" : "connecting"
      : unsynced > 0 ? (slow ? "unsaved" : "saving") : synced ? "saved" : "connecting";

  // Warn before leaving while the server has not acknowledged everything.
  useEffect(() => {
    if (unsynced === 0) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [unsynced]);

  return { session, saveState, unsynced, closeReason, liveReadOnly, synced, connected: status === WebSocketStatus.Connected };
}
