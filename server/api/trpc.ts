import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "../db/client";
import { AppError, type AppErrorCode } from "../errors";
import { policy } from "../policy";
import type { SessionUser } from "../auth/session";
import type { AuditMeta } from "../services/audit/record-audit-event";

// The one tRPC init: context, error formatter, procedure builders. Authorization happens
// here (builders) and in services, decided by server/policy — never only in the UI.

export interface Context {
  db: Db;
  user: SessionUser | null;
  meta: AuditMeta;
  /** Set when a procedure changed the session (password change): the route re-issues the cookie. */
  headers: Headers;
  /** When the session signed in (JWT authTime); null when unknown. Signing within 5 minutes needs no password. */
  authTime: Date | null;
}

export function createContext(o: { user: SessionUser | null; headers: Headers; meta: AuditMeta; authTime?: Date | null }): Context {
  return { db: getDb(), user: o.user, meta: o.meta, headers: o.headers, authTime: o.authTime ?? null };
}

export const TRPC_CODE: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export interface AppErrorShape {
  messageKey: string;
  params: Record<string, string | number>;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Subscriptions stream over SSE (GET /api/trpc/…). A comment line every 15 s keeps proxies
  // from closing a quiet stream, and the client reconnects when it hears nothing for 40 s;
  // after 30 minutes the server ends the stream and the client reconnects, so the session
  // cookie is checked again.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
    maxDurationMs: 30 * 60_000,
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const appError: AppErrorShape | null =
      cause instanceof AppError
        ? { messageKey: cause.messageKey, params: cause.params }
        : { messageKey: error.code, params: {} };
    const zodIssues =
      cause instanceof ZodError ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message })) : null;
    // Internal errors never carry their message or stack to the browser.
    const message = error.code === "INTERNAL_SERVER_ERROR" ? "INTERNAL_SERVER_ERROR" : shape.message;
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, appError, zodIssues } };
  },
});

/** Maps a domain AppError to its tRPC code once, for every procedure. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: TRPC_CODE[result.error.cause.code], message: result.error.cause.messageKey, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(appErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", cause: new AppError("UNAUTHORIZED", "signedOut") });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!policy.manageUsers(ctx.user)) throw new TRPCError({ code: "FORBIDDEN", cause: new AppError("FORBIDDEN", "forbidden") });
  return next();
});

/** Record ids from clients: bounded, no control characters (lib/schemas/text.ts). */
export { ZId } from "@/lib/schemas/text";
