import "server-only";
/**
 * The deep linking picker's data (app/(staff)/teach/lti/deep-link/[id]): the pending request, if the
 * signed-in person launched it and teaches its course (lib/lti/deep-linking.ts decides), the LMS
 * course's title and the assignments to offer.
 */
import { getDb } from "@/lib/db/client";
import { deepLinkChoices, pendingDeepLink, type DeepLinkChoice } from "@/lib/lti/deep-linking";
import { LtiRefusal } from "@/lib/lti/refusal";
import { requireUser } from "@/lib/session";

export type DeepLinkPicker =
  { status: "ok"; id: string; lmsTitle: string; acceptMultiple: boolean; choices: DeepLinkChoice[] } | { status: "gone" | "not-yours" };

export async function deepLinkPickerPage(id: string): Promise<DeepLinkPicker> {
  const user = await requireUser();
  const db = getDb();
  try {
    const request = await pendingDeepLink(db, user, id);
    const context = await db.ltiContext.findFirst({ where: { platformId: request.platformId, courseId: request.courseId }, select: { title: true } });
    return {
      status: "ok",
      id: request.id,
      lmsTitle: context?.title || request.course.title,
      acceptMultiple: request.acceptMultiple,
      choices: await deepLinkChoices(db, request.courseId),
    };
  } catch (e) {
    if (e instanceof LtiRefusal) return { status: e.reason === "deep-link-gone" ? "gone" : "not-yours" };
    throw e;
  }
}
