import { redirect } from "next/navigation";
import { landingPath } from "@/lib/assignments/dashboard";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/session";

/** "/" sends each person to their own landing page: teaching for staff only, the dashboard otherwise. */
export default async function Home() {
  const user = await requireUser();
  redirect(await landingPath(getDb(), user));
}
