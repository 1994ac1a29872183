/** A generated file ready to be sent: what every export service returns. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
  contentDisposition: string;
  body: Buffer;
}
