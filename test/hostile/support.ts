import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { seededRandom, type Random } from "@/scripts/durability/util";

// Shared by the hostile-input suite (test/hostile/*.int.test.ts, `npm run test:hostile`):
// the seed, the run's size, the summary each file reports, and a raw /collab client that
// speaks the Hocuspocus wire format byte by byte — as a crafted client would.

/** HOSTILE_SEED repeats a run; otherwise a fresh seed, printed with every summary and failure. */
export const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : Math.floor(Math.random() * 2 ** 31);
/** HOSTILE_LONG=1 (`npm run test:hostile -- --long`): ten times the inputs. */
export const SCALE = process.env.HOSTILE_LONG === "1" ? 10 : 1;

export function rng(salt: number): Random {
  return seededRandom((SEED ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
}

/** The note every assertion carries, so a failing run can be repeated. */
export const seedNote = (what: string) => `${what} (repeat with HOSTILE_SEED=${SEED})`;

export interface HostileSummary {
  suite: string;
  tried: number;
  closed?: number;
  refused?: number;
  stored: number;
  failedLoads?: number;
  lagP99Ms?: number;
  notes?: string;
}

/** Printed, and appended to HOSTILE_SUMMARY_FILE for the runner's totals (test/hostile/run.ts). */
export function reportSummary(s: HostileSummary) {
  console.log(`[hostile] ${JSON.stringify({ ...s, seed: SEED })}`);
  const file = process.env.HOSTILE_SUMMARY_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ ...s, seed: SEED })}\n`);
}

/** Event-loop delay of this process (the server's: the collab server runs in it). */
export function lagMonitor(): { stop(): number; histogram: ReturnType<typeof monitorEventLoopDelay> } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    histogram,
    /** p99 in milliseconds. */
    stop() {
      histogram.disable();
      return histogram.percentile(99) / 1e6;
    },
  };
}

/**
 * Opens the pool's first connection before any transaction: on a loaded machine, connecting
 * inside the first interactive transaction could outlast Prisma's 2 s wait to start one.
 */
export async function warmUp(db: { $queryRaw: (q: TemplateStringsArray) => Promise<unknown> }) {
  await db.$queryRaw`SELECT 1`;
}

export function randomBytes(r: Random, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r.int(0, 256);
  return b;
}

export const pick = <T>(r: Random, xs: readonly T[]): T => xs[r.int(0, xs.length)]!;

// --- the Hocuspocus wire format (what @hocuspocus/provider sends) -------------------------

const MSG = { Sync: 0, Awareness: 1, Auth: 2, Close: 7, SyncStatus: 8 } as const;

function frame(doc: string, write: (e: encoding.Encoder) => void) {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  write(e);
  return encoding.toUint8Array(e);
}

export const frames = {
  auth: (doc: string, token: string) =>
    frame(doc, (e) => {
      encoding.writeVarUint(e, MSG.Auth);
      encoding.writeVarUint(e, 0); // Token
      encoding.writeVarString(e, token);
    }),
  syncStep1: (doc: string, stateVector: Uint8Array) =>
    frame(doc, (e) => {
      encoding.writeVarUint(e, MSG.Sync);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, stateVector);
    }),
  update: (doc: string, update: Uint8Array) =>
    frame(doc, (e) => {
      encoding.writeVarUint(e, MSG.Sync);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
    }),
  /** An awareness message: `body` is the awareness update (count, then id, clock, JSON per client). */
  awareness: (doc: string, body: Uint8Array) =>
    frame(doc, (e) => {
      encoding.writeVarUint(e, MSG.Awareness);
      encoding.writeVarUint8Array(e, body);
    }),
  awarenessBody: (entries: { id: number; clock: number; json: string }[]) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, entries.length);
    for (const x of entries) {
      encoding.writeVarUint(e, x.id);
      encoding.writeVarUint(e, x.clock);
      encoding.writeVarString(e, x.json);
    }
    return encoding.toUint8Array(e);
  },
  /** Any message type number with any body. */
  typed: (doc: string, type: number, body: Uint8Array) =>
    frame(doc, (e) => {
      encoding.writeVarUint(e, type);
      encoding.writeUint8Array(e, body);
    }),
};

/** What the server told one raw client. */
export interface RawClient {
  ws: WebSocket;
  /** Documents the server authenticated this socket for. */
  authenticated: Set<string>;
  /** Documents refused at authentication (PermissionDenied). */
  denied: Set<string>;
  /** Document connections the server closed (a CLOSE message), with their reasons. */
  docClosed: Map<string, string>;
  /** SyncStatus acknowledgements received (true = an update was applied). */
  acks: number;
  /** The socket's close code, once closed. */
  closeCode: number | null;
  opened: Promise<boolean>;
  send(data: Uint8Array): void;
  /** Closed in any way: socket closed, a document connection closed, or authentication refused. */
  refused(doc: string): boolean;
  close(): void;
}

export function rawClient(url: string): RawClient {
  const ws = new WebSocket(url);
  const c: RawClient = {
    ws,
    authenticated: new Set(),
    denied: new Set(),
    docClosed: new Map(),
    acks: 0,
    closeCode: null,
    opened: new Promise((resolve) => {
      ws.once("open", () => resolve(true));
      ws.once("error", () => resolve(false));
    }),
    send(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(data);
    },
    refused(doc) {
      return c.closeCode !== null || c.denied.has(doc) || c.docClosed.has(doc);
    },
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };
  ws.on("error", () => {});
  ws.on("close", (code) => {
    c.closeCode = code;
  });
  ws.on("message", (data: Buffer) => {
    try {
      const d = decoding.createDecoder(new Uint8Array(data));
      const doc = decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type === MSG.Auth) {
        const sub = decoding.readVarUint(d);
        if (sub === 2) c.authenticated.add(doc);
        if (sub === 1) c.denied.add(doc);
      } else if (type === MSG.Close) {
        c.docClosed.set(doc, decoding.hasContent(d) ? decoding.readVarString(d) : "");
      } else if (type === MSG.SyncStatus) {
        if (decoding.readVarUint(d) === 1) c.acks++;
      }
    } catch {
      // not ours to judge: the server's frames are trusted
    }
  });
  return c;
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return true;
}
