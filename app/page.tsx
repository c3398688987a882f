import { redirect } from "next/navigation";
import { ownLandingPath } from "@/lib/dal/shell";

/** "/" sends each person to their own landing page: teaching for staff only, the dashboard otherwise. */
export default async function Home() {
  redirect(await ownLandingPath());
}
