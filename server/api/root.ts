import { router } from "./trpc";
import { meRouter } from "./routers/me";
import { adminRouter } from "./routers/admin";
import { committeesRouter } from "./routers/committees";
import { draftsRouter } from "./routers/drafts";
import { commentsRouter } from "./routers/comments";
import { notificationsRouter } from "./routers/notifications";
import { versionsRouter } from "./routers/versions";
import { signoffRouter } from "./routers/signoff";

export const appRouter = router({
  me: meRouter,
  committees: committeesRouter,
  admin: adminRouter,
  drafts: draftsRouter,
  comments: commentsRouter,
  notifications: notificationsRouter,
  versions: versionsRouter,
  signoff: signoffRouter,
});

export type AppRouter = typeof appRouter;
