import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { CLIENT_MESSAGES, pickMessages, type ClientMessageScope } from "@/lib/i18n/client-messages";
import { MoreMessages } from "./more-messages";

/**
 * The messages client components below read (lib/i18n/client-messages.ts). "shell" is the root
 * layout's provider; any other scope goes in a route segment's layout, around all its children,
 * and adds its messages to those of the layouts above it.
 */
export async function ClientMessages({ scope, children }: { scope: ClientMessageScope; children: ReactNode }) {
  const messages = pickMessages(await getMessages(), CLIENT_MESSAGES[scope]);
  if (scope === "shell") return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
  return <MoreMessages messages={messages}>{children}</MoreMessages>;
}
