/**
 * Roster sync from the LMS (LTI Names and Role Provisioning Services 2.0): an instructor asks, the
 * tool reads the context's memberships (every page, following Link rel="next") with a service token
 * (lib/lti/service-token.ts), then links or makes each active member's account by iss + sub and sets
 * their course role from their roles, with the launch's own code (lib/lti/launch.ts linkLtiUser,
 * setCourseRoleFromLti; lib/lti/claims.ts courseRoleOf), all in one transaction with one audit entry
 * holding the counts. Members the LMS lists as Inactive or Deleted, or no longer lists, are taken off
 * the course through the roster's own removal (lib/roster/members.ts removeMember, which keeps the
 * last instructor), but only people linked to this platform: staff added in Chainrule stay.
 */
import type { Actor } from "@/lib/authz";
import { recordAudit } from "@/lib/audit";
import { refusal } from "@/lib/courses/access";
import type { Db } from "@/lib/db/client";
import { removeMember } from "@/lib/roster/members";
import { z } from "zod";
import { courseRoleOf, MEDIA, SCOPE } from "./claims";
import { linkLtiUser, setCourseRoleFromLti } from "./launch";
import { LtiServiceError, serviceToken } from "./service-token";

/** A roster larger than this many pages is refused rather than read forever (a platform that loops). */
const MAX_PAGES = 200;
const REQUEST_TIMEOUT_MS = 15_000;

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(255)).max(50),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active").catch("Active"),
  name: z.string().trim().max(200).optional().catch(undefined),
  given_name: z.string().trim().max(100).optional().catch(undefined),
  family_name: z.string().trim().max(100).optional().catch(undefined),
  email: z.email().max(254).optional().catch(undefined),
});
const pageSchema = z.object({ members: z.array(memberSchema).max(10_000) });
export type NrpsMember = z.infer<typeof memberSchema>;

export type RosterSyncCounts = {
  /** Members listed (active), of them accounts made, memberships added, roles changed. */
  listed: number;
  created: number;
  added: number;
  roleChanged: number;
  /** Listed people with no Instructor, TeachingAssistant or Learner role (left alone). */
  skipped: number;
  removed: number;
  /** People to remove whom the roster kept (the course's last instructor). */
  kept: number;
  pages: number;
};

export type RosterSyncResult =
  { ok: true; counts: RosterSyncCounts } | { ok: false; error: "forbidden" | "not-found" | "no-roster-service" | "service-failed"; detail?: string };

/** The `rel="next"` URL of a Link header, resolved against the page it came with. */
export function nextPageUrl(link: string | null, base: string): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return new URL(m[1]!, base).href;
  }
  return null;
}

/** Every member on every page of the memberships container. */
export async function fetchMemberships(url: string, token: string): Promise<{ members: NrpsMember[]; pages: number }> {
  const members: NrpsMember[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next) {
    if (++pages > MAX_PAGES) throw new LtiServiceError(null, `memberships at ${url}: more than ${MAX_PAGES} pages`);
    const page: string = next;
    let response: Response;
    try {
      response = await fetch(page, {
        headers: { authorization: `Bearer ${token}`, accept: MEDIA.memberships },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw new LtiServiceError(null, `memberships endpoint ${page} could not be reached: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await response.text();
    if (!response.ok) throw new LtiServiceError(response.status, `memberships endpoint ${page} answered ${response.status}: ${text.slice(0, 300)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new LtiServiceError(response.status, `memberships endpoint ${page} answered with something that is not JSON`);
    }
    const parsed = pageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LtiServiceError(response.status, `memberships endpoint ${page}: ${issue.path.map(String).join(".") || "page"}: ${issue.message}`);
    }
    members.push(...parsed.data.members);
    next = nextPageUrl(response.headers.get("link"), page);
  }
  return { members, pages };
}

/** Syncs the course's roster from each LMS context linked to it that offers the roster service. Instructors only. */
export async function syncRosterFromLms(db: Db, actor: Actor, courseId: string, now: Date = new Date()): Promise<RosterSyncResult> {
  const refused = await refusal(db, actor, "roster.manage", { courseId });
  if (refused) return { ok: false, error: refused.status };
  const contexts = await db.ltiContext.findMany({
    where: { courseId, membershipsUrl: { not: null } },
    select: { id: true, contextId: true, membershipsUrl: true, platform: { select: { id: true, issuer: true, clientId: true, tokenUrl: true } } },
  });
  if (contexts.length === 0) return { ok: false, error: "no-roster-service" };
  const counts: RosterSyncCounts = { listed: 0, created: 0, added: 0, roleChanged: 0, skipped: 0, removed: 0, kept: 0, pages: 0 };
  for (const ctx of contexts) {
    let fetched: { members: NrpsMember[]; pages: number };
    try {
      const token = await serviceToken(db, ctx.platform, [SCOPE.memberships], now);
      fetched = await fetchMemberships(ctx.membershipsUrl!, token);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      await recordAudit(db, {
        actorId: actor.id,
        action: "lti.roster.sync-failed",
        entityType: "LtiContext",
        entityId: ctx.id,
        courseId,
        after: { context: ctx.contextId, error: detail.slice(0, 1000) },
      });
      return { ok: false, error: "service-failed", detail };
    }
    counts.pages += fetched.pages;
    const issuer = ctx.platform.issuer;
    const active = fetched.members.filter((m) => m.status === "Active");
    const activeSubjects = new Set(active.map((m) => m.user_id));
    const here = await db.$transaction(
      async (tx) => {
        const c = { listed: 0, created: 0, added: 0, roleChanged: 0, skipped: 0 };
        for (const m of active) {
          c.listed += 1;
          const role = courseRoleOf(m.roles);
          if (!role) {
            c.skipped += 1;
            continue;
          }
          const { userId, created } = await linkLtiUser(tx, issuer, {
            sub: m.user_id,
            name: m.name,
            given_name: m.given_name,
            family_name: m.family_name,
            email: m.email,
          });
          if (created) c.created += 1;
          const did = await setCourseRoleFromLti(tx, { userId, courseId, role, actorId: actor.id });
          if (did === "added") c.added += 1;
          if (did === "changed") c.roleChanged += 1;
        }
        return c;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    counts.listed += here.listed;
    counts.created += here.created;
    counts.added += here.added;
    counts.roleChanged += here.roleChanged;
    counts.skipped += here.skipped;
    // Gone or inactive in the LMS: members of this course linked to this platform whom it no longer lists as active.
    const linked = await db.membership.findMany({
      where: { courseId, user: { ltiUserLinks: { some: { issuer } } } },
      select: { userId: true, user: { select: { ltiUserLinks: { where: { issuer }, select: { subject: true } } } } },
    });
    for (const m of linked) {
      if (m.user.ltiUserLinks.some((l) => activeSubjects.has(l.subject))) continue;
      if (m.userId === actor.id) {
        counts.kept += 1;
        continue;
      }
      const out = await removeMember(db, actor, courseId, { userId: m.userId });
      if (out.status === "ok") counts.removed += 1;
      else counts.kept += 1;
    }
  }
  await recordAudit(db, { actorId: actor.id, action: "lti.roster.sync", entityType: "Course", entityId: courseId, courseId, after: counts });
  return { ok: true, counts };
}
