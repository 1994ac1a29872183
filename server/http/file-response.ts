import type { DownloadFile } from "../services/export/download";

/** The HTTP answer for a generated download: private, never cached, never sniffed. */
export function fileResponse(file: DownloadFile): Response {
  return new Response(new Uint8Array(file.body), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": file.contentDisposition,
      "content-length": String(file.body.length),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
