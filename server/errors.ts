// One typed error for the domain. Services throw it; the tRPC error formatter maps `code`
// to an HTTP/tRPC code once (server/api/trpc.ts), plain routes answer it with
// server/http/error-response.ts, and the UI shows the localized message for `messageKey`
// through useAppErrors (components/ui/app-errors.ts).

export const APP_ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Key in messages/*.json under "errors", e.g. "usernameTaken". */
  readonly messageKey: string;
  readonly params: Record<string, string | number>;

  constructor(
    code: AppErrorCode,
    messageKey: string = code,
    params: Record<string, string | number> = {},
    message?: string,
  ) {
    super(message ?? `${code}: ${messageKey}`);
    this.name = "AppError";
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export const notFound = () => new AppError("NOT_FOUND", "notFound");
export const forbidden = () => new AppError("FORBIDDEN", "forbidden");
