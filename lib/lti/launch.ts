/**
 * The LTI 1.3 launch (LTI Core 1.3 section 5; IMS Security Framework 5.1.3): the platform form-posts
 * an id_token and the state from login initiation. The checks, in order, each refused with its own
 * reason and an audit entry:
 *   platform (iss + aud) registered → signature (the platform's JWKS) and iss, aud, exp, iat →
 *   azp → nonce never seen before → state known, unexpired, of this platform, with this nonce →
 *   deployment registered → message type → version → the claims that message type needs.
 * The nonce is recorded before the state is looked at, so posting the same launch again is refused
 * as a replay. Two message types pass the same verification (verifyLaunch) and then part ways:
 * - LtiResourceLinkRequest links (or makes) the user by iss + sub and the course by context id, sets
 *   the membership role from the roles claim, records the resource link (and the assignment it opens),
 *   and is signed in by lib/lti/routes.ts;
 * - LtiDeepLinkingRequest (Deep Linking 2.0) is for staff only: it provisions user and course the same
 *   way, with no resource link yet, and stores the pending request for the picker (lib/lti/deep-linking.ts).
 */
import crypto from "node:crypto";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { recordAudit, type DbOrTx } from "@/lib/audit";
import type { CourseRole } from "@/lib/authz";
import { isUniqueViolation } from "@/lib/courses/access";
import { newVariantSecret } from "@/lib/courses/codes";
import type { Db } from "@/lib/db/client";
import {
  CLAIM,
  courseRoleOf,
  DEEP_LINKING_REQUEST,
  deepLinkingClaimsSchema,
  LTI_VERSION,
  RESOURCE_LINK_REQUEST,
  resourceLinkClaimsSchema,
  type LaunchClaims,
} from "./claims";
import { createDeepLinkRequest } from "./deep-linking";
import { LtiRefusal } from "./refusal";
import { refreshLinkedUser } from "./returning-user";
import { serviceEndpoints } from "./services";

/** Clocks of the platform and the tool may differ by this much. */
export const CLOCK_SKEW_SECONDS = 60;
/** An id_token issued longer ago than this is refused even if its exp is later. */
const MAX_TOKEN_AGE_SECONDS = 60 * 60;

// One key set per platform JWKS URL, kept for the process: jose caches the keys (10 minutes) and
// fetches them again when a token names a kid it does not have (at most every 30 seconds).
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function platformKeys(jwksUrl: string) {
  let set = keySets.get(jwksUrl);
  if (!set) keySets.set(jwksUrl, (set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 })));
  return set;
}

export type LaunchOutcome = {
  kind: "resource-link";
  userId: string;
  user: { id: string; name: string; email: string; sessionVersion: number };
  courseId: string;
  role: CourseRole;
  /** The target link when it names a page of the tool, else null (open the course). */
  targetLinkUri: string;
  /** The assignment the resource link opens (set by deep linking), or null. */
  assignmentId: string | null;
  courseCreated: boolean;
  userCreated: boolean;
};

/** A verified deep linking request: the user is signed in and sent to the picker for the stored request. */
export type DeepLinkingOutcome = Omit<LaunchOutcome, "kind" | "assignmentId"> & { kind: "deep-linking"; deepLinkRequestId: string };

/** What every message type shares once verified: the platform, its deployment and the token's claims. */
type VerifiedLaunch = {
  platform: { id: string; issuer: string; clientId: string };
  deploymentId: string;
  messageType: typeof RESOURCE_LINK_REQUEST | typeof DEEP_LINKING_REQUEST;
  payload: JWTPayload;
  /** The target link: the token's claim, else the one given at login initiation. */
  targetLinkUri: string;
};

