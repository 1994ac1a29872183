import { z } from "zod";
import { hasControlChars, CONTROL_CHARS_MESSAGE, zId, zLine } from "./text";

export const DRAFT_KINDS = ["SPEECH", "WORK_REPORT", "RESEARCH_REPORT", "PROPOSAL", "MINUTES", "OTHER"] as const;
export const DRAFT_STATUSES = ["DRAFTING", "IN_REVIEW", "FINAL"] as const;
export const DRAFT_ROLES = ["OWNER", "EDITOR", "COMMENTER", "VIEWER"] as const;
/** Roles an owner can give; ownership itself is not handed out this way. */
export const ASSIGNABLE_DRAFT_ROLES = ["EDITOR", "COMMENTER", "VIEWER"] as const;

export const DRAFT_LIMITS = {
  titleMax: 120,
  /** Characters of text in one draft. */
  maxChars: 500_000,
  /** Bytes of one websocket frame on /collab. */
  maxFrameBytes: 2 * 1024 * 1024,
  /** Messages per second per connection, sustained (a burst of 4× is allowed). */
  maxMessagesPerSecond: 60,
  importMaxBytes: 10 * 1024 * 1024,
} as const;

const ZDateOnly = z.iso.date("validation.date");

export const ZDraftMeta = z.object({
  title: zLine().min(1, "validation.required").max(DRAFT_LIMITS.titleMax, "validation.tooLong"),
  kind: z.enum(DRAFT_KINDS),
  committeeId: zId(),
  meetingDate: ZDateOnly.nullable().optional(),
  deadline: z.iso.datetime({ offset: true, message: "validation.date" }).nullable().optional(),
});

export const ZDraftListFilter = z.object({
  scope: z.enum(["mine", "all"]).default("all"),
  committeeId: z.string().max(64).refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE).optional(),
  status: z.enum(DRAFT_STATUSES).optional(),
  query: zLine().max(100, "validation.tooLong").optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
