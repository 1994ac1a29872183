import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type AdminUser = RouterOutputs["admin"]["users"]["list"][number];
export type AdminCommittee = RouterOutputs["admin"]["committees"]["list"][number];
export type AuditPage = RouterOutputs["admin"]["audit"]["list"];
export type AuditItem = AuditPage["items"][number];