/** Verifies a launch and applies it by its message type; throws LtiRefusal (already audited) when a check fails. */
export async function acceptLaunch(db: Db, form: { id_token?: string; state?: string }, now: Date = new Date()): Promise<LaunchOutcome | DeepLinkingOutcome> {
  const refusalTarget = { platformId: null as string | null, issuer: "unknown" };
  try {
    const launch = await verifyLaunch(db, form, now, refusalTarget);
    return launch.messageType === DEEP_LINKING_REQUEST ? await acceptDeepLinking(db, launch, now) : await acceptResourceLink(db, launch);
  } catch (e) {
    if (e instanceof LtiRefusal) {
      await recordAudit(db, {
        actorId: null,
        action: "lti.launch.refused",
        entityType: "LtiPlatform",
        entityId: refusalTarget.platformId ?? refusalTarget.issuer,
        after: { reason: e.reason, detail: e.detail, issuer: refusalTarget.issuer },
      });
    }
    throw e;
  }
}

/** The checks every message type passes; fills in who the refusal is recorded against as it learns it. */
async function verifyLaunch(
  db: Db,
  form: { id_token?: string; state?: string },
  now: Date,
  refusalTarget: { platformId: string | null; issuer: string },
): Promise<VerifiedLaunch> {
  const idToken = form.id_token;
  if (!idToken) throw new LtiRefusal(400, "bad-request", "id_token is missing from the form post");
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch {
    throw new LtiRefusal(400, "bad-request", "id_token is not a JWT");
  }
  const issuer = typeof unverified.iss === "string" ? unverified.iss.slice(0, 255) : "unknown";
  refusalTarget.issuer = issuer;
  const audiences = typeof unverified.aud === "string" ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const registrations = await db.ltiPlatform.findMany({ where: { issuer } });
  if (registrations.length === 0) throw new LtiRefusal(401, "unknown-platform", `no registration for issuer ${issuer}`);
  const platform = registrations.find((r) => audiences.includes(r.clientId));
  if (!platform) {
    refusalTarget.platformId = registrations[0]!.id;
    throw new LtiRefusal(401, "bad-token", `aud [${audiences.join(", ")}] does not contain this tool's client id`);
  }
  refusalTarget.platformId = platform.id;

  const payload = await verifyToken(idToken, platform, now);
  const nonce = payload.nonce;
  if (typeof nonce !== "string" || nonce === "") throw new LtiRefusal(401, "bad-token", "nonce is missing");
  await useNonce(db, platform.id, nonce, payload.exp!, now);
  const state = await takeState(db, form.state, platform.id, nonce, now);

  const deployments = z.array(z.string()).parse(platform.deploymentIds);
  const deploymentId = payload[CLAIM.deploymentId];
  if (typeof deploymentId !== "string" || !deployments.includes(deploymentId)) {
    throw new LtiRefusal(403, "unknown-deployment", `deployment id ${String(deploymentId)} is not registered for ${issuer}`);
  }
  const messageType = payload[CLAIM.messageType];
  if (messageType !== RESOURCE_LINK_REQUEST && messageType !== DEEP_LINKING_REQUEST) {
    throw new LtiRefusal(
      400,
      "unsupported-message",
      `message type ${String(messageType)}: only ${RESOURCE_LINK_REQUEST} and ${DEEP_LINKING_REQUEST} are accepted`,
    );
  }
  if (payload[CLAIM.version] !== LTI_VERSION) throw new LtiRefusal(400, "bad-version", `version ${String(payload[CLAIM.version])}, expected ${LTI_VERSION}`);
  const targetLinkUri = typeof payload[CLAIM.targetLinkUri] === "string" ? (payload[CLAIM.targetLinkUri] as string) : state.targetLinkUri;
  return { platform, deploymentId, messageType, payload, targetLinkUri };
}

