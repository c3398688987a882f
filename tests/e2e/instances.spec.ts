/**
 * Two more instances of the production build against the test's one database, spoken to over HTTP
 * as a browser would: nothing that matters may live in one process. Submissions for one student
 * and problem fired at both at once get unique attempt numbers, never more than the assignment
 * allows and never more than the per-user limit lets through, and every one acknowledged is
 * stored; a session signed in on one instance works on the other and ends on both when it signs
 * out on either; failed sign-ins counted on both add up to one limit.
 */
import { expect, test } from "@playwright/test";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LIMITS } from "@/lib/auth/sign-in-limits";
import { loadProblem } from "@/lib/problems/load";
import { referenceSubmission } from "@/lib/problems/reference";
import { encodeActionArgs, parseSubmitAnswer, signIn, signOut, submitActionId, submitHeaders, trySignIn, type SubmitAnswer } from "../setup/http-client";
import type { Server } from "../setup/app-server";
import { startInstances, type Instances } from "./app-instances";
import { addAssignment, addUser, variantOf, withDb } from "./db";

/** Graded submissions each user may make a minute on both instances. */
const SUBMISSIONS_PER_MINUTE = 20;
const PROBLEM_FILE = "classic/add-mul-gate.yaml";
const PROBLEM_SLUG = "add-mul-gate";

let instances: Instances;
let a: Server;
let b: Server;
let actionId: string;

test.beforeAll(async () => {
  // Two cold production servers on a busy 2-core machine.
  test.setTimeout(240_000);
  actionId = submitActionId(process.cwd());
  instances = await startInstances(2, { RATE_LIMIT_SUBMISSIONS_PER_MINUTE: String(SUBMISSIONS_PER_MINUTE) });
  [a, b] = instances.servers as [Server, Server];
});

test.afterAll(async () => {
  await instances?.stop();
});

test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus && instances) await info.attach("instance logs", { body: instances.logs(), contentType: "text/plain" });
});

function newStudent(tag: string) {
  const email = `${tag}-${crypto.randomBytes(4).toString("hex")}@e2e.test`;
  const password = "their-own-password";
  const id = addUser({ email, name: `Student ${tag}`, password, courses: [["DL-101", "STUDENT"]] });
  return { id, email, password };
}

/** An assignment of DL-101 open now, with the one problem; its id, the problem's id and the student's submit body. */
function assignmentFor(student: { email: string }, title: string, maxAttempts: number | null) {
  const day = 24 * 60 * 60_000;
  addAssignment({ title, opensAt: new Date(Date.now() - day), dueAt: new Date(Date.now() + day), maxAttempts, problems: [[PROBLEM_SLUG, 4]] });
  const { variant, problemId, assignmentId } = variantOf(student.email, title, PROBLEM_FILE);
  const loaded = loadProblem(fs.readFileSync(path.join("problems", PROBLEM_FILE), "utf8"));
  if (!loaded.ok) throw new Error(`invalid problem ${PROBLEM_FILE}`);
  const answers = referenceSubmission(loaded.problem, variant);
  return { assignmentId, problemId, body: encodeActionArgs([{ assignmentId, problemId, answers }]) };
}

type Reply = { instance: number; status: number; answer: SubmitAnswer };

/** `count` submissions at once, request i to instance i mod 2, each through the problem page's submit action. */
async function submitTogether(count: number, cookie: string, work: { assignmentId: string; problemId: string; body: string }): Promise<Reply[]> {
  const servers = [a, b];
  const pagePath = `/assignments/${work.assignmentId}/problems/${work.problemId}`;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const server = servers[i % 2]!;
      const r = await fetch(`${server.origin}${pagePath}`, { method: "POST", headers: submitHeaders(actionId, server.origin, cookie), body: work.body });
      return { instance: i % 2, status: r.status, answer: parseSubmitAnswer(await r.text()) };
    }),
  );
}

function stored(userId: string, assignmentId: string): { id: string; attempt: number }[] {
  return withDb(
    (db) =>
      db.prepare("SELECT id, attempt FROM Submission WHERE userId = ? AND assignmentId = ? ORDER BY attempt").all(userId, assignmentId) as {
        id: string;
        attempt: number;
      }[],
  ).map((r) => ({ id: r.id, attempt: Number(r.attempt) }));
}

