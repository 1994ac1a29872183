import { z } from "zod";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { ZId, zLine, zText } from "./text";

// Inputs of the comments and notifications procedures (server/api/routers/comments,
// notifications), shared with the forms. Messages are catalogue keys.

export const DISPOSITIONS = ["ADOPTED", "PARTLY_ADOPTED", "NOT_ADOPTED", "NOTED"] as const;
export const THREAD_VISIBILITIES = ["MEMBERS", "INTERNAL"] as const;
export const THREAD_STATUSES = ["OPEN", "RESOLVED"] as const;

const ZSid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "validation.invalid");
/** Base64 of Y.encodeRelativePosition. */
const ZAnchor = z
  .string()
  .max(Math.ceil((COMMENT_LIMITS.maxAnchorBytes * 4) / 3) + 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "validation.invalid");

export const ZCommentBody = zText().pipe(
  z.string().min(1, "comments.validation.empty").max(COMMENT_LIMITS.maxChars, "comments.validation.tooLong"),
);

export const ZThreadCreate = z.object({
  draftId: ZId,
  sid: ZSid,
  /** A passage inside the section; omitted for a comment on the whole section. */
  passage: z
    .object({ start: ZAnchor, end: ZAnchor, quote: zLine().pipe(z.string().min(1).max(COMMENT_LIMITS.maxQuote, "validation.tooLong")) })
    .optional(),
  body: ZCommentBody,
  visibility: z.enum(THREAD_VISIBILITIES).default("MEMBERS"),
});

export const ZReply = z.object({ draftId: ZId, threadId: ZId, body: ZCommentBody });
export const ZCommentEdit = z.object({ draftId: ZId, commentId: ZId, body: ZCommentBody });
export const ZCommentRef = z.object({ draftId: ZId, commentId: ZId });
export const ZThreadStatus = z.object({ draftId: ZId, threadId: ZId, status: z.enum(THREAD_STATUSES) });

export const ZThreadDisposition = z
  .object({
    draftId: ZId,
    threadId: ZId,
    disposition: z.enum(DISPOSITIONS).nullable(),
    reason: zText().pipe(z.string().max(COMMENT_LIMITS.maxReason, "validation.tooLong")).default(""),
  })
  .refine((d) => d.disposition !== "NOT_ADOPTED" || d.reason.length > 0, { path: ["reason"], message: "comments.validation.reasonRequired" });

export const ZNotificationIds = z.object({ ids: z.array(ZId).min(1).max(200) });