/** The claims a message type needs, or a refusal naming each missing or invalid one and where it is. */
function claimsOf<T extends z.ZodType>(schema: T, payload: JWTPayload, reason: "bad-claims" | "bad-deep-linking"): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new LtiRefusal(400, reason, parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(token)"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

function roleOf(claims: LaunchClaims): CourseRole {
  const role = courseRoleOf(claims[CLAIM.roles]);
  if (!role) throw new LtiRefusal(403, "no-role", `roles [${claims[CLAIM.roles].join(", ")}] hold no Instructor, TeachingAssistant or Learner context role`);
  return role;
}

async function acceptResourceLink(db: Db, launch: VerifiedLaunch): Promise<LaunchOutcome> {
  const claims = claimsOf(resourceLinkClaimsSchema, launch.payload, "bad-claims");
  const role = roleOf(claims);
  const link = claims[CLAIM.resourceLink];
  // The assignment a deep-linked resource link opens: its custom parameter, else the target link's query.
  let assignmentId = claims[CLAIM.custom]?.assignment_id ?? null;
  if (!assignmentId) {
    try {
      assignmentId = new URL(launch.targetLinkUri).searchParams.get("assignment");
    } catch {
      // not a URL: no assignment
    }
  }
  const outcome = await provision(db, launch.platform.id, launch.platform.issuer, claims, role, launch.targetLinkUri, {
    id: link.id,
    title: link.title,
    assignmentId,
  });
  return { kind: "resource-link", ...outcome };
}

/**
 * A deep linking request: only staff build the course in the LMS. Teaching assistants may, as well
 * as instructors: in Canvas and Moodle a TA can often add activities, and the picker offers only the
 * course's own assignments.
 */
async function acceptDeepLinking(db: Db, launch: VerifiedLaunch, now: Date): Promise<DeepLinkingOutcome> {
  const claims = claimsOf(deepLinkingClaimsSchema, launch.payload, "bad-deep-linking");
  const role = roleOf(claims);
  if (role === "STUDENT")
    throw new LtiRefusal(403, "deep-linking-not-staff", "only an Instructor or a TeachingAssistant may add Chainrule content to the course");
  const { assignmentId: _none, ...outcome } = await provision(db, launch.platform.id, launch.platform.issuer, claims, role, launch.targetLinkUri, null);
  const request = await createDeepLinkRequest(db, {
    platformId: launch.platform.id,
    deploymentId: launch.deploymentId,
    courseId: outcome.courseId,
    userId: outcome.userId,
    settings: claims[CLAIM.deepLinkingSettings],
    now,
  });
  return { ...outcome, kind: "deep-linking", deepLinkRequestId: request.id };
}

async function verifyToken(idToken: string, platform: { issuer: string; clientId: string; jwksUrl: string }, now: Date): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, platformKeys(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256"],
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ["exp", "iat", "sub", "nonce"],
      currentDate: now,
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new LtiRefusal(401, "expired", e.message);
    if (e instanceof errors.JWTClaimValidationFailed) throw new LtiRefusal(401, "bad-token", `${e.claim}: ${e.message}`);
    if (e instanceof errors.JOSEError) throw new LtiRefusal(401, "bad-signature", `${e.code}: ${e.message}`);
    throw e;
  }
  // With several audiences the token must say which one it was issued to (OIDC Core 3.1.3.7); an
  // azp, when present, must be this tool.
  const azp = payload.azp;
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || azp !== undefined) && azp !== platform.clientId) {
    throw new LtiRefusal(401, "bad-token", `azp ${JSON.stringify(azp) ?? "(missing)"} is not the client id ${platform.clientId}`);
  }
  return payload;
}

/** Records the nonce, refusing one seen before; kept until the token could no longer be accepted anyway. */
async function useNonce(db: Db, platformId: string, nonce: string, exp: number, now: Date): Promise<void> {
  await db.ltiNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  try {
    await db.ltiNonce.create({ data: { platformId, nonce, expiresAt: new Date((exp + CLOCK_SKEW_SECONDS) * 1000) } });
  } catch (e) {
    if (isUniqueViolation(e)) throw new LtiRefusal(401, "nonce-replayed", "this nonce was already used by an earlier launch");
    throw e;
  }
}