const gradedIds = (replies: Reply[]) => replies.flatMap((r) => (r.answer.graded ? [r.answer.submissionId] : []));
const refusals = (replies: Reply[]) => replies.flatMap((r) => (r.answer.graded ? [] : [r.answer.reason]));

/** Where a request with this cookie to /dashboard ends up: 200 (the dashboard) or the redirect's path. */
async function dashboard(server: Server, cookie: string): Promise<string> {
  const r = await fetch(`${server.origin}/dashboard`, { headers: { cookie }, redirect: "manual" });
  await r.arrayBuffer();
  if (r.status === 200) return "200";
  return new URL(r.headers.get("location") ?? "", server.origin).pathname;
}

test.describe("two instances, one database", () => {
  test("an attempt limit of 3 holds when twenty submissions arrive at both instances at once", async () => {
    const s = newStudent("attempts");
    const title = `Quiz: two instances ${crypto.randomBytes(3).toString("hex")}`;
    const work = assignmentFor(s, title, 3);
    const cookie = await signIn(a.origin, s.email, s.password);

    const replies = await submitTogether(20, cookie, work);

    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    const graded = gradedIds(replies);
    expect(graded).toHaveLength(3);
    expect(refusals(replies)).toEqual(Array.from({ length: 17 }, () => "no-attempts"));
    const rows = stored(s.id, work.assignmentId);
    expect(rows.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.id).sort()).toEqual([...graded].sort());
  });

  test("the per-user submission limit is one limit across both instances, and attempt numbers stay unique", async () => {
    const s = newStudent("limit");
    const title = `Practice: two instances ${crypto.randomBytes(3).toString("hex")}`;
    const work = assignmentFor(s, title, null);
    const cookie = await signIn(b.origin, s.email, s.password);
    const count = 2 * SUBMISSIONS_PER_MINUTE + 6;

    const replies = await submitTogether(count, cookie, work);

    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    const graded = gradedIds(replies);
    expect(graded).toHaveLength(SUBMISSIONS_PER_MINUTE);
    expect(refusals(replies)).toEqual(Array.from({ length: count - SUBMISSIONS_PER_MINUTE }, () => "rate-limited"));
    // Both instances graded some: the limit was shared, not reached on one of them alone.
    expect(new Set(replies.filter((r) => r.answer.graded).map((r) => r.instance)).size).toBe(2);
    const rows = stored(s.id, work.assignmentId);
    expect(rows.map((r) => r.attempt)).toEqual(Array.from({ length: SUBMISSIONS_PER_MINUTE }, (_, i) => i + 1));
    expect(rows.map((r) => r.id).sort()).toEqual([...graded].sort());
  });

  test("a session signed in on one instance works on the other, and signing out on either ends it on both", async () => {
    const s = newStudent("session");
    const cookie = await signIn(a.origin, s.email, s.password);
    expect(await dashboard(b, cookie)).toBe("200");
    expect(await dashboard(a, cookie)).toBe("200");

    await signOut(b.origin, cookie);

    expect(await dashboard(a, cookie)).toBe("/signin");
    expect(await dashboard(b, cookie)).toBe("/signin");
  });

  test("failed sign-ins on both instances add up to one limit per email address", async () => {
    const s = newStudent("signin");
    // A fresh window for the per-address limit: every request here comes from 127.0.0.1, as did earlier tests'.
    withDb((db) => db.prepare("DELETE FROM SignInFailure WHERE key LIKE ?").run("ip:%"));
    const servers = [a, b];
    for (let i = 0; i < LIMITS.email - 1; i++) expect(await trySignIn(servers[i % 2]!.origin, s.email, "not-their-password")).toBeNull();
    // One short of the limit: the right password still works, on either instance.
    expect(await trySignIn(b.origin, s.email, s.password)).not.toBeNull();

    expect(await trySignIn(a.origin, s.email, "not-their-password")).toBeNull();

    // The limit is reached although neither instance saw that many failures itself.
    expect(await trySignIn(a.origin, s.email, s.password)).toBeNull();
    expect(await trySignIn(b.origin, s.email, s.password)).toBeNull();
  });
});
