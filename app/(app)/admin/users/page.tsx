import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { UsersAdmin } from "@/components/admin/users/users-admin";
import { requireAdmin } from "../require-admin";

export async function generateMetadata() {
  const t = await getTranslations("admin.users");
  return { title: t("title") };
}

export default async function AdminUsersPage() {
  const me = await requireAdmin();
  const [users, t] = await Promise.all([(await serverApi()).admin.users.list({ query: "" }), getTranslations("admin.users")]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <UsersAdmin initialUsers={users} currentUserId={me.id} />
    </div>
  );
}
