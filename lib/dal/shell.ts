import "server-only";

/** What the frame around every signed-in page needs: where its person can go, and where they start. */
import { landingPath, userRoles } from "@/lib/assignments/dashboard";
import { getDb } from "@/lib/db/client";
import { requireUser, type CurrentUser } from "@/lib/session";

/** Which sides of the app the navigation offers: studying (the dashboard) and teaching (lib/authz.ts's `course.teach`). */
export async function navigationFor(user: CurrentUser): Promise<{ studies: boolean; teaches: boolean }> {
  return userRoles(getDb(), user);
}

/** Where "/" sends the signed-in person: teaching for staff only, the dashboard otherwise (sign-in first when signed out). */
export async function ownLandingPath(): Promise<"/dashboard" | "/teach"> {
  const user = await requireUser();
  return landingPath(getDb(), user);
}
