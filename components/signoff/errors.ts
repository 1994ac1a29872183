/** A tRPC error's code ("CONFLICT", "PRECONDITION_FAILED" …) and catalogue key, without depending on its class. */
export function errorCode(e: unknown): string | null {
  const data = (e as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === "string" ? data.code : null;
}

export function errorKey(e: unknown): string | null {
  const key = (e as { data?: { appError?: { messageKey?: unknown } | null } } | null)?.data?.appError?.messageKey;
  return typeof key === "string" ? key : null;
}
