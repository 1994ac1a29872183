import { poolOf, type Db } from "../../db/client";

// Group commit of the DraftUpdate log (issue 10). "Acknowledged = committed" stays: an append
// resolves only once its row is committed. But the rows that arrive together — from every
// connection and every draft — are committed together, by ONE multi-row INSERT (one implicit
// transaction): while a commit is in flight, new appends queue, and go in the next statement
// when it returns — or after WINDOW_MS if it has not, with at most MAX_IN_FLIGHT statements
// outstanding. (One statement at a time serialised the WAL flushes: on a slow disk each
// keystroke then waited for up to two flushes, and a connection, whose messages are handled
// one after another, fell behind. A few statements in flight let PostgreSQL flush them
// together, while each still carries everything that arrived meanwhile.) An idle log flushes
// on the next turn of the event loop (setImmediate), so messages read in the same I/O phase
// share a commit and a lone keystroke waits for nothing.
//
// A failed statement acknowledges none of its rows (each append rejects; the collab server
// closes those connections and the clients, which still hold the edits, resend). One draft's
// refusal must not fail everybody else's keystrokes, though: the DraftUpdate trigger refuses
// rows of a FINAL draft, so a failed statement holding several drafts is retried once as one
// statement per draft, and each of those again acknowledges all of its rows or none.
// Everything still queued when a statement fails is failed too (the clients resend): the
// caller rebuilds its update guard from the live document, and the only checked updates
// that copy then lacks are those of statements already in flight, which reach it when they
// are applied — no update can depend on them before that, as no client has seen them.

/** Rows per statement: 3 parameters each, under PostgreSQL's 65,535, and a bounded statement. */
const MAX_ROWS = 1_000;
/** Bytes of update data per statement (a single update can be up to the 2 MB frame). */
const MAX_BYTES = 8 * 1024 * 1024;
/** Statements outstanding at once, and how long queued rows wait for one to return first. */
const MAX_IN_FLIGHT = 4;
const WINDOW_MS = 3;

export interface AppendRequest {
  draftId: string;
  update: Uint8Array;
  userId: string | null;
}

interface Pending extends AppendRequest {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitStats {
  /** Statements that committed (each one transaction). */
  commits: number;
  /** Rows committed. */
  rows: number;
  /** Statements that failed (their rows were not acknowledged). */
  failedCommits: number;
  /** The most rows one statement committed. */
  largestBatch: number;
}

export type CommittedListener = (rows: { id: bigint; draftId: string }[]) => void;

export class GroupCommitLog {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly listeners = new Set<CommittedListener>();
  readonly stats: GroupCommitStats = { commits: 0, rows: 0, failedCommits: 0, largestBatch: 0 };

  constructor(private readonly db: Db) {}

  /** Resolves once the row is committed; rejects when the statement carrying it failed. */
  append(a: AppendRequest): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...a, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Called with the ids of every committed statement's rows, after their appends resolved
   * (the collab server folds exactly these into a snapshot later).
   */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private schedule() {
    if (this.inFlight >= MAX_IN_FLIGHT || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.inFlight === 0) setImmediate(run);
    else setTimeout(run, WINDOW_MS);
  }

  private take(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_ROWS) {
      bytes += this.queue[n]!.update.byteLength;
      if (n > 0 && bytes > MAX_BYTES) break;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async flush() {
    if (this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.inFlight++;
    const batch = this.take();
    try {
      const drafts = new Set(batch.map((p) => p.draftId));
      try {
        this.committed(batch, await this.insert(batch));
      } catch (e) {
        this.stats.failedCommits++;
        if (drafts.size === 1) throw e;
        // One statement per draft: a FINAL (or deleted) draft fails alone.
        const groups = [...drafts].map((d) => batch.filter((p) => p.draftId === d));
        const results = await Promise.allSettled(groups.map((g) => this.insert(g)));
        let failure: unknown = null;
        results.forEach((r, i) => {
          if (r.status === "fulfilled") this.committed(groups[i]!, r.value);
          else {
            this.stats.failedCommits++;
            failure ??= r.reason;
            for (const p of groups[i]!) p.reject(r.reason);
          }
        });
        if (failure) this.failQueued(failure);
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
      this.failQueued(e);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private failQueued(e: unknown) {
    const queued = this.queue.splice(0);
    for (const p of queued) p.reject(e);
  }

  private committed(batch: Pending[], rows: { id: bigint; draftId: string }[]) {
    this.stats.commits++;
    this.stats.rows += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    for (const p of batch) p.resolve();
    for (const l of this.listeners) {
      try {
        l(rows);
      } catch (e) {
        console.error("[drafts] group commit listener failed:", e);
      }
    }
  }

  private async insert(batch: Pending[]): Promise<{ id: bigint; draftId: string }[]> {
    // Straight to pg (poolOf): the same statement as through Prisma, a third of the CPU.
    const pool = poolOf(this.db);
    if (!pool) throw new Error("the draft log needs a database client made by createDb");
    const params: unknown[] = [];
    const tuples = batch.map((p, i) => {
      params.push(p.draftId, Buffer.from(p.update.buffer, p.update.byteOffset, p.update.byteLength), p.userId);
      return `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`;
    });
    const { rows } = await pool.query<{ id: string; draftId: string }>(
      `INSERT INTO "DraftUpdate" ("draftId", "data", "userId") VALUES ${tuples.join(", ")} RETURNING "id"::text AS "id", "draftId"`,
      params,
    );
    return rows.map((r) => ({ id: BigInt(r.id), draftId: r.draftId }));
  }
}

const logs = new WeakMap<Db, GroupCommitLog>();

/** The one group-committing log writer of a database client (one per process in practice). */
export function groupCommitLog(db: Db): GroupCommitLog {
  let log = logs.get(db);
  if (!log) {
    log = new GroupCommitLog(db);
    logs.set(db, log);
  }
  return log;
}
