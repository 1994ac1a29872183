import { TRPCError } from "@trpc/server";
import { AppError } from "../../errors";
import { TRPC_CODE } from "../trpc";

/**
 * A subscription's stream with domain errors mapped to tRPC codes. The appErrors middleware
 * maps errors of a procedure's call; a subscription's errors come later, while it streams
 * (e.g. access lost: NOT_FOUND), so they are mapped here.
 */
export async function* liveErrors<T>(stream: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (e) {
    if (e instanceof AppError) throw new TRPCError({ code: TRPC_CODE[e.code], message: e.messageKey, cause: e });
    throw e;
  }
}
