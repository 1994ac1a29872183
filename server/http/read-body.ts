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
 * The whole body as bytes, or BodyTooLargeError as soon as more than `limit` bytes were
 * declared (Content-Length) or received (counted while reading; the rest is not read).
 */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new BodyTooLargeError(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
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
