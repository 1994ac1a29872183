import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";

// A short-lived ticket for the /collab websocket, minted by tRPC (drafts.collabToken) for a
// signed-in user. It names the user and session version; the collab server still re-reads
// the user and asks the policy, so the ticket grants nothing by itself.

const TTL_SECONDS = 5 * 60;

interface Ticket {
  uid: string;
  sv: number;
  did: string;
  exp: number;
}

function key() {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", secret).update("xieshen-collab-ticket").digest();
}

const sign = (body: string) => createHmac("sha256", key()).update(body).digest("base64url");

export function mintCollabToken(o: { userId: string; sessionVersion: number; draftId: string; now?: number }) {
  const t: Ticket = { uid: o.userId, sv: o.sessionVersion, did: o.draftId, exp: Math.floor((o.now ?? Date.now()) / 1000) + TTL_SECONDS };
  const body = Buffer.from(JSON.stringify(t)).toString("base64url");
  return `${body}.${sign(body)}`;
}

export function verifyCollabToken(token: string, draftId: string, now = Date.now()): { userId: string; sessionVersion: number } | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const t = JSON.parse(Buffer.from(body, "base64url").toString()) as Ticket;
    if (t.did !== draftId || t.exp * 1000 < now) return null;
    return { userId: t.uid, sessionVersion: t.sv };
  } catch {
    return null;
  }
}
