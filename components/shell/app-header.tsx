import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "./sign-out-button";
import { LanguageSwitch } from "./language-switch";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";

interface Props {
  user: { id: string; name: string; title: string; role: string };
  isAdmin: boolean;
  /** Unread notifications when the page was rendered; the bell keeps it live. */
  unread: number;
}

export async function AppHeader({ user, isAdmin, unread }: Props) {
  const t = await getTranslations();
  const links = [
    { href: "/", label: t("nav.dashboard") },
    { href: "/drafts", label: t("nav.drafts") },
    ...(isAdmin
      ? [
          { href: "/admin/users", label: t("nav.users") },
          { href: "/admin/committees", label: t("nav.committees") },
          { href: "/admin/audit", label: t("nav.audit") },
        ]
      : []),
  ];
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="font-serif text-xl font-bold text-brand-700">
          {t("app.name")}
        </Link>
        <NavLinks links={links} label={t("nav.menu")} />
        <div className="ml-auto flex items-center gap-1">
          <NotificationBell userId={user.id} initialUnread={unread} />
          <details className="relative">
            <summary
              className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-stone-100"
            >
              <span className="sr-only">{t("nav.userMenu")}：</span>
              <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-100 font-medium text-brand-800" aria-hidden>
                {user.name.slice(-2)}
              </span>
              <span className="sr-only sm:not-sr-only">{user.name}</span>
            </summary>
            <div className="absolute right-0 z-20 mt-2 w-64 space-y-3 rounded-lg border border-stone-200 bg-white p-3 shadow-lg">
              <div>
                <div className="font-medium">{user.name}</div>
                <div className="text-xs text-stone-500">{user.title || t(`roles.global.${user.role}`)}</div>
              </div>
              <LanguageSwitch />
              <Link href="/account" className="block rounded px-2 py-1 text-sm hover:bg-stone-100">
                {t("nav.account")}
              </Link>
              <SignOutButton label={t("nav.signOut")} />
            </div>
          </details>
        </div>
      </div>
    </header>
  );
}
