import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyLimited, readJsonLimited } from "./read-body";
import { errorBody } from "./error-response";

/** A streamed body without Content-Length; counts the chunks pulled and notes a cancel. */
function chunked(chunkBytes: number, chunks: number) {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    cancel() {
      cancelled = true;
    },
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  const req = new Request("http://127.0.0.1/api/trpc/x", { method: "POST", body, duplex: "half" } as RequestInit);
  return { req, pulled: () => pulled, cancelled: () => cancelled };
}

describe("readBodyLimited", () => {
  it("refuses a chunked body at the limit, then reads the rest away without keeping it", async () => {
    // Reading on after the refusal keeps the socket alive until the 413 has gone out.
    const { req, pulled, cancelled } = chunked(64 * 1024, 80); // 5 MB offered
    await expect(readBodyLimited(req, 1_000_000)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect.poll(pulled).toBe(80);
    expect(cancelled()).toBe(false);
  });

  it("stops draining at its bound and cancels the stream", async () => {
    const { req, pulled, cancelled } = chunked(64 * 1024, 10_000); // 640 MB offered
    await expect(readBodyLimited(req, 100_000, { maxBytes: 1024 * 1024, maxMs: 30_000 })).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect.poll(cancelled).toBe(true);
    expect(pulled()).toBeLessThan(40);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const req = new Request("http://127.0.0.1/x", { method: "POST", body: "x".repeat(10), headers: { "content-length": "5000000" } });
    await expect(readBodyLimited(req, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("returns bodies up to the limit intact", async () => {
    const { req } = chunked(1000, 10);
    const bytes = await readBodyLimited(req, 10_000);
    expect(bytes.byteLength).toBe(10_000);
    expect(bytes.every((b) => b === 0x61)).toBe(true);
    const empty = await readBodyLimited(new Request("http://127.0.0.1/x", { method: "POST" }), 10);
    expect(empty.byteLength).toBe(0);
  });

  it("parses JSON (null when it is not JSON), Chinese text included", async () => {
    const json = new Request("http://127.0.0.1/x", { method: "POST", body: JSON.stringify({ login: "王建国" }) });
    expect(await readJsonLimited(json, 1000)).toEqual({ login: "王建国" });
    expect(await readJsonLimited(new Request("http://127.0.0.1/x", { method: "POST", body: "{" }), 1000)).toBeNull();
  });

  it("has a Chinese-first message naming the limit", () => {
    expect(errorBody(new BodyTooLargeError(1024 * 1024).toAppError()).error.message).toBe("请求内容过大（上限 1 MB），未作处理。");
    expect(errorBody(new BodyTooLargeError(16 * 1024).toAppError()).error.messageEn).toContain("16 KB");
  });
});
