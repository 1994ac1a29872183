"use client";

import { useMemo, type ReactNode } from "react";
import { NextIntlClientProvider, useLocale, useMessages } from "next-intl";
import { mergeMessages } from "@/lib/i18n/client-messages";

/** A route segment's messages over those already provided (locale, time zone and formats are inherited). */
export function MoreMessages({ messages, children }: { messages: Record<string, unknown>; children: ReactNode }) {
  const locale = useLocale();
  const above = useMessages();
  const merged = useMemo(() => mergeMessages(above, messages), [above, messages]);
  return <NextIntlClientProvider locale={locale} messages={merged}>{children}</NextIntlClientProvider>;
}
