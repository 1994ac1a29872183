import { getTranslations } from "next-intl/server";
import { serverApi } from "@/server/api/caller";
import { NotificationList } from "@/components/notifications/notification-list";
import { NOTIFICATIONS_PAGE_SIZE } from "@/components/notifications/page-size";

export async function generateMetadata() {
  const t = await getTranslations("notifications");
  return { title: t("title") };
}

export default async function NotificationsPage() {
  const api = await serverApi();
  const firstPage = await api.notifications.list({ limit: NOTIFICATIONS_PAGE_SIZE });
  const t = await getTranslations("notifications");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <NotificationList firstPage={firstPage} />
    </div>
  );
}
