import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

/**
 * The start page is the user's main work: supervisors and admins watch the dashboard, reviewers
 * work the queue. Any signed-in user may land here, so it asks for a session, not a scope.
 */
export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?callbackUrl=%2F");
  if (can(user.role, "dashboard:view")) redirect("/dashboard");
  if (can(user.role, "reviews:work")) redirect("/queue");
  if (can(user.role, "runs:view")) redirect("/runs");
  redirect("/forbidden");
}
