"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/server/auth/config";
import { getSessionUser } from "@/server/auth/session";
import { requestMeta } from "@/server/auth/request-meta";
import { recordSignOut, setUserLocale } from "@/server/services/users/users";
import { getDb } from "@/server/db/client";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";

export async function signOutAction() {
  const user = await getSessionUser();
  if (user) await recordSignOut({ db: getDb(), actor: user, meta: requestMeta(await headers()) });
  await signOut({ redirect: false });
  redirect("/login");
}

/** Switches the interface language; saved on the user when signed in, else only in the cookie. */
export async function setLocaleAction(value: string) {
  const locale = toLocale(value);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 86400 });
  const user = await getSessionUser();
  if (user && user.locale !== locale) {
    await setUserLocale({ db: getDb(), actor: user, meta: requestMeta(await headers()), locale });
  }
}
