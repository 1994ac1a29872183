import { router } from "./trpc";
import { meRouter } from "./routers/me";
import { adminRouter } from "./routers/admin";
import { committeesRouter } from "./routers/committees";
import { draftsRouter } from "./routers/drafts";

export const appRouter = router({
  me: meRouter,
  committees: committeesRouter,
  admin: adminRouter,
  drafts: draftsRouter,
});

export type AppRouter = typeof appRouter;
