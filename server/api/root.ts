import { router } from "./trpc";
import { meRouter } from "./routers/me";
import { adminRouter } from "./routers/admin";
import { committeesRouter } from "./routers/committees";

export const appRouter = router({
  me: meRouter,
  committees: committeesRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