/** The login initiation this launch answers, used up by it. */
async function takeState(db: Db, state: string | undefined, platformId: string, nonce: string, now: Date) {
  if (!state) throw new LtiRefusal(401, "bad-state", "state is missing from the form post");
  const row = await db.ltiLaunchState.findUnique({ where: { state } });
  if (!row) throw new LtiRefusal(401, "bad-state", "state is unknown or already used");
  await db.ltiLaunchState.delete({ where: { state } }).catch(() => undefined);
  if (row.expiresAt < now) throw new LtiRefusal(401, "bad-state", "state has expired: start the launch again from the LMS");
  if (row.platformId !== platformId) throw new LtiRefusal(401, "bad-state", "state was issued for another platform");
  if (row.nonce !== nonce) throw new LtiRefusal(401, "bad-state", "the token's nonce is not the one sent with this state");
  return row;
}

function displayName(c: LtiPerson): string {
  const full = c.name || [c.given_name, c.family_name].filter(Boolean).join(" ");
  return full || (c.email ? c.email.split("@")[0]! : "LMS user");
}

/** A platform's person as the launch and the roster service (NRPS) name them. */
export type LtiPerson = Pick<LaunchClaims, "sub" | "email" | "name" | "given_name" | "family_name">;

/**
 * The account linked to iss + sub, made (with the link) when there is none. An account is never
 * joined to an existing one by email: the email claim is the platform's word, and taking over an
 * account on it is for the admin to decide. Used by the launch and by roster sync (lib/lti/roster-sync.ts).
 */
export async function linkLtiUser(tx: DbOrTx, issuer: string, person: LtiPerson): Promise<{ userId: string; created: boolean }> {
  const found = await tx.ltiUserLink.findUnique({ where: { issuer_subject: { issuer, subject: person.sub } }, select: { userId: true } });
  if (found) return { userId: found.userId, created: false };
  const email = person.email?.toLowerCase();
  const emailFree = email ? !(await tx.user.findUnique({ where: { email }, select: { id: true } })) : false;
  const hash = crypto.createHash("sha256").update(`${issuer}\n${person.sub}`).digest("hex").slice(0, 20);
  // An empty password hash matches no password (lib/auth/password.ts): this account signs in through its LMS.
  const user = await tx.user.create({
    data: { email: emailFree && email ? email : `lti-${hash}@lti.invalid`, name: displayName(person), passwordHash: "" },
    select: { id: true },
  });
  await tx.ltiUserLink.create({ data: { issuer, subject: person.sub, userId: user.id } });
  await recordAudit(tx, { actorId: user.id, action: "lti.user.create", entityType: "User", entityId: user.id, after: { issuer, subject: person.sub } });
  return { userId: user.id, created: true };
}

/**
 * The LMS is the roster's source of truth for its courses: the membership role follows the roles it
 * sends (added, or changed, with an audit entry). Returns what it did.
 */
export async function setCourseRoleFromLti(
  tx: DbOrTx,
  args: { userId: string; courseId: string; role: CourseRole; actorId: string },
): Promise<"added" | "changed" | "unchanged"> {
  const { userId, courseId, role } = args;
  const membership = await tx.membership.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { role: true } });
  if (!membership) {
    await tx.membership.create({ data: { userId, courseId, role } });
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "roster.add",
      entityType: "Membership",
      entityId: `${userId}:${courseId}`,
      courseId,
      after: { role, via: "lti" },
    });
    return "added";
  }
  if (membership.role === role) return "unchanged";
  await tx.membership.update({ where: { userId_courseId: { userId, courseId } }, data: { role } });
  await recordAudit(tx, {
    actorId: args.actorId,
    action: "roster.role",
    entityType: "Membership",
    entityId: `${userId}:${courseId}`,
    courseId,
    before: membership,
    after: { role, via: "lti" },
  });
  return "changed";
}

/** A course code from the context label ("DL 101" → "DL-101"), made unique with a suffix when taken. */
async function freshCourseCode(db: Db, label: string | undefined): Promise<string> {
  const base =
    (label ?? "")
      .toUpperCase()
      .replace(/[^A-Z0-9._-]+/g, "-")
      .replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, "")
      .slice(0, 24) || "LTI";
  for (let i = 0; i < 5; i++) {
    const code = i === 0 ? base : `${base}-${crypto.randomBytes(3).toString("hex").toUpperCase()}`;
    if (!(await db.course.findUnique({ where: { code }, select: { id: true } }))) return code;
  }
  return `LTI-${crypto.randomBytes(6).toString("hex").toUpperCase()}`;
}

