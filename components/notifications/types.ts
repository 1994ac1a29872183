import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type NotificationPage = Outputs["notifications"]["list"];
export type NotificationItem = NotificationPage["items"][number];
