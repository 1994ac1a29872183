import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { getSessionUser } from "@/server/auth/session";
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
        user={{ name: user.name, title: user.title, role: user.role }}
        isAdmin={policy.manageUsers(user)}
      />
      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
