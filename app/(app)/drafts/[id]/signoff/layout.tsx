import type { ReactNode } from "react";
import { ClientMessages } from "@/components/i18n/client-messages";

// The messages this segment's client components read, over the shell's (lib/i18n/client-messages.ts).
export default function SignoffLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="signoff">{children}</ClientMessages>;
}
