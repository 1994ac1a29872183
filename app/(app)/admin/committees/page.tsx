import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { CommitteesAdmin } from "@/components/admin/committees/committees-admin";
import { requireAdmin } from "../require-admin";

export async function generateMetadata() {
  const t = await getTranslations("admin.committees");
  return { title: t("title") };
}

export default async function AdminCommitteesPage() {
  await requireAdmin();
  const api = await serverApi();
  const [committees, users, t] = await Promise.all([
    api.admin.committees.list(),
    api.admin.users.list({ query: "" }),
    getTranslations("admin.committees"),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <CommitteesAdmin initialCommittees={committees} initialUsers={users} />
    </div>
  );
}
