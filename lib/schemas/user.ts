import { z } from "zod";
import { LOCALES } from "@/lib/i18n/config";
import { zLine, zText, ZId } from "./text";

// Shared by the admin forms (client) and the tRPC procedures (server). Messages are keys
// into messages/*.json ("validation.*"), so both sides show the same localized text.

export const ZLocale = z.enum(LOCALES);

export const GLOBAL_ROLES = ["ADMIN", "CHAIR", "VICE_CHAIR", "MEMBER"] as const;
export const COMMITTEE_ROLES = ["HEAD", "DEPUTY_HEAD", "MEMBER"] as const;

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "validation.usernameLength")
  .max(32, "validation.usernameLength")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "validation.usernameChars");

export const ZPassword = z.string().min(8, "validation.passwordLength").max(128, "validation.passwordLength");

export const ZPersonName = zLine().min(1, "validation.required").max(50, "validation.tooLong");

export const ZCreateUser = z.object({
  username: ZUsername,
  name: ZPersonName,
  email: z.email("validation.email").max(200).optional().or(z.literal("").transform(() => undefined)),
  title: zLine().max(100, "validation.tooLong").default(""),
  role: z.enum(GLOBAL_ROLES).default("MEMBER"),
  password: ZPassword,
});

export const ZUpdateUser = z.object({
  userId: ZId,
  name: ZPersonName.optional(),
  email: z.email("validation.email").max(200).nullable().optional(),
  title: zLine().max(100, "validation.tooLong").optional(),
  role: z.enum(GLOBAL_ROLES).optional(),
});

/** Searching people by name, username or e-mail (admin user list). */
export const ZUserSearch = z.object({ query: zLine().max(100, "validation.tooLong").optional() });

export const ZCommittee = z.object({
  name: zLine().min(1, "validation.required").max(60, "validation.tooLong"),
  description: zText().max(500, "validation.tooLong").default(""),
});
