/**
 * Talking to a running build over HTTP the way a browser does, with nothing from lib/ (so both the
 * load benchmark and the browser tests' Playwright loader can use it): next-auth's sign-in (CSRF
 * token, then the credentials callback) and sign-out, and the problem page's submit server action
 * (its id from the build's server-reference manifest, its arguments encoded as React's client
 * sends them, its answer read from the flight response).
 */
import fs from "node:fs";
import path from "node:path";

/**
 * A server action's arguments as the browser's client sends plain JSON values: a JSON array, where
 * React's reply encoding escapes a string that starts with "$" as "$$".
 */
export function encodeActionArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => (typeof value === "string" && value.startsWith("$") ? `$${value}` : value));
}

/** The submit action's id in this build, from Next's server-reference manifest. */
export function submitActionId(root: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, a]) => a.exportedName === "submitAction" && a.filename === "app/(student)/assignments/[assignmentId]/problems/[problemId]/actions.ts",
  );
  if (!found) throw new Error("the build has no submitAction for the problem page (server-reference-manifest.json)");
  return found[0];
}

/** The cookies a response sets, name → value. */
export function cookiesOf(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) out.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  return out;
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** next-auth's CSRF token and the cookie that goes with it (sent along with `cookie`, if any). */
async function csrf(origin: string, cookie = ""): Promise<{ token: string; jar: Map<string, string> }> {
  const r = await fetch(`${origin}/api/auth/csrf`, { headers: cookie ? { cookie } : {} });
  if (r.status !== 200) throw new Error(`GET /api/auth/csrf answered ${r.status}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { token: csrfToken, jar: cookiesOf(r) };
}

/** Signs in with email and password over HTTP; the session's Cookie header, or null when refused. */
export async function trySignIn(origin: string, email: string, password: string): Promise<string | null> {
  const { token, jar } = await csrf(origin);
  const r = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken: token, email, password, callbackUrl: `${origin}/dashboard`, json: "true" }).toString(),
  });
  await r.arrayBuffer();
  const session = [...cookiesOf(r)].find(([k]) => k.endsWith("next-auth.session-token"));
  return session ? `${session[0]}=${session[1]}` : null;
}

/** Signs in with email and password over HTTP; returns the Cookie header of the session. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const cookie = await trySignIn(origin, email, password);
  if (!cookie) throw new Error(`signing in as ${email} gave no session`);
  return cookie;
}

/** Signs out the session in `cookie` as the sign-out page does (next-auth's POST /api/auth/signout). */
export async function signOut(origin: string, cookie: string): Promise<void> {
  const { token, jar } = await csrf(origin, cookie);
  const r = await fetch(`${origin}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [cookie, cookieHeader(jar)].filter(Boolean).join("; ") },
    body: new URLSearchParams({ csrfToken: token, callbackUrl: `${origin}/signin`, json: "true" }).toString(),
  });
  await r.arrayBuffer();
  if (r.status >= 400) throw new Error(`POST /api/auth/signout answered ${r.status}`);
}

/** The answer of the submit server action, as far as a load or a test cares. */
export type SubmitAnswer = { graded: true; submissionId: string } | { graded: false; reason: string };

/**
 * Reads a server action's response (React's flight format: rows of `id:json`, the action's return
 * value among them) and finds the SubmitResult: `{ok: true, status: "graded", view: {id}}`.
 */
export function parseSubmitAnswer(body: string): SubmitAnswer {
  for (const line of body.split("\n")) {
    const m = /^[0-9a-f]+:(\{.*\})\s*$/.exec(line);
    if (!m) continue;
    let row: unknown;
    try {
      row = JSON.parse(m[1]!);
    } catch {
      continue;
    }
    if (typeof row !== "object" || row === null || !("status" in row)) continue;
    const r = row as { ok?: unknown; status?: unknown; reason?: unknown; view?: { id?: unknown } };
    if (r.ok === true && r.status === "graded" && typeof r.view?.id === "string") return { graded: true, submissionId: r.view.id };
    return { graded: false, reason: typeof r.reason === "string" ? r.reason : String(r.status) };
  }
  if (/^[0-9a-f]+:E\{/m.test(body)) return { graded: false, reason: "the action threw" };
  return { graded: false, reason: "no result in the response" };
}

/** The headers of a submit action request from `origin` with the session `cookie`. */
export function submitHeaders(actionId: string, origin: string, cookie: string): Record<string, string> {
  return { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin, cookie };
}
