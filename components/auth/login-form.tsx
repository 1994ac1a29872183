"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { useAppErrors } from "@/components/ui/app-errors";

/** The page checked `next` already; checked again here because this is where the browser goes. */
const sameSite = (next: string) => safeRedirectPath(next, { origin: window.location.origin });

export function LoginForm({ next, oidcName }: { next: string; oidcName: string | null }) {
  const t = useTranslations("login");
  const appErrors = useAppErrors();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    try {
      const res = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: form.get("login"), password: form.get("password") }),
      });
      if (res.ok) {
        // A full navigation so the server renders with the new session and language.
        window.location.assign(sameSite(next));
        return;
      }
      // The one error shape: 401 wrong login, 429 with the time actually left, 413 …
      const body = (await res.json().catch(() => null)) as unknown;
      setError(body ? appErrors.message(appErrors.fromBody(body)) : t("failed"));
    } catch {
      setError(t("failed"));
    }
    setPending(false);
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div>
          <label htmlFor="login" className="label">{t("login")}</label>
          <input id="login" name="login" className="input" autoComplete="username" required autoFocus />
        </div>
        <div>
          <label htmlFor="password" className="label">{t("password")}</label>
          <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>
        )}
        <button type="submit" className="btn-primary w-full" disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </button>
      </form>
      {oidcName && (
        <>
          <div className="text-center text-xs text-stone-500">{t("or")}</div>
          <OidcButton label={t("oidc", { name: oidcName })} next={next} />
        </>
      )}
    </div>
  );
}

function OidcButton({ label, next }: { label: string; next: string }) {
  // next-auth's POST /api/auth/signin/:provider needs its CSRF token.
  async function go() {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const f = document.createElement("form");
    f.method = "post";
    f.action = "/api/auth/signin/oidc";
    for (const [k, v] of Object.entries({ csrfToken, callbackUrl: sameSite(next) })) {
      const i = document.createElement("input");
      i.type = "hidden";
      i.name = k;
      i.value = v;
      f.appendChild(i);
    }
    document.body.appendChild(f);
    f.submit();
  }
  return (
    <button type="button" onClick={() => void go()} className="btn-secondary w-full">
      {label}
    </button>
  );
}