async function provision(
  db: Db,
  platformId: string,
  issuer: string,
  claims: LaunchClaims,
  role: CourseRole,
  targetLinkUri: string,
  /** The resource link launched, with the assignment it names; null for a deep linking request (no link yet). */
  resourceLink: { id: string; title?: string; assignmentId: string | null } | null,
): Promise<Omit<LaunchOutcome, "kind">> {
  const context = claims[CLAIM.context];
  const linked = await db.ltiContext.findUnique({ where: { platformId_contextId: { platformId, contextId: context.id } } });
  if (!linked && role !== "INSTRUCTOR") {
    throw new LtiRefusal(403, "course-not-set-up", `context ${context.id} is not linked to a Chainrule course yet`);
  }
  const code = linked ? null : await freshCourseCode(db, context.label);
  return db.$transaction(async (tx) => {
    const { userId, created: userCreated } = await linkLtiUser(tx, issuer, claims);
    if (!userCreated) await refreshLinkedUser(tx, userId, claims); // returning users: lib/lti/returning-user.ts

    let courseId = linked?.courseId;
    if (!courseId) {
      const title = (context.title || context.label || "LMS course").trim().slice(0, 200);
      const course = await tx.course.create({
        data: { code: code!, title, variantSecret: newVariantSecret(), joinCode: null },
        select: { id: true },
      });
      courseId = course.id;
      await tx.ltiContext.create({ data: { platformId, contextId: context.id, courseId, title } });
      await recordAudit(tx, {
        actorId: userId,
        action: "course.create",
        entityType: "Course",
        entityId: courseId,
        courseId,
        after: { code, title, lti: { issuer, context: context.id } },
      });
    }
    const ctx = await tx.ltiContext.findUniqueOrThrow({ where: { platformId_contextId: { platformId, contextId: context.id } }, select: { id: true } });
    // The services the platform offers here (AGS, NRPS), as this launch says: lib/lti/grade-passback.ts and roster-sync.ts call them.
    const services = serviceEndpoints(claims);
    if (services.membershipsUrl) await tx.ltiContext.update({ where: { id: ctx.id }, data: { membershipsUrl: services.membershipsUrl } });
    let assignmentId: string | null = null;
    if (resourceLink) {
      // The link's assignment comes from the LMS (a deep linking response put it there): it must be this course's.
      if (resourceLink.assignmentId && !(await tx.assignment.findFirst({ where: { id: resourceLink.assignmentId, courseId }, select: { id: true } }))) {
        throw new LtiRefusal(400, "unknown-assignment", `assignment ${resourceLink.assignmentId} (custom assignment_id) is not an assignment of this course`);
      }
      const set = { ...services.link, ...(resourceLink.assignmentId ? { assignmentId: resourceLink.assignmentId } : {}) };
      const row = await tx.ltiResourceLink.upsert({
        where: { contextId_resourceLinkId: { contextId: ctx.id, resourceLinkId: resourceLink.id } },
        create: { contextId: ctx.id, resourceLinkId: resourceLink.id, title: resourceLink.title ?? "", ...set },
        update: set,
        select: { assignmentId: true },
      });
      assignmentId = row.assignmentId;
    }

    await setCourseRoleFromLti(tx, { userId, courseId, role, actorId: userId });
    await recordAudit(tx, {
      actorId: userId,
      action: "lti.launch",
      entityType: "Course",
      entityId: courseId,
      courseId,
      after: { issuer, context: context.id, resourceLink: resourceLink?.id ?? null, role, ...(assignmentId ? { assignmentId } : {}) },
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, email: true, sessionVersion: true } });
    return { userId, user, courseId, role, targetLinkUri, assignmentId, courseCreated: !linked, userCreated };
  });
}
