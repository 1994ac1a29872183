import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { getSessionUser } from "@/server/auth/session";
import { serverApi } from "@/server/api/caller";
import { policy } from "@/server/policy";
import { AppHeader } from "@/components/shell/app-header";
import { safeRedirectPath } from "@/lib/safe-redirect";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) {
    // The request line is the client's: `GET //evil.example/` must not become a callbackUrl.
    const path = safeRedirectPath((await headers()).get("x-xieshen-path"));
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  const t = await getTranslations();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("app.skipToContent")}
      </a>
      <AppHeader
        user={{ id: user.id, name: user.name, title: user.title, role: user.role }}
        isAdmin={policy.manageUsers(user)}
        unread={await unreadNotifications()}
      />
      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

/** The bell's first number. The bell asks again when its live stream starts, so a failure here only shows 0 for a moment. */
async function unreadNotifications(): Promise<number> {
  try {
    return (await (await serverApi()).notifications.unreadCount()).count;
  } catch (e) {
    unstable_rethrow(e);
    return 0;
  }
}
