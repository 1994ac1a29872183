import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { AUDIT_TYPES } from "@/server/services/audit/types";
import { AuditLog } from "@/components/admin/audit/audit-log";
import { requireAdmin } from "../require-admin";

const PAGE_SIZE = 50;

export async function generateMetadata() {
  const t = await getTranslations("admin.audit");
  return { title: t("title") };
}

export default async function AdminAuditPage() {
  await requireAdmin();
  const api = await serverApi();
  const [firstPage, choices, t] = await Promise.all([
    api.admin.audit.list({ limit: PAGE_SIZE }),
    api.admin.audit.filterChoices(),
    getTranslations("admin.audit"),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <AuditLog types={AUDIT_TYPES} pageSize={PAGE_SIZE} initialPage={firstPage} choices={choices} />
    </div>
  );
}
