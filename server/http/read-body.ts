// Request bodies read with a byte limit that holds whether or not the client sent
// Content-Length. A chunked body (Transfer-Encoding: chunked, no length) used to be read to
// the end by `req.json()` / tRPC's handler, so one request could fill the server's memory.

import { AppError } from "../errors";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }

  /** The refusal every route answers with (413, `errors.bodyTooLarge` naming the limit). */
  toAppError(): AppError {
    return new AppError("PAYLOAD_TOO_LARGE", "bodyTooLarge", { size: formatBytes(this.limit) });
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/**
 * After a refusal the rest of an over-limit body is read and thrown away, in the background,
 * up to these bounds. Cancelling the stream instead destroys the request's socket, and the
 * 413 is then often lost before the client reads it (it sees a reset, or waits forever).
 * Past the bounds the stream is cancelled: a client still sending by then is not a browser
 * uploading a too-large file.
 */
export const DRAIN_LIMITS = { maxBytes: 64 * 1024 * 1024, maxMs: 30_000 } as const;

function drainInBackground(reader: ReadableStreamDefaultReader<Uint8Array>, limits = DRAIN_LIMITS) {
  const started = Date.now();
  let drained = 0;
  void (async () => {
    try {
      for (;;) {
        if (drained > limits.maxBytes || Date.now() - started > limits.maxMs) {
          await reader.cancel();
          return;
        }
        const { done, value } = await reader.read();
        if (done) return;
        drained += value.byteLength;
      }
    } catch {
      // the client went away: nothing left to drain
    } finally {
      reader.releaseLock();
    }
  })();
}

/**
 * The whole body as bytes, or BodyTooLargeError as soon as more than `limit` bytes were
 * declared (Content-Length) or received (counted while reading; the rest is discarded, not
 * kept, while the refusal goes out).
 */
export async function readBodyLimited(
  req: Request,
  limit: number,
  drainLimits: typeof DRAIN_LIMITS = DRAIN_LIMITS,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (e) {
      reader.releaseLock();
      throw e;
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      drainInBackground(reader, drainLimits);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(next.value);
  }
  reader.releaseLock();
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body parsed as JSON (null when it is not JSON), with the same limit. */
export async function readJsonLimited(req: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyLimited(req, limit);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return null;
  }
}
