import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ClientMessages } from "@/components/i18n/client-messages";
import { HydrationMark } from "@/components/shell/hydration-mark";
import { TRPCReactProvider } from "@/lib/trpc/client";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: `${t("name")} · ${t("tagline")}`, template: `%s · ${t("name")}` } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        {/* The shell's messages only; each route segment's layout adds its own (lib/i18n/client-messages.ts). */}
        <ClientMessages scope="shell">
          <TRPCReactProvider>{children}</TRPCReactProvider>
          <HydrationMark />
        </ClientMessages>
      </body>
    </html>
  );
}
