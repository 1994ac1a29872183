import { redirect } from "next/navigation";
import { requireAdmin } from "./require-admin";

export default async function AdminIndexPage() {
  await requireAdmin();
  redirect("/admin/users");
}
